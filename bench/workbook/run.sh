#!/usr/bin/env bash
# Reading workbooks against CSV: `riskdoc check` over the same 100,000 generated rows as CSV
# and as .xlsx (bench/gen_ledgers.py, then bench/workbook/to_xlsx.py; cached in DATA_DIR).
#   bench/workbook/run.sh RISKDOC DATA_DIR     (or: cmake --build BUILD --target bench-workbook)
# Prints wall and CPU time and peak RSS of each (/usr/bin/time -v). Env: BENCH_COMMUNITIES,
# BENCH_ROWS (per community) change the size (default 10 x 10000).
set -euo pipefail

riskdoc=$(readlink -f "${1:?usage: run.sh RISKDOC DATA_DIR}")
root=$(readlink -m "${2:?usage: run.sh RISKDOC DATA_DIR}")
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(dirname "$(dirname "$here")")
communities=${BENCH_COMMUNITIES:-10}
rows=${BENCH_ROWS:-10000}
data="$root/workbook-${communities}x${rows}"

if [ ! -f "$data/csv/bench.json" ]; then
  rm -rf "$data"
  /usr/bin/python3 "$source_dir/bench/gen_ledgers.py" --communities "$communities" \
    --rows-per-community "$rows" --out "$data/csv"
fi
if [ ! -d "$data/xlsx" ]; then
  echo "run.sh: converting to .xlsx (openpyxl, takes a while)" >&2
  /usr/bin/python3 "$here/to_xlsx.py" "$data/csv" "$data/xlsx.tmp"
  mv "$data/xlsx.tmp" "$data/xlsx"
fi

printf '%-6s %10s %10s %10s %12s %s\n' form size wall cpu "peak RSS" rows
for form in csv xlsx; do
  out="$data/out-$form"
  rm -rf "$out"
  log=$(mktemp)
  RISKDOC_DATADIR="$source_dir" /usr/bin/time -v "$riskdoc" check --quiet -o "$out" "$data/$form" \
    >/dev/null 2>"$log" || true   # check exits 3 when rows were rejected
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
  user=$(grep 'User time' "$log" | awk '{print $NF}')
  sys=$(grep 'System time' "$log" | awk '{print $NF}')
  rss=$(grep 'Maximum resident' "$log" | awk '{print $NF}')
  read_rows=$(/usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['rows']['read'])" "$out/summary.json")
  size=$(du -sm --apparent-size "$data/$form" | cut -f1)
  printf '%-6s %8s MB %10s %9.2fs %9d MB %s\n' "$form" "$size" "$wall" "$(awk "BEGIN{print $user + $sys}")" \
    "$((rss / 1024))" "$read_rows"
  rm -f "$log"
done
