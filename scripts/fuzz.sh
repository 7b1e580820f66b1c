#!/usr/bin/env bash
# Long fuzz runs: scripts/fuzz.sh TARGET|all SECONDS [JOBS]
#   RUNS=N scripts/fuzz.sh ...  stops each target after N executions instead
#   (SECONDS then caps the time; 0 means no cap), e.g. the campaign of
#   RUNS=10000000 scripts/fuzz.sh all 0 1
#
# Builds the libFuzzer targets of tests/fuzz in ./build-fuzz (clang++,
# -DSFC_FUZZ=ON: the library with -fsanitize=fuzzer-no-link,address,undefined),
# writes the seed corpus, then runs each target for SECONDS (JOBS targets at a
# time, default: the number of CPUs) on the seeds, the regression inputs and
# its own growing corpus (build-fuzz/tests/fuzz/run/TARGET/corpus, kept between
# runs). Prints executions, corpus size and crashes per target; a crash,
# leak, timeout or sanitizer report leaves its input in
# build-fuzz/tests/fuzz/run/TARGET/artifacts/ and makes the exit status 1.
# Fix the parser and copy the input to tests/fuzz/regressions/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 TARGET|all SECONDS [JOBS]" >&2
  exit 2
fi
target=$1
seconds=$2
jobs=${3:-$(nproc)}
if [ -n "${RUNS:-}" ] && ! [[ "$RUNS" =~ ^[1-9][0-9]*$ ]]; then
  echo "$0: RUNS must be a positive integer, got '$RUNS'" >&2
  exit 2
fi

targets=$(sed -n '/^set(SFC_FUZZ_TARGETS/,/^)/p' tests/fuzz/CMakeLists.txt | sed '1d;$d' | tr -d ' ')
if [ "$target" != all ] && ! grep -qx "$target" <<<"$targets"; then
  echo "$0: unknown target '$target' (one of: $(echo $targets) or all)" >&2
  exit 2
fi
[ "$target" = all ] || targets=$target

if ! command -v clang++ >/dev/null; then
  echo "$0: clang++ not found (scripts/install-deps.sh installs it)" >&2
  exit 2
fi
build=build-fuzz
if [ ! -f $build/CMakeCache.txt ]; then
  cmake -S . -B $build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DSFC_FUZZ=ON -DSFC_ENABLE_TESTS=OFF >/dev/null
fi
cmake --build $build -j "$(nproc)" --target sfc-fuzz-corpus $(for t in $targets; do echo sfc-fuzz-$t; done) >/dev/null
$build/bin/sfc-fuzz-corpus $build/fuzz-corpus >/dev/null

run_one() {
  local t=$1 work=$build/tests/fuzz/run/$1 dict=()
  mkdir -p "$work/corpus" "$work/artifacts"
  local d=tests/fuzz/dict/${t/#lisp-*/lisp}.dict
  [ -f "$d" ] && dict=(-dict="$d")
  local inputs=("$build/fuzz-corpus/$t")
  [ -d tests/fuzz/regressions/$t ] && inputs+=(tests/fuzz/regressions/$t)
  local rc=0
  touch "$work/started"
  local limit=(-max_total_time="$seconds")
  [ -n "${RUNS:-}" ] && limit=(-runs="$RUNS" -max_total_time="$seconds")
  $build/bin/sfc-fuzz-$t "${limit[@]}" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "${dict[@]}" -artifact_prefix="$work/artifacts/" \
    "$work/corpus" "${inputs[@]}" >"$work/log" 2>&1 || rc=$?
  local execs corpus crashes
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  local secs
  secs=$(( $(date +%s) - $(stat -c %Y "$work/started") ))
  corpus=$(find "$work/corpus" -type f | wc -l)
  crashes=$(find "$work/artifacts" -type f -newer "$work/started" | wc -l)
  printf '%-20s execs %-12s seconds %-6s corpus %-6s crashes %s%s\n' "$t" "${execs:-?}" "$secs" "$corpus" "$crashes" \
    "$([ $rc -ne 0 ] && echo "  (exit $rc, see $work/log)")"
  return $rc
}

status=0
pids=()
for t in $targets; do
  run_one "$t" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do
  wait "$p" || status=1
done
exit $status
