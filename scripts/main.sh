#!/usr/bin/env bash
# README's first command: install what is missing, build, run the main job.
# The main job is the stickiness study's default run (sfc-stickiness with its defaults).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
mkdir -p results
./build/bin/sfc-stickiness --results=results/sfc-stickiness.jsonl "$@"
echo "results appended to results/sfc-stickiness.jsonl"
