#!/usr/bin/env bash
# Check that this repository builds and passes its ns-3 TestSuites as a contrib
# module inside a CMake-based ns-3 source tree (contrib/sfc, ns-3's build_lib).
#
# Downloads Debian's ns3 source package (bookworm: ns-3.37) with apt-get into a
# private apt state (the machine's apt configuration is not touched), unpacks
# ns-3 in a temporary directory, links this repository as contrib/sfc,
# configures ns-3 with only the modules sfc needs, builds the test-runner and
# the scenario programs, then runs every TestSuite with ns-3's test.py and the
# scenario with `./ns3 run`.
#
# Slow (about an hour on 2 shared cores: ns-3's netanim pulls in lte, wifi,
# wimax...), so CI does not run it. Run it by hand after changing the build:
#
#   ./scripts/check-contrib-build.sh
#
# Environment:
#   SUITE=bookworm       Debian suite whose ns3 source package is used
#   NS3_DIR=<dir>        use this unpacked CMake-based ns-3 tree instead (no download)
#   NS3_GIT=<git dir>    export the ns-3 tree from this git repository instead
#                        (e.g. a mirror of nsnam/ns-3-dev-git), at NS3_REF
#   NS3_REF=ns-3.43      the tag or commit exported from NS3_GIT
#   WORK=<dir>           work directory (default: a new /tmp/sfc-contrib.XXXXXX)
#   PROFILE=debug        ns-3 build profile (debug: -O0 and -Werror, the strictest)
#   JOBS=2               parallel compile jobs
#   KEEP=1               keep the work directory after a successful run
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
SUITE="${SUITE:-bookworm}"
PROFILE="${PROFILE:-debug}"
JOBS="${JOBS:-2}"
KEEP="${KEEP:-0}"
WORK="${WORK:-$(mktemp -d /tmp/sfc-contrib.XXXXXX)}"
mkdir -p "$WORK"
# Debian's Python and tools first (a pyenv python3 on PATH would be picked up
# by ns-3's CMake otherwise).
export PATH="/usr/bin:/bin:$PATH"

log() { echo "check-contrib-build: $*"; }
fail() {
  log "FAILED: $* (work directory kept: $WORK)"
  exit 1
}
elapsed() { echo $(($(date +%s) - $1)); }

"$REPO/scripts/install-deps.sh"

# ---- 1. ns-3 source ---------------------------------------------------------
if [ -z "${NS3_DIR:-}" ] && [ -n "${NS3_GIT:-}" ]; then
  ref="${NS3_REF:-ns-3.43}"
  NS3_DIR="$WORK/$ref"
  log "exporting $ref from $NS3_GIT"
  rm -rf "$NS3_DIR" && mkdir -p "$NS3_DIR"
  # Only the files whose contents the repository holds: a partial mirror may
  # lack a few large blobs (ns-3.43: three lte fading traces, not needed here).
  git --git-dir="$NS3_GIT" ls-tree -r "$ref" | awk '$2 == "blob" {print $3 "\t" $4}' \
    > "$WORK/ns3-tree.txt" || fail "git ls-tree $ref"
  cut -f1 "$WORK/ns3-tree.txt" | git --git-dir="$NS3_GIT" cat-file --batch-check='%(objecttype)' \
    | paste - "$WORK/ns3-tree.txt" | awk -F'\t' '$1 == "blob" {print $3}' > "$WORK/ns3-files.txt"
  xargs -d '\n' bash -c 'git --git-dir="$0" archive "$1" -- "${@:3}" | tar -x -C "$2"' \
    "$NS3_GIT" "$ref" "$NS3_DIR" < "$WORK/ns3-files.txt" || fail "git archive $ref"
  log "exported $(wc -l < "$WORK/ns3-files.txt") of $(wc -l < "$WORK/ns3-tree.txt") files"
elif [ -z "${NS3_DIR:-}" ]; then
  log "downloading Debian $SUITE's ns3 source package"
  "$REPO/scripts/debian-source.sh" ns3 "$WORK/src" "$SUITE" || fail "apt-get source ns3"
  orig=$(ls "$WORK"/src/ns3_*.orig.tar.* | head -1)
  top=$( { tar -tf "$orig" || true; } | head -1 | cut -d/ -f1)  # tar may get SIGPIPE
  log "unpacking $(basename "$orig")"
  case "$top" in
    ns-allinone-*) tar -xf "$orig" -C "$WORK" --wildcards "$top/ns-3.*" ;;
    *) tar -xf "$orig" -C "$WORK" ;;
  esac
  NS3_DIR=$(ls -d "$WORK/$top"/ns-3.* 2>/dev/null || echo "$WORK/$top")
fi
[ -x "$NS3_DIR/ns3" ] || fail "$NS3_DIR is not a CMake-based ns-3 tree (no ./ns3); waf-based trees use wscript"
log "ns-3 tree: $NS3_DIR (version $(cat "$NS3_DIR/VERSION" 2>/dev/null || echo '?'))"

# ---- 2. the module as contrib/sfc -------------------------------------------
if [ -e "$NS3_DIR/contrib/sfc" ] && [ "$(readlink -f "$NS3_DIR/contrib/sfc")" != "$REPO" ]; then
  fail "$NS3_DIR/contrib/sfc exists and is not this repository"
fi
ln -sfn "$REPO" "$NS3_DIR/contrib/sfc"
cd "$NS3_DIR"

# ---- 3. configure: sfc and the modules it depends on, its own tests/examples only
t=$(date +%s)
log "configuring ($PROFILE profile)"
nice -n 15 python3 ./ns3 configure --build-profile="$PROFILE" --enable-modules=sfc \
  --enable-examples --enable-tests --filter-module-examples-and-tests=sfc \
  > "$WORK/configure.log" 2>&1 || { tail -40 "$WORK/configure.log"; fail "configure"; }
grep -q "Processing contrib/sfc" "$WORK/configure.log" || fail "ns-3 did not pick up contrib/sfc"
log "configured in $(elapsed "$t") s; modules: $(sed -n '/Modules configured to be built/,/^$/p' \
  "$WORK/configure.log" | tail -n +2 | xargs)"

# ---- 4. build only what the checks need ---------------------------------------
t=$(date +%s)
log "building test-runner and the scenario programs with $JOBS jobs (long)"
printf 'include("%s")\nmessage(NOTICE "${SFC_SCENARIOS}")\n' "$REPO/cmake/sfc-sources.cmake" \
  > "$WORK/scenarios.cmake"
targets=(test-runner $(cmake -P "$WORK/scenarios.cmake" 2>&1 | tr ';' ' '))
nice -n 15 cmake --build cmake-cache -j "$JOBS" --target "${targets[@]}" \
  > "$WORK/build.log" 2>&1 || { grep -B2 -A20 -m3 "error" "$WORK/build.log" | head -80; fail "build"; }
log "built ${targets[*]} in $(elapsed "$t") s"

# ---- 5. run ---------------------------------------------------------------------
# Every TestSuite of the module, as ns-3's test.py runs them.
for suite in $(sed -n 's/.*TestSuite("\(sfc-[a-z0-9-]*\)".*/\1/p' "$REPO"/tests/system/*.cc | sort -u); do
  t=$(date +%s)
  python3 ./test.py --no-build --suite="$suite" --duration > "$WORK/test-$suite.log" 2>&1 || true
  cat "$WORK/test-$suite.log"
  if ! grep -Eq "PASS.*TestSuite $suite" "$WORK/test-$suite.log"; then
    python3 ./ns3 run --no-build "test-runner --suite=$suite --verbose" || true
    fail "test.py -s $suite"
  fi
  log "test.py: $suite passed in $(elapsed "$t") s"
done

t=$(date +%s)
results="$WORK/sfc-stickiness.jsonl"
rm -f "$results"
python3 ./ns3 run --no-build "sfc-stickiness --results=$results" > "$WORK/run.log" 2>&1 \
  || { cat "$WORK/run.log"; fail "./ns3 run sfc-stickiness"; }
cat "$WORK/run.log"
python3 - "$results" <<'EOF' || fail "results file"
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
assert len(rows) == 1 and rows[0]["scenario"] == "sfc-stickiness", rows
m = rows[0]["metrics"]
print("check-contrib-build: results: flows=%d sticky=%d broken=%d" % (m["flows"], m["sticky_flows"], m["broken_flows"]))
EOF
log "./ns3 run sfc-stickiness ran in $(elapsed "$t") s"

# Without ns-3's netanim in the tree, --netanim is a one-line error (exit 2).
if ! grep -q "netanim" <<<"$(sed -n '/Modules configured to be built/,/^$/p' "$WORK/configure.log")"; then
  prog=$(find build -name "ns*-sfc-stickiness*" -type f -executable | head -1)
  rc=0
  "$prog" --netanim="$WORK/anim.xml" > "$WORK/netanim.out" 2>&1 || rc=$?
  [ "$rc" = 2 ] && [ "$(wc -l < "$WORK/netanim.out")" = 1 ] && [ ! -e "$WORK/anim.xml" ] \
    || { cat "$WORK/netanim.out"; fail "--netanim without netanim: exit $rc"; }
  log "without netanim: $(cat "$WORK/netanim.out")"
fi

log "OK: contrib build of $(cd "$REPO" && git describe --always --dirty 2>/dev/null || echo "$REPO") in ns-3 $(cat VERSION)"
if [ "$KEEP" = 1 ]; then
  log "work directory kept: $WORK"
else
  rm -f "$NS3_DIR/contrib/sfc"
  case "$WORK" in /tmp/sfc-contrib.*) rm -rf "$WORK" ;; *) log "work directory kept: $WORK" ;; esac
fi
