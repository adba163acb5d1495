"""What every job (monthly, event, ledger) must do, issue 5 "For every job", on fixtures/2024-05:
- reproducible: two runs into two folders (the second with another TZ and --jobs) give
  byte-identical files, every file including summary.json, the XLSX and every 交办单;
- permissions: a folder riskdoc makes (and 交办单/) 0700, every file 0600, no temporary file
  left, also under umask 0; an existing (empty) 0755 folder keeps its mode; a job whose
  writes fail (a file size limit) exits 1, names the file and the OS error, and leaves
  neither a folder nor a temporary file behind;
- --strict on the fixtures (they hold rejected rows): exit 3 and no PDF/XLSX written;
- --mask-pii: no 18-digit ID-card number nor 11-digit mobile number of the inputs survives in
  any output (PDF text, XLSX cells, CSV/JSON text), and the masked forms (first 6 + last 4 of
  an ID, middle 4 of a phone hidden) appear in the documents instead;
- hostile community and unit names (`../../x`, `a/b`, 200 characters, a control character):
  nothing written outside the output folder, safe file names, exit 0, names still shown;
- summary.json lists exactly the files on disk, each with kind, path, pages and sha256.
Usage: test_every_job.py [monthly|event|ledger|all][:repro|strict|mask|hostile]"""
import glob
import os
import re
import shutil
import sys
import tempfile
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rdjobs  # noqa: E402

JOBS = {
    "monthly": ["monthly", "--period", "2024-05", "--previous", rdjobs.PREVIOUS],
    "event": ["event", "--event", "成都大运会", "--jobs", "2"],
    "ledger": ["ledger"],
}
KINDS = {"notice-pdf", "notice-docx", "notice-source", "list-xlsx", "unit-notice-pdf", "unit-notice-docx",
         "unit-notice-source", "ledger-pdf", "ledger-source", "rejects-csv"}
# file names of the main documents (templates' wording; used to block the output path)
MAIN_NAME = {"monthly": "通报.pdf", "event": "通知.pdf", "ledger": "台账.pdf"}
MAIN_PDF = {"monthly": "notice-pdf", "event": "notice-pdf", "ledger": "ledger-pdf"}
ID_RE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
PHONE_RE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def id_check(first17):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * k for c, k in zip(first17, w)) % 11]


def idno(first17):
    return first17 + id_check(first17)


IDS = [idno("37010219800101123"), idno("37011219920315456"), idno("11010519751231002")]
PHONES = ["13912345678", "18605310042", "15866661234"]
HEADER = "编号,社区,风险类别,风险隐患,具体情况,风险等级,责任单位,配合单位,责任人,排查日期,完成时限,化解状态,备注\n"


def mask_id(s):
    return s[:6] + "*" * 8 + s[-4:]


def mask_phone(s):
    return s[:3] + "****" + s[-4:]


def output_texts(out):
    """(path, text) of every output file: PDF text (white space removed: cells wrap), XLSX
    cells (openpyxl) plus the raw XML parts, CSV/JSON as text."""
    import openpyxl
    for path in sorted(glob.glob(os.path.join(out, "**", "*"), recursive=True)):
        if os.path.isdir(path):
            continue
        if path.endswith(".pdf"):
            yield path, rdjobs.pdf_text(path)
        elif path.endswith(".xlsx"):
            wb = openpyxl.load_workbook(path)
            cells = [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                     for v in row if v is not None]
            with zipfile.ZipFile(path) as z:
                raw = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
            yield path, "\n".join(cells) + "\n" + raw
        elif path.endswith(".docx"):
            with zipfile.ZipFile(path) as z:
                yield path, "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                                    if n.endswith(".xml"))
        else:
            with open(path, encoding="utf-8-sig") as f:
                yield path, f.read()


def read_any(path):
    with open(path, "rb") as f:
        data = f.read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    raise AssertionError("cannot decode " + path)


class EveryJob(unittest.TestCase):
    job = None   # set by the subclasses made in main()

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="rd-every-%s-" % self.job)
        self.addCleanup(self.tmp.cleanup)

    def run_job(self, out, inputs=(rdjobs.FIXTURES,), extra=(), env=None, expect=0, umask=None,
                file_limit=None):
        args = JOBS[self.job] + ["--config", rdjobs.CONFIG, "--report-date", "2024-05-31",
                                 "--quiet", "-o", out, *extra, *inputs]
        if env or umask is not None or file_limit:
            import subprocess

            def before_exec():
                if umask is not None:
                    os.umask(umask)
                if file_limit:
                    rdjobs.limit_file_size(file_limit)
            p = subprocess.run([rdjobs.RISKDOC] + args, cwd=rdjobs.SRC, capture_output=True,
                               text=True, timeout=300, env=dict(os.environ, **(env or {})),
                               preexec_fn=before_exec)
        else:
            p = rdjobs.riskdoc(args)
        self.assertEqual(p.returncode, expect, "riskdoc %s: %s" % (" ".join(args), p.stderr[-3000:]))
        return p

    def summary(self, out):
        return rdjobs.load_json(os.path.join(out, "summary.json"))

    # ---- summary.json == the files on disk -----------------------------------------------------
    def check_outputs_listed(self, out):
        s = self.summary(out)
        listed = {}
        for o in s["outputs"]:
            self.assertEqual(set(o), {"kind", "path", "pages", "sha256"}, o)
            self.assertIn(o["kind"], KINDS, o)
            self.assertNotIn(o["path"], listed, "listed twice")
            path = os.path.join(out, o["path"])
            self.assertEqual(os.path.realpath(path), os.path.join(os.path.realpath(out), o["path"]),
                             "path relative to the output folder: " + o["path"])
            self.assertTrue(os.path.isfile(path), o["path"])
            self.assertEqual(o["sha256"], rdjobs.sha256(path), o["path"])
            if o["path"].endswith(".pdf"):
                self.assertEqual(o["pages"], rdjobs.pdf_pages(path), o["path"])
                self.assertGreater(o["pages"], 0, o["path"])
            listed[o["path"]] = o["kind"]
        on_disk = [p for p in rdjobs.tree(out) if not p.endswith("/") and p != "summary.json"]
        self.assertEqual(sorted(listed), on_disk, "summary.json lists exactly the files on disk")
        self.assertIn(MAIN_PDF[self.job], listed.values())
        self.assertIn("rejects-csv", listed.values())
        if self.job != "ledger":
            self.assertIn("list-xlsx", listed.values())
        if self.job == "event":
            self.assertIn("unit-notice-pdf", listed.values())
        return s

    def check_permissions(self, out, folder_mode=0o700):
        self.assertEqual(os.stat(out).st_mode & 0o777, folder_mode, out)
        for rel in rdjobs.tree(out):
            mode = os.stat(os.path.join(out, rel)).st_mode & 0o777
            self.assertEqual(mode, 0o700 if rel.endswith("/") else 0o600, rel)
            name = os.path.basename(rel.rstrip("/"))
            self.assertFalse(name.startswith(".") or name.endswith((".tmp", "~"))
                             or re.search(r"\.(tmp|part)\b|XXXXXX", name),
                             "temporary file left behind: " + rel)

    def test_reproducible_permissions_and_summary(self):
        out1 = os.path.join(self.tmp.name, "run1")
        out2 = os.path.join(self.tmp.name, "second-run")
        self.run_job(out1, env={"TZ": "Asia/Shanghai"})
        # the second run: another time zone, another --jobs, a permissive umask, and an
        # output folder that already exists with mode 0755
        os.mkdir(out2, 0o755)
        os.chmod(out2, 0o755)
        self.run_job(out2, env={"TZ": "America/New_York"}, umask=0,
                     extra=["--jobs", "1"] if self.job == "event" else [])
        self.check_outputs_listed(out1)
        self.check_permissions(out1)
        self.check_permissions(out2, folder_mode=0o755)   # the user's folder keeps its mode
        files1, files2 = rdjobs.tree(out1), rdjobs.tree(out2)
        self.assertEqual(files1, files2, "same files")
        differ = []
        for rel in files1:
            if rel.endswith("/"):
                continue
            with open(os.path.join(out1, rel), "rb") as a, open(os.path.join(out2, rel), "rb") as b:
                if a.read() != b.read():
                    differ.append(rel)
        self.assertEqual(differ, [], "files that differ between two runs")

    def test_strict_writes_no_document(self):
        out = os.path.join(self.tmp.name, "strict")
        p = self.run_job(out, extra=["--strict"], expect=3)
        self.assertTrue(p.stderr, "says why")
        docs = [p for p in (rdjobs.tree(out) if os.path.exists(out) else [])
                if p.endswith((".pdf", ".xlsx", ".docx", ".txt"))]
        self.assertEqual(docs, [], "--strict with rejected rows wrote documents")
        self.assertEqual(sorted(os.listdir(self.tmp.name)), [] if not os.path.exists(out)
                         else ["strict"])

    def test_failure_leaves_no_file_behind(self):
        """Writes fail (RLIMIT_FSIZE, SIGXFSZ ignored: write() returns EFBIG): exit 1, the
        message names the file that could not be written and the OS error, and nothing is
        left: no output folder, no staging folder, no temporary or lock file (interface.md:
        no file under a final name that is not complete)."""
        out = os.path.join(self.tmp.name, "fail")
        # the second limit lies below the largest document of every job with the fixtures
        # (通报 188 KB, 通知 241 KB, 台账 387 KB since fonts are cut to their glyphs)
        for limit in (20_000, 150_000):
            p = self.run_job(out, expect=1, file_limit=limit)
            # riskdoc's own lines (libxlsxwriter prints its own [ERROR] lines too)
            ours = "\n".join(l for l in p.stderr.splitlines() if l.startswith("riskdoc"))
            self.assertRegex(ours, r"无法写入 \S*%s/\S+：File too large" % re.escape(out), p.stderr)
            self.assertNotRegex(ours, r"\.riskdoc-", "the message names the final file")
            self.assertEqual(os.listdir(self.tmp.name), [], "left behind (limit %d)" % limit)

    # ---- --mask-pii ---------------------------------------------------------------------------
    def test_mask_pii(self):
        inputs = os.path.join(self.tmp.name, "in")
        shutil.copytree(rdjobs.FIXTURES, inputs, ignore=shutil.ignore_patterns("*.json"))
        with open(os.path.join(inputs, "隐私社区.csv"), "w", encoding="utf-8") as f:
            f.write(HEADER)
            f.write("P1,隐私社区,重点人员,重点人员稳控,当事人身份证号%s，联系电话%s。,高,综治中心,,王某,"
                    "2024-05-03,2024-06-30,未化解,家属电话%s\n" % (IDS[0], PHONES[0], PHONES[1]))
            f.write("P2,隐私社区,社会矛盾,欠薪纠纷,讨薪人%s（手机%s）多次到项目部。,中,劳动保障中心,综治中心,"
                    "李某,2024-05-04,2024-06-30,化解中,\n" % (IDS[1], PHONES[2]))
            f.write("P3,隐私社区,外星入侵,退回的行,身份证%s,高,综治中心,,赵某,2024-05-05,,未化解,\n"
                    % IDS[2])
        secrets = set()
        for path in glob.glob(os.path.join(inputs, "*.csv")):
            text = read_any(path)
            secrets |= set(ID_RE.findall(text)) | set(PHONE_RE.findall(text))
        self.assertTrue(set(IDS) | set(PHONES) <= secrets, "the inputs hold the numbers")
        out = os.path.join(self.tmp.name, "out")
        self.run_job(out, inputs=(inputs,), extra=["--mask-pii"])
        texts = dict(output_texts(out))
        self.assertTrue(texts)
        for path, text in texts.items():
            for secret in sorted(secrets):
                self.assertFalse(secret in text, "%s leaks %s" % (os.path.relpath(path, out), secret))
        joined = "\n".join(texts.values())
        # every row is in the outputs of monthly (XLSX) and ledger (PDF), so every number of
        # the inputs shows masked; the event lists open rows only: check the numbers we put in
        shown = secrets if self.job != "event" else set(IDS) | set(PHONES)
        for secret in sorted(shown):
            masked = mask_id(secret) if len(secret) == 18 else mask_phone(secret)
            self.assertTrue(masked in joined, "masked form %s of %s in no output" % (masked, secret))
        # where the originals were: the open rows' 具体情况 in the main document
        (main,) = [o["path"] for o in self.summary(out)["outputs"]
                   if o["kind"] == MAIN_PDF[self.job]]
        main_text = texts[os.path.join(out, main)]
        rows_in_main = {"monthly": False, "event": True, "ledger": True}[self.job]
        if rows_in_main:
            for s in (IDS[0], PHONES[0], IDS[1], PHONES[2]):
                masked = mask_id(s) if len(s) == 18 else mask_phone(s)
                self.assertTrue(masked in main_text, "%s not in %s" % (masked, main))
        rejects = texts[os.path.join(out, "rejects.csv")]
        self.assertTrue(mask_id(IDS[2]) in rejects, "the rejected row is masked in rejects.csv")

    # ---- hostile names --------------------------------------------------------------------------
    LONG = "长" * 200
    CTRL = "控\x07制"

    def hostile_run(self, rows):
        """rows: (id, community, category, lead unit); returns (out, inputs, {path: text})."""
        inputs = os.path.join(self.tmp.name, "in")
        os.mkdir(inputs)
        with open(os.path.join(inputs, "测试社区.csv"), "w", encoding="utf-8") as f:
            f.write(HEADER)
            for rid, community, category, unit in rows:
                f.write('%s,"%s",%s,风险%s,情况%s。,高,"%s",综治中心,张三,2024-05-02,2024-06-30,未化解,\n'
                        % (rid, community, category, rid, rid, unit))
        out = os.path.join(self.tmp.name, "out")
        self.run_job(out, inputs=(inputs,))
        self.assertEqual(sorted(os.listdir(self.tmp.name)), ["in", "out"], "nothing written beside")
        self.assertEqual(os.listdir(inputs), ["测试社区.csv"], "nothing written into the inputs")
        self.assertFalse(os.path.exists(os.path.join(self.tmp.name, "x")))
        real_out = os.path.realpath(out)
        for rel in rdjobs.tree(out):
            name = os.path.basename(rel.rstrip("/"))
            self.assertNotIn(name, ("", ".", ".."), rel)
            self.assertNotIn("\\", name, rel)
            self.assertLessEqual(len(name.encode()), 255, rel)
            self.assertFalse(any(ord(c) < 32 or ord(c) == 127 for c in name), repr(rel))
            self.assertNotIn("..", rel.split("/"), rel)
            self.assertTrue(os.path.realpath(os.path.join(out, rel)).startswith(real_out + "/"), rel)
        self.check_outputs_listed(out)
        self.check_permissions(out)
        return out, dict(output_texts(out))

    def assert_shown(self, texts, name, where):
        """name appears as text in some document (a control character may be dropped)."""
        pattern = "".join(re.escape(c) if ord(c) >= 32 else ".?" for c in name)
        docs = {p: t for p, t in texts.items() if p.endswith((".pdf", ".xlsx"))}
        if any(re.search(pattern, t) for t in docs.values()):
            return
        # a table row taller than a page continues on the next: the name may be cut there
        for path in docs:
            if not path.endswith(".pdf"):
                continue
            pages = [re.sub(r"\s+", "", p) for p in rdjobs.pdf_text(path, squeeze=False).split("\f")]
            for a, b in zip(pages, pages[1:]):
                for i in range(1, len(name)):
                    head = "".join(re.escape(c) if ord(c) >= 32 else ".?" for c in name[:i])
                    tail = "".join(re.escape(c) if ord(c) >= 32 else ".?" for c in name[i:])
                    if re.search(head, a) and re.search(tail, b):
                        return
        self.fail("%s %r not shown in any document" % (where, name[:20]))

    def test_hostile_community_names(self):
        names = ["../../x", "a/b", self.LONG, self.CTRL + "社区"]
        rows = [("C%d" % i, n, "社会矛盾", "综治中心") for i, n in enumerate(names)]
        out, texts = self.hostile_run(rows)
        if self.job != "event":   # the event documents do not name communities
            for n in names:
                self.assert_shown(texts, n, "community")

    def test_hostile_unit_names(self):
        # 责任单位 splits on / (domain.md): ../../x names the units .. and x
        units = ["../../x", "a\\b", self.LONG, self.CTRL + "单位", ".."]
        rows = [("U%d" % i, "甲社区", "政治安全", u) for i, u in enumerate(units)]
        out, texts = self.hostile_run(rows)
        for u in ["x", "a\\b", self.LONG, self.CTRL + "单位"]:
            self.assert_shown(texts, u, "unit")


ASPECTS = {"repro": ["test_reproducible_permissions_and_summary"],
           "strict": ["test_strict_writes_no_document", "test_failure_leaves_no_file_behind"],
           "mask": ["test_mask_pii"],
           "hostile": ["test_hostile_community_names", "test_hostile_unit_names"]}


def main():
    """argv[1]: JOB or JOB:ASPECT (repro, strict, mask, hostile) or all; one ctest per job and
    aspect keeps each under a minute even under the sanitizers on a 2-core box."""
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    sys.argv[1:] = []
    job, _, aspect = which.partition(":")
    jobs = list(JOBS) if job == "all" else [job]
    suite = unittest.TestSuite()
    for job in jobs:
        cls = type("EveryJob_" + job, (EveryJob,), {"job": job})
        names = ASPECTS[aspect] if aspect else [n for a in ASPECTS.values() for n in a]
        suite.addTests(cls(n) for n in names)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() and result.testsRun else 1)


if __name__ == "__main__":
    main()
