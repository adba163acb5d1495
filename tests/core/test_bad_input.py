"""Bad input through the real binary: every case gives its clear message (FILE:LINE:COLUMN),
its exit status, and never a crash (under the ASan build, a leak or error exits 99)."""
import os
import subprocess
import sys
import tempfile
import unittest

RISKDOC = os.environ["RISKDOC"]
SRC = os.environ["RISKDOC_SOURCE_DIR"]
CONFIG = os.path.join(SRC, "templates", "office.example.ini")
HEADER = "编号,社区,风险类别,风险隐患,具体情况,风险等级,责任单位,排查日期,完成时限,化解状态\n"
ROW = "{id},华信路社区,政治安全,邪教人员滋扰,{detail},高,综治中心,2024-05-02,2024-06-30,未化解\n"


def good_rows(n, start=1):
    return "".join(ROW.format(id=i, detail="情况说明") for i in range(start, start + n))


class BadInput(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path

    def run_riskdoc(self, *args):
        p = subprocess.run([RISKDOC, *args], capture_output=True, text=True, timeout=120)
        self.assertNotIn("AddressSanitizer", p.stderr, p.stderr)
        self.assertNotIn("runtime error", p.stderr, p.stderr)
        self.assertNotEqual(p.returncode, 99, "sanitizer failure:\n" + p.stderr)
        self.assertGreaterEqual(p.returncode, 0, "crashed with signal %d" % -p.returncode)
        return p

    def check(self, path):
        return self.run_riskdoc("check", "--config", CONFIG, "-o", os.path.join(self.dir, "out"), path)

    def assert_message(self, p, path, line, text):
        out = p.stdout + p.stderr
        prefix = "%s:%d:" % (path, line)
        hits = [l for l in out.splitlines() if l.startswith(prefix) and text in l]
        self.assertTrue(hits, "expected a line starting %r containing %r in:\n%s" % (prefix, text, out))
        # FILE:LINE:COLUMN: with a numeric column
        column = hits[0][len(prefix):].split(":", 1)[0]
        self.assertTrue(column.isdigit(), hits[0])

    def test_truncated_gb18030(self):
        data = (HEADER + good_rows(3)).encode("gb18030")
        data = data.rstrip(b"\n")[:-len("未化解".encode("gb18030")) + 1]   # cut inside 未
        path = self.write("截断.csv", data)
        p = self.check(path)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assert_message(p, path, 4, "截断")
        self.assertIn("字节偏移", p.stdout)

    def test_invalid_utf8_in_utf8_file(self):
        text = (HEADER + good_rows(12)).encode("utf-8")
        data = text + b"13,\xe5\x8d\x8e\xff\xfe,x\n"
        path = self.write("坏字节.csv", data)
        p = self.check(path)
        self.assertEqual(p.returncode, 1)
        self.assert_message(p, path, 14, "UTF-8 编码错误")

    def test_unterminated_quote_at_end(self):
        path = self.write("引号.csv", HEADER + good_rows(2) + '3,华信路社区,政治安全,"没有结束的引号,高\n更多内容\n')
        p = self.check(path)
        self.assertEqual(p.returncode, 3)
        self.assert_message(p, path, 4, "引号未闭合")
        with open(os.path.join(self.dir, "out", "rejects.csv"), encoding="utf-8-sig") as f:
            self.assertIn("引号未闭合", f.read())

    def test_one_megabyte_cell(self):
        path = self.write("长.csv", HEADER + good_rows(1) + ROW.format(id=2, detail="长" * 350000) + good_rows(1, 3))
        p = self.check(path)
        self.assertEqual(p.returncode, 3)
        self.assert_message(p, path, 3, "内容过长")
        self.assertIn("读取 3 行：使用 2 行，退回 1 行", p.stderr)

    def test_nul_byte(self):
        path = self.write("空字符.csv", (HEADER + good_rows(1)).encode() + ROW.format(id=2, detail="a\0b").encode())
        p = self.check(path)
        self.assertEqual(p.returncode, 3)
        self.assert_message(p, path, 3, "空字符")

    def test_nul_file(self):
        """A file of NUL bytes is no ledger: an encoding error (exit 1), not an empty file."""
        path = self.write("全零.csv", b"\0" * 4096)
        p = self.check(path)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assert_message(p, path, 1, "全是空字符")
        # UTF-16 without its BOM: mostly ASCII, so half NULs
        path = self.write("无BOM.csv", "id,name,level\n1,a,b\n".encode("utf-16-le"))
        p = self.check(path)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assert_message(p, path, 1, "UTF-16")

    def test_cr_only_line_ends(self):
        """Old Mac exports end lines with a lone CR: messages still count lines."""
        rows = (HEADER + good_rows(2) + ROW.format(id=3, detail="x").replace("高", "极高")).replace("\n", "\r")
        path = self.write("CR.csv", rows)
        p = self.check(path)
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assert_message(p, path, 4, "风险等级“极高”")
        self.assertIn("%s:4:6:" % path, p.stdout)

    def test_encoding_error_column(self):
        """A damaged UTF-8 file: the message gives the line, the CSV column of the bad byte
        (here column 5, 具体情况) and its byte offset in the text."""
        data = (HEADER + good_rows(20)).encode()
        bad_line = ROW.format(id=99, detail="坏X字").encode().replace(b"X", b"\xff")
        data += bad_line
        offset = data.index(b"\xff")
        path = self.write("坏字节.csv", data)
        p = self.check(path)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn("%s:22:5: " % path, p.stdout + p.stderr)
        self.assertIn("字节偏移 %d" % offset, p.stdout + p.stderr)

    def test_repeated_header(self):
        """Two columns named 备注: both kept in rejects.csv (the second as 备注(2)), one warning."""
        header = HEADER.rstrip("\n") + ",备注,备注\n"
        bad = ROW.format(id=2, detail="x").replace("高", "极高").rstrip("\n") + ",第一,第二\n"
        path = self.write("两个备注.csv", header + ROW.format(id=1, detail="x").rstrip("\n") + ",a,b\n" + bad)
        p = self.check(path)
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        warnings = [l for l in p.stdout.splitlines() if "备注(2)" in l]
        self.assertEqual(len(warnings), 1, p.stdout)
        self.assertTrue(warnings[0].startswith("%s:1:12: 警告：" % path), warnings[0])
        import csv
        with open(os.path.join(self.dir, "out", "rejects.csv"), encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
        self.assertIn("备注", rows[0])
        self.assertIn("备注(2)", rows[0])
        got = dict(zip(rows[0], rows[1]))
        self.assertEqual((got["备注"], got["备注(2)"]), ("第一", "第二"))

    def test_empty_file(self):
        path = self.write("空.csv", b"")
        p = self.check(path)
        self.assertEqual(p.returncode, 0)
        self.assert_message(p, path, 0, "文件为空")

    def test_header_only(self):
        path = self.write("表头.csv", HEADER)
        p = self.check(path)
        self.assertEqual(p.returncode, 0)
        self.assert_message(p, path, 1, "只有表头")

    def test_missing_required_column(self):
        path = self.write("缺列.csv", "编号,社区,风险类别,风险隐患,责任单位,排查日期,化解状态\n1,甲,政治安全,x,综治中心,2024-05-01,未化解\n")
        p = self.check(path)
        self.assertEqual(p.returncode, 3)
        self.assert_message(p, path, 1, "缺少必填列“风险等级”（或：预警级别、预警等级）")

    def test_utf16_and_xlsx(self):
        path = self.write("utf16.csv", HEADER.encode("utf-16"))
        p = self.check(path)
        self.assertEqual(p.returncode, 1)
        self.assert_message(p, path, 1, "UTF-16")
        # a workbook is read whatever its name; this one is a damaged zip (the whole file: 0)
        path = self.write("book.csv", b"PK\x03\x04rest-of-a-zip")
        p = self.check(path)
        self.assertEqual(p.returncode, 1)
        self.assert_message(p, path, 0, "xlsx 文件已损坏")

    def test_monthly_stops_on_unreadable_file_and_leaves_nothing(self):
        self.write("好.csv", HEADER + good_rows(2))
        self.write("坏.csv", (HEADER + good_rows(20)).encode() + b"\xff\n")
        out = os.path.join(self.dir, "monthly")
        p = self.run_riskdoc("monthly", "--config", CONFIG, "--period", "2024-05", "-o", out, self.dir)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("坏.csv", p.stderr)
        self.assertFalse(os.path.exists(out) and os.listdir(out), "no output may be written")

    def test_strict_writes_nothing(self):
        self.write("a.csv", HEADER + good_rows(2) + ROW.format(id=1, detail="重复"))
        out = os.path.join(self.dir, "strict")
        p = self.run_riskdoc("monthly", "--config", CONFIG, "--period", "2024-05", "--strict", "-o", out, self.dir)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertFalse(os.path.exists(out))

    def test_usage_errors(self):
        self.write("a.csv", HEADER + good_rows(1))
        cases = [
            ["monthly", "--period", "2024-05", self.dir],                      # no --config
            ["monthly", "--config", CONFIG, self.dir],                         # no --period
            ["monthly", "--config", CONFIG, "--period", "2024-13", self.dir],  # bad month
            ["monthly", "--config", CONFIG, "--period", "2024-05"],            # no input
            ["monthly", "--config", CONFIG, "--period", "2024-05", os.path.join(self.dir, "missing.csv")],
            ["monthly", "--config", os.path.join(self.dir, "nope.ini"), "--period", "2024-05", self.dir],
            ["event", "--config", CONFIG, self.dir],                           # no --event
            ["check", "--report-date", "2024-02-30", self.dir],
            ["nonsense"],
        ]
        for args in cases:
            p = self.run_riskdoc(*args)
            self.assertEqual(p.returncode, 2, "%s -> %d\n%s" % (args, p.returncode, p.stderr))
            self.assertTrue(p.stderr.strip(), args)

    def test_help_teaches(self):
        for command in ["monthly", "event", "ledger", "check"]:
            p = self.run_riskdoc(command, "--help")
            self.assertEqual(p.returncode, 0)
            self.assertIn("Example", p.stdout)
            self.assertIn("riskdoc %s" % command, p.stdout)
            self.assertIn("Exit status", p.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
