#!/usr/bin/env bash
# Data-core benchmark: `riskdoc check` and `riskdoc monthly` over one million ledger rows.
#   bench/run_core.sh RISKDOC DATA_DIR        (or: cmake --build BUILD --target bench-core)
# Generates DATA_DIR/1m once (500 communities x 2000 rows, bench/gen_ledgers.py), then runs
# each command under /usr/bin/time -v and prints wall time, MB/s, rows/s, peak RSS and the
# ratio of peak RSS to the input size (how many bytes of memory per byte of CSV).
# Env: BENCH_COMMUNITIES, BENCH_ROWS (per community) change the data set size; BENCH_COMMANDS
# (default "check monthly") which commands run; RISKDOC_INGEST_THREADS is passed on (reader
# threads, default one per processor).
set -euo pipefail

riskdoc=$(readlink -f "${1:?usage: run_core.sh RISKDOC DATA_DIR}")
data_root=$(readlink -m "${2:?usage: run_core.sh RISKDOC DATA_DIR}")
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(dirname "$here")
communities=${BENCH_COMMUNITIES:-500}
rows_per=${BENCH_ROWS:-2000}
data="$data_root/$([ "$communities" = 500 ] && [ "$rows_per" = 2000 ] && echo 1m || echo "${communities}x${rows_per}")"

if [ ! -x /usr/bin/time ]; then
  echo "run_core.sh: /usr/bin/time is missing (Debian package 'time')" >&2
  exit 1
fi
if [ ! -f "$data/bench.json" ]; then
  echo "run_core.sh: generating $data ($communities communities x $rows_per rows)" >&2
  rm -rf "$data"
  /usr/bin/python3 "$here/gen_ledgers.py" --communities "$communities" \
    --rows-per-community "$rows_per" --out "$data"
fi

rows=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rows"])' "$data/bench.json")
bytes=$(cat "$data"/*.csv | wc -c)
work=$(mktemp -d "${TMPDIR:-/tmp}/riskdoc-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# run NAME CMD...: runs CMD under time -v (cwd = scratch dir, so outputs land there) and
# prints the figures. Exit status 0 or 3 (rows rejected) count as success.
run() {
  local name=$1; shift
  local log="$work/$name.time"
  local status=0
  (cd "$work" && /usr/bin/time -v -o "$log" "$@" >"$work/$name.out" 2>&1) || status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
    echo "bench-core: $name failed with exit status $status:" >&2
    tail -20 "$work/$name.out" >&2
    return 1
  fi
  /usr/bin/python3 - "$log" "$name" "$rows" "$bytes" <<'PY'
import re, sys
log, name, rows, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
text = open(log).read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part)
rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
user = float(re.search(r"User time \(seconds\): (\S+)", text).group(1))
system = float(re.search(r"System time \(seconds\): (\S+)", text).group(1))
secs = max(secs, 1e-3)
print(f"{name:8s} {secs:8.2f} s wall ({user:.2f} user, {system:.2f} sys)  "
      f"{size / 1e6 / secs:8.1f} MB/s  {rows / secs:10.0f} rows/s  "
      f"peak RSS {rss_kb / 1024:8.1f} MiB  ({rss_kb * 1024 / size:.2f} x input)")
PY
}

echo "bench-core: $rows rows, $(( bytes / 1000000 )) MB in $data ($("$riskdoc" --version)," \
  "$(nproc) processors, reader threads ${RISKDOC_INGEST_THREADS:-default})"
for command in ${BENCH_COMMANDS:-check monthly}; do
  case $command in
    check) run check "$riskdoc" check "$data" ;;
    monthly) run monthly "$riskdoc" monthly --config "$source_dir/templates/office.example.ini" \
               --period 2024-05 -o "$work/monthly" "$data" ;;
    *) echo "run_core.sh: unknown command '$command' in BENCH_COMMANDS" >&2; exit 2 ;;
  esac
done
