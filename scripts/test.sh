#!/usr/bin/env bash
# README's second command: install what is missing, build, run every test
# (GoogleTest unit tests, ns-3 TestSuite system tests, pytest, and the fuzz
# targets' replay of their seeds and regression inputs).
# Then it builds the libFuzzer targets with clang in ./build-fuzz and runs each
# for SFC_FUZZ_SECONDS (5) seconds (ctest -L fuzz: a short fuzz run of every
# wire parser, about 5 minutes in all); SFC_TEST_FUZZ=0 skips that part.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)" "$@"
if [ "${SFC_TEST_FUZZ:-1}" = 1 ]; then
  cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
    -DSFC_FUZZ=ON -DSFC_ENABLE_TESTS=OFF -DSFC_FUZZ_SECONDS="${SFC_FUZZ_SECONDS:-5}" >/dev/null
  cmake --build build-fuzz -j "$(nproc)" >/dev/null
  ctest --test-dir build-fuzz -L fuzz --output-on-failure -j "$(nproc)"
fi
