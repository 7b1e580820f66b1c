#!/usr/bin/env bash
# Configure and build everything (module, scenarios, tests) in ./build.
# Installs missing Debian packages first. Safe to run again: only what changed is rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" -DSFC_ENABLE_TESTS=ON > build.log 2>&1 \
  || { cat build.log; exit 1; }
cmake --build build -j "$(nproc)" >> build.log 2>&1 || { tail -50 build.log; exit 1; }
rm -f build.log
