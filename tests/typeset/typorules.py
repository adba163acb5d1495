"""The typographic rules beyond the standard's numbers (shared/spec/gbt9704.md, "Typographic
rules beyond the numbers"), measured on a PDF read back with poppler (pdftotext -bbox-layout)
and pdfminer (glyph boxes). Used by measure.py on the examples, the jobs' documents made from
the fixtures and the provoking documents.

Pages turned landscape are drawn rotated: their text boxes are mapped back to the rotated
版心 ("content" coordinates: x along the table's rows, y down the page of the table)."""
import re
import subprocess
import xml.etree.ElementTree as ET

MM = 72 / 25.4
LEFT, TOP, W, H = 28 * MM, 37 * MM, 156 * MM, 225 * MM
RIGHT, BOTTOM = LEFT + W, TOP + H
P = H / 22
CELL = W / 28
TOL = 1 * MM
HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.(?!\d)|（\d+）)")
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
FOLIO = re.compile(r"^(—\s*\d+\s*—|第\d+页共\d+页)$")


class Box:
    """A line of text in content coordinates (cx0, cy0, cx1, cy1) and its size."""
    def __init__(self, el, rotated):
        x0, y0, x1, y1 = (float(el.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
        self.text = el.text if el.tag == "word" else "".join(
            w.text or "" for w in el.iter() if w.tag.endswith("word"))
        if rotated:
            self.cx0, self.cx1 = TOP + H - y1, TOP + H - y0
            self.cy0, self.cy1 = x0 - LEFT, x1 - LEFT
        else:
            self.cx0, self.cx1 = x0 - LEFT, x1 - LEFT
            self.cy0, self.cy1 = y0 - TOP, y1 - TOP
        self.size = (self.cy1 - self.cy0) / 1.437
        base = self.cy1 - 0.286 * self.size
        self.mid = base - 0.38 * self.size
        self.bottom = base + 0.12 * self.size


def read(pdf):
    """Pages as {"rotated", "lines": [Box] sorted top to bottom, page numbers left out}."""
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, check=True).stdout
    root = ET.fromstring(re.sub(rb'xmlns="[^"]*"', b"", out))
    pages = []
    for pg in root.iter("page"):
        els = list(pg.iter("line"))
        def dims(l):
            return float(l.get("xMax")) - float(l.get("xMin")), float(l.get("yMax")) - float(l.get("yMin"))
        long_ = [dims(l) for l in els if len("".join(w.text or "" for w in l.iter() if w.tag.endswith("word"))) >= 3]
        rotated = sum(1 for w, h in long_ if h > w) > len(long_) / 2
        lines = [Box(l, rotated) for l in els]
        # the page number is always upright below the 版心
        lines = [b for b in lines if not FOLIO.match(b.text.replace(" ", "").replace("\u2002", ""))]
        lines.sort(key=lambda b: (round(b.mid, 0), b.cx0))
        words = [Box(w, rotated) for w in pg.iter("word")]
        pages.append({"rotated": rotated, "lines": lines, "words": words})
    return pages


def _cell(b):
    return (b.mid) / P - 0.5


def _on_grid(b):
    return abs(_cell(b) - round(_cell(b))) < 0.2


def _body(p):
    """The page's text lines on the 22-line grid, in any of the body's faces (the 楷体 of a
    （一） heading measures smaller than 仿宋 in poppler's boxes)."""
    return [b for b in p["lines"] if 10 < b.size < 18 and _on_grid(b)]


def _is_heading(b):
    return HEADING.match(b.text) is not None and abs(b.cx0 - 2 * CELL) < 1.5 * MM


def _table_page(p):
    """Most of a table page's small lines lie off the grid (rows have their own pitch)."""
    small = [b for b in p["lines"] if b.size < 18]
    return bool(small) and sum(not _on_grid(b) for b in small) > 0.3 * len(small)


def keeps(check, name, pages):
    """A heading is never the last line of a page: at least two lines follow it there."""
    n = 0
    last_text = max((i for i, p in enumerate(pages) if p["lines"]), default=-1)
    for i, p in enumerate(pages):
        if p["rotated"]:
            continue
        ls = _body(p)
        for k, b in enumerate(ls):
            if _is_heading(b):
                after = [c for c in ls[k + 1:] if c.mid > b.mid + 2]
                if i == last_text and len(after) < 2:
                    continue   # the document ends here
                n += 1
                ok = len(after) >= 2
                if not ok:
                    print(f"  {name} p{i + 1}: heading with {len(after)} line(s) after it: {b.text[:20]}")
                check(ok, f"{name} p{i + 1}: heading '{b.text[:10]}' keeps with two lines")
    return n


def _keep_chain(lines):
    """How many of a page's first lines the keep-with-next rule ties together: a heading (also
    a run-in one) with the two lines after it, a heading among those with its own two, and so
    on; 0 when the page does not start with a heading."""
    m = 0
    for k, b in enumerate(lines):
        if k >= max(m, 1):
            break
        if _is_heading(b):
            m = max(m, k + 3)
    return min(m, len(lines))


def _explained(pages, i, empty):
    """A page left `empty` lines short (more than one) is allowed when a keep or a new part
    forced it: the next page starts an attachment, is turned, holds a caption in its first
    lines, or the 署名/成文日期 in its first six, or carries no body text — or it starts with
    a heading whose keep chain (the heading with the two lines after it, and a heading among
    those with its two: "Keep with next" of gbt9704.md's "Typographic rules beyond the
    numbers") is longer than the empty lines. That rule outranks "Pages are filled": with 3
    lines free, 一、 （一） and a run-in 1. (whose own two lines after it must come along) cannot
    start there without leaving a heading with fewer than two lines after it on the page. A
    chain that would have fitted is a fault: the builder should have placed it."""
    if i + 1 >= len(pages):
        return True
    nxt = pages[i + 1]
    if nxt["rotated"] or pages[i]["rotated"] or not nxt["lines"]:
        return True
    first = nxt["lines"][:6]
    if re.fullmatch(r"附件\d*", first[0].text) or first[0].size > 20:
        return True
    body = _body(nxt)
    if body and _is_heading(body[0]) and body[0] is first[0]:
        return _keep_chain(body) > empty
    if any(abs((b.cx0 + b.cx1) / 2 - W / 2) < TOL and b.cx0 > 2 * CELL for b in first[:3]):
        return True   # a caption or centred line
    if any(DATE.match(b.text) for b in first):
        return True
    if any("印发" in b.text for b in nxt["lines"]):
        return True   # the 版记 page
    return False


def filled(check, name, pages, forced=()):
    """Portrait text pages leave at most one empty line at the foot while the text runs on
    (forced: 1-based pages ending at an explicit @分页)."""
    last_text = max((i for i, p in enumerate(pages) if p["lines"]), default=-1)
    for i, p in enumerate(pages[:last_text]):
        ls = _body(p)
        if p["rotated"] or not ls or i + 1 in forced:
            continue
        if _table_page(p) or len({round(b.mid) for b in ls}) < len(ls) * 0.8:
            continue   # a table page: see table_parts
        empty = 21 - round(_cell(ls[-1]))
        ok = empty <= 1 or _explained(pages, i, empty)
        if not ok:
            print(f"  {name} p{i + 1}: {empty} empty lines at the foot; next starts {pages[i + 1]['lines'][0].text[:16]}")
        check(ok, f"{name} p{i + 1}: at most one empty line at the foot ({empty})")


def _column(p, header):
    """The words of the table column headed `header` on page p, top to bottom (a cell's text
    is centred or flush left in its column, so its centre lies near the header's)."""
    heads = [w for w in p["words"] if w.text == header and w.cx0 < W * 0.2]
    if not heads:
        return []
    h = min(heads, key=lambda w: w.cy0)
    mid = (h.cx0 + h.cx1) / 2
    ls = [w for w in p["words"] if w.cy0 >= h.cy0 - 1 and w.cx0 <= mid <= w.cx1 + CELL / 2 and
          w.cx0 >= h.cx0 - CELL]
    return sorted(ls, key=lambda b: b.cy0)


def table_parts(check, name, pages, header="序号", min_avg=None):
    """Every page of a table whose first column is headed `header` holds at least two rows
    under the header; a 合计 row never stands alone under it. min_avg: the average rows a
    page must reach (the ledger)."""
    counts = []
    for i, p in enumerate(pages):
        col = _column(p, header)
        if not col:
            continue
        rows = [b for b in col[1:] if re.fullmatch(r"\d+|合计|总计", b.text)]
        counts.append(len(rows))
        check(len(rows) >= 2, f"{name} p{i + 1}: a table part holds at least two rows ({len(rows)})")
        if rows and rows[0].text in ("合计", "总计"):
            check(False, f"{name} p{i + 1}: 合计 alone under the header")
    if min_avg is not None and counts:
        avg = sum(counts) / len(counts)
        check(avg >= min_avg, f"{name}: {avg:.1f} rows a page on average (at least {min_avg})")
    return counts


def glyph_lines(pdf):
    """Glyph boxes of upright pages, grouped into visual lines: [(page, size, [(x0, x1, ch)])]."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTContainer
    out = []
    for pno, page in enumerate(extract_pages(pdf), 1):
        chars = []

        def walk(o):
            if isinstance(o, LTChar):
                if o.upright:
                    chars.append(o)
            elif isinstance(o, LTContainer):
                for c in o:
                    walk(c)
        walk(page)
        rows = {}
        for c in chars:
            rows.setdefault(round(c.matrix[5], 1), []).append(c)   # the baseline
        for y, cs in rows.items():
            cs.sort(key=lambda c: c.x0)
            size = max(c.size for c in cs)
            out.append((pno, size, [(c.x0, c.x1, c.get_text()) for c in cs]))
    return out


def even_colour(check, name, pdf):
    """Justified body lines (16 pt, reaching the right edge): no gap between glyphs wider than
    ½ 字, and at most 0.1 字 of added tracking per gap between Chinese characters."""
    worst_gap = worst_track = 0
    bad = 0
    for pno, size, cs in glyph_lines(pdf):
        if not 15 < size < 17 or len(cs) < 10:
            continue
        x0, x1 = cs[0][0], cs[-1][1]
        if x0 < LEFT - TOL or abs(x1 - RIGHT) > TOL + CELL / 2 or x1 > RIGHT + CELL:
            continue
        gaps = [(b[0] - a[1], a[2], b[2]) for a, b in zip(cs, cs[1:])]
        big = max(g for g, _, _ in gaps)
        track = [g + (16 - CELL) for g, a, b in gaps if ord(a) > 0x3000 and ord(b) > 0x3000 and
                 a not in "，。、；：？！）》”’（《“‘" and b not in "，。、；：？！）》”’（《“‘"]
        tr = max(track) if track else 0
        worst_gap, worst_track = max(worst_gap, big), max(worst_track, tr)
        if big > size / 2 + 0.2 or tr > 0.1 * size + 0.2:
            bad += 1
            print(f"  {name} p{pno}: gap {big:.1f} pt, tracking {tr:.2f} pt:", "".join(c[2] for c in cs)[:30])
    check(bad == 0, f"{name}: even colour: no gap over ½ 字, tracking at most 0.1 字 "
                    f"(worst {worst_gap:.1f} pt / {worst_track:.2f} pt; {bad} lines)")
