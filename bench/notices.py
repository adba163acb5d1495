#!/usr/bin/python3
"""Notice benchmark (issue 12): 50 ten-page notices (bench/gen_notices.py) through
`riskdoc typeset` and, when they are installed, through the peers with the same text and the
same page set-up (xelatex + ctex, Typst):

  - riskdoc in one process (`riskdoc typeset -o DIR *.txt`) on 2 threads and on 1,
    as 50 processes (one document each), and one cold document;
  - xelatex as one job holding the 50 (each from a new page), and one cold notice; the 50 as
    50 jobs once, for the bytes of a notice on its own (one job shares the fonts of all 50);
  - Typst in one process compiling the 50 files, and one cold notice;

then riskdoc's figures beside the peers' and the ratios (riskdoc ÷ peer): pages/s in one
process on 2 threads and on 1 thread, cold time, bytes per 10 pages. The runs alternate
(riskdoc, xelatex, Typst, riskdoc, ...) so that the load of this shared machine falls on all
alike; each figure is the median of RUNS runs of wall time and of CPU seconds (user + sys of
the children). Pages are counted with pdfinfo.

Peers: xelatex when `xelatex` is on PATH and ctex is installed; Typst when BENCH_TYPST_NODE
names a node_modules folder holding @myriaddreamin/typst-ts-node-compiler (bench/typst_notices.js
drives it) and `node` is on PATH. An absent peer is reported with how to install it.

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
XELATEX_INSTALL = "apt-get install --no-install-recommends texlive-xetex texlive-lang-chinese"
TYPST_INSTALL = ("npm install @myriaddreamin/typst-ts-node-compiler in a folder outside the "
                 "repository, then BENCH_TYPST_NODE=<that folder>/node_modules")
GOAL_BATCH_2 = 2.0    # riskdoc pages/s ÷ xelatex's, one process on 2 threads
GOAL_BATCH_1 = 1.2    # the same on 1 thread
GOAL_COLD = 0.15      # s, one notice
GOAL_KB_10 = 180      # KB per 10 pages


def timed(argv, cwd=None):
    """(wall, user+sys of the children) of one run of argv; fails loudly."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit("notices.py: %s failed (%d): %s" % (argv[0], done.returncode,
                                                     done.stderr.decode(errors="replace")[-2000:]))
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def medians(results):
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def pages_of(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(next(l.split()[1] for l in out.splitlines() if l.startswith("Pages:")))


def pdf_stats(pdfs):
    """(pages, bytes) of the PDFs."""
    return sum(pages_of(p) for p in pdfs), sum(os.path.getsize(p) for p in pdfs)


def kb_per_10(pages, size):
    return size / pages * 10 / 1024


class Tool:
    """One typesetter: its name and the timings of its runs, by workload."""

    def __init__(self, name):
        self.name = name
        self.times = {}

    def run(self, label, argv, cwd=None):
        self.times.setdefault(label, []).append(timed(argv, cwd))

    def median(self, label):
        return medians(self.times[label])


def riskdoc_tool(riskdoc, docs, work):
    tool = Tool("riskdoc")
    out = os.path.join(work, "riskdoc")
    cold_pdf = os.path.join(work, "riskdoc-cold.pdf")
    batch = lambda jobs: [riskdoc, "typeset", "--quiet", "--jobs", str(jobs), "-o", out, *docs]
    tool.batch2 = lambda: tool.run("batch2", batch(2))
    tool.batch1 = lambda: tool.run("batch1", batch(1))
    tool.cold = lambda: tool.run("cold", [riskdoc, "typeset", "--quiet", "-o", cold_pdf, docs[0]])

    def processes():
        wall = cpu = 0.0
        for d in docs:
            w, c = timed([riskdoc, "typeset", "--quiet", "-o", os.path.join(work, "one.pdf"), d])
            wall, cpu = wall + w, cpu + c
        tool.times.setdefault("processes", []).append((wall, cpu))
    tool.processes = processes
    tool.batch_pdfs = lambda: sorted(glob.glob(os.path.join(out, "*.pdf")))
    tool.cold_pdf = cold_pdf
    tool.version = ""
    return tool


def xelatex_tool(data, work):
    """None when xelatex or ctex is missing (the reason printed)."""
    if not shutil.which("xelatex"):
        print("xelatex: not installed (%s): not compared" % XELATEX_INSTALL)
        return None
    found = subprocess.run(["kpsewhich", "ctexart.cls"], capture_output=True, text=True).stdout
    if not found.strip():
        print("xelatex: ctex is missing (%s): not compared" % XELATEX_INSTALL)
        return None
    tool = Tool("xelatex")
    src = os.path.join(data, "xelatex")
    out = os.path.join(work, "xelatex")
    each = os.path.join(work, "xelatex-each")
    for d in (out, each):
        os.makedirs(d)
    job = lambda tex, outdir: ["xelatex", "-interaction=batchmode", "-halt-on-error",
                               "-output-directory=" + outdir, tex]
    tool.batch = lambda: tool.run("batch", job("notices.tex", out), cwd=src)
    tool.cold = lambda: tool.run("cold", job("notice-01.tex", out), cwd=src)
    texs = sorted(os.path.basename(t) for t in glob.glob(os.path.join(src, "notice-*.tex")))

    def processes():
        wall = cpu = 0.0
        for t in texs:
            w, c = timed(job(t, each), cwd=src)
            wall, cpu = wall + w, cpu + c
        tool.times.setdefault("processes", []).append((wall, cpu))
    tool.processes = processes
    tool.batch_pdfs = lambda: [os.path.join(out, "notices.pdf")]
    tool.each_pdfs = lambda: sorted(glob.glob(os.path.join(each, "notice-*.pdf")))
    tool.cold_pdf = os.path.join(out, "notice-01.pdf")
    version = subprocess.run(["xelatex", "--version"], capture_output=True, text=True).stdout
    tool.version = version.splitlines()[0] if version else ""
    return tool


def typst_tool(data, work):
    """None when the Typst binding or node is missing (the reason printed)."""
    modules = os.environ.get("BENCH_TYPST_NODE", "")
    if not modules or not shutil.which("node"):
        print("typst: not installed (%s; and node on PATH): not compared" % TYPST_INSTALL)
        return None
    script = os.path.join(HERE, "typst_notices.js")
    version = subprocess.run(["node", script, "--version"], capture_output=True, text=True)
    if version.returncode != 0:
        print("typst: BENCH_TYPST_NODE=%s does not load (%s): not compared"
              % (modules, version.stderr.strip()[-300:]))
        return None
    tool = Tool("typst")
    tool.version = "Typst %s, Node binding, node's start included" % version.stdout.strip()
    serif = subprocess.run(["fc-match", "-f", "%{file}", "Noto Serif CJK SC"],
                           capture_output=True, text=True).stdout
    fonts = os.path.dirname(serif) or "/usr/share/fonts"
    src = os.path.join(data, "typst")
    out = os.path.join(work, "typst")
    os.makedirs(out)
    typs = sorted(glob.glob(os.path.join(src, "notice-*.typ")))
    tool.batch = lambda: tool.run("batch", ["node", script, fonts, out, *typs])
    cold_dir = os.path.join(work, "typst-cold")
    os.makedirs(cold_dir)
    tool.cold = lambda: tool.run("cold", ["node", script, fonts, cold_dir, typs[0]])
    tool.batch_pdfs = lambda: sorted(glob.glob(os.path.join(out, "*.pdf")))
    tool.cold_pdf = os.path.join(cold_dir, "notice-01.pdf")
    return tool


def line(label, pages, figures):
    wall, cpu = figures
    print("  %-26s %6.2f s wall (%4.0f pages/s), %6.2f s CPU (%4.0f pages per CPU second)"
          % (label, wall, pages / wall, cpu, pages / cpu))


def cold_line(figures):
    print("  %-26s %6.3f s wall, %6.3f s CPU" % ("one notice, cold", figures[0], figures[1]))


def ratio_line(label, ours, pages_ours, theirs, pages_theirs):
    """riskdoc's pages/s ÷ the peer's, on wall time and on CPU seconds."""
    by_wall = (pages_ours / ours[0]) / (pages_theirs / theirs[0])
    by_cpu = (pages_ours / ours[1]) / (pages_theirs / theirs[1])
    print("    %-40s %5.2f × (per CPU second %5.2f ×)" % (label, by_wall, by_cpu))
    return by_wall, by_cpu


def verdict(met):
    return "met" if met else "NOT met"


def main():
    riskdoc = os.path.abspath(sys.argv[1])
    data = os.path.join(os.path.abspath(sys.argv[2]), "notices-%d" % N)
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    # Always written afresh (deterministic, a fraction of a second), so that the three forms
    # are of one generator.
    subprocess.run([sys.executable, os.path.join(HERE, "gen_notices.py"), data, str(N)], check=True)
    docs = sorted(glob.glob(os.path.join(data, "*.txt")))
    work = tempfile.mkdtemp(prefix="riskdoc-bench-notices-")
    try:
        ours = riskdoc_tool(riskdoc, docs, work)
        peers = [p for p in (xelatex_tool(data, work), typst_tool(data, work)) if p]
        # One untimed round first: font caches, and the PDFs whose pages are counted.
        for tool in [ours] + peers:
            (tool.batch2 if tool is ours else tool.batch)()
            tool.cold()
            tool.times.clear()
        for _ in range(runs):
            ours.batch2()
            for p in peers:
                p.batch()
            ours.batch1()
        for _ in range(max(5, runs)):
            for tool in [ours] + peers:
                tool.cold()
        for _ in range(max(1, runs // 2)):
            ours.processes()
        xelatex = next((p for p in peers if p.name == "xelatex"), None)
        if xelatex:
            xelatex.processes()  # once: for the bytes of each notice on its own
        report(ours, peers, len(docs))
    finally:
        shutil.rmtree(work)


def report_riskdoc(ours, n_docs):
    """Prints riskdoc's figures; returns (pages, KB per 10 pages, notice 1's pages)."""
    pages, size = pdf_stats(ours.batch_pdfs())
    cold_pages, cold_size = pdf_stats([ours.cold_pdf])
    print("riskdoc: %d documents, %d pages, %.0f KB per 10 pages (notice 1: %d pages, %.0f KB "
          "per 10)" % (n_docs, pages, kb_per_10(pages, size), cold_pages,
                       kb_per_10(cold_pages, cold_size)))
    line("one process, 2 threads", pages, ours.median("batch2"))
    line("one process, 1 thread", pages, ours.median("batch1"))
    line("%d processes" % n_docs, pages, ours.median("processes"))
    cold_line(ours.median("cold"))
    return pages, kb_per_10(pages, size), cold_pages


def report_peer(p, n_docs, riskdoc_cold_pages):
    """Prints a peer's figures; returns (pages, KB per 10 pages of a notice in its own PDF)."""
    p_pages, p_size = pdf_stats(p.batch_pdfs())
    if p.name == "xelatex":
        e_pages, e_size = pdf_stats(p.each_pdfs())
        print("xelatex (%s, ctex): %d pages in one job (%.0f KB per 10 pages, fonts shared by "
              "the 50); as %d PDFs %d pages, %.0f KB per 10 pages"
              % (p.version, p_pages, kb_per_10(p_pages, p_size), n_docs, e_pages,
                 kb_per_10(e_pages, e_size)))
        kb = kb_per_10(e_pages, e_size)
    else:
        print("typst (%s): %d documents, %d pages, %.0f KB per 10 pages"
              % (p.version, n_docs, p_pages, kb_per_10(p_pages, p_size)))
        kb = kb_per_10(p_pages, p_size)
    c_pages, c_size = pdf_stats([p.cold_pdf])
    print("  notice 1: %d pages (riskdoc %d), %.0f KB per 10 pages"
          % (c_pages, riskdoc_cold_pages, kb_per_10(c_pages, c_size)))
    line("one process, %d notices" % n_docs, p_pages, p.median("batch"))
    if "processes" in p.times:
        line("%d processes" % n_docs, p_pages, p.median("processes"))
    cold_line(p.median("cold"))
    return p_pages, kb


def report_ratios(ours, pages, kb, p, p_pages, p_kb):
    """Prints riskdoc ÷ peer; returns the pages/s ratios (wall, CPU) on 2 and on 1 thread."""
    print("  %s:" % p.name)
    r2 = ratio_line("pages/s, one process on 2 threads", ours.median("batch2"), pages,
                    p.median("batch"), p_pages)
    r1 = ratio_line("pages/s, one process on 1 thread", ours.median("batch1"), pages,
                    p.median("batch"), p_pages)
    print("    %-40s %5.2f" % ("cold time", ours.median("cold")[0] / p.median("cold")[0]))
    print("    %-40s %5.2f" % ("bytes per 10 pages", kb / p_kb))
    return r2, r1


def report_goals(against_xelatex, cold, kb):
    print("goals (issue 12):")
    if against_xelatex is None:
        print("  50 notices in one process >= %.1f x xelatex's pages/s (>= %.1f x on one thread): "
              "not measured, xelatex absent" % (GOAL_BATCH_2, GOAL_BATCH_1))
    else:
        r2, r1 = against_xelatex
        print("  50 notices in one process >= %.1f x xelatex's pages/s: %.2f x, %s (per CPU "
              "second %.2f x)" % (GOAL_BATCH_2, r2[0], verdict(r2[0] >= GOAL_BATCH_2), r2[1]))
        print("  on one thread >= %.1f x: %.2f x, %s (per CPU second %.2f x)"
              % (GOAL_BATCH_1, r1[0], verdict(r1[0] >= GOAL_BATCH_1), r1[1]))
    print("  one notice cold <= %.2f s: %.3f s, %s" % (GOAL_COLD, cold, verdict(cold <= GOAL_COLD)))
    print("  <= %d KB per 10 pages: %.0f KB, %s" % (GOAL_KB_10, kb, verdict(kb <= GOAL_KB_10)))


def report(ours, peers, n_docs):
    pages, kb, cold_pages = report_riskdoc(ours, n_docs)
    figures = {p.name: report_peer(p, n_docs, cold_pages) for p in peers}
    if peers:
        print("ratios, riskdoc ÷ peer (pages/s: above 1 riskdoc is faster; cold time and bytes: "
              "below 1 riskdoc is quicker or smaller):")
    against_xelatex = None
    for p in peers:
        ratios = report_ratios(ours, pages, kb, p, *figures[p.name])
        if p.name == "xelatex":
            against_xelatex = ratios
    report_goals(against_xelatex, ours.median("cold")[0], kb)

if __name__ == "__main__":
    main()
