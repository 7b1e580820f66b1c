#!/usr/bin/env bash
# README's first command: install what is missing, build, run the main job.
# The main job: one default run of sfc-stickiness (readable summary in seconds), then the
# default study (analysis/studies/default.toml) through the analysis toolkit: database,
# figures and report under results/default/, a summary table and the report's path.
# Extra arguments go to the toolkit's `run` command, e.g. --jobs 1 or --scheduler tcp://h:8786.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
mkdir -p results
./build/bin/sfc-stickiness --results=results/sfc-stickiness.jsonl
echo "results appended to results/sfc-stickiness.jsonl"
echo
PYTHONPATH="$PWD" /usr/bin/python3 -m analysis run analysis/studies/default.toml "$@"
