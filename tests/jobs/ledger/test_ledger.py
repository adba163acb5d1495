"""riskdoc ledger (台账归档) end to end on fixtures/2024-05, read back with poppler and checked
against the fixtures' own record (manifest.json, written by fixtures/generate.py from what it
meant to write; its per-file counts are checked against its per-row record first), never
against summary.json alone:
- exit 0; summary.json lists a ledger-pdf whose pages and sha256 are the file's;
- the 序号 cells (found by position under the turned 序号 header) are 1..used, once each, in
  order; every page's table head is on the left edge of the portrait paper (content turned);
- at least 10 records a page on average, no 编号 or unit name cut by a line break;
  communities share pages, a heading keeps its first two records, a last record is never
  alone;
- a page whose first record goes on with a community begun on an earlier page repeats that
  community's heading with （续） (the template's @表格 续= wording) under the table head and
  above the record, and no other page shows （续）; apart from those lines the text is the
  text of the same 台账.txt typeset without 续= (the layout without continued headings);
- each community heading `N、<社区>（k条）` states the manifest's used count, and the 编号 cells
  under it are exactly that community's used rows in taxonomy category order (then file, line);
- the cover states the office, the period, the 排查日期 range, counts read/used/rejected, level
  and resolution counts recomputed from the manifest, and carries no folio;
- every page after the cover carries `第N页 共M页` (M = pages − 1) 7 mm below the 版心, odd N
  1 字 in from the right of the 版心, even N 1 字 in from the left;
- 填报人/审核人/日期 on the last page only; every font embedded;
- --period 2024-05 makes 所属期间 2024年5月; an empty folder and a file of rejected rows only
  give a ledger that says there is nothing to archive."""
import datetime as dt
import os
import re
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "common"))
import rdjobs  # noqa: E402
from rdjobs import MM  # noqa: E402

LEFT, RIGHT, BOTTOM = 28 * MM, (28 + 156) * MM, (37 + 225) * MM
ONE_ZI = 14.0          # page numbers are 4号 (14 pt): 1 字 = 14 pt
TOL = 1 * MM
RESOLVED = {"已化解", "已销号"}
HEADING = re.compile(r"[一二三四五六七八九十]+、.+（\d+条）")
CONTINUED = "（续）"   # templates/ledger/ledger.mustache: @表格 … 续=（续）
TABLE_HEAD = ["序号", "风险类别", "编号", "风险隐患", "等级", "化解状态", "排查日期", "完成时限"]


def cn_date(iso):
    d = dt.date.fromisoformat(iso)
    return "%d年%d月%d日" % (d.year, d.month, d.day)


def cn_month(iso):
    d = dt.date.fromisoformat(iso)
    return "%d年%d月" % (d.year, d.month)


def run_ledger(out, *extra, inputs=(rdjobs.FIXTURES,)):
    p = rdjobs.riskdoc(["ledger", "--config", rdjobs.CONFIG, "--quiet", "-o", out, *extra,
                        *inputs])
    return p


def cover_value(page, label):
    """The text of the cover table's cell right of `label` (the content is turned: a table
    row is a band of x; the label and its value share it)."""
    labels = [w for w in page["words"] if w.text == label]
    assert len(labels) == 1, (label, labels)
    lab = labels[0]
    cells = [w for w in page["words"] if w is not lab and w.x0 < lab.x1 - 1 and w.x1 > lab.x0 + 1]
    cells.sort(key=lambda w: w.x0)
    return "".join(w.text for w in cells)


class LedgerFixtures(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="rd-ledger-")
        cls.out = os.path.join(cls.tmp.name, "out")
        cls.proc = run_ledger(cls.out)
        cls.manifest = rdjobs.manifest()
        cls.used = [r for r in cls.manifest["rows"] if r["disposition"] == "used"]
        cls.summary = None
        cls.pdf = None
        if cls.proc.returncode == 0:
            cls.summary = rdjobs.load_json(os.path.join(cls.out, "summary.json"))
            pdfs = [o for o in cls.summary["outputs"] if o["kind"] == "ledger-pdf"]
            if len(pdfs) == 1:
                cls.pdf = os.path.join(cls.out, pdfs[0]["path"])
                cls.pages = rdjobs.pdf_words(cls.pdf)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def setUp(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr[-3000:])
        self.assertIsNotNone(self.pdf, "summary.json lists exactly one ledger-pdf")

    # ---- summary.json ------------------------------------------------------------------
    def test_summary_lists_the_pdf_with_its_pages_and_sha256(self):
        (entry,) = [o for o in self.summary["outputs"] if o["kind"] == "ledger-pdf"]
        self.assertEqual(entry["pages"], rdjobs.pdf_pages(self.pdf))
        self.assertEqual(entry["sha256"], rdjobs.sha256(self.pdf))
        self.assertEqual(self.summary["job"], "ledger")
        read = len(self.manifest["rows"])
        self.assertEqual(self.summary["rows"], {"read": read, "used": len(self.used),
                                                "rejected": read - len(self.used)})

    # ---- table rows ----------------------------------------------------------------------
    def table_pages(self):
        """(page number 1-based, page, the 序号 header word) of every page after the cover."""
        out = []
        for i, page in enumerate(self.pages[1:], start=2):
            heads = [w for w in page["words"] if w.text == "序号"]
            if heads:
                self.assertEqual(len(heads), 1, "one table head per page %d" % i)
                out.append((i, page, heads[0]))
        return out

    def seq_cells(self, page, head):
        """Numbers in the 序号 column (the band of y under the turned header), in row order."""
        cells = [w for w in page["words"] if re.fullmatch(r"\d+", w.text)
                 and w.y0 >= head.y0 - 2 and w.y1 <= head.y1 + 2]
        return sorted(cells, key=lambda w: w.x0)

    def test_table_rows_are_the_used_rows_numbered_in_order(self):
        seqs = []
        for _, page, head in self.table_pages():
            seqs += [int(w.text) for w in self.seq_cells(page, head)]
        self.assertEqual(len(seqs), len(self.used), "one table row per used row")
        self.assertEqual(seqs, list(range(1, len(self.used) + 1)), "序号 1..used in order")

    def test_every_table_page_has_its_head_on_the_left_edge(self):
        tables = self.table_pages()
        self.assertEqual([i for i, _, _ in tables], list(range(2, len(self.pages) + 1)),
                         "the table head is repeated on every page after the cover")
        for i, page, head in tables:
            self.assertLess(page["w"], page["h"], "page %d: portrait paper" % i)
            self.assertGreater(head.y1 - head.y0, head.x1 - head.x0,
                               "page %d: the 序号 head is turned (vertical on the paper)" % i)
            rows = self.seq_cells(page, head)
            self.assertTrue(rows, "page %d has table rows" % i)
            self.assertLess(head.x1, min(w.x0 for w in rows), "page %d: head left of the rows" % i)
            self.assertLess(head.x0, page["w"] / 2, "page %d: head on the left half" % i)

    def reading_order(self):
        """Community headings and 编号 cells in reading order (pages, then x: content turned)."""
        ids = {r["id"] for r in self.used}
        events = []
        for i, page in enumerate(self.pages[1:], start=2):
            for w in sorted(page["words"], key=lambda w: (w.x0, -w.y1)):
                m = re.fullmatch(r"([一二三四五六七八九十]+)、(.+)（(\d+)条）", w.text)
                if m:
                    events.append(("heading", m.group(1), m.group(2), int(m.group(3))))
                elif w.text.split("（")[0] in ids:   # the 编号 cell: id（第N网格）
                    events.append(("id", w.text.split("（")[0]))
        return events

    def test_community_headings_state_their_used_counts(self):
        files = sorted(self.manifest["files"], key=lambda f: f["file"].encode())
        expected, seen = [], set()
        for f in files:   # communities in order of first appearance in the sorted inputs
            for r in self.used:
                if r["file"] == f["file"] and r["community"] not in seen:
                    seen.add(r["community"])
                    expected.append(r["community"])
        counts = {c: sum(r["community"] == c for r in self.used) for c in expected}
        heads = [e for e in self.reading_order() if e[0] == "heading"]
        self.assertEqual([(h[2], h[3]) for h in heads], [(c, counts[c]) for c in expected])
        self.assertEqual([h[1] for h in heads],
                         [rdjobs.cn_number(i) for i in range(1, len(heads) + 1)])
        # and the manifest's per-file used counts, for the communities that are one file each
        for f in self.manifest["files"]:
            if f["community"] in counts and sum(g["community"] == f["community"]
                                                for g in self.manifest["files"]) == 1:
                self.assertEqual(counts[f["community"]], f["used"], f["file"])

    def test_rows_of_each_community_in_taxonomy_category_order(self):
        order = {c: i for i, c in enumerate(rdjobs.taxonomy_order())}
        got, current = {}, None
        for e in self.reading_order():
            if e[0] == "heading":
                current = e[2]
                got[current] = []
            else:
                self.assertIsNotNone(current, "a row before the first heading: %s" % e[1])
                got[current].append(e[1])
        for community, ids in got.items():
            rows = [r for r in self.used if r["community"] == community]
            rows.sort(key=lambda r: (order[r["category"]], r["file"].encode(), r["line"]))
            self.assertEqual(ids, [r["id"] for r in rows], community)

    # ---- density -------------------------------------------------------------------------
    def test_ten_records_a_page_with_ids_and_units_whole(self):
        """The archive does not waste paper: at least 10 records a page on average after the
        cover (each a row of short fields and a spanning line of 具体情况, 措施 and the
        responsible units and people, 五号 at a fixed line pitch), and no 编号 or unit name
        is cut by a line break (a line ending in the start of one and the next starting with
        its rest)."""
        per_page = len(self.used) / (len(self.pages) - 1)
        print("ledger: %d records on %d pages after the cover, %.2f a page"
              % (len(self.used), len(self.pages) - 1, per_page))
        self.assertGreaterEqual(per_page, 10.0)
        lines = [l.strip() for l in rdjobs.pdf_text(self.pdf, 2, len(self.pages), squeeze=False)
                 .splitlines() if l.strip()]
        ids = [r["id"] for r in self.used]
        starts = [l.split("（")[0] for l in lines for l in l.split()]
        self.assertEqual(sorted(i for i in starts if i in set(ids)), sorted(ids),
                         "every 编号 printed whole, once")
        units = {u for r in self.used for u in [r["lead_unit"], *r["support_units"]] if len(u) > 1}
        cut = [(a[-8:], b[:8], u) for a, b in zip(lines, lines[1:]) for u in units
               if any(a.endswith(u[:k]) and b.startswith(u[k:]) for k in range(1, len(u)))]
        self.assertEqual(cut, [], "a unit name cut at a line end")
        self.assertGreater(sum(u in l for l in lines for u in units), len(self.used),
                           "the unit names are printed")
        # the parts of a record's spanning line are separated: 具体情况：…；措施：…；备注：…
        text = "".join(lines)
        self.assertGreater(text.count("措施："), 0, "the 措施 are printed")
        run_in = re.findall(r"(.{6})(措施|备注|责任单位|责任领导|责任人)：", text)
        self.assertEqual([m for m in run_in if not m[0].endswith("；")], [],
                         "a part of the spanning line runs into the one before it")
        self.assertEqual(re.findall(r".{6}[。，．.,]；", text), [],
                         "a part of the spanning line ends in a mark before the ；")

    def test_communities_run_on_without_stranding_a_heading_or_a_last_record(self):
        """Communities follow each other on the same page (no page per community), but a
        community heading has its first two records on its page and a community's last
        record is never alone on a page: it has the one before it there."""
        ids = {r["id"] for r in self.used}
        where, order = {}, []   # community -> [page of heading, pages of its records...]
        for i, page in enumerate(self.pages[1:], start=2):
            for w in sorted(page["words"], key=lambda w: (w.x0, -w.y1)):
                m = re.fullmatch(r"[一二三四五六七八九十]+、(.+)（\d+条）", w.text)
                if m:
                    order.append(m.group(1))
                    where[m.group(1)] = [i]
                elif w.text.split("（")[0] in ids and order:
                    where[order[-1]].append(i)
        shared = sum(where[a][-1] == where[b][0] for a, b in zip(order, order[1:]))
        self.assertGreater(shared, len(order) // 2, "communities share pages")
        for c, pages in where.items():
            self.assertEqual(pages[0], pages[1], "%s: the heading with its first record" % c)
            if len(pages) > 2:
                self.assertEqual(pages[1], pages[2], "%s: the heading with two records" % c)
                self.assertEqual(pages[-1], pages[-2], "%s: the last record not alone" % c)

    # ---- continued communities -------------------------------------------------------------
    def page_events(self, page):
        """A page's community headings, continued headings and 编号 cells in reading order
        (x: the content is turned), as (kind, text, word)."""
        ids = {r["id"] for r in self.used}
        events = []
        for w in sorted(page["words"], key=lambda w: (w.x0, -w.y1)):
            if w.text.endswith(CONTINUED) and HEADING.fullmatch(w.text[:-len(CONTINUED)]):
                events.append(("continued", w.text[:-len(CONTINUED)], w))
            elif HEADING.fullmatch(w.text):
                events.append(("heading", w.text, w))
            elif w.text.split("（")[0] in ids:
                events.append(("id", w.text.split("（")[0], w))
            else:
                self.assertNotIn(CONTINUED, w.text, "（续） only after a community heading")
        return events

    def test_a_page_going_on_with_a_community_repeats_its_heading(self):
        """Every page whose first record belongs to a community whose heading is on an earlier
        page shows that heading with （续） after it, once, under the table head and above
        that first record; a page whose first record follows its community's own heading
        there shows no （续）."""
        current, continued, begun = None, [], []
        for i, page in enumerate(self.pages[1:], start=2):
            events = self.page_events(page)
            (head,) = [w for w in page["words"] if w.text == "序号"]
            first = next(k for k, e in enumerate(events) if e[0] == "id")
            conts = [e for e in events if e[0] == "continued"]
            if any(e[0] == "heading" for e in events[:first]):
                begun.append(i)
                self.assertEqual(conts, [], "page %d: its first community begins here" % i)
            else:
                self.assertIsNotNone(current, "page %d: a record before any heading" % i)
                continued.append(i)
                self.assertEqual([e[1] for e in conts], [current],
                                 "page %d: goes on with %s" % (i, current))
                self.assertEqual(first, 1, "page %d: the continued heading right above the "
                                           "first record" % i)
                # line centres across the turned page (poppler's boxes are 1.437 em tall)
                mid = [(w.x0 + w.x1) / 2 for w in (head, conts[0][2], events[first][2])]
                self.assertLess(mid[0] + 5, mid[1], "page %d: under the table head" % i)
                self.assertLess(mid[1] + 5, mid[2], "page %d: above the first record" % i)
            for e in events:
                if e[0] == "heading":
                    current = e[1]
            # the repeated heading took its room from the page: nothing runs past the 版心
            # (the turned content's foot is the paper's right edge of the 版心)
            body = [w for w in page["words"] if not re.fullmatch(r"[第共]\d+页", w.text)]
            self.assertLessEqual(max(w.x1 for w in body), RIGHT + TOL,
                                 "page %d: the table stays inside the 版心" % i)
        print("ledger: %d pages go on with a community, %d begin with one"
              % (len(continued), len(begun)))
        self.assertGreater(len(continued), len(self.pages) // 2,
                           "the fixtures' communities run over pages")

    @staticmethod
    def record_lines(pdf, continued):
        """The lines of the pages after the cover, white space removed, without the folio and
        the table head that begins each page (and, when continued, a continued heading right
        under it)."""
        text = rdjobs.pdf_text(pdf, 2, None, squeeze=False)
        out = []
        for n, page in enumerate(text.split("\f"), start=2):
            lines = [re.sub(r"\s+", "", l) for l in page.splitlines()]
            lines = [l for l in lines if l and not re.fullmatch(r"第\d+页共\d+页", l)]
            if not lines:
                continue
            assert lines[:len(TABLE_HEAD)] == TABLE_HEAD, (n, lines[:10])
            lines = lines[len(TABLE_HEAD):]
            if continued and lines[0].endswith(CONTINUED):
                lines = lines[1:]
            assert not [l for l in lines if CONTINUED in l], (n, "（续） inside a page")
            out += lines
        return out

    def test_text_unchanged_but_for_the_continued_headings(self):
        """The continued headings only add lines: without them the text is, line by line,
        the text of the ledger's own 台账.txt typeset without its 续= wording (the document
        without continued headings)."""
        with open(os.path.join(self.out, "台账.txt"), encoding="utf-8") as f:
            source = f.read()
        option = " 续=" + CONTINUED
        self.assertEqual(source.count(option), 1, "the ledger's table asks for （续）")
        plain = os.path.join(self.tmp.name, "plain.txt")
        with open(plain, "w", encoding="utf-8") as f:
            f.write(source.replace(option, ""))
        plain_pdf = os.path.join(self.tmp.name, "plain.pdf")
        p = rdjobs.riskdoc(["typeset", "--config", rdjobs.CONFIG, "--quiet", "-o", plain_pdf,
                            plain])
        self.assertEqual(p.returncode, 0, p.stderr[-3000:])
        self.assertNotIn(CONTINUED, rdjobs.pdf_text(plain_pdf), "no continued heading without 续=")
        got = self.record_lines(self.pdf, continued=True)
        self.assertEqual(got, self.record_lines(plain_pdf, continued=False))
        self.assertGreater(len(got), 2 * len(self.used))

    # ---- cover ---------------------------------------------------------------------------
    def test_cover_states_counts_and_date_range(self):
        cover = self.pages[0]
        found = sorted(r["found"] for r in self.used)
        self.assertEqual(cover_value(cover, "排查日期"), "%s至%s" % (cn_date(found[0]),
                                                                cn_date(found[-1])))
        self.assertEqual(cover_value(cover, "所属期间"), "%s至%s" % (cn_month(found[0]),
                                                                cn_month(found[-1])))
        self.assertEqual(cover_value(cover, "归档单位"), "济南市历城区人民政府全福街道办事处")
        communities = {r["community"] for r in self.used}
        self.assertEqual(cover_value(cover, "社区（村）"), "%d个" % len(communities))
        read, used = len(self.manifest["rows"]), len(self.used)
        self.assertIn("%d个文件，读取%d行，使用%d行，退回%d行" % (len(self.manifest["files"]), read,
                                                         used, read - used),
                      cover_value(cover, "来源台账"))
        level = {lv: sum(r["level"] == lv for r in self.used) for lv in "高中低"}
        resolved = sum(r["status"] in RESOLVED for r in self.used)
        self.assertEqual(cover_value(cover, "风险隐患"),
                         "共%d条：高风险%d条、中风险%d条、低风险%d条；已化解%d条、未化解%d条"
                         % (used, level["高"], level["中"], level["低"], resolved, used - resolved))
        text = rdjobs.pdf_text(self.pdf, 1, 1)
        self.assertNotRegex(text, r"第\d+页", "the cover carries no folio")
        self.assertIn("风险隐患台账", text)

    # ---- folios ----------------------------------------------------------------------------
    def test_folios_after_the_cover(self):
        total = len(self.pages)
        for i, page in enumerate(self.pages[1:], start=2):
            n_words = [w for w in page["words"] if re.fullmatch(r"第(\d+)页", w.text)]
            m_words = [w for w in page["words"] if re.fullmatch(r"共(\d+)页", w.text)]
            self.assertEqual(len(n_words), 1, "page %d: one 第N页: %r" % (i, n_words))
            self.assertEqual(len(m_words), 1, "page %d: one 共M页: %r" % (i, m_words))
            nw, mw = n_words[0], m_words[0]
            n, m = int(nw.text[1:-1]), int(mw.text[1:-1])
            self.assertEqual(n, i - 1, "page %d: N counts from the first page after the cover" % i)
            self.assertEqual(m, total - 1, "page %d: M = pages - 1 (cover not counted)" % i)
            self.assertLess(nw.x1, mw.x0, "page %d: upright, 第N页 before 共M页" % i)
            self.assertLess(abs(nw.y0 - mw.y0), 1, "page %d: one line" % i)
            for w in (nw, mw):
                size = (w.y1 - w.y0) / 1.437            # Noto CJK boxes: 1.437 em tall
                self.assertLess(abs(size - ONE_ZI), 0.5, "page %d: folio in 4号 (%.1f pt)" % (i, size))
                base = w.y1 - 0.286 * size
                em_mid = base - 0.38 * size
                self.assertLess(abs(em_mid - (BOTTOM + 7 * MM)), TOL,
                                "page %d: folio 7 mm below the 版心 (em middle %.2f mm below)"
                                % (i, (em_mid - BOTTOM) / MM))
                self.assertTrue(7 * MM <= base - BOTTOM <= 11 * MM,
                                "page %d: baseline %.2f mm below the 版心" % (i, (base - BOTTOM) / MM))
            if n % 2:
                self.assertLess(abs(mw.x1 - (RIGHT - ONE_ZI)), TOL,
                                "page %d (N=%d odd): right-aligned 1 字 in from the right (%.2f mm)"
                                % (i, n, (RIGHT - mw.x1) / MM))
            else:
                self.assertLess(abs(nw.x0 - (LEFT + ONE_ZI)), TOL,
                                "page %d (N=%d even): left-aligned 1 字 in from the left (%.2f mm)"
                                % (i, n, (nw.x0 - LEFT) / MM))

    # ---- end ---------------------------------------------------------------------------------
    def test_sign_lines_on_the_last_page_only(self):
        last = rdjobs.pdf_text(self.pdf, len(self.pages), len(self.pages))
        for label in ("填报人：", "审核人：", "日期："):
            self.assertIn(label, last)
        before = rdjobs.pdf_text(self.pdf, 1, len(self.pages) - 1)
        self.assertNotIn("填报人", before)
        self.assertNotIn("审核人", before)

    def test_fonts_embedded(self):
        fonts = rdjobs.pdf_fonts(self.pdf)
        self.assertTrue(fonts)
        self.assertEqual([f for f in fonts if f[1] != "yes"], [], "fonts not embedded")


class LedgerOptions(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="rd-ledger-opt-")
        self.addCleanup(self.tmp.cleanup)

    def ledger(self, *extra, inputs=(rdjobs.FIXTURES,)):
        out = os.path.join(self.tmp.name, "out%d" % len(os.listdir(self.tmp.name)))
        p = run_ledger(out, *extra, inputs=inputs)
        self.assertEqual(p.returncode, 0, p.stderr[-3000:])
        summary = rdjobs.load_json(os.path.join(out, "summary.json"))
        (entry,) = [o for o in summary["outputs"] if o["kind"] == "ledger-pdf"]
        pdf = os.path.join(out, entry["path"])
        self.assertEqual(entry["sha256"], rdjobs.sha256(pdf))
        return summary, pdf

    def test_period_sets_the_cover_period(self):
        summary, pdf = self.ledger("--period", "2024-05")
        self.assertEqual(summary["period"], "2024-05")
        self.assertEqual(cover_value(rdjobs.pdf_words(pdf)[0], "所属期间"), "2024年5月")

    def check_nothing_to_archive(self, summary, pdf, read, rejected):
        self.assertEqual(summary["rows"], {"read": read, "used": 0, "rejected": rejected})
        text = rdjobs.pdf_text(pdf)
        self.assertIn("本期无可归档的风险隐患", text, "the ledger says there is nothing to archive")
        self.assertIn("读取%d行，使用0行，退回%d行" % (read, rejected), text)
        self.assertNotIn("序号", text, "no empty table")
        self.assertIn("填报人：", text)

    def test_empty_folder(self):
        """No ledger row at all: nothing is written (exit 1) unless --allow-empty asks for the
        archive page that says so."""
        empty = os.path.join(self.tmp.name, "empty")
        os.mkdir(empty)
        out = os.path.join(self.tmp.name, "refused")
        p = run_ledger(out, inputs=(empty,))
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn("没有任何台账行", p.stderr)
        self.assertFalse(os.path.exists(out))
        summary, pdf = self.ledger("--allow-empty", inputs=(empty,))
        self.check_nothing_to_archive(summary, pdf, 0, 0)

    def test_only_rejected_rows(self):
        folder = os.path.join(self.tmp.name, "rejected")
        os.mkdir(folder)
        with open(os.path.join(folder, "甲社区.csv"), "w", encoding="utf-8") as f:
            f.write("编号,社区,风险类别,风险隐患,风险等级,责任单位,排查日期,化解状态\n"
                    "A1,甲社区,外星入侵,甲,高,综治中心,2024-05-01,未化解\n"
                    "A2,甲社区,政治安全,乙,特高,综治中心,2024-05-01,未化解\n"
                    "A3,甲社区,政治安全,丙,高,综治中心,2024-02-30,未化解\n")
        summary, pdf = self.ledger(inputs=(folder,))
        self.check_nothing_to_archive(summary, pdf, 3, 3)

    def test_a_long_cell_is_printed_not_refused(self):
        """A 具体情况 of 420 characters (a long paragraph, common in real ledgers) makes a row
        taller than a landscape page: the ledger must still print it (over pages), not fail."""
        folder = os.path.join(self.tmp.name, "long")
        os.mkdir(folder)
        detail = "".join("第%d段情况描述，群众反映问题较多，需持续跟进化解。" % i for i in range(1, 21))
        self.assertGreater(len(detail), 400)
        with open(os.path.join(folder, "甲社区.csv"), "w", encoding="utf-8") as f:
            f.write("编号,社区,风险类别,风险隐患,具体情况,风险等级,责任单位,排查日期,化解状态\n"
                    "L1,甲社区,社会矛盾,长描述,%s,高,综治中心,2024-05-01,未化解\n"
                    "L2,甲社区,社会矛盾,短描述,短。,低,综治中心,2024-05-02,未化解\n" % detail)
        summary, pdf = self.ledger(inputs=(folder,))
        text = rdjobs.pdf_text(pdf)
        self.assertIn("第20段情况描述", text)
        self.assertIn("短描述", text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
