"""Hand-made workbooks and broken ones through the real binary: merged title, footer, dates
as serials (1900 and 1904) and as text, formulas with and without a cached result, 编号 with
leading zeros as text, a notes sheet before the ledger, a hidden sheet, shared and inline
strings, --sheet; encrypted, non-workbook OLE, damaged zip, HTML named .xlsx, a CSV
named .xls, a zip bomb; the folder search."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
import workbook_util as wu  # noqa: E402
from workbook_util import esc  # noqa: E402

HEADER = ["编号", "社区", "风险类别", "风险隐患", "具体情况", "风险等级", "责任单位", "排查日期",
          "完成时限", "化解状态"]


def col(i):
    return chr(ord("A") + i)


class Book:
    """Builds sheet XML with shared strings (default) or inline strings."""

    def __init__(self):
        self.shared = []
        self.index = {}

    def s(self, ref, text, style=None):
        if text not in self.index:
            self.index[text] = len(self.shared)
            self.shared.append(f"<si><t>{esc(text)}</t></si>")
        st = f' s="{style}"' if style is not None else ""
        return f'<c r="{ref}" t="s"{st}><v>{self.index[text]}</v></c>'

    @staticmethod
    def inline(ref, text):
        return f'<c r="{ref}" t="inlineStr"><is><r><t>{esc(text[:1])}</t></r><r><t>{esc(text[1:])}</t></r></is></c>'

    @staticmethod
    def n(ref, value, style=None):
        st = f' s="{style}"' if style is not None else ""
        return f'<c r="{ref}"{st}><v>{value}</v></c>'

    def row(self, r, cells):
        return f'<row r="{r}">{"".join(cells)}</row>'

    def header(self, r):
        return self.row(r, [self.s(f"{col(i)}{r}", h) for i, h in enumerate(HEADER)])

    def data(self, r, values, inline=False):
        cells = []
        for i, v in enumerate(values):
            ref = f"{col(i)}{r}"
            if v is None:
                continue
            if isinstance(v, tuple):      # (raw cell XML)
                cells.append(v[0].format(ref=ref))
            elif isinstance(v, (int, float)):
                cells.append(self.n(ref, v))
            else:
                cells.append(self.inline(ref, v) if inline else self.s(ref, v))
        return self.row(r, cells)


GOOD = ["编号", "华信路社区", "政治安全", "邪教人员滋扰", "情况", "高", "综治中心", "2024-05-02",
        "2024-06-30", "未化解"]


def good(id_, **change):
    v = list(GOOD)
    v[0] = id_
    for k, x in change.items():
        v[HEADER.index(k)] = x
    return v


class WorkbookCases(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="riskdoc-wbcase-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def check(self, *args):
        out = self.path("out")
        shutil.rmtree(out, ignore_errors=True)
        p = wu.run("check", "--config", wu.CONFIG, "-o", out, *args)
        rejects = wu.read_rejects(os.path.join(out, "rejects.csv")) if p.returncode in (0, 3) else None
        return p, rejects

    def reject_of(self, rejects, id_):
        header = rejects[0]
        for r in rejects[1:]:
            row = dict(zip(header, r))
            if row.get("编号") == id_:
                return row
        self.fail(f"no rejected row with 编号 {id_} in {rejects}")

    # ---- a workbook as clerks make them ----

    def ledger_book(self, date1904=False):
        b = Book()
        title = b.s("A1", "华信路社区风险隐患排查台账（2024年5月）")
        body = [b.row(1, [title]), b.header(2)]
        # 3: shared strings, dates as text
        body.append(b.data(3, good("HX-01")))
        # 4: inline strings; date as a serial with a date format (s=1: built-in 14)
        serial = 45432 - (1462 if date1904 else 0)   # 2024-05-20
        body.append(b.data(4, good("HX-02", 排查日期=(f'<c r="{{ref}}" s="1"><v>{serial}</v></c>',)),
                           inline=True))
        # 5: 编号 with leading zeros as text; a custom CJK date format (s=2); an unknown level
        body.append(b.data(5, good("007", 风险等级="极高",
                                   排查日期=(f'<c r="{{ref}}" s="2"><v>{serial}</v></c>',))))
        # 6: a formula with its cached result (level text), used
        body.append(b.data(6, good("HX-03", 风险等级=('<c r="{ref}" t="str"><f>IF(1,"高","低")</f><v>高</v></c>',))))
        # 7: a formula without a cached result: rejected, the cell named
        body.append(b.data(7, good("HX-04", 完成时限=('<c r="{ref}"><f>H7+30</f></c>',))))
        # 8: 编号 007 again (a number-looking text must not become 7): a duplicate
        body.append(b.data(8, good("007")))
        # 9: a plain number cell that is not a date stays a number (涉及人数-like: in 具体情况)
        body.append(b.data(9, good("HX-05", 具体情况=12.5)))
        # 11: footer (after a gap of an empty row 10)
        body.append(b.row(11, [b.s("A11", "填报人：张三"), b.s("F11", "负责人：李四")]))
        merge = '<mergeCells count="1"><mergeCell ref="A1:J1"/></mergeCells>'
        notes = [b.row(1, [b.s("A1", "填表说明")]), b.row(2, [b.s("A2", "说明一"), b.s("B2", "说明二")])]
        hidden = [b.header(1), b.data(2, good("HIDDEN-1"))]
        sheets = [("说明", None, "".join(notes), ""), ("台账", None, "".join(body), merge),
                  ("旧台账", "hidden", "".join(hidden), "")]
        return b, sheets

    def test_ledger_workbook(self):
        b, sheets = self.ledger_book()
        path = self.path("华信路社区.xlsx")
        wu.make_xlsx(path, sheets, b.shared)
        p, rejects = self.check(path)
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        out = p.stdout
        # rows 3..9 read (7), title/footer/blank not; 3 rejected (极高, formula, duplicate)
        self.assertIn("读取 7 行：使用 4 行，退回 3 行", out + p.stderr)
        self.assertIn(f"{path}:台账!F5: 风险等级“极高”无法识别", out)
        self.assertIn(f"{path}:台账!I7: 单元格I7是公式，但文件中没有它的计算结果", out)
        self.assertIn(f"{path}:台账!A8: 编号“007”重复：与第5行相同", out)
        self.assertIn(f"{path}:说明: 警告：已忽略工作表“说明”", out)
        self.assertIn(f"{path}:旧台账: 警告：已忽略隐藏工作表“旧台账”", out)
        self.assertNotIn("HIDDEN-1", out)
        r5 = self.reject_of(rejects, "007")
        self.assertEqual(r5["排查日期"], "2024-05-20")   # serial with a CJK date format
        self.assertEqual((r5["工作表"], r5["单元格"], r5["行号"]), ("台账", "F5", "5"))
        self.assertEqual(rejects[0][-5:], ["来源文件", "工作表", "单元格", "行号", "原因"])

    def test_1904_dates_and_inline(self):
        b, sheets = self.ledger_book(date1904=True)
        path = self.path("1904.xlsx")
        wu.make_xlsx(path, sheets, b.shared, date1904=True)
        p, rejects = self.check(path)
        self.assertEqual(self.reject_of(rejects, "007")["排查日期"], "2024-05-20")

    def test_sheet_option(self):
        b, sheets = self.ledger_book()
        path = self.path("book.xlsx")
        wu.make_xlsx(path, sheets, b.shared)
        p, _ = self.check("--sheet", "旧台账", path)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("读取 1 行：使用 1 行", p.stdout + p.stderr)
        p, _ = self.check("--sheet", "没有", path)
        self.assertEqual(p.returncode, 1)
        self.assertIn("没有名为“没有”的工作表", p.stdout)
        self.assertIn("“旧台账”（隐藏）", p.stdout)

    def test_no_sheet_matches(self):
        b = Book()
        body = b.row(1, [b.s("A1", "编号"), b.s("B1", "别的")]) + b.row(2, [b.s("A2", "1"), b.s("B2", "x")])
        path = self.path("缺列.xlsx")
        wu.make_xlsx(path, [("Sheet1", None, body, "")], b.shared)
        p, rejects = self.check(path)
        self.assertEqual(p.returncode, 3)
        self.assertIn(f"{path}:Sheet1!1:1: 错误：表头（第1行）缺少必填列", p.stdout)
        self.assertEqual(len(rejects), 2)

    def test_openpyxl_workbook(self):
        """A workbook from another writer: openpyxl's inline-free, shared-string layout with
        real dates and numbers."""
        import datetime
        import openpyxl
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "台账"
        ws.append(["台账标题"])
        ws.merge_cells("A1:J1")
        ws.append(HEADER)
        ws.append(good("A-1", 排查日期=datetime.datetime(2024, 5, 20)))
        ws.append(good("A-2", 风险等级="未知"))
        path = self.path("op.xlsx")
        wb.save(path)
        p, rejects = self.check(path)
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn(f"{path}:台账!F4: 风险等级“未知”无法识别", p.stdout)

    # ---- .xls ----

    def test_xls_from_libreoffice(self):
        b, sheets = self.ledger_book()
        x = self.path("华信路社区.xlsx")
        wu.make_xlsx(x, sheets, b.shared)
        xls_dir = self.path("xls")
        os.makedirs(xls_dir)
        wu.to_xls([x], xls_dir)
        path = os.path.join(xls_dir, "华信路社区.xls")
        with open(path, "rb") as f:
            self.assertEqual(f.read(8), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
        p, rejects = self.check(path)
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        self.assertIn(f"{path}:台账!F5: 风险等级“极高”无法识别", p.stdout)
        self.assertIn(f"{path}:台账!A8: 编号“007”重复", p.stdout)
        self.assertEqual(self.reject_of(rejects, "007")["排查日期"], "2024-05-20")

    # ---- bad files ----

    def assert_file_error(self, path, text):
        p, _ = self.check(path)
        self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
        self.assertIn(text, p.stdout + p.stderr)
        self.assertIn(f"{path}:", p.stdout + p.stderr)
        self.assertIn("1 个文件无法读取", p.stderr)

    def test_damaged_zip(self):
        b, sheets = self.ledger_book()
        good_path = self.path("好.xlsx")
        wu.make_xlsx(good_path, sheets, b.shared)
        with open(good_path, "rb") as f:
            data = f.read()
        path = self.path("截断.xlsx")
        wu.write(path, data[: len(data) // 2])
        self.assert_file_error(path, "xlsx 文件已损坏")

    def test_html_named_xlsx(self):
        path = self.path("导出.xlsx")
        wu.write(path, "<html><body><table><tr><td>编号</td></tr></table></body></html>")
        self.assert_file_error(path, "网页（HTML）")

    def test_csv_named_xls(self):
        path = self.path("导出.xls")
        wu.write(path, ",".join(HEADER) + "\n" + ",".join(good("C-1")) + "\n")
        p, _ = self.check(path)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertIn("读取 1 行：使用 1 行", p.stdout + p.stderr)
        self.assertIn(f"{path}:0:0: 警告：扩展名是“.xls”，内容却是 CSV 文本：已按 CSV 读取", p.stdout)

    def test_zip_bomb(self):
        path = self.path("炸弹.xlsx")
        b, sheets = self.ledger_book()
        wu.make_xlsx(path, sheets, b.shared)
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
            # 64 MiB of one byte inflates from ~64 KiB: far past 200 x
            z.writestr("xl/sharedStrings2.xml", b" " * (64 << 20))
        # point the workbook's shared strings at it
        data = {}
        with zipfile.ZipFile(path) as z:
            for n in z.namelist():
                data[n] = z.read(n)
        data["xl/_rels/workbook.xml.rels"] = data["xl/_rels/workbook.xml.rels"].replace(
            b'Target="sharedStrings.xml"', b'Target="sharedStrings2.xml"')
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for n, d in data.items():
                z.writestr(n, d)
        self.assert_file_error(path, "疑似压缩炸弹")

    def test_zip_bomb_lying_sizes(self):
        """A sheet whose zip headers claim 1000 bytes but that inflates to 24 MiB: the reader
        counts what it inflates, not what the headers say."""
        import struct
        path = self.path("说谎.xlsx")
        wu.make_xlsx(path, [("台账", None, "<row/>" * (4 << 20), "")], [])
        with open(path, "rb") as f:
            data = bytearray(f.read())
        name = b"xl/worksheets/sheet1.xml"
        at = data.find(name)
        while at >= 0:
            if data[at - 30:at - 26] == b"PK\x03\x04":     # local header: size at 22
                struct.pack_into("<I", data, at - 30 + 22, 1000)
            elif data[at - 46:at - 42] == b"PK\x01\x02":   # central directory: size at 24
                struct.pack_into("<I", data, at - 46 + 24, 1000)
            at = data.find(name, at + 1)
        wu.write(path, bytes(data))
        self.assert_file_error(path, "疑似压缩炸弹")

    def test_zip_not_a_workbook(self):
        path = self.path("文档.xlsx")
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/document.xml", "<w/>")
        self.assert_file_error(path, "不是 Excel 工作簿")

    def test_encrypted_workbook(self):
        # what Office writes for a password-protected .xlsx: an OLE file holding the zip
        # encrypted as the stream "EncryptedPackage" (only the signature and that name matter)
        path = self.path("加密.xlsx")
        name = "EncryptedPackage".encode("utf-16-le")
        wu.write(path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + name + b"\0" * 512)
        self.assert_file_error(path, "已加密")

    def test_ole_not_a_workbook(self):
        """A Word 97 document renamed .xls: an OLE file without a Workbook stream.
        (LibreOffice no longer writes Excel 95 (BIFF5), so that refusal has no test here.)"""
        src = self.path("note.txt")
        wu.write(src, "不是台账\n")
        profile = tempfile.mkdtemp(prefix="riskdoc-lo-")
        try:
            subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "doc:MS Word 97", "--outdir", self.tmp, src],
                           capture_output=True, timeout=300)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        doc = self.path("note.doc")
        self.assertTrue(os.path.exists(doc), "LibreOffice wrote no .doc")
        os.rename(doc, self.path("note.xls"))
        self.assert_file_error(self.path("note.xls"), "其中没有 Excel 工作簿")

    # ---- folders ----

    def test_folder_search(self):
        d = self.path("台账")
        os.makedirs(d)
        b, sheets = self.ledger_book()
        wu.make_xlsx(os.path.join(d, "b.xlsx"), sheets, b.shared)
        wu.write(os.path.join(d, "a.csv"),
                 ",".join(HEADER) + "\n" + ",".join(good("C-1")) + "\n")
        wu.write(os.path.join(d, "~$b.xlsx"), b"\0" * 165)   # Excel's lock file
        wu.write(os.path.join(d, "c.txt"), "not a ledger")
        out = self.path("out")
        p = wu.run("check", "--config", wu.CONFIG, "-o", out, d)
        self.assertEqual(p.returncode, 3, p.stdout + p.stderr)
        import json
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            inputs = json.load(f)["inputs"]
        self.assertEqual([os.path.basename(i["path"]) for i in inputs], ["a.csv", "b.xlsx"])
        self.assertEqual((inputs[1]["format"], inputs[1]["sheet"]), ("xlsx", "台账"))
        self.assertNotIn("format", inputs[0])


if __name__ == "__main__":
    wu.need_tools()
    unittest.main(verbosity=2)
