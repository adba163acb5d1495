#!/usr/bin/python3
"""Cold start of `riskdoc typeset`: runs a fresh process RUNS times for each document and
prints the median wall time, user and system CPU time and peak RSS (from wait4's rusage).

usage: cold.py RISKDOC_BINARY SOURCE_DIR [RUNS]

The machine is shared, so wall time is noisy: user+sys is the steadier number, and the median
of 11 runs is reported (the first run warms the page cache and is not counted)."""
import os
import statistics
import sys
import tempfile
import time

DOCUMENTS = [
    # (document, extra arguments)
    ("templates/examples/001-issued-notice.txt", ["--config", "templates/office.example.ini"]),
    ("templates/examples/003-responsibility-list.txt", []),
]


def run_once(argv):
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.execv(argv[0], argv)
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"cold.py: {' '.join(argv)} failed ({status})")
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024.0


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    riskdoc, source = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 11
    with tempfile.TemporaryDirectory() as tmp:
        for doc, extra in DOCUMENTS:
            argv = [riskdoc, "typeset", "--quiet", "-o", os.path.join(tmp, "cold.pdf")]
            argv += [a if not a.startswith("templates/") else os.path.join(source, a) for a in extra]
            argv.append(os.path.join(source, doc))
            run_once(argv)
            samples = [run_once(argv) for _ in range(runs)]
            med = [statistics.median(s[i] for s in samples) for i in range(4)]
            print(f"cold {os.path.basename(doc)}: median of {runs}: {med[0]:.3f} s wall, "
                  f"{med[1]:.3f} s user, {med[2]:.3f} s sys, {med[3]:.0f} MB peak "
                  f"(wall min {min(s[0] for s in samples):.3f}, max {max(s[0] for s in samples):.3f})")


if __name__ == "__main__":
    main()
