#!/usr/bin/env bash
# README's second command: install what is missing, build, run every test
# (GoogleTest unit tests, ns-3 TestSuite system tests, pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)" "$@"
