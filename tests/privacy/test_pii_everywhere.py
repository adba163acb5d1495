"""--mask-pii leaves no personal data in any byte of any output (issue 9 item 5).

The hand-written ledger pii_ledger.csv holds every form the README promises to mask: ID-card
numbers (18 with X, 15 digits, grouped with spaces or hyphens, full-width), mobiles (with -,
spaces, +86, 86, (+86), full-width digits, inside a 责任单位), landlines (区号-号码 in its
forms) and the names of 责任人/责任领导 — also repeated in 具体情况, 化解措施, 备注 and a
unit, and the names of a rejected row. The job runs twice on it:
- without --mask-pii: each value shows up in the outputs (so the search below can fail);
- with --mask-pii: none of them is in any output — PDF text (pdftotext), every part of every
  XLSX unzipped, CSV, JSON, and the file names — compared after removing white space and
  separators and folding full-width digits, so a value is found however it is written; and
  the masked form of each value the unmasked run showed is there instead.
Usage: test_pii_everywhere.py monthly|event|ledger|check"""
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import unittest
import zipfile

RISKDOC = os.environ["RISKDOC"]
SRC = os.environ["RISKDOC_SOURCE_DIR"]
CONFIG = os.path.join(SRC, "templates", "office.example.ini")
LEDGER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pii_ledger.csv")
JOBS = {
    "monthly": ["monthly", "--period", "2024-05"],
    "event": ["event", "--event", "成都大运会"],
    "ledger": ["ledger"],
    "check": ["check"],
}
EXIT = {"monthly": 0, "event": 0, "ledger": 0, "check": 3}   # check: the fixture rejects a row

# (raw value as written in the fixture, its masked form)
IDS = [
    ("370102198001011234", "370102********1234"),
    ("37010219800101123X", "370102********123X"),
    ("370102 19800101 5678", "370102 ******** 5678"),
    ("370102-19850505-4321", "370102-********-4321"),
    ("370102 1990 0202 2468", "370102 **** **** 2468"),
    ("370102800101123", "370102*****1123"),
    ("370102200001011111", "370102********1111"),        # in the rejected row
]
MOBILES = [
    ("13912345678", "139****5678"),
    ("139-2345-6789", "139-****-6789"),
    ("139 3456 7890", "139 **** 7890"),
    ("+8613945678901", "+86139****8901"),
    ("+86 139 5678 9012", "+86 139 **** 9012"),
    ("8613967890123", "86139****0123"),
    ("86-13978901234", "86-139****1234"),
    ("１３９８９０１２３４５", "１３９****２３４５"),
    ("(+86)13990123456", "(+86)139****3456"),
    ("13800138000", "138****8000"),                      # inside a 责任单位
    ("15866661234", "158****1234"),                      # the rejected row
    ("186 0531 0042", "186 **** 0042"),
    ("13711112222", "137****2222"),
]
LANDLINES = [
    ("0531-88886666", "0531-****6666"),
    ("010-62345678", "010-****5678"),
    ("(0531)86661234", "(0531)****1234"),
    ("0531 8777 6543", "0531 **** 6543"),
    ("０５３１-８２２２３３３３", "０５３１-****３３３３"),
    ("0531-83334444", "0531-****4444"),                  # the rejected row
]
NAMES = [
    ("张建国", "张**"), ("欧阳娜娜", "欧阳**"), ("李四", "李*"), ("王小五", "王**"),
    ("阿卜杜·艾尼", "阿*****"), ("孙丽", "孙*"), ("刘　备", "刘*"),   # padded with U+3000
    ("赵铁柱", "赵**"), ("钱多多", "钱**"),            # 责任人 / 责任领导 of the rejected row
]
SEPARATORS = str.maketrans("", "", " \t\r\n\u00a0\u3000-()+_")


def fold(text):
    """Full-width digits and brackets folded (NFKC), white space and separators removed."""
    return unicodedata.normalize("NFKC", text).translate(SEPARATORS)


def leak_keys(raw, kind):
    """What must not appear in the folded outputs: the whole number, and for phones the
    national number and for landlines the subscriber number alone."""
    digits = fold(raw)
    keys = {digits}
    if kind == "mobile":
        keys.add(digits[-11:])
    elif kind == "landline":
        keys.add(digits[-8:] if len(digits) >= 11 else digits[-7:])
    return keys


def output_texts(out):
    """{label: text} of every output: file names, PDF text, XLSX and DOCX parts, CSV, JSON, .txt."""
    texts = {"(file names)": "\n".join(sorted(
        os.path.relpath(os.path.join(root, n), out)
        for root, dirs, files in os.walk(out) for n in dirs + files))}
    for root, _, files in os.walk(out):
        for name in files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, out)
            if name.endswith(".pdf"):
                texts[rel] = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"],
                                            capture_output=True, text=True, check=True).stdout
            elif name.endswith((".xlsx", ".docx")):
                with zipfile.ZipFile(path) as z:
                    for part in z.namelist():
                        texts[rel + ":" + part] = z.read(part).decode("utf-8", "replace")
            else:
                with open(path, encoding="utf-8-sig", errors="replace") as f:
                    texts[rel] = f.read()
    return texts


class PiiEverywhere(unittest.TestCase):
    job = None

    def run_job(self, mask):
        tmp = tempfile.mkdtemp(prefix="rd-pii-%s-" % self.job)
        self.addCleanup(shutil.rmtree, tmp, True)
        inputs = os.path.join(tmp, "in")
        os.mkdir(inputs)
        shutil.copy(LEDGER, os.path.join(inputs, "隐私社区.csv"))
        out = os.path.join(tmp, "out")
        args = [RISKDOC] + JOBS[self.job] + ["--config", CONFIG, "--report-date", "2024-05-31",
                                             "--quiet", "-o", out] + (["--mask-pii"] if mask else [])
        p = subprocess.run(args + [inputs], cwd=SRC, capture_output=True, text=True, timeout=600)
        self.assertEqual(p.returncode, EXIT[self.job], p.stderr[-3000:])
        texts = output_texts(out)
        self.assertIn("rejects.csv", texts)
        self.assertIn("summary.json", texts)
        if self.job != "check":
            self.assertTrue(any(k.endswith(".pdf") for k in texts), "no PDF written")
        return texts

    def test_nothing_leaks(self):
        with open(LEDGER, encoding="utf-8") as f:
            fixture = f.read()
        secrets = ([(r, m, "id") for r, m in IDS] + [(r, m, "mobile") for r, m in MOBILES] +
                   [(r, m, "landline") for r, m in LANDLINES] + [(r, m, "name") for r, m in NAMES])
        self.assertGreaterEqual(len(secrets), 27)
        for raw, _, _ in secrets:
            self.assertIn(raw, fixture, "the fixture holds every form")

        plain = output_texts_folded(self.run_job(mask=False))
        masked_texts = self.run_job(mask=True)
        masked = output_texts_folded(masked_texts)
        joined = "\n".join(masked.values())
        shown = 0
        for raw, masked_form, kind in secrets:
            keys = leak_keys(raw, kind) if kind != "name" else {fold(raw)}
            for label, text in masked.items():
                for key in keys:
                    self.assertNotIn(key, text, "%s leaks %s (%s)" % (label, raw, key))
            if any(k in t for k in keys for t in plain.values()):
                shown += 1
                # file names turn * into _: the masked form is in the documents' text; a
                # PDF table cell may interleave a country code with the next column's text
                core = fold(masked_form)[-11:] if kind == "mobile" else fold(masked_form)
                self.assertIn(core, joined, "masked form of %s not shown" % raw)
        # the unmasked run shows (nearly) all of them: the search above could fail
        least = {"check": 7, "event": 25}.get(self.job, 30)
        self.assertGreaterEqual(shown, least, "values the unmasked run shows")


def output_texts_folded(texts):
    return {label: fold(text) for label, text in texts.items()}


def main():
    job = sys.argv[1] if len(sys.argv) > 1 else "monthly"
    sys.argv[1:] = []
    cls = type("PiiEverywhere_" + job, (PiiEverywhere,), {"job": job})
    suite = unittest.TestSuite([cls("test_nothing_leaks")])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
