#!/usr/bin/env bash
# Ledger benchmark: `riskdoc ledger` (台账归档) over generated ledgers.
#   bench/run_ledger.sh RISKDOC DATA_DIR      (or: cmake --build BUILD --target bench-ledger)
# Generates DATA_DIR/ledger-<communities>x<rows> once (bench/gen_ledgers.py; default 20 x 1000
# = 20,000 rows with realistic 具体情况 of 50-200 characters), runs the ledger under
# /usr/bin/time -v and prints wall and CPU time, pages, pages per second and peak RSS.
# Env: BENCH_COMMUNITIES, BENCH_ROWS (per community).
set -euo pipefail

riskdoc=$(readlink -f "${1:?usage: run_ledger.sh RISKDOC DATA_DIR}")
data_root=$(readlink -m "${2:?usage: run_ledger.sh RISKDOC DATA_DIR}")
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(dirname "$here")
communities=${BENCH_COMMUNITIES:-20}
rows_per=${BENCH_ROWS:-1000}
data="$data_root/ledger-${communities}x${rows_per}"

[ -x /usr/bin/time ] || { echo "run_ledger.sh: /usr/bin/time is missing (Debian package 'time')" >&2; exit 1; }
if [ ! -f "$data/bench.json" ]; then
  rm -rf "$data"
  /usr/bin/python3 "$here/gen_ledgers.py" --communities "$communities" \
    --rows-per-community "$rows_per" --out "$data" >&2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/riskdoc-bench-ledger.XXXXXX")
trap 'rm -rf "$work"' EXIT

/usr/bin/time -v -o "$work/time" "$riskdoc" ledger --quiet \
  --config "$source_dir/templates/office.example.ini" -o "$work/out" "$data"
/usr/bin/python3 - "$work/time" "$work/out/summary.json" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
summary = json.load(open(sys.argv[2]))
wall = 0.0
for part in re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1).split(":"):
    wall = wall * 60 + float(part)
user = float(re.search(r"User time \(seconds\): (\S+)", text).group(1))
system = float(re.search(r"System time \(seconds\): (\S+)", text).group(1))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
pages = next(o["pages"] for o in summary["outputs"] if o["kind"] == "ledger-pdf")
rows = summary["rows"]["used"]
print(f"ledger: {rows} rows -> {pages} pages in {wall:.2f} s wall ({user:.2f} user, "
      f"{system:.2f} sys), {pages / max(user + system, 1e-3):.0f} pages per CPU second, "
      f"peak RSS {rss:.0f} MiB")
PY
