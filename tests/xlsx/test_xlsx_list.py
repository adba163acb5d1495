#!/usr/bin/python3
"""Reads the 责任清单 workbooks back with two independent readers (openpyxl, LibreOffice).

    test_xlsx_list.py monthly|event|hostile|large [XLSX_DRIVER]

monthly / event run $RISKDOC on the fixtures (cwd = $RISKDOC_SOURCE_DIR) and check the
workbook against summary.json; hostile and large write through tests' xlsx_driver.
Exits non-zero on the first failed check (unittest).
"""
import csv
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

import openpyxl

RISKDOC = os.environ.get("RISKDOC")
SOURCE = os.environ.get("RISKDOC_SOURCE_DIR")
MODE = sys.argv[1] if len(sys.argv) > 1 else "monthly"
DRIVER = sys.argv[2] if len(sys.argv) > 2 else None

# The columns a meeting reads (what A4 prints), then 化解措施, 备注, 社区 and 编号 (where to
# find the risk, and its row), in the sheet and printed on A3.
PRINTED = ["序号", "风险类别", "风险隐患", "具体情况", "风险等级", "责任领导", "牵头单位",
           "配合单位", "责任人", "完成时限", "化解状态"]
LIST_HEADER = PRINTED + ["化解措施", "备注", "社区", "编号"]
UNIT_HEADER = LIST_HEADER[:1] + ["本单位职责"] + LIST_HEADER[1:]
OVERDUE_HEADER = PRINTED + ["超期天数"] + LIST_HEADER[len(PRINTED):]
SUMMARY_SHEETS = ["汇总", "单位汇总", "社区汇总", "统计图"]
# src/level_colours.h: 高 中 低, the colours of the notice's chart
LEVEL_COLOURS = re.findall(r"\[RD_LEVEL_\w+\] = 0x([0-9A-F]{6})",
                           open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                             "src", "level_colours.h"), encoding="utf-8").read())
GROUP = re.compile(r"^（([一二三四五六七八九十]+)）(.+)（(\d+)项）$")
NUMERALS = "一二三四五六七八九十"
FORBIDDEN = set('[]:*?/\\')
FOOTER = "第 &P 页 共 &N 页"


def numeral(n):
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def run(args, **kw):
    done = subprocess.run(args, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        raise AssertionError(f"{args[0]} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def rows_of(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def printed_columns(ws):
    """Columns of the sheet's print area ('责任清单'!$A$1:$K$9 → 11)."""
    area = ws.print_area
    last = re.search(r"\$([A-Z]+)\$\d+$", area if isinstance(area, str) else area[0]).group(1)
    return openpyxl.utils.column_index_from_string(last)


def list_groups(test, ws, header):
    """Checks title, header, group rows and 序号 of a list sheet; returns {category: [rows]}."""
    rows = rows_of(ws)
    test.assertGreaterEqual(len(rows), 2, ws.title)
    test.assertTrue(rows[0][0], f"{ws.title}: title row empty")
    test.assertEqual(rows[1][:len(header)], header, f"{ws.title}: header row")
    merged = {str(r) for r in ws.merged_cells.ranges}
    # title and group rows span the printed columns (the title centres on the page)
    last = openpyxl.utils.get_column_letter(printed_columns(ws))
    test.assertIn(f"A1:{last}1", merged, ws.title)
    groups, current, seq, n_group = {}, None, 0, 0
    for i, row in enumerate(rows[2:], start=3):
        if isinstance(row[0], str):
            m = GROUP.match(row[0])
            test.assertIsNotNone(m, f"{ws.title} row {i}: not a group row: {row[0]!r}")
            n_group += 1
            test.assertEqual(m.group(1), numeral(n_group), f"{ws.title} row {i}: group numeral")
            test.assertIn(f"A{i}:{last}{i}", merged)
            current = m.group(2)
            test.assertNotIn(current, groups, f"{ws.title}: category {current} listed twice")
            groups[current] = {"declared": int(m.group(3)), "rows": []}
            continue
        seq += 1
        test.assertEqual(row[0], seq, f"{ws.title} row {i}: 序号 not continuous")
        test.assertIsNotNone(current, f"{ws.title} row {i}: data row before any group row")
        groups[current]["rows"].append(row)
    for name, g in groups.items():
        test.assertEqual(g["declared"], len(g["rows"]), f"{ws.title}: group {name} count")
        test.assertGreater(len(g["rows"]), 0, f"{ws.title}: empty group {name}")
    return groups


def check_print(test, ws, paper="9"):
    ps = ws.page_setup
    test.assertEqual(ps.orientation, "landscape", ws.title)
    test.assertEqual(str(ps.paperSize), paper, f"{ws.title}: paper")
    test.assertTrue(ws.sheet_properties.pageSetUpPr.fitToPage, f"{ws.title}: fit to page")
    test.assertIn(ps.fitToWidth, (None, 1, "1"), ws.title)
    test.assertEqual(str(ps.fitToHeight), "0", f"{ws.title}: any number of pages tall")
    test.assertTrue(ws.print_title_rows, f"{ws.title}: repeated rows")
    test.assertTrue(ws.print_options.horizontalCentered, ws.title)
    test.assertEqual(ws.oddFooter.center.text, FOOTER, ws.title)
    test.assertGreaterEqual(ws.oddFooter.center.size, 12, f"{ws.title}: footer scaled with the page")
    # the page header names the sheet's own list: its title (a unit sheet: with its unit)
    title = ws["A1"].value
    if '"' not in title:  # openpyxl misparses a quote in header text (Excel does not)
        test.assertEqual(ws.oddHeader.center.text, title.replace("&", "&&"), ws.title)
        test.assertGreaterEqual(ws.oddHeader.center.size, 12, ws.title)
    test.assertTrue(ws.print_area, f"{ws.title}: print area")


def check_sheet_names(test, names):
    keys = [n.casefold() for n in names]
    test.assertEqual(len(keys), len(set(keys)), f"sheet names not unique: {names}")
    for n in names:
        test.assertTrue(0 < len(n.encode("utf-16-le")) // 2 <= 31, f"sheet name length: {n!r}")
        test.assertFalse(FORBIDDEN & set(n), f"forbidden character in {n!r}")
        test.assertFalse(n.startswith("'") or n.endswith("'"), n)
        test.assertNotEqual(n.casefold(), "history")


def summary_table(ws):
    """A summary sheet's table: (header, data rows) — title, subtitle, header, data."""
    rows = [r for r in rows_of(ws) if any(v is not None for v in r)]
    return [h.replace("\n", "") if isinstance(h, str) else h for h in rows[2]], rows[3:]


def libreoffice_csv(xlsx, outdir):
    """Every sheet as CSV by LibreOffice (the second reader): {sheet file suffix: rows}."""
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
             "--outdir", outdir, xlsx], timeout=300)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    base = os.path.splitext(os.path.basename(xlsx))[0]
    sheets = {}
    for path in glob.glob(os.path.join(outdir, base + "-*.csv")):
        name = os.path.basename(path)[len(base) + 1:-4]
        with open(path, encoding="utf-8", newline="") as f:
            sheets[name] = list(csv.reader(f))
    return sheets


class Workbook(unittest.TestCase):
    tmp = None
    xlsx = None
    summary = None

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="riskdoc-xlsx-")
        out = os.path.join(cls.tmp, "out")
        if MODE in ("monthly", "event"):
            cls.args = [RISKDOC, MODE, "--config", "templates/office.example.ini"]
            cls.args += (["--period", "2024-05", "--previous", "fixtures/2024-04"] if MODE == "monthly"
                         else ["--event", "全运会", "--report-date", "2024-05-31"])
            cls.args += ["fixtures/2024-05", "--quiet"]
            run(cls.args + ["-o", out], cwd=SOURCE)
            cls.xlsx = os.path.join(out, "责任清单.xlsx")
            with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
                cls.summary = json.load(f)
        else:
            cls.xlsx = os.path.join(cls.tmp, "list.xlsx")
            rows = "100000" if MODE == "large" else "400"
            extra = ["--hostile"] if MODE == "hostile" else []
            summary = os.path.join(cls.tmp, "summary.json")
            run([DRIVER, "--out", cls.xlsx, "--summary", summary, "--rows", rows] + extra)
            with open(summary, encoding="utf-8") as f:
                cls.summary = json.load(f)
        cls.wb = openpyxl.load_workbook(cls.xlsx, read_only=(MODE == "large"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    # -- every mode --

    def test_sheet_names(self):
        names = self.wb.sheetnames
        check_sheet_names(self, names)
        self.assertEqual(names[:5], ["责任清单"] + SUMMARY_SHEETS)
        overdue = self.summary["totals"]["overdue"] > 0
        self.assertEqual("超期清单" in names, overdue)

    def test_no_formulas(self):
        if MODE == "large":
            self.skipTest("read-only mode; the 400-row modes cover it")
        with zipfile.ZipFile(self.xlsx) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    self.assertNotIn(b"<f>", z.read(name), f"{name} holds a formula")
        seen = set()
        for ws in self.wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    self.assertNotEqual(cell.data_type, "f", f"{ws.title}!{cell.coordinate}")
                    if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                        self.assertEqual(cell.data_type, "s")
                        seen.add(cell.value[0])
        self.assertTrue(seen, "the inputs hold formula-looking cells; none came back")

    # -- fixtures through riskdoc --

    def test_outputs_listed(self):
        if MODE not in ("monthly", "event"):
            self.skipTest("driver run")
        kinds = [(o["kind"], o["path"]) for o in self.summary["outputs"]]
        self.assertIn(("list-xlsx", "责任清单.xlsx"), kinds)
        entry = [o for o in self.summary["outputs"] if o["kind"] == "list-xlsx"][0]
        self.assertEqual(entry["sha256"], sha256(self.xlsx))

    def test_list_sheet(self):
        if MODE == "large":
            self.skipTest("see test_large_rows")
        ws = self.wb["责任清单"]
        groups = list_groups(self, ws, LIST_HEADER)
        listed = sum(len(g["rows"]) for g in groups.values())
        totals = self.summary["totals"]
        # Monthly lists every used row, event only the open ones.
        self.assertEqual(listed, totals["open"] if MODE == "event" else totals["total"])
        order = [c["category"] for c in self.summary["by_category"]]
        names = list(groups)
        positions = [next(i for i, c in enumerate(order) if n.startswith(c)) for n in names]
        self.assertEqual(positions, sorted(positions), "groups not in taxonomy order")
        if MODE != "event":
            for c in self.summary["by_category"]:
                g = [v for k, v in groups.items() if k.startswith(c["category"])]
                self.assertEqual(len(g[0]["rows"]) if g else 0, c["total"], c["category"])
        # 社区 and 编号 name each row once; per community as many rows as it used
        pairs = [(row[13], row[14]) for g in groups.values() for row in g["rows"]]
        self.assertEqual(len(pairs), len(set(pairs)), "社区+编号 identify a row")
        if MODE == "monthly":
            per = {}
            for community, _ in pairs:
                per[community] = per.get(community, 0) + 1
            self.assertEqual(per, {c["community"]: c["total"] for c in self.summary["by_community"]})
        for g in groups.values():
            for row in g["rows"]:
                self.assertIn(row[4], ("高", "中", "低"))
                self.assertIn(row[10], ("未化解", "化解中", "已化解", "已销号"))
                if MODE == "event":
                    self.assertIn(row[10], ("未化解", "化解中"))
        dates = [c for c in ws["J"][2:] if c.value is not None]
        self.assertTrue(dates)
        for c in dates:
            self.assertTrue(c.is_date, f"完成时限 {c.coordinate} is not a date")
            self.assertIn("年", c.number_format)
        self.assertEqual(ws.freeze_panes, "A3")
        self.assertTrue(ws.auto_filter.ref.startswith("A2:O"))
        lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
        self.assertTrue(lists and "K" in str(lists[0].sqref), "化解状态 drop-down")
        rules = [r for cf in ws.conditional_formatting for r in cf.rules]
        self.assertTrue(any(r.type == "cellIs" for r in rules), "高 marked")
        self.assertTrue(any(r.type == "expression" for r in rules), "overdue marked")

    def test_print_setup(self):
        if MODE == "large":
            self.skipTest("read-only mode")
        for ws in self.wb.worksheets:
            check_print(self, ws)
        # A4 prints the meeting's columns; the rest stay in the sheet
        for ws in self.wb.worksheets:
            header = [c.value for c in ws[2]]
            if header[:1] != ["序号"]:
                continue
            printed = [h for h in header[:printed_columns(ws)]]
            self.assertEqual([h for h in printed if h not in ("本单位职责", "超期天数")], PRINTED,
                             ws.title)
            self.assertEqual(ws.print_title_rows, "$2:$2", f"{ws.title}: header row repeated")
            # rows tall enough for their wrapped text: 15 pt a line, never the default height
            for r in range(3, min(ws.max_row, 60) + 1):
                if isinstance(ws.cell(r, 1).value, int):
                    self.assertGreaterEqual(ws.row_dimensions[r].height or 0, 19, f"{ws.title} row {r}")
        for name in SUMMARY_SHEETS[:3]:
            self.assertEqual(self.wb[name].print_title_rows, "$3:$3", f"{name}: its table's header")
        # fonts: the profile's cell font at 11 pt, header 12 pt; the workbook's default font
        # (the unit of column widths) Arial, which LibreOffice replaces by its metric twin
        ws = self.wb["责任清单"]
        self.assertEqual(ws["D4"].font.name, "仿宋_GB2312")
        self.assertEqual(ws["D4"].font.size, 11)
        self.assertEqual(ws["B2"].font.size, 12)
        with zipfile.ZipFile(self.xlsx) as z:
            styles = z.read("xl/styles.xml").decode()
        first_font = re.search(r"<font>.*?</font>", styles).group(0)
        self.assertIn('<name val="Arial"/>', first_font)
        self.assertNotIn("<scheme", first_font, "a theme font would replace Arial")
        # widths: 具体情况 wide enough for 8 characters a line, narrower than the page
        widths = {ws.cell(2, c).value: ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width
                  for c in range(1, 16)}
        self.assertGreaterEqual(widths["具体情况"], 15)
        self.assertGreaterEqual(widths["完成时限"], 15.5, "2023年11月23日 on one line")

    def test_summary_sheet(self):
        if MODE == "large":
            self.skipTest("read-only mode")
        s = self.summary
        header, rows = summary_table(self.wb["汇总"])
        self.assertEqual(header[:8], ["风险类别", "排查总数", "高", "中", "低", "已化解", "未化解", "超期"])
        keys = ["total", "high", "medium", "low", "resolved", "open", "overdue"]
        self.assertEqual(len(rows), len(s["by_category"]) + 1)
        for row, c in zip(rows, s["by_category"]):
            self.assertTrue(row[0].startswith(c["category"]))
            self.assertEqual(row[1:8], [c[k] for k in keys], c["category"])
        self.assertEqual(rows[-1][0], "合计")
        self.assertEqual(rows[-1][1:8], [s["totals"][k] for k in keys])

        header, rows = summary_table(self.wb["单位汇总"])
        self.assertEqual(header[6:9], ["化解率", "高风险化解率", "中低风险化解率"])
        self.assertEqual(len(rows), len(s["by_unit"]))
        for row, u in zip(rows, s["by_unit"]):
            self.assertEqual(row[0], u["unit"])
            self.assertEqual(row[1:5], [u["lead"], u["support"], u["open"], u["overdue"]], u["unit"])
            self.assertEqual(row[5], u["lead"] + u["support"] - u["open"])
            self.assertAlmostEqual(row[6], row[5] / (u["lead"] + u["support"]), 12, u["unit"])
        if MODE != "event":
            self.check_level_rates(rows, lambda r, unit: unit == r[6] or unit in (r[7] or "").split("、"))

        header, rows = summary_table(self.wb["社区汇总"])
        self.assertEqual(header[12:15], ["化解率", "高风险化解率", "中低风险化解率"])
        self.assertEqual(len(rows), len(s["by_community"]))
        if MODE != "event":
            self.check_level_rates([[r[0]] + list(r[1:6]) + [None] * 6 + list(r[12:15]) for r in rows],
                                   lambda r, community: r[13] == community)
        for row, c in zip(rows, s["by_community"]):
            self.assertAlmostEqual(row[12], c["resolved"] / c["total"], 12, c["community"])
            self.assertEqual(row[0], c["community"])
            self.assertEqual(row[1:11], [c[k] for k in keys] + [c["score"], c["rank"], c["class"]])
            if c["rank_change"] is None:
                self.assertIn(row[11], (None, "新增"))
            else:
                self.assertEqual(row[11], c["rank_change"], c["community"])
        if MODE == "monthly":
            self.assertTrue(any(c["rank_change"] for c in s["by_community"]), "fixtures move ranks")
        self.check_below_target()

    def check_level_rates(self, rows, belongs):
        """高 and 中低 rates of each table row, recounted from the 责任清单 rows it covers;
        rows: [name, …, rate, high rate, medium-low rate] with the rates last."""
        listed = [r for g in list_groups(self, self.wb["责任清单"], LIST_HEADER).values()
                  for r in g["rows"]]
        for row in rows:
            mine = [r for r in listed if belongs(r, row[0])]
            for rate, levels in ((row[-2], ("高",)), (row[-1], ("中", "低"))):
                of = [r for r in mine if r[4] in levels]
                done = [r for r in of if r[10] in ("已化解", "已销号")]
                if not of:
                    self.assertIsNone(rate, f"{row[0]}: no rate without rows")
                else:
                    self.assertAlmostEqual(rate, len(done) / len(of), 12, f"{row[0]} {levels}")

    def check_below_target(self):
        """Level rates below the profile's targets (templates/office.example.ini: 1.0, 0.9)
        are marked by a conditional format naming the target."""
        for name, first in (("单位汇总", "H"), ("社区汇总", "N")):
            ws = self.wb[name]
            rules = {str(cf.sqref): [r.formula[0] for r in cf.rules] for cf in ws.conditional_formatting}
            col2 = openpyxl.utils.get_column_letter(openpyxl.utils.column_index_from_string(first) + 1)
            high = [f for ref, fs in rules.items() if ref.startswith(first + "4") for f in fs]
            low = [f for ref, fs in rules.items() if ref.startswith(col2 + "4") for f in fs]
            self.assertEqual(high, [f"AND(ISNUMBER({first}4),{first}4<1)"], name)
            self.assertEqual(low, [f"AND(ISNUMBER({col2}4),{col2}4<0.9)"], name)
            self.assertEqual(ws[first + "4"].number_format, "0.0%")

    def test_charts(self):
        if MODE == "large":
            self.skipTest("read-only mode")
        self.assertEqual(len(self.wb["统计图"]._charts), 2)
        self.assertEqual(len(LEVEL_COLOURS), 3, "src/level_colours.h: one colour per level")
        with zipfile.ZipFile(self.xlsx) as z:
            charts = sorted(n for n in z.namelist() if n.startswith("xl/charts/chart"))
            self.assertEqual(len(charts), 2)
            for i, name in enumerate(charts):
                xml = z.read(name).decode()
                self.assertIn('<c:barDir val="bar"/>', xml)
                # categories top to bottom in table order: the category axis reversed, on the
                # left; the value axis not reversed, at the bottom (crossing the reversed
                # category axis at its maximum), so bars grow rightwards from the axis
                cat = re.search(r"<c:catAx>.*?</c:catAx>", xml).group(0)
                val = re.search(r"<c:valAx>.*?</c:valAx>", xml).group(0)
                self.assertIn('<c:orientation val="maxMin"/>', cat, name)
                self.assertIn('<c:axPos val="l"/>', cat, name)
                self.assertIn('<c:orientation val="minMax"/>', val, name)
                self.assertIn('<c:axPos val="b"/>', val, name)
                self.assertIn('<c:crosses val="max"/>', val, name)
                self.assertIn('<c:min val="0"/>', val, name)
                fills = re.findall(r'<c:ser>.*?<c:spPr><a:solidFill><a:srgbClr val="([0-9A-F]{6})"',
                                   xml)
                self.assertEqual(len(fills), xml.count("<c:ser>"), f"{name}: every series coloured")
                self.assertIn("<c:dLbls>", xml, f"{name}: values on the bars")
                if i == 0:
                    self.assertIn('<c:grouping val="stacked"/>', xml)
                    self.assertEqual(xml.count("<c:ser>"), 3, "one series per level")
                    # 高 中 低 in the notice's colours, from the one table both use
                    self.assertEqual(fills, LEVEL_COLOURS)
                    self.assertIn("'汇总'!$A$4", xml, "the chart reads 汇总's table")

    def test_unit_sheets(self):
        if MODE == "large":
            self.skipTest("read-only mode")
        title = self.wb["责任清单"]["A1"].value
        by_title = {}
        for ws in self.wb.worksheets[5:]:
            if ws.title == "超期清单":
                continue
            t = ws["A1"].value
            self.assertTrue(t.startswith(title + "（") and t.endswith("）"), t)
            by_title[t[len(title) + 1:-1]] = ws
        units = {u["unit"]: u for u in self.summary["by_unit"]}
        self.assertEqual(set(by_title), set(units) if MODE != "event" else set(by_title) & set(units))
        for unit, ws in by_title.items():
            groups = list_groups(self, ws, UNIT_HEADER)
            rows = [r for g in groups.values() for r in g["rows"]]
            roles = [r[1] for r in rows]
            for r in rows:
                self.assertEqual(r[1] == "牵头", r[7] == unit, f"{unit}: role vs lead unit")
            if MODE != "event":
                self.assertEqual(roles.count("牵头"), units[unit]["lead"], unit)
                self.assertEqual(roles.count("配合"), units[unit]["support"], unit)
            else:
                self.assertEqual(len(rows), units[unit]["open"], unit)

    def test_overdue_sheet(self):
        if MODE == "large" or "超期清单" not in self.wb.sheetnames:
            self.skipTest("no overdue sheet")
        groups = list_groups(self, self.wb["超期清单"], OVERDUE_HEADER)
        rows = [r for g in groups.values() for r in g["rows"]]
        self.assertEqual(len(rows), self.summary["totals"]["overdue"])
        for r in rows:
            self.assertIn(r[10], ("未化解", "化解中"))
            self.assertGreater(r[11], 0)

    def test_properties_and_same_bytes(self):
        if MODE not in ("monthly", "event"):
            self.skipTest("driver run")
        props = self.wb.properties
        self.assertEqual(props.creator, "济南市历城区人民政府全福街道办事处")
        self.assertEqual(props.created.date().isoformat(), self.summary["report_date"])
        self.assertTrue(props.title.startswith("全福街道"))
        again = os.path.join(self.tmp, "again")
        run(self.args + ["-o", again], cwd=SOURCE)
        self.assertEqual(sha256(os.path.join(again, "责任清单.xlsx")), sha256(self.xlsx),
                         "same input, different bytes")

    def test_libreoffice_reads_the_same(self):
        if MODE not in ("monthly", "hostile"):
            self.skipTest("one LibreOffice conversion per run is enough")
        sheets = libreoffice_csv(self.xlsx, os.path.join(self.tmp, "lo"))
        self.assertEqual(len(sheets), len(self.wb.sheetnames), f"LibreOffice sheets: {list(sheets)}")
        lo_list = sheets["责任清单"]
        ws = self.wb["责任清单"]
        py_rows = [r for r in rows_of(ws) if any(v is not None for v in r)]
        lo_rows = [r for r in lo_list if any(r)]
        self.assertEqual(len(lo_rows), len(py_rows), "rows of 责任清单")
        seq = [r[0] for r in lo_rows[2:] if not r[0].startswith("（")]
        self.assertEqual(seq, [str(i) for i in range(1, len(seq) + 1)], "序号 in LibreOffice")
        formula_like = [v for r in lo_rows for v in r if v[:1] in ("=", "+", "-", "@")]
        py_like = [v for r in py_rows for v in r if isinstance(v, str) and v[:1] in "=+-@"]
        self.assertEqual(sorted(formula_like), sorted(py_like), "formula-looking text as text")
        # 汇总: LibreOffice's numbers equal summary.json.
        by_name = {r[0]: r for name in SUMMARY_SHEETS[:3] for r in sheets[name] if r and r[0]}
        self.assertEqual(by_name["合计"][1], str(self.summary["totals"]["total"]))
        for u in self.summary["by_unit"]:
            r = by_name[u["unit"]]
            self.assertEqual(r[1:5], [str(u[k]) for k in ("lead", "support", "open", "overdue")])
        for c in self.summary["by_community"]:
            r = by_name[c["community"]]
            self.assertEqual(r[1], str(c["total"]))
            self.assertEqual(r[8], str(c["score"]))
            self.assertEqual(r[9], str(c["rank"]))
        for name in self.wb.sheetnames:
            wsn = self.wb[name]
            rows_py = [r for r in rows_of(wsn) if any(v is not None for v in r)]
            rows_lo = [r for r in sheets[name] if any(r)]
            self.assertEqual(len(rows_lo), len(rows_py), f"rows of {name}")

    # -- hostile and large (driver) --

    def test_hostile_names(self):
        if MODE != "hostile":
            self.skipTest("hostile only")
        names = self.wb.sheetnames
        self.assertIn("综治中心［一］：＊？＼测试", names)
        self.assertIn("History(2)", names)
        self.assertIn("汇总(2)", names)
        self.assertIn("责任清单(2)", names)
        long_ones = [n for n in names if n.startswith("全福街道办事处党政综合办公室")]
        self.assertEqual(len(long_ones), 2, long_ones)
        self.assertTrue(any(n.endswith("(2)") for n in long_ones), "collision after cutting")
        self.assertEqual(len([n for n in names if n.casefold().startswith("abc unit")]), 2)
        # Every unit of summary.json has its own sheet.
        self.assertEqual(len(names) - 6 + ("超期清单" not in names), len(self.summary["by_unit"]))

    def test_large_rows(self):
        if MODE != "large":
            self.skipTest("large only")
        with zipfile.ZipFile(self.xlsx) as z:
            sheet1 = z.open("xl/worksheets/sheet1.xml").read(1 << 16)
            self.assertIn(b"inlineStr", sheet1, "constant-memory mode writes inline strings")
        ws = self.wb["责任清单"]
        seq, groups = 0, 0
        for row in ws.iter_rows(min_row=3, values_only=True):
            if isinstance(row[0], str):
                groups += 1
                self.assertRegex(row[0], GROUP)
            else:
                seq += 1
                self.assertEqual(row[0], seq)
        self.assertEqual(seq, 100000)
        self.assertEqual(seq, self.summary["totals"]["total"])
        self.assertEqual(groups, sum(1 for c in self.summary["by_category"] if c["total"]))


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
