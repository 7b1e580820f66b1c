#!/usr/bin/env bash
# The ASan+UBSan configuration: builds everything in ./build-asan with
# -DSFC_SANITIZE=ON (AddressSanitizer, LeakSanitizer and
# UndefinedBehaviorSanitizer, every report fatal: -fno-sanitize-recover=all),
# then runs the whole test suite and every scenario program's default run
# under it. Extra arguments go to ctest (e.g. -R unit). Slow: the sanitized
# build takes several times as long as the normal one.
#
# ns-3's own libraries are not instrumented; reports from inside ns-3, if
# any, are suppressed by tests/sanitizers/*.supp (each entry says why).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh >/dev/null
root=$PWD
export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_string_checks=1"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="suppressions=$root/tests/sanitizers/ubsan.supp:print_stacktrace=1:halt_on_error=1"

build=build-asan
cmake -S . -B $build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSFC_ENABLE_TESTS=ON -DSFC_SANITIZE=ON >/dev/null
cmake --build $build -j "$(nproc)" >/dev/null
# Sanitized programs run several times slower: a longer per-test limit.
ctest --test-dir $build --output-on-failure --timeout 5400 -j "$(nproc)" "$@"

# Every scenario program once with its defaults, in a scratch folder.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
scenarios=$(sed -n '/^set(SFC_SCENARIOS/,/^)/p' cmake/sfc-sources.cmake | sed '1d;$d' | tr -d ' ')
for s in $scenarios; do
  if (cd "$scratch" && "$root/$build/bin/$s" --results="$scratch/$s.jsonl" >"$scratch/$s.out" 2>&1); then
    echo "test-sanitized: $s default run passed"
  else
    cat "$scratch/$s.out"
    echo "test-sanitized: $s default run FAILED" >&2
    exit 1
  fi
done
