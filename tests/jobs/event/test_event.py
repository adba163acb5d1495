"""riskdoc event end to end: 通知.pdf lists exactly the open rows of the fixtures (expected set
computed from fixtures/2024-05/manifest.json, independently of the program), numbered 1..N
continuously, categories in taxonomy order, each item followed by its 责任部门 line; one 交办单 per
unit with open rows, each stating its item count; summary.json pages and sha256; --jobs 1 and
--jobs 2 give identical bytes; hostile unit names stay inside 交办单/ with safe, unique names.
Usage: test_event.py [all|hostile]"""
import configparser
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

RISKDOC = os.environ["RISKDOC"]
SRC = os.environ["RISKDOC_SOURCE_DIR"]
BASE = [RISKDOC, "event", "--config", "templates/office.example.ini", "--event", "成都大运会",
        "--report-date", "2024-05-31", "--quiet"]
RESOLVED = {"已化解", "已销号"}
LEVEL_RANK = {"高": 0, "中": 1, "低": 2}
CN_NUM = "一二三四五六七八九十"


def run(args, out):
    p = subprocess.run(BASE + args + ["-o", out], cwd=SRC, capture_output=True, text=True)
    if p.returncode != 0:
        raise AssertionError("riskdoc event exited %d:\n%s" % (p.returncode, p.stderr[-3000:]))
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        return json.load(f)


def pdf_text(path):
    """The PDF's text with page numbers and all white space removed."""
    text = subprocess.run(["pdftotext", "-raw", path, "-"], capture_output=True, text=True,
                          check=True).stdout
    text = re.sub(r"—\s*\d+\s*—", "", text)
    return re.sub(r"\s+", "", text)


def taxonomy_order():
    cp = configparser.ConfigParser()
    cp.read(os.path.join(SRC, "templates/taxonomy/seven-classes.ini"), encoding="utf-8")
    return [(s, cp[s]["display"]) for s in cp.sections() if s != "taxonomy"]


def units_of(row):
    units = [row["lead_unit"]]
    for u in row["support_units"]:
        if u not in units:
            units.append(u)
    return units


def expected_open_rows():
    with open(os.path.join(SRC, "fixtures/2024-05/manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    order = {name: i for i, (name, _) in enumerate(taxonomy_order())}
    rows = [r for r in manifest["rows"]
            if r["disposition"] == "used" and r["status"] not in RESOLVED]
    # the program's order: category, level (高 first), community, file, line (byte order)
    rows.sort(key=lambda r: (order[r["category"]], LEVEL_RANK[r["level"]],
                             r["community"].encode(), ("fixtures/2024-05/" + r["file"]).encode(),
                             r["line"]))
    return rows


class EventFixtures(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="rd-event-")
        cls.out1 = os.path.join(cls.tmp, "j1")
        cls.out2 = os.path.join(cls.tmp, "j2")
        cls.summary1 = run(["--jobs", "1", "fixtures/2024-05"], cls.out1)
        cls.summary2 = run(["--jobs", "2", "fixtures/2024-05"], cls.out2)
        cls.expected = expected_open_rows()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_notice_lists_exactly_the_open_rows(self):
        text = pdf_text(os.path.join(self.out1, "通知.pdf"))
        self.assertIn("关于印发《济南市历城区人民政府全福街道办事处影响成都大运会维稳安保突出风险隐患及责任清单》的通知",
                      text)
        start = text.index("一、风险隐患及责任清单")
        end = text.index("二、工作要求")
        body = text[start + len("一、风险隐患及责任清单"):end]
        # split into categories by their headings （一）…
        displays = [d for _, d in taxonomy_order()]
        heads = list(re.finditer("（([%s]+)）(%s)" % (CN_NUM, "|".join(map(re.escape, displays))), body))
        expected_cats = []
        for r in self.expected:
            d = dict(taxonomy_order())[r["category"]]
            if not expected_cats or expected_cats[-1] != d:
                expected_cats.append(d)
        self.assertEqual([h.group(2) for h in heads], expected_cats, "categories in taxonomy order")
        self.assertEqual([h.group(1) for h in heads], [CN_NUM[i] for i in range(len(heads))])
        got = []   # (category display, number, 责任部门 line)
        for i, h in enumerate(heads):
            part = body[h.end():heads[i + 1].start() if i + 1 < len(heads) else len(body)]
            for m in re.finditer(r"(\d+)\.(.*?)责任部门：([^0-9（]*)", part):
                got.append((h.group(2), int(m.group(1)), m.group(3)))
        self.assertEqual([n for _, n, _ in got], list(range(1, len(self.expected) + 1)),
                         "items numbered 1..N continuously")
        want = [(dict(taxonomy_order())[r["category"]], i + 1, "、".join(units_of(r)))
                for i, r in enumerate(self.expected)]
        self.assertEqual(got, want, "each open row, in order, with its 责任部门")

    def test_one_unit_notice_per_unit_with_open_rows(self):
        counts = {}
        for r in self.expected:
            for u in units_of(r):
                counts[u] = counts.get(u, 0) + 1
        files = sorted(os.listdir(os.path.join(self.out1, "交办单")))
        # each 交办单 as PDF, as DOCX to edit, and its source
        self.assertEqual(files, sorted(u + ext for u in counts for ext in (".pdf", ".docx", ".txt")))
        for unit, n in counts.items():
            text = pdf_text(os.path.join(self.out1, "交办单", unit + ".pdf"))
            self.assertIn(unit + "：", text)
            self.assertIn("共%d项" % n, text, unit)
            # a work sheet, not a 公文: neither the red 版头 nor the notice's 发文字号
            self.assertNotIn("办事处文件", text, unit)
            self.assertNotIn("〔", text, unit)
            self.assertTrue(text.endswith("济南市历城区人民政府全福街道办事处2024年5月31日"),
                            "signed and dated by the office: " + unit)
        notice = pdf_text(os.path.join(self.out1, "通知.pdf"))
        self.assertIn("办事处文件", notice, "the notice keeps its 版头")
        self.assertRegex(notice, r"济历城全办发〔2024〕\d+号")
        unit_outputs = [o["path"] for o in self.summary1["outputs"] if o["kind"] == "unit-notice-pdf"]
        self.assertEqual(unit_outputs, ["交办单/%s.pdf" % u for u in sorted(counts, key=str.encode)],
                         "summary.json lists the 交办单 sorted by unit")

    def test_summary_pages_and_sha256(self):
        kinds = [o["kind"] for o in self.summary1["outputs"]]
        self.assertIn("notice-pdf", kinds)
        for o in self.summary1["outputs"]:
            path = os.path.join(self.out1, o["path"])
            with open(path, "rb") as f:
                self.assertEqual(hashlib.sha256(f.read()).hexdigest(), o["sha256"], o["path"])
            self.assertEqual(os.stat(path).st_mode & 0o777, 0o600, o["path"])
            if o["path"].endswith(".pdf"):
                info = subprocess.run(["pdfinfo", path], capture_output=True, text=True,
                                      check=True).stdout
                pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
                self.assertEqual(pages, o["pages"], o["path"])
                self.assertGreater(pages, 0)
        self.assertTrue(self.summary1["extra"]["fonts"], "fonts recorded")

    def test_unit_notice_size(self):
        """Issue 12: a 交办单 of a few pages (one unit's list) ≤ 80 KB with the Noto faces
        (fonts cut to their glyphs, CFF hints dropped where nothing is drawn below 五号, the
        dictionaries in object streams)."""
        fonts = subprocess.run(["pdffonts", os.path.join(self.out1, "通知.pdf")],
                               capture_output=True, text=True, check=True).stdout
        if "NotoSerifCJK" not in fonts:
            self.skipTest("the sizes are measured with the Noto CJK faces; other fonts are drawn")
        sizes = []
        for o in self.summary1["outputs"]:
            if o["kind"] == "unit-notice-pdf" and o["pages"] <= 4:
                sizes.append((os.path.getsize(os.path.join(self.out1, o["path"])), o["path"]))
        self.assertGreaterEqual(len(sizes), 3, "the fixtures have short 交办单")
        for size, path in sizes:
            self.assertLessEqual(size, 80000, "%s: %d bytes" % (path, size))

    def test_jobs_1_and_2_identical(self):
        self.assertEqual(self.summary1["outputs"], self.summary2["outputs"])
        for o in self.summary1["outputs"]:
            with open(os.path.join(self.out1, o["path"]), "rb") as a, \
                 open(os.path.join(self.out2, o["path"]), "rb") as b:
                self.assertEqual(a.read(), b.read(), o["path"])


class HostileNames(unittest.TestCase):
    def test_hostile_unit_names(self):
        tmp = tempfile.mkdtemp(prefix="rd-event-hostile-")
        try:
            inp = os.path.join(tmp, "in")
            os.mkdir(inp)
            long_name = "长" * 200
            header = ("风险编号,登记日期,网格名称,涉稳类别,问题类型,涉稳事项,基本情况,预警等级,办结情况,"
                      "牵头单位,协办单位,分管领导,稳控责任人,工作措施,涉事人数,办结时限,办结日期,备注\n")
            rows = [("H1", "社会矛盾", "高", "未化解", "../../x", "a\\b"),
                    ("H2", "政治安全", "中", "化解中", "a_b", long_name),
                    ("H3", "政治安全", "低", "未化解", ".hidden", "A_B"),
                    ("H4", "政治安全", "低", "已化解", "已化解单位", "")]
            with open(os.path.join(inp, "测试社区.csv"), "w", encoding="utf-8") as f:
                f.write(header)
                for rid, cat, level, status, lead, support in rows:
                    f.write("%s,2024-05-01,第1网格,%s,舆情,风险%s,情况。,%s,%s,%s,%s,张三,李四,措施,1,2024-06-30,,\n"
                            % (rid, cat, rid, level, status, lead, support))
            out = os.path.join(tmp, "out")
            p = subprocess.run(BASE + [inp, "-o", out], cwd=SRC, capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
                summary = json.load(f)
            unit_dir = os.path.realpath(os.path.join(out, "交办单"))
            paths = [o["path"] for o in summary["outputs"]
                     if o["kind"] in ("unit-notice-pdf", "unit-notice-docx", "unit-notice-source")]
            # nothing written outside the output folder
            self.assertEqual(sorted(os.listdir(tmp)), ["in", "out"])
            self.assertEqual(sorted(os.listdir(inp)), ["测试社区.csv"])
            names = sorted(os.listdir(unit_dir))
            self.assertEqual(sorted(os.path.basename(p) for p in paths), names)
            for path in paths:
                real = os.path.realpath(os.path.join(out, path))
                self.assertEqual(os.path.dirname(real), unit_dir, path)
            for n in names:
                self.assertFalse(n.startswith("."), n)
                self.assertNotIn("/", n)
                self.assertNotIn("\\", n)
                self.assertLessEqual(len(n.encode()), 255, n)
                self.assertFalse(any(ord(c) < 32 for c in n), n)
            self.assertEqual(len({n.casefold() for n in names}), len(names), "unique names")
            self.assertNotIn("已化解单位.pdf", names, "no 交办单 for a unit without open rows")
            # a\b, a_b and A_B collide once made safe: a visible suffix tells them apart
            self.assertEqual(len([n for n in names if n.casefold().startswith("a_b") and n.endswith(".pdf")]), 3)
            self.assertTrue(any(re.fullmatch(r"a_b_\d\.pdf", n, re.I) for n in names), names)
            self.assertTrue(any(n.startswith("长" * 40) for n in names), "long name kept, cut")
            self.assertIn("x.pdf", names)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    sys.argv[1:] = []
    classes = {"all": [EventFixtures, HostileNames], "fixtures": [EventFixtures],
               "hostile": [HostileNames]}[which]
    suite = unittest.TestSuite(unittest.defaultTestLoader.loadTestsFromTestCase(c) for c in classes)
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
