#!/usr/bin/python3
"""Notice benchmark (issue 12): 50 ten-page notices (bench/gen_notices.py) through
`riskdoc typeset`, timed
  - in one process (`riskdoc typeset -o DIR *.txt`) on 2 threads and on 1,
  - as 50 processes, one document each (what a script calling it per file pays),
  - as one cold document (median of RUNS fresh processes),
and the bytes per 10 pages of the PDFs. Each figure is the median of RUNS runs; the machine is
shared, so user+sys CPU seconds are printed beside the wall time.

Peers: when `xelatex` or `typst` is on PATH the same run should time them too; this
benchmark does not write their sources yet and says so (see README, Performance).

usage: notices.py RISKDOC DATA_DIR [RUNS]      (default 3)"""
import glob
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
N = 50


def timed(argv):
    """(wall, user+sys of the children) of one run of argv; fails loudly."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_of(runs, fn):
    results = [fn() for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def pages_of(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(next(l.split()[1] for l in out.splitlines() if l.startswith("Pages:")))


def main():
    riskdoc = os.path.abspath(sys.argv[1])
    data = os.path.join(os.path.abspath(sys.argv[2]), "notices-%d" % N)
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    if not glob.glob(os.path.join(data, "*.txt")):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_notices.py"), data, str(N)], check=True)
    docs = sorted(glob.glob(os.path.join(data, "*.txt")))
    work = tempfile.mkdtemp(prefix="riskdoc-bench-notices-")
    try:
        out = os.path.join(work, "out")
        batch = lambda jobs: lambda: timed([riskdoc, "typeset", "--quiet", "--jobs", str(jobs),
                                            "-o", out, *docs])
        two = median_of(runs, batch(2))
        pdfs = sorted(glob.glob(os.path.join(out, "*.pdf")))
        pages = sum(pages_of(p) for p in pdfs)
        size = sum(os.path.getsize(p) for p in pdfs)
        one = median_of(runs, batch(1))

        def per_process():
            wall = cpu = 0.0
            for d in docs:
                w, c = timed([riskdoc, "typeset", "--quiet", "-o", os.path.join(work, "one.pdf"), d])
                wall, cpu = wall + w, cpu + c
            return wall, cpu
        processes = median_of(max(1, runs // 2), per_process)
        timed([riskdoc, "typeset", "--quiet", "-o", os.path.join(work, "cold.pdf"), docs[0]])  # warm the cache
        cold = median_of(max(5, runs), lambda: timed([riskdoc, "typeset", "--quiet", "-o",
                                                      os.path.join(work, "cold.pdf"), docs[0]]))
    finally:
        shutil.rmtree(work)
    print("notices: %d documents, %d pages, %.0f KB per 10 pages" % (len(docs), pages, size / pages * 10 / 1024))
    for label, (wall, cpu) in (("one process, 2 threads", two), ("one process, 1 thread", one),
                               ("%d processes" % len(docs), processes)):
        print("  %-24s %6.2f s wall (%5.0f pages/s), %6.2f s CPU (%4.0f pages per CPU second)"
              % (label, wall, pages / wall, cpu, pages / cpu))
    print("  %-24s %6.3f s wall, %6.3f s CPU" % ("one notice, cold", cold[0], cold[1]))
    for peer, package in (("xelatex", "texlive-xetex texlive-lang-chinese"), ("typst", "typst")):
        if shutil.which(peer):
            print("  %s is installed, but this benchmark does not write its sources yet" % peer)
        else:
            print("  %s: not installed (%s): not compared" % (peer, package))


if __name__ == "__main__":
    main()
