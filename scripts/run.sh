#!/usr/bin/env bash
# Quick start, part 1: installs what is missing, builds, and runs the monthly job on the
# bundled fixtures. Writes out/monthly-2024-05/ (summary.json, rejects.csv and the documents).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
./build/riskdoc monthly --config templates/office.example.ini --period 2024-05 \
  --previous fixtures/2024-04 -o out/monthly-2024-05 fixtures/2024-05
