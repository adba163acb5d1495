#!/usr/bin/python3
"""Runs bench_xlsx for 100k and 1M rows, ours and raw, and prints a Markdown table.

    run_bench.py BENCH_XLSX OUTDIR [ROWS...]
"""
import json
import os
import subprocess
import sys


def main():
    exe, outdir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    sizes = [int(n) for n in sys.argv[3:]] or [100_000, 1_000_000]
    os.makedirs(outdir, exist_ok=True)
    results = []
    for rows in sizes:
        for mode in ("raw", "ours"):
            out = os.path.join(outdir, f"{mode}-{rows}.xlsx")
            line = subprocess.run([exe, "--rows", str(rows), "--mode", mode, "--out", out],
                                  check=True, capture_output=True, text=True, cwd=outdir).stdout
            r = json.loads(line)
            r["bytes"] = os.path.getsize(out)
            os.remove(out)
            results.append(r)
            print(json.dumps(r), flush=True)
    print()
    print("Times are CPU seconds of the write (wall clock in brackets); RSS is the peak during")
    print("the write, which includes the records already in memory (last column).")
    print()
    print("| ledger rows | sheet rows written | raw libxlsxwriter | riskdoc | ratio (CPU) | peak RSS raw | peak RSS riskdoc | RSS of the records |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for raw, ours in zip(results[0::2], results[1::2]):
        print(f"| {ours['rows']:,} | {raw['sheet_rows']:,} | "
              f"{raw['cpu_seconds']:.2f} s ({raw['seconds']:.2f} s) | "
              f"{ours['cpu_seconds']:.2f} s ({ours['seconds']:.2f} s) | "
              f"{ours['cpu_seconds'] / raw['cpu_seconds']:.2f}× | "
              f"{raw['peak_rss_mb']:.0f} MB | {ours['peak_rss_mb']:.0f} MB | "
              f"{ours['rss_before_mb']:.0f} MB |")


if __name__ == "__main__":
    main()
