#!/usr/bin/env bash
# Build and run the benchmarks (speed of the per-packet path and of whole runs).
# Not part of the tests: timings depend on the machine. Extra arguments go to
# Google Benchmark, e.g. --benchmark_filter=FlowTable.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
./build/bin/sfc-benchmarks "$@"
