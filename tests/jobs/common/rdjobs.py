"""Shared helpers of the job tests (tests/jobs/ledger, tests/jobs/common): run riskdoc, read
PDFs back with poppler (pdftotext -bbox for word boxes, pdfinfo, pdffonts), hash files, and
an independent record of the fixtures (fixtures/2024-05/manifest.json, written by
fixtures/generate.py from what it meant to write, never by reading the CSVs back)."""
import configparser
import hashlib
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET

RISKDOC = os.environ["RISKDOC"]
SRC = os.environ["RISKDOC_SOURCE_DIR"]
CONFIG = os.path.join(SRC, "templates", "office.example.ini")
FIXTURES = os.path.join(SRC, "fixtures", "2024-05")
PREVIOUS = os.path.join(SRC, "fixtures", "2024-04")
MM = 72 / 25.4
CN_DIGITS = "零一二三四五六七八九"


def riskdoc(args, timeout=300):
    """Runs riskdoc from the source dir (the profile's relative paths are resolved there)."""
    return subprocess.run([RISKDOC] + list(args), cwd=SRC, capture_output=True, text=True,
                          timeout=timeout)


def limit_file_size(limit):
    """In a child before exec: files may grow to limit bytes; a write past it fails with
    EFBIG instead of killing the process (SIGXFSZ ignored, which exec keeps)."""
    import resource
    import signal
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_fonts(path):
    """[(name, emb)] from pdffonts."""
    out = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True).stdout
    fonts = []
    for line in out.splitlines()[2:]:
        m = re.match(r"(\S+)\s+.*?\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        if not m:
            raise AssertionError("unexpected pdffonts line: " + line)
        fonts.append((m.group(1), m.group(2)))
    return fonts


def pdf_text(path, first=None, last=None, squeeze=True):
    """pdftotext -raw; with squeeze, all white space removed (table cells wrap anywhere)."""
    cmd = ["pdftotext", "-raw", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    text = subprocess.run(cmd + [path, "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", text) if squeeze else text


class Word:
    __slots__ = ("text", "x0", "y0", "x1", "y1")

    def __init__(self, el):
        self.text = el.text or ""
        self.x0, self.y0 = float(el.get("xMin")), float(el.get("yMin"))
        self.x1, self.y1 = float(el.get("xMax")), float(el.get("yMax"))

    def __repr__(self):
        return "%r@(%.1f,%.1f,%.1f,%.1f)" % (self.text, self.x0, self.y0, self.x1, self.y1)


def pdf_words(path):
    """Per page: {'w', 'h', 'words': [Word]} from pdftotext -bbox (PDF points, y down)."""
    out = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", path, "-"], capture_output=True,
                         check=True).stdout
    root = ET.fromstring(re.sub(rb'xmlns="[^"]*"', b"", out))
    return [{"w": float(p.get("width")), "h": float(p.get("height")),
             "words": [Word(w) for w in p.iter("word")]} for p in root.iter("page")]


def cn_number(n):
    """1 -> 一, 10 -> 十, 15 -> 十五, 21 -> 二十一 (heading numbers, n < 100)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def taxonomy_order():
    """Canonical category names in the document order of the example profile's taxonomy."""
    cp = configparser.ConfigParser()
    cp.read(os.path.join(SRC, "templates/taxonomy/seven-classes.ini"), encoding="utf-8")
    return [s for s in cp.sections() if s != "taxonomy"]


def manifest(folder=FIXTURES):
    m = load_json(os.path.join(folder, "manifest.json"))
    # the manifest's per-file counts must agree with its own per-row record
    for f in m["files"]:
        rows = [r for r in m["rows"] if r["file"] == f["file"]]
        used = sum(r["disposition"] == "used" for r in rows)
        assert (len(rows), used, len(rows) - used) == (f["read"], f["used"], f["rejected"]), f
    return m


def tree(folder):
    """Every path under folder (relative), dirs with a trailing /."""
    out = []
    for root, dirs, files in os.walk(folder):
        rel = os.path.relpath(root, folder)
        for d in dirs:
            out.append(os.path.normpath(os.path.join(rel, d)) + "/")
        for f in files:
            out.append(os.path.normpath(os.path.join(rel, f)))
    return sorted(out)
