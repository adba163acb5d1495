#!/usr/bin/python3
"""Prints the 责任清单 workbook as a clerk would — LibreOffice headless to PDF, with the sheets'
own print settings — and measures the printed pages (pdfminer, and the rendered page's pixels).

    test_xlsx_print.py a4|a3

a4 runs $RISKDOC monthly on the fixtures with templates/office.example.ini; a3 with a copy
of it saying [xlsx] paper=A3. Checks, on every printed page: no text below 10 pt; every page of
a table starts with the table's header row (nothing of the table above it); the charts' bars
start at the value axis, categories in taxonomy order top to bottom, in the notice's colours.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar

RISKDOC = os.environ.get("RISKDOC")
SOURCE = os.environ.get("RISKDOC_SOURCE_DIR")
MODE = sys.argv[1] if len(sys.argv) > 1 else "a4"
MIN_SIZE = 10.0
# the first header cell each table sheet prints, which no data cell holds
MARKERS = {"汇总": "未化解", "单位汇总": "已化解", "社区汇总": "已化解"}
LEVEL_COLOURS = [tuple(int(h[i:i + 2], 16) for i in (0, 2, 4)) for h in re.findall(
    r"\[RD_LEVEL_\w+\] = 0x([0-9A-F]{6})",
    open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src",
                      "level_colours.h"), encoding="utf-8").read())]


def run(args, **kw):
    done = subprocess.run(args, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        raise AssertionError(f"{args[0]} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def chars_of(obj):
    if isinstance(obj, LTChar):
        yield obj
    elif hasattr(obj, "__iter__"):
        for child in obj:
            yield from chars_of(child)


def text_rows(chars):
    """Chars grouped into printed lines by baseline, top first: [(y, text without spaces)]."""
    rows = []
    for c in sorted(chars, key=lambda c: (-round(c.y0, 0), c.x0)):
        if rows and abs(rows[-1][0] - c.y0) < 2:
            rows[-1][1].append(c)
        else:
            rows.append((c.y0, [c]))
    return [(y, "".join(c.get_text() for c in sorted(cs, key=lambda c: c.x0)).replace(" ", ""))
            for y, cs in rows]


def read_ppm(path):
    """(width, height, bytes) of a binary PPM (P6) as pdftoppm writes it."""
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P6", fields
    return int(fields[1]), int(fields[2]), data[pos + 1:]


def near(px, colour, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(px, colour))


class Printed(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="riskdoc-xlsx-print-")
        config = os.path.join(SOURCE, "templates", "office.example.ini")
        if MODE == "a3":
            with open(config, encoding="utf-8") as f:
                text = f.read()
            assert "paper=A4" in text, "the example profile names its paper"
            config = os.path.join(cls.tmp, "office.ini")
            with open(config, "w", encoding="utf-8") as f:
                f.write(text.replace("paper=A4", "paper=A3"))
        out = os.path.join(cls.tmp, "out")
        run([RISKDOC, "monthly", "--config", config, "--period", "2024-05", "--previous",
             "fixtures/2024-04", "fixtures/2024-05", "--quiet", "-o", out], cwd=SOURCE)
        cls.out = out
        profile = os.path.join(cls.tmp, "lo-profile")
        run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             "pdf", "--outdir", cls.tmp, os.path.join(out, "责任清单.xlsx")], timeout=600)
        cls.pdf = os.path.join(cls.tmp, "责任清单.pdf")
        cls.pages = []
        for page in extract_pages(cls.pdf, laparams=None):  # chars only: no layout analysis
            chars = [c for c in chars_of(page) if c.get_text().strip()]
            cls.pages.append((page, chars, text_rows(chars)))
        with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
            cls.summary = json.load(f)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def sheet_of(self, rows):
        """The sheet a page prints, from its page header (the topmost line: the sheet's title)."""
        header = rows[0][1]
        m = re.search(r"（([^（）]+)）$", header)
        if not m:
            return "责任清单"
        return {"风险类别及等级统计": "汇总", "责任单位化解情况": "单位汇总",
                "社区风险等级评定": "社区汇总", "统计图": "统计图"}.get(m.group(1), "list")

    def test_paper(self):
        page = self.pages[0][0]
        width = page.width / 72 * 25.4
        self.assertAlmostEqual(width, 420 if MODE == "a3" else 297, delta=2, msg="landscape paper")

    def test_smallest_text(self):
        for n, (_, chars, rows) in enumerate(self.pages, 1):
            self.assertTrue(chars, f"page {n} is empty")
            small = min(chars, key=lambda c: c.size)
            self.assertGreaterEqual(small.size, MIN_SIZE,
                                    f"page {n} ({rows[0][1]}): {small.get_text()!r} at {small.size:.1f} pt")

    def test_every_page_starts_with_its_header(self):
        previous, checked = None, set()
        for n, (_, chars, rows) in enumerate(self.pages, 1):
            sheet = self.sheet_of(rows)
            first = rows[0][1] != previous
            previous = rows[0][1]
            if sheet == "统计图":
                continue
            marker = MARKERS.get(sheet, "序号")
            at = [y for y, text in rows if marker in text]
            self.assertTrue(at, f"page {n} ({rows[0][1]}): no header row ({marker})")
            # header cells wrapped onto two lines rise about 8 pt above the marker's line; a
            # table row above the header would be a whole row higher
            above = [text for y, text in rows[1:] if y > at[0] + 14]
            if first:
                # the sheet's first page: its title and subtitle, nothing of the table
                for text in above:
                    self.assertTrue(text in rows[0][1] or
                                    text.startswith(("统计期间", "统计截至", "化解率目标")),
                                    f"page {n}: {text!r} above the header")
            else:
                self.assertEqual(above, [], f"page {n} ({rows[0][1]}): rows above the header")
            checked.add(sheet)
        self.assertTrue({"责任清单", "汇总", "单位汇总", "社区汇总", "list"} <= checked, checked)
        # 责任清单 runs over many pages: the header is really repeated
        self.assertGreater(sum(1 for _, _, r in self.pages if self.sheet_of(r) == "责任清单"), 3)

    def test_meeting_columns_printed(self):
        """A4 prints the meeting's columns and not the clerk's; A3 prints them all."""
        _, _, rows = self.pages[0]
        header = "".join(text for y, text in rows[1:6])
        for name in ("序号", "风险类别", "风险隐患", "具体情况", "责任领导", "牵头单位", "配合单位",
                     "责任人", "完成时限"):
            self.assertIn(name, header)
        for name in ("化解措施", "编号"):
            self.assertEqual(name in header, MODE == "a3", name)

    def chart_page(self, pdf, caption):
        for n, (page, chars, rows) in enumerate(pdf, 1):
            # the whole page's text: a landscape page's lines are not rows of the portrait box,
            # and pdfminer reads a rotated line backwards
            text = "".join(c.get_text() for c in chars)
            if caption in text or caption[::-1] in text:
                return n, page, rows
        self.fail(f"no page shows {caption}")

    def render(self, pdf_path, n, dpi=100):
        base = os.path.join(self.tmp, f"page{n}")
        run(["pdftoppm", "-r", str(dpi), "-f", str(n), "-l", str(n), "-singlefile", pdf_path, base])
        return read_ppm(base + ".ppm")

    def test_category_chart(self):
        n, page, rows = self.chart_page(self.pages, "各类别风险隐患（按等级）")
        w, h, px = self.render(self.pdf, n)

        def at(x, y):
            i = (y * w + x) * 3
            return tuple(px[i:i + 3])

        red = LEVEL_COLOURS[0]
        starts = {}
        for y in range(h):
            for x in range(w):
                if near(at(x, y), red, 25):
                    starts[y] = x
                    break
        self.assertTrue(starts, "no bar in the 高 colour")
        ys = sorted(starts)
        # bars: runs of consecutive rows; each bar's first red pixel at the same x
        bars, run_ = [], [ys[0]]
        for y in ys[1:]:
            if y == run_[-1] + 1:
                run_.append(y)
            else:
                bars.append(run_)
                run_ = [y]
        bars.append(run_)
        bars = [b for b in bars if len(b) >= 12]   # not the legend's swatch
        self.assertEqual(len(bars), len(self.summary["by_category"]), "one bar per category")
        lefts = {starts[y] for b in bars for y in b[2:-2]}
        self.assertLessEqual(max(lefts) - min(lefts), 1, f"bars start at different x: {lefts}")
        x0 = min(lefts)
        # the axis line: ink at the bars' start all the way from the first bar to the last,
        # also in the gaps between bars (which are white a little to the right)
        span = range(bars[0][0], bars[-1][-1] + 1)
        ink = max(sum(1 for y in span if sum(at(x, y)) < 600) for x in range(x0 - 3, x0 + 1))
        self.assertGreaterEqual(ink / len(span), 0.98, "no axis line where the bars start")
        gaps = sum(1 for y in span if sum(at(x0 + 8, y)) < 600)
        self.assertLess(gaps / len(span), 0.95, "the gaps between bars are not white")
        # each bar reads 高 中 低 from the axis rightwards, in the notice's colours
        y = bars[0][len(bars[0]) // 2]
        seen = []
        for x in range(x0, w):
            for i, colour in enumerate(LEVEL_COLOURS):
                if near(at(x, y), colour, 25) and (not seen or seen[-1] != i):
                    seen.append(i)
        expected = [i for i, k in enumerate(("high", "medium", "low"))
                    if self.summary["by_category"][0][k] > 0]
        self.assertEqual(seen, expected, "segments in level order and colours")
        # categories top to bottom in taxonomy order, labels left of the axis; the value
        # axis' 0 below the bars, at the axis
        scale = 72 / 100
        labels = [(y, text) for y, text in rows
                  if any(text.endswith(c["category"]) or c["category"] in text
                         for c in self.summary["by_category"])]
        names = [c["category"] for c in self.summary["by_category"]]
        order = [next(i for i, name in enumerate(names) if name in text) for _, text in labels]
        self.assertEqual(order, sorted(order), f"categories not in taxonomy order: {labels}")
        zero = [c for c in chars_of(page) if c.get_text() == "0" and
                abs((c.x0 + c.x1) / 2 - x0 * scale) < 6 and c.y1 < page.height - bars[-1][-1] * scale]
        self.assertTrue(zero, "the value axis' 0 is not below the bars at the axis")

    def test_notice_chart_same_colours(self):
        """The notice's PDF chart draws 高 中 低 in the same colours (one table for both)."""
        notice = os.path.join(self.out, "通报.pdf")
        pages = []
        for page in extract_pages(notice, laparams=None):
            chars = [c for c in chars_of(page) if c.get_text().strip()]
            pages.append((page, chars, text_rows(chars)))
        n, _, _ = self.chart_page(pages, "各类风险隐患数量")
        w, h, px = self.render(notice, n, dpi=50)
        found = set()
        for i in range(0, len(px), 3):
            p = tuple(px[i:i + 3])
            for k, colour in enumerate(LEVEL_COLOURS):
                if near(p, colour, 3):
                    found.add(k)
        self.assertEqual(found, {0, 1, 2}, "the notice's chart colours")


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
