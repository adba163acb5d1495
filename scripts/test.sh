#!/usr/bin/env bash
# Quick start, part 2: installs what is missing, builds twice (gcc with -Werror, and clang
# with AddressSanitizer + UBSan + the libFuzzer targets) and runs the whole suite in both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
jobs=$(nproc)

echo "== build (gcc, -Wall -Wextra -Werror)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs" >/dev/null
echo "== tests"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== build (clang, AddressSanitizer + UBSan, fuzzers)"
cmake -S . -B build-asan -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
  -DRISKDOC_SANITIZE=ON -DRISKDOC_FUZZ=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
echo "== tests under ASan + UBSan"
ctest --test-dir build-asan --output-on-failure -j"$jobs"
