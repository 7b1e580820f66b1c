#!/usr/bin/env bash
# The module's data path against plain ns-3 IPv4 forwarding, side by side
# (benchmarks/sfc-bare-benchmark.cc): builds, then runs every configuration
# (bare, hash, flow-table, flow-table-df) REPS times, alternating, in one
# process, and prints the table: packets delivered, links crossed, links per
# delivered packet, CPU per link crossed (ns/hop) and its ratio to bare (median
# of the per-repetition ratios), CPU per delivered packet and its ratio.
# Not part of the tests: timings depend on the machine and its load (uptime is printed).
#   scripts/bench-bare.sh                       # 5 repetitions of 1000 flows
#   REPS=9 scripts/bench-bare.sh --flows=2000 --chain=fw,dpi,fw,dpi,nat
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SFC_NO_BUILD:-}" ]; then
  ./scripts/build.sh
fi
echo "load before: $(uptime)"
./build/bin/sfc-bare-benchmark --repetitions="${REPS:-5}" --flows=1000 "$@"
echo "load after:  $(uptime)"
