"""Any character in, no crash out (issue 9 item 4), end to end.

A U+202E (RIGHT-TO-LEFT OVERRIDE) in a 社区, 风险隐患, 具体情况, 责任单位 or 责任领导 cell (and
other zero-width and bidi controls, and Arabic and Hebrew words) used to abort every
document job on a Pango assertion; a 标题 of 201 characters or an --event name of ~128
overflowed the title breaker. Each job here runs on such a ledger with an office profile
whose names make every title over 200 characters (event: --event names of 130 and 200), and
`riskdoc typeset` on a document with a 201-character 标题: exit 0, every PDF readable with as
many pages as summary.json says, no control character in the PDF text, the cell texts and
the whole title printed, no temporary file left.
Usage: test_hostile_jobs.py monthly|event|ledger|check|typeset"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import json

RISKDOC = os.environ["RISKDOC"]
SRC = os.environ["RISKDOC_SOURCE_DIR"]
CONFIG = os.path.join(SRC, "templates", "office.example.ini")
RLO, LRE, ZWSP, ZWJ, RLI, PDI, BOM = "\u202e", "\u202a", "\u200b", "\u200d", "\u2067", "\u2069", "\ufeff"
# the controls the ledger holds (pdftotext itself wraps right-to-left words in U+202B/U+202C)
CONTROLS = re.compile("[\u200b\u200d\u202a\u202e\u2067\u2069\ufeff]")
HEADER = "编号,社区,风险类别,风险隐患,具体情况,风险等级,责任单位,配合单位,责任领导,责任人,排查日期,完成时限,化解状态,备注\n"
# (社区, 风险隐患, 具体情况, 责任单位, 责任领导): one control per cell, then all at once
ROWS = [
    ("甲" + RLO + "社区", "欠薪纠纷", "情况说明一。", "综治中心", "李主任"),
    ("甲社区", "邻里" + RLO + "纠纷", "情况说明二。", "综治中心", "李主任"),
    ("甲社区", "出租房隐患", "情况" + RLO + "说明三" + ZWSP + "。", "综治中心", "李主任"),
    ("甲社区", "预付卡退费", "情况说明四。", "市场" + RLO + "监管所", "李主任"),
    ("甲社区", "重点人员稳控", "情况说明五。", "综治中心", "王" + RLO + "书记"),
    ("乙" + RLI + "社区" + PDI, "网络" + LRE + "谣言" + BOM, "含阿拉伯文 العربية 与希伯来文 עברית。",
     "劳动" + ZWJ + "保障中心" + RLO, RLO + "赵主任"),
]
SHOWN = ["甲社区", "欠薪纠纷", "邻里纠纷", "情况说明三。", "市场监管所", "王书记", "乙社区", "网络谣言",
         "劳动保障中心"]
LONG_SHORT = "长" * 190                     # office short name: every title > 200 characters
LONG_EVENTS = ["大" * 130, "运" * 200]
JOBS = {
    "monthly": [["monthly", "--period", "2024-05"]],
    "event": [["event", "--event", e] for e in LONG_EVENTS],
    "ledger": [["ledger"]],
    "check": [["check"]],
}


def pdf_pages(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def pdf_text(path):
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", path, "-"], capture_output=True,
                          text=True, check=True).stdout
    # without white space (cells and titles wrap) and page numbers (a title may go on)
    return re.sub(r"—\d+—|\f", "", re.sub(r"[ \t\r\n]+", "", text))


class HostileJobs(unittest.TestCase):
    job = None

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="rd-hostile-%s-" % self.job)
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def profile(self):
        """The example profile with names long enough for titles over 200 characters."""
        with open(CONFIG, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"^short_name=.*$", "short_name=" + LONG_SHORT, text, flags=re.M)
        text = re.sub(r"^name=.*$", "name=" + LONG_SHORT + RLO + "街道办事处", text, flags=re.M)
        path = os.path.join(self.tmp, "office.ini")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def ledger(self):
        folder = os.path.join(self.tmp, "in")
        os.mkdir(folder)
        with open(os.path.join(folder, "测试社区.csv"), "w", encoding="utf-8") as f:
            f.write(HEADER)
            for i, (community, title, detail, unit, leader) in enumerate(ROWS):
                f.write('H%d,"%s",社会矛盾,"%s","%s",高,"%s",,"%s",张三,2024-05-02,2024-06-30,未化解,\n'
                        % (i, community, title, detail, unit, leader))
        return folder

    def check_folder(self, out):
        for root, _, files in os.walk(out):
            for name in files:
                self.assertFalse(name.endswith(".tmp") or name.startswith(".riskdoc"),
                                 "temporary file left: " + name)
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            summary = json.load(f)
        self.assertEqual(summary["rows"]["used"], len(ROWS), "every row used")
        texts = {}
        for o in summary["outputs"]:
            if o["path"].endswith(".pdf"):
                path = os.path.join(out, o["path"])
                self.assertEqual(pdf_pages(path), o["pages"], o["path"])
                self.assertGreater(o["pages"], 0)
                texts[o["path"]] = pdf_text(path)
        for path, text in texts.items():
            self.assertIsNone(CONTROLS.search(text), "a control character printed in " + path)
        return summary, texts

    def test_job(self):
        config, inputs = self.profile(), self.ledger()
        for n, args in enumerate(JOBS[self.job]):
            out = os.path.join(self.tmp, "out%d" % n)
            p = subprocess.run([RISKDOC] + args + ["--config", config, "--report-date", "2024-05-31",
                                                   "--quiet", "-o", out, inputs],
                               cwd=SRC, capture_output=True, text=True, timeout=600)
            self.assertEqual(p.returncode, 0, p.stderr[-3000:])
            summary, texts = self.check_folder(out)
            # controls are dropped as cells are read: 甲<RLO>社区 is 甲社区, not a second
            # community printing the same, and no file name or summary value carries one
            self.assertEqual(summary["rows"]["used"], len(ROWS))
            with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
                self.assertIsNone(CONTROLS.search(f.read()), "a control in summary.json")
            for root, dirs, files in os.walk(out):
                for name in dirs + files:
                    self.assertIsNone(CONTROLS.search(name), "a control in a file name: " + name)
            if self.job == "monthly":
                self.assertEqual(sorted(c["community"] for c in summary["by_community"]),
                                 ["乙社区", "甲社区"])
            if self.job == "check":
                continue
            joined = "".join(texts.values())
            self.assertIn(LONG_SHORT[:20], joined)
            if self.job == "event":
                event = args[args.index("--event") + 1]
                (notice,) = [t for p, t in texts.items() if "/" not in p]
                self.assertIn(event, notice, "the whole event name in the title")
                # (file names are made by output.c's rd_safe_filename, outside the model)
                self.assertIn("市场监管所", CONTROLS.sub("", "".join(texts)), "交办单 of the unit")
            # the notice of monthly names communities only; the event's documents no 责任领导
            # the ledger joins a record's parts with ；, so a 具体情况 loses its closing 。
            shown = {"monthly": [s for s in SHOWN if s.endswith("社区")],
                     "event": [s for s in SHOWN if s != "王书记"],
                     "ledger": [s.rstrip("。") + "；" if s.endswith("。") else s for s in SHOWN],
                     }.get(self.job, SHOWN)
            for s in shown:
                self.assertIn(s, joined, "%s not printed" % s)


class HostileTypeset(unittest.TestCase):
    def test_long_title_and_controls(self):
        tmp = tempfile.mkdtemp(prefix="rd-hostile-typeset-")
        self.addCleanup(shutil.rmtree, tmp, True)
        title = "关于" + "综治中心" * 49 + "通知的"      # 201 characters
        self.assertEqual(len(title), 201)
        doc = os.path.join(tmp, "doc.txt")
        with open(doc, "w", encoding="utf-8") as f:
            f.write("---\n标题: %s\n成文日期: 2024-05-20\n主送: 各%s社区\n---\n"
                    "正文有%s反向%s字符和 العربية。\n| 社区 | 单位 |\n| 甲%s社区 | 综治%s中心 |\n"
                    % (title[:10] + RLO + title[10:], RLO, RLO, ZWSP, RLO, RLI))
        pdf = os.path.join(tmp, "doc.pdf")
        p = subprocess.run([RISKDOC, "typeset", "--quiet", "-o", pdf, doc], capture_output=True,
                           text=True, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr[-3000:])
        self.assertGreaterEqual(pdf_pages(pdf), 1)
        text = pdf_text(pdf)
        self.assertIn(title, text, "the whole title, in order")
        self.assertIn("正文有反向字符和", text)
        self.assertIsNone(CONTROLS.search(text))
        self.assertEqual(sorted(os.listdir(tmp)), ["doc.pdf", "doc.txt"], "no temporary file")


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else "monthly"
    sys.argv[1:] = []
    if which == "typeset":
        suite = unittest.TestSuite([HostileTypeset("test_long_title_and_controls")])
    else:
        cls = type("HostileJobs_" + which, (HostileJobs,), {"job": which})
        suite = unittest.TestSuite([cls("test_job")])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
