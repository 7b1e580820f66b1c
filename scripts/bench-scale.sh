#!/usr/bin/env bash
# Scale benchmark (benchmarks/sfc-scale-benchmark.cc): one sfc-stickiness run
# per size with that many flows open at once, each in its own process (peak
# RSS is per process), then a table of wall time, events/s, link crossings/s,
# peak RSS and bytes per concurrent flow, and the growth exponents between
# sizes (d log y / d log n: 1 = linear). Source VMs and destinations are
# derived from the size. Not part of the tests: timings depend on the machine
# and its load (uptime is printed).
#   scripts/bench-scale.sh                          # 10k, 100k, 1M flows
#   SIZES="1000 10000" scripts/bench-scale.sh --policy=flow-table
#   OUT=/tmp/scale.jsonl SFC_NO_BUILD=1 scripts/bench-scale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SFC_NO_BUILD:-}" ]; then
  ./scripts/build.sh
fi
SIZES=${SIZES:-10000 100000 1000000}
OUT=${OUT:-$(mktemp /tmp/sfc-scale.XXXXXX.jsonl)}
: > "$OUT"
echo "load before: $(uptime)"
for n in $SIZES; do
  ./build/bin/sfc-scale-benchmark --flows="$n" --json="$OUT" "$@"
done
echo "load after:  $(uptime)"
echo "figures: $OUT"
# Table and exponents from the JSON lines (flat objects: one "key":value per field).
awk '
function field(line, key,   m) {
  if (match(line, "\"" key "\":[^,}]*")) { m = substr(line, RSTART, RLENGTH); sub(/^[^:]*:/, "", m); gsub(/"/, "", m); return m }
  return ""
}
BEGIN { printf "%10s %10s %10s %9s %9s %12s %12s %10s %10s\n", "flows", "open", "completed", "wall_s", "cpu_s", "events/s", "hops/s", "rss_MiB", "B/flow" }
{
  n[NR] = field($0, "peak_concurrent_flows"); w[NR] = field($0, "wall_s"); r[NR] = field($0, "peak_rss_bytes")
  c[NR] = field($0, "sim_cpu_s"); b[NR] = field($0, "bytes_per_concurrent_flow")
  printf "%10s %10s %10s %9.1f %9.1f %12.0f %12.0f %10.1f %10.0f\n", field($0, "flows"), n[NR],
         field($0, "completed_flows"), w[NR], c[NR],
         field($0, "events_per_s"), field($0, "hops_per_s"), r[NR] / 1048576, b[NR]
}
END {
  for (i = 2; i <= NR; i++)
    if (n[i] > 0 && n[i-1] > 0 && n[i] != n[i-1])
      printf "growth %s -> %s flows: wall time n^%.2f, CPU n^%.2f, peak RSS n^%.2f\n", n[i-1], n[i],
             log(w[i] / w[i-1]) / log(n[i] / n[i-1]), log(c[i] / c[i-1]) / log(n[i] / n[i-1]),
             log(r[i] / r[i-1]) / log(n[i] / n[i-1])
}' "$OUT"
