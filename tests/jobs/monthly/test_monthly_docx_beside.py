#!/usr/bin/python3
"""A long 通报's DOCX is made on a thread of its own while its PDF is drawn (documents.c,
RD_DOCX_BESIDE_BYTES, 256 KB of document text): it must be the DOCX made alone
(--formats=docx, after no PDF, with the job's own typesetter), byte for byte, and the PDF
must still be written. 5,000 generated rows (bench/gen_ledgers.py) make a 通报 of about
320 KB of text."""
import os, shutil, subprocess, sys, tempfile

RISKDOC = os.environ["RISKDOC"]
SRC = os.environ["RISKDOC_SOURCE_DIR"]
BESIDE_BYTES = 256 * 1024


def monthly(data, out, formats):
    p = subprocess.run([RISKDOC, "monthly", "--quiet", "--config", os.path.join(SRC, "templates/office.example.ini"),
                        "--period", "2024-05", "--formats=" + formats, "-o", out, data],
                       capture_output=True, text=True)
    if p.returncode not in (0, 3):   # 3: rows rejected (the generator writes some bad ones)
        raise SystemExit("riskdoc monthly exited %d:\n%s" % (p.returncode, p.stderr[-3000:]))


def main():
    tmp = tempfile.mkdtemp(prefix="rd-docx-beside-")
    try:
        data = os.path.join(tmp, "ledgers")
        subprocess.run([sys.executable, os.path.join(SRC, "bench/gen_ledgers.py"), "--communities", "20",
                        "--rows-per-community", "250", "--out", data], check=True, capture_output=True)
        both, alone = os.path.join(tmp, "both"), os.path.join(tmp, "alone")
        monthly(data, both, "pdf,docx")
        monthly(data, alone, "docx")
        failures = []
        text = os.path.getsize(os.path.join(both, "通报.txt"))
        if text < BESIDE_BYTES:
            failures.append("the 通报 text is %d bytes, too short for its DOCX to be made beside the PDF" % text)
        if not os.path.getsize(os.path.join(both, "通报.pdf")):
            failures.append("no 通报.pdf")
        if os.path.exists(os.path.join(alone, "通报.pdf")):
            failures.append("--formats=docx wrote a PDF")
        with open(os.path.join(both, "通报.docx"), "rb") as a, open(os.path.join(alone, "通报.docx"), "rb") as b:
            if a.read() != b.read():
                failures.append("the DOCX made beside the PDF differs from the one made alone")
        for f in failures:
            print("FAIL:", f)
        print("docx beside OK" if not failures else "%d failures" % len(failures))
        return 1 if failures else 0
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    sys.exit(main())
