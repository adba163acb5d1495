#!/usr/bin/python3
"""The DOCX renderings (issue 13) read back by real readers and measured like the PDFs.

  test_docx.py examples   templates/examples/*.txt through `riskdoc typeset -o X.docx`
  test_docx.py monthly    the 通报.docx the monthly job writes from fixtures/
  test_docx.py event      the 通知.docx and every 交办单/<单位>.docx of the event job
  test_docx.py banji      the 版记 after an odd and a full even last page, double- and single-sided
  test_docx.py ledger     the ledger's 台账.txt through `riskdoc typeset -o X.docx`: records,
                          group headings, records kept whole by LibreOffice

Each DOCX is converted to PDF by LibreOffice headless (its own profile; a fontconfig file maps
each font name of the DOCX to the face its fontTable names as altName, the free face riskdoc
drew with), and the PDF is measured with tests/typeset/measure.py's readers against the
GB/T 9704 numbers: A4, text inside the 版心, lines on the 22-line grid, 28 characters in a full
line, 22 lines on a full page, page numbers odd right / even left 7 mm below the 版心, the
发文机关标志 35 mm below the 版心 top, the red rule, the 版记's rules where riskdoc's PDF has them
(the last on the 版心 bottom), on the last page only, and on an even page when double-sided
wherever the converted text ends on the page riskdoc's does. The converted
text equals the text of riskdoc's own PDF of the same document (the chart's labels aside: the
DOCX carries the chart as a picture). python-docx reads every paragraph's style name. An edit
(a 正文 paragraph inserted with python-docx) keeps every measurement. The same input gives the
same DOCX bytes.

Every position is checked within the standard's 1 mm. What LibreOffice 7.4 does differently,
and the checks allow for it:
- it hangs a line-ending closing mark into the margin (w:overflowPunct="0" notwithstanding),
  and poppler sometimes extracts no text for it: a closing mark may end a line one cell past
  the 版心, and closing marks may be missing from the extracted text;
- its line breaking pushes a character to the next line where riskdoc squeezes punctuation: a
  full line may hold fewer than 28 characters (most hold 28, none more);
- a table's rows are as high as their text, so the lines after a table are off the grid (not
  checked below a table), and its header row is repeated on however many pages the table
  takes there;
- for that line breaking it may end the text a page later than riskdoc (001, the monthly 通报
  and the event 通知 by one page): the 版记's page parity is then riskdoc's, not checked.
"""
import collections, json, os, re, shutil, subprocess, sys, tempfile, zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "typeset"))
import measure as m  # noqa: E402

RISKDOC, SRC, MM = m.RISKDOC, m.SRC, m.MM
GRID_TOL = m.TOL   # grid positions: the standard's 1 mm
STYLES = {"标题", "主送", "正文", "一级标题", "二级标题", "三级标题", "四级标题", "附件说明", "署名",
          "成文日期", "附注", "附件标识", "附件标题", "表格", "表头", "表题", "版记", "版头",
          "发文机关标志", "发文字号", "图"}
HEADING = [(re.compile(r"^[一二三四五六七八九十]+、"), "一级标题"),
           (re.compile(r"^（[一二三四五六七八九十]+）"), "二级标题")]


class LoLine(m.Line):
    """A text line of LibreOffice's PDF: its CJK fonts carry no ascent or descent, so poppler
    boxes them with its defaults (0.95 above, 0.35 below the baseline)."""

    def __init__(self, el):
        super().__init__(el)
        self.size = (self.y1 - self.y0) / 1.30
        self.base = self.y1 - 0.35 * self.size
        self.em_top = self.base - 0.88 * self.size
        self.em_mid = self.base - 0.38 * self.size
        self.em_bottom = self.base + 0.12 * self.size


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise SystemExit(f"{cmd[:3]} exited {p.returncode}: {p.stderr[-2000:]}")
    return p


def font_config(docx, path):
    """A fontconfig file naming, for each font of the DOCX, its altName as the face to use."""
    with zipfile.ZipFile(docx) as z:
        table = z.read("word/fontTable.xml").decode()
    pairs = re.findall(r'<w:font w:name="([^"]+)"><w:altName w:val="([^"]+)"/>', table)
    m.check(pairs, f"{os.path.basename(docx)}: fontTable names the free faces as altName")
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n')
        for name, alt in pairs:
            f.write(f'<alias binding="same"><family>{name}</family>'
                    f'<prefer><family>{alt}</family></prefer></alias>\n')
        f.write("</fontconfig>\n")


def convert(docxs, outdir, tmp):
    """LibreOffice headless: every DOCX to PDF in outdir; returns the PDFs in order."""
    profile = tempfile.mkdtemp(prefix="lo-profile-", dir=tmp)
    fonts = os.path.join(tmp, "fonts.conf")
    font_config(docxs[0], fonts)
    os.makedirs(outdir, exist_ok=True)
    try:
        # the blank pages an editor inserts (before a section on an even page) printed too
        run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}',
             "--outdir", outdir, *docxs], timeout=600,
            env=dict(os.environ, FONTCONFIG_FILE=fonts))
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdfs = [os.path.join(outdir, os.path.splitext(os.path.basename(d))[0] + ".pdf") for d in docxs]
    for p in pdfs:
        m.check(os.path.exists(p), f"LibreOffice converted {os.path.basename(p)}")
    return pdfs


def lo_pages(pdf):
    saved, m.Line = m.Line, LoLine
    try:
        return m.read_pages(pdf)
    finally:
        m.Line = saved


def portrait(p):
    return p["w"] < p["h"]


CJK_FULL = re.compile(r"^[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…—]+$")


def is_banji_text(l):
    return 13 < l.size < 15


def banji_rules(pdf, page, lines):
    """The 版记's rules on a page: black rules as wide as the 版心 below every line of the
    page's text but the 版记's own (4号: 抄送, 印发机关)."""
    last = max((l.em_bottom for l in m.body_lines({"lines": lines}) if not is_banji_text(l)), default=0)
    return [r for r in m.rules(pdf, page) if r[0] == "black" and m.near(r[2], m.LEFT) and
            m.near(r[3], m.RIGHT) and r[1] > last]


def check_banji(name, pages, pdf, ref, double_sided):
    """The 版记 of the converted PDF against riskdoc's own PDF ref: its rules on the last page
    where ref has them (its last one on the 版心 bottom), after every line of text, 0.35 mm
    thick; no 版记 rule on any other page; when double-sided, on an even page where the
    converted text ends on the page riskdoc's does."""
    ref_pages = m.read_pages(ref)
    want = banji_rules(ref, len(ref_pages), ref_pages[-1]["lines"])
    got = banji_rules(pdf, len(pages), pages[-1]["lines"])
    m.check(len(got) == len(want) >= 2, f"{name}: 版记 rules on the last page ({len(got)}, riskdoc {len(want)})")
    for g, w in zip(got, want):
        m.check(m.near(g[1], w[1]), f"{name}: 版记 rule {(g[1] - m.TOP) / MM:.2f} mm below the 版心 top "
                f"(riskdoc {(w[1] - m.TOP) / MM:.2f} mm)")
        # thickness read from a 144 dpi raster: within its pixel (0.18 mm)
        m.check(m.near(g[4], w[4], 72 / 144), f"{name}: 版记 rule {g[4] / MM:.2f} mm thick (riskdoc {w[4] / MM:.2f} mm)")
    if got:
        m.check(m.near(got[-1][1], m.BOTTOM), f"{name}: 版记 last rule on the 版心 bottom ({(m.BOTTOM - got[-1][1]) / MM:.2f} mm above)")
        m.check(m.near(got[-1][4], 0.35 * MM, 72 / 144), f"{name}: 版记 last rule 0.35 mm thick")
        printer = [l for l in pages[-1]["lines"] if is_banji_text(l) and l.text.endswith("印发")]
        m.check(len(printer) == 1 and got[-2][1] < printer[0].em_mid < got[-1][1],
                f"{name}: 印发机关 and 印发日期 between the 版记's last two rules")
    early = [i for i, p in enumerate(pages[:-1], 1) for l in p["lines"] if is_banji_text(l) and l.text.endswith("印发")]
    m.check(not early, f"{name}: the 版记 on the last page only ({early})")
    # where riskdoc starts a page for the 版记, the DOCX starts a section on the next even page:
    # even whichever page the converted text ends on; else even where it ends where riskdoc's does
    alone = not [l for l in m.body_lines(ref_pages[-1]) if not is_banji_text(l)]
    if double_sided and (alone or len(pages) == len(ref_pages)):
        m.check(len(pages) % 2 == 0, f"{name}: double-sided, the 版记 on an even page (page {len(pages)})")
    elif double_sided:
        print(f"  note: {name}: Writer ends on page {len(pages)}, riskdoc on {len(ref_pages)} (its line "
              "breaking squeezes no punctuation): the 版记 is on the last page of its text")


def measure(name, pdf, head=False, banji=None, double_sided=True):
    pages = lo_pages(pdf)
    m.check(pages, f"{name}: has pages")
    m.check(all((m.near(p["w"], 210 * MM) and m.near(p["h"], 297 * MM)) or
                (m.near(p["h"], 210 * MM) and m.near(p["w"], 297 * MM)) for p in pages), f"{name}: A4 pages")
    full_pages = full_lines = short_lines = 0
    head_rule = min((r[1] for r in m.rules(pdf, 1) if r[0] == "red"), default=0) if head else 0
    for i, p in enumerate(pages, 1):
        body = [l for l in m.body_lines(p) if l.em_top <= m.BOTTOM + m.TOL]
        foot = m.BOTTOM if portrait(p) else p["h"] - 35 * MM   # a landscape page's foot
        nums = [l for l in p["lines"] if m.folio(l) is not None and l.em_top > foot - m.TOL]
        if not m.body_lines(p):   # the blank page an evenPage section inserts
            m.check(not nums and i < len(pages), f"{name} p{i}: a blank page before the 版记's, without a number")
        else:
            m.check(len(nums) == 1 and m.folio(nums[0]) == i, f"{name} p{i}: page number {i}")
        if not portrait(p):
            continue
        if nums:
            l = nums[0]
            m.check(m.near(l.em_mid, m.BOTTOM + 7 * MM), f"{name} p{i}: page number 7 mm below the 版心 ({(l.em_mid - m.BOTTOM) / MM:.2f} mm)")
            if i % 2:
                m.check(m.near(l.x1, m.RIGHT - 14), f"{name} p{i}: odd page number 1 字 from the right ({(m.RIGHT - l.x1) / MM:.2f} mm)")
            else:
                m.check(m.near(l.x0, m.LEFT + 14), f"{name} p{i}: even page number 1 字 from the left ({(l.x0 - m.LEFT) / MM:.2f} mm)")
        upright = [l for l in body if l.size < 40]
        out = [l for l in upright if l.x0 < m.LEFT - m.TOL or
               l.x1 > m.RIGHT + m.TOL + (m.CELL if l.text[-1:] in m.CLOSING else 0) or
               l.em_top < m.TOP - m.TOL]
        for l in out[:3]:
            print("  outside the 版心:", l.text[:20], (l.x0 - m.LEFT) / MM, (m.RIGHT - l.x1) / MM)
        m.check(not out, f"{name} p{i}: text inside the 版心")
        grid = [l for l in upright if 15 < l.size < 17]
        # a table's rows are as high as their text: the lines after it follow on, off the grid
        tables = [r[1] for r in m.rules(pdf, i, dpi=36) if r[0] == "black"] if grid else []
        table_top = min(tables, default=m.BOTTOM + m.P)
        # the 版头 (发文字号 two lines below the mark) is off the grid, as in the PDF
        head_bottom = head_rule if i == 1 else 0
        off = [l for l in grid if head_bottom < l.em_top < table_top
               if abs((l.em_mid - m.TOP) / m.P - 0.5 - round((l.em_mid - m.TOP) / m.P - 0.5)) * m.P > GRID_TOL]
        for l in off[:3]:
            print("  off the grid:", l.text[:12], (l.em_mid - m.TOP) / m.P - 0.5)
        m.check(not off, f"{name} p{i}: 3号 lines on the grid of 225/22 mm")
        m.check(len(grid) <= 22, f"{name} p{i}: at most 22 lines ({len(grid)})")
        if len(grid) == 22 and all(m.near(l.em_mid, m.TOP + (k + 0.5) * m.P, GRID_TOL) for k, l in enumerate(grid)):
            full_pages += 1
        for l in grid:
            if m.near(l.x0, m.LEFT) and m.near(l.x1, m.RIGHT, m.TOL + m.CELL / 2) and CJK_FULL.match(l.text):
                full_lines += 1
                short_lines += len(l.text) < 28
                m.check(len(l.text) <= 28, f"{name} p{i}: a full line holds at most 28 characters ({len(l.text)}: {l.text[:10]})")
    m.check(short_lines * 2 <= full_lines, f"{name}: most full lines hold 28 characters ({short_lines} of {full_lines} hold fewer)")
    if head:
        p1 = pages[0]["lines"]
        mark = max(p1, key=lambda l: l.size)
        m.check(m.near(mark.em_top, m.TOP + 35 * MM), f"{name}: 发文机关标志 top 35 mm below the 版心 top ({(mark.em_top - m.TOP) / MM:.2f} mm)")
        m.check(m.near((mark.x0 + mark.x1) / 2, m.LEFT + m.W / 2) and mark.x0 >= m.LEFT - m.TOL and mark.x1 <= m.RIGHT + m.TOL,
                f"{name}: 发文机关标志 centred in the 版心")
        red = [r for r in m.rules(pdf, 1) if r[0] == "red"]
        m.check(len(red) == 1, f"{name}: one red rule ({len(red)})")
        num = [l for l in p1 if "〔" in l.text]
        if red and num:
            gap = red[0][1] - num[0].em_bottom
            m.check(m.near(gap, 4 * MM), f"{name}: red rule 4 mm below the 发文字号 ({gap / MM:.2f} mm)")
            m.check(m.near(red[0][2], m.LEFT) and m.near(red[0][3], m.RIGHT), f"{name}: red rule 156 mm wide")
            title = [l for l in p1 if 20 < l.size < 24]
            m.check(title and m.near(title[0].em_top - red[0][1], 2 * m.P, m.P),
                    f"{name}: 标题 two lines below the rule")
            if banji:   # riskdoc's PDF: the 版头 where it prints it
                r1 = m.read_pages(banji)[0]["lines"]
                rred = [r for r in m.rules(banji, 1) if r[0] == "red"]
                rnum = [l for l in r1 if "〔" in l.text]
                rtitle = [l for l in r1 if 20 < l.size < 24]
                for what, a, b in (("发文字号", num[0].em_mid, rnum[0].em_mid if rnum else 0),
                                   ("red rule", red[0][1], rred[0][1] if rred else 0),
                                   ("标题", title[0].em_top if title else 0, rtitle[0].em_top if rtitle else 0)):
                    m.check(m.near(a, b), f"{name}: {what} where riskdoc prints it ({(a - b) / MM:+.2f} mm)")
    if banji:
        check_banji(name, pages, pdf, banji, double_sided)
    return pages, full_pages, full_lines


def chart_labels(txt):
    """The characters the PDF prints as a chart's labels (the DOCX has the chart as a picture):
    its category and series names and the axis digits."""
    chars, inside = collections.Counter(), False
    for line in open(txt, encoding="utf-8"):
        s = line.strip()
        if s.startswith("@图表"):
            inside = True
            continue
        if inside and s.startswith("|"):
            chars.update(m.flat(s.replace("|", "")))
            chars.update("0123456789" * 20)
            continue
        inside = False
    return chars


def table_headers(txt):
    """The characters of every table's header row, as often as a long table repeats it."""
    chars, previous = collections.Counter(), ""
    for line in open(txt, encoding="utf-8"):
        s = line.strip()
        if s.startswith("|") and not previous.startswith("|"):
            for _ in range(100):
                chars.update(m.flat(s.replace("|", "")))
        previous = s
    return chars


def check_text(name, txt, docx_pdf, riskdoc_pdf):
    got, want = collections.Counter(m.extracted(docx_pdf)), collections.Counter(m.extracted(riskdoc_pdf))
    headers = table_headers(txt)
    extra = (got - want) - headers
    missing = collections.Counter({c: n for c, n in ((want - got) - chart_labels(txt) - headers).items()
                                   if c not in m.CLOSING})
    m.check(not extra and not missing,
            f"{name}: converted text equals riskdoc's PDF text (extra {''.join(extra.elements())[:20]!r}, "
            f"missing {''.join(missing.elements())[:20]!r})")


def check_styles(name, docx):
    import docx as pydocx
    d = pydocx.Document(docx)
    paragraphs = list(d.paragraphs) + [p for t in d.tables for row in t.rows for c in row.cells
                                       for p in c.paragraphs]
    bad = [(p.style.name, p.text[:10]) for p in paragraphs if p.text.strip() and p.style.name not in STYLES]
    m.check(not bad, f"{name}: every paragraph has a named style ({bad[:3]})")
    for rx, style in HEADING:
        wrong = [p.text[:10] for p in d.paragraphs if rx.match(p.text) and p.style.name != style]
        m.check(not wrong, f"{name}: headings numbered like {rx.pattern[1:4]} carry {style} ({wrong[:3]})")
    m.check(any(p.style.name == "正文" for p in paragraphs), f"{name}: has 正文 paragraphs")
    return d


def check_edit(name, docx, tmp, head, banji, double_sided=True):
    """A clerk's edit: a new 正文 paragraph after the first one; the layout holds (banji:
    riskdoc's PDF of the unedited document, whose 版记 the edited one still matches)."""
    import docx as pydocx
    d = pydocx.Document(docx)
    body = [p for p in d.paragraphs if p.style.name == "正文" and p.text]
    m.check(body, f"{name}: a 正文 paragraph to insert after")
    if not body:
        return
    nxt = body[0]._p.getnext()
    added = "经研究，现补充一项工作要求：各社区于每月二十五日前报送本月风险隐患排查化解情况，逾期未报的予以通报。"
    para = d.add_paragraph(added, style="正文")
    nxt.addprevious(para._p)
    edited = os.path.join(tmp, "edited", name + ".docx")
    os.makedirs(os.path.dirname(edited), exist_ok=True)
    d.save(edited)
    (pdf,) = convert([edited], os.path.join(tmp, "edited-pdf"), tmp)
    pages, _, _ = measure(name + " edited", pdf, head=head, banji=banji, double_sided=double_sided)
    m.check(m.flat(added) in m.extracted(pdf), f"{name} edited: the new paragraph is printed")


def typeset(txt, out, config=None):
    run([RISKDOC, "typeset", "--quiet", *(["--config", config] if config else []), "-o", out, txt])


def examples(tmp):
    total_full_pages = total_full_lines = 0
    for base, head, banji in (("001-issued-notice", True, True), ("003-responsibility-list", False, True)):
        txt = os.path.join(SRC, "templates", "examples", base + ".txt")
        docx, pdf = os.path.join(tmp, base + ".docx"), os.path.join(tmp, base + ".pdf")
        typeset(txt, docx)
        typeset(txt, pdf)
        again = os.path.join(tmp, base + "-again.docx")
        typeset(txt, again)
        m.check(open(docx, "rb").read() == open(again, "rb").read(), f"{base}: same input, same DOCX bytes")
        with zipfile.ZipFile(docx) as z:
            m.check(z.testzip() is None, f"{base}: a sound zip package")
            m.check(z.namelist()[0] == "[Content_Types].xml", f"{base}: [Content_Types].xml first")
        check_styles(base, docx)
        (lo,) = convert([docx], os.path.join(tmp, "lo"), tmp)
        _, fp, fl = measure(base, lo, head=head, banji=pdf if banji else None)
        total_full_pages += fp
        total_full_lines += fl
        check_text(base, txt, lo, pdf)
        check_edit(base, docx, tmp, head, pdf if banji else None)
    m.check(total_full_pages >= 1, f"examples: full pages hold 22 lines ({total_full_pages} found)")
    m.check(total_full_lines >= 20, f"examples: full lines hold 28 characters ({total_full_lines} found)")


BANJI_DOC = """---
标题: 关于报送风险隐患排查化解情况的通知
主送: 各社区
署名: 全福街道办事处
成文日期: 2024年5月20日
抄送: 历城区委政法委，历城区信访局，历城区应急管理局，历城区公安分局，历城区住房和城乡建设局，历城区市场监督管理局。
印发机关: 全福街道党政办公室
双面印刷: {sided}
---
请各社区于每月二十五日前报送本月风险隐患排查化解情况。
{more}"""


def banji_case(tmp, name, sided, lines, pages_wanted):
    """One document of `lines` one-line paragraphs after the first: riskdoc's PDF must have
    pages_wanted pages (so that the case is the one meant); the DOCX converted measures like it."""
    txt = os.path.join(tmp, name + ".txt")
    with open(txt, "w", encoding="utf-8") as f:
        f.write(BANJI_DOC.format(sided=sided, more="".join("第%d项工作已按期完成。\n" % (i + 1) for i in range(lines))))
    docx, pdf = os.path.join(tmp, name + ".docx"), os.path.join(tmp, name + ".pdf")
    typeset(txt, docx)
    typeset(txt, pdf)
    ref = m.read_pages(pdf)
    m.check(len(ref) == pages_wanted, f"{name}: riskdoc's PDF has {pages_wanted} pages ({len(ref)})")
    if pages_wanted == 4:
        m.check(len(ref) == 4 and not m.body_lines(ref[2]), f"{name}: riskdoc's page 3 is blank")
    (lo,) = convert([docx], os.path.join(tmp, "lo"), tmp)
    pages, _, _ = measure(name, lo, banji=pdf, double_sided=sided == "是")
    m.check(len(pages) == pages_wanted, f"{name}: the converted PDF has the 版记 on page {pages_wanted} ({len(pages)})")
    check_text(name, txt, lo, pdf)
    check_edit(name, docx, tmp, False, pdf, double_sided=sided == "是")


def fill_even_page(tmp):
    """The fewest one-line paragraphs that leave riskdoc's second page without room for the
    版记 (its PDF then has a blank third page and the 版记 on the fourth)."""
    for n in range(30, 60):
        txt, pdf = os.path.join(tmp, "fill.txt"), os.path.join(tmp, "fill.pdf")
        with open(txt, "w", encoding="utf-8") as f:
            f.write(BANJI_DOC.format(sided="是", more="".join("第%d项工作已按期完成。\n" % (i + 1) for i in range(n))))
        typeset(txt, pdf)
        if len(m.read_pages(pdf)) == 4:
            return n
    m.check(False, "a document whose even last page has no room for the 版记")
    return 0


def banji(tmp):
    """The 版记 as the PDF places it: double-sided on the back of an odd last page (the text
    ends on page 1, the 版记 on page 2), single-sided on the last page, double-sided after a
    blank page when an even last page has no room, single-sided then on the next page."""
    banji_case(tmp, "odd-double-sided", "是", 0, 2)
    banji_case(tmp, "odd-single-sided", "否", 0, 1)
    full = fill_even_page(tmp)
    banji_case(tmp, "even-full-double-sided", "是", full, 4)
    banji_case(tmp, "full-single-sided", "否", full, 3)


def png_colours(data):
    """The set of (r, g, b) of an 8-bit RGB/RGBA PNG (cairo's), decoded with zlib alone."""
    import struct
    import zlib
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, prev, colours = zlib.decompress(idat), width * bpp, None, set()
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        up = prev or bytearray(stride)
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = up[i], (up[i - bpp] if i >= bpp else 0)
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, bpp):
            px = tuple(line[x:x + 3])
            if bpp == 3 or line[x + 3] == 255:
                colours.add(px)
        prev = line
    return colours


def check_chart_colours(name, docx):
    """The chart picture has the level colours of the PDF chart (src/level_colours.h): 高 red,
    中 orange, 低 blue. (cairo's ARGB is premultiplied, so only opaque pixels are compared.)"""
    with zipfile.ZipFile(docx) as z:
        pngs = [z.read(n) for n in z.namelist() if n.endswith(".png")]
    m.check(len(pngs) >= 1, f"{name}: the chart is in the DOCX as a picture")
    found = set().union(*(png_colours(p) for p in pngs)) if pngs else set()
    for rgb, level in (((0xCC, 0x1A, 0x1A), "高"), ((0xF2, 0x8C, 0x1A), "中"), ((0x33, 0x73, 0xBF), "低")):
        m.check(rgb in found, f"{name}: the chart's {level} bars in the level colour #%02X%02X%02X" % rgb)


def job(tmp, name):
    out = os.path.join(tmp, name)
    cmd = [RISKDOC, name, "--quiet", "--config", "templates/office.example.ini", "--report-date", "2024-05-31",
           "-o", out]
    if name == "monthly":
        cmd += ["--period", "2024-05", "--previous", "fixtures/2024-04", "fixtures/2024-05"]
    else:
        cmd += ["--event", "成都大运会", "fixtures/2024-05"]
    run(cmd, cwd=SRC)
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        s = json.load(f)
    kinds = collections.defaultdict(list)
    for o in s["outputs"]:
        kinds[o["kind"]].append(o["path"])
    docxs = kinds["notice-docx"] + kinds["unit-notice-docx"]
    m.check(len(kinds["notice-docx"]) == 1, f"{name}: summary.json lists the notice's DOCX")
    if name == "event":
        m.check(len(kinds["unit-notice-docx"]) == len(kinds["unit-notice-pdf"]) > 1,
                f"event: a DOCX for every 交办单 ({len(kinds['unit-notice-docx'])})")
    for d in docxs:
        stem = d[:-5]
        m.check(stem + ".pdf" in kinds["notice-pdf"] + kinds["unit-notice-pdf"], f"{d}: beside its PDF")
        m.check(stem + ".txt" in kinds["notice-source"] + kinds["unit-notice-source"], f"{d}: its source kept")
    # the source re-typesets to the same PDF bytes
    main = kinds["notice-source"][0]
    again = os.path.join(tmp, name + "-again.pdf")
    typeset(os.path.join(out, main), again, os.path.join(SRC, "templates", "office.example.ini"))
    m.check(open(again, "rb").read() == open(os.path.join(out, main[:-4] + ".pdf"), "rb").read(),
            f"{name}: {main} re-typesets to the same PDF bytes")
    paths = [os.path.join(out, d) for d in docxs]
    # LibreOffice names its PDFs after the DOCX: copy them apart so 通知.pdf is not overwritten
    copies = []
    for i, p in enumerate(paths):
        c = os.path.join(tmp, "in-" + name, "%02d.docx" % i)
        os.makedirs(os.path.dirname(c), exist_ok=True)
        shutil.copy(p, c)
        copies.append(c)
    pdfs = convert(copies, os.path.join(tmp, "lo-" + name), tmp)
    for d, copy, lo in zip(docxs, copies, pdfs):
        unit = d.startswith(kinds["unit-notice-docx"][0].split("/")[0] + "/") if kinds["unit-notice-docx"] else False
        check_styles(d, copy)
        measure(d, lo, head=not unit, banji=None if unit else os.path.join(out, d[:-5] + ".pdf"))
        check_text(d, os.path.join(out, d[:-5] + ".txt"), lo, os.path.join(out, d[:-5] + ".pdf"))
    check_edit(name, paths[0], tmp, True, os.path.join(out, docxs[0][:-5] + ".pdf"))
    if name == "monthly":
        check_chart_colours(kinds["notice-docx"][0], paths[0])


def ledger(tmp):
    """The ledger's 台账.txt (records of a row and a spanning line, a group heading per
    community, 紧凑) as a DOCX: each spanning line one cell across the grid, the header (and
    only it) repeated, a record's row kept with its line (keepNext), and LibreOffice never
    parts a row from its line: on every page as many 编号 as 具体情况 lines."""
    out = os.path.join(tmp, "ledger")
    run([RISKDOC, "ledger", "--quiet", "--config", "templates/office.example.ini", "-o", out,
         "fixtures/2024-05"], cwd=SRC)
    docx = os.path.join(tmp, "台账.docx")
    typeset(os.path.join(out, "台账.txt"), docx)
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode()
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", body, re.S)
    m.check(len(tables) == 2, f"ledger docx: the cover table and the ledger table ({len(tables)})")
    rows = re.findall(r"<w:tr>.*?</w:tr>", tables[-1], re.S)
    text = [re.sub(r"<[^>]+>", "", r) for r in rows]
    spans = [r for r in rows if '<w:gridSpan w:val="8"/>' in r]
    details = [i for i, t in enumerate(text) if t.startswith("具体情况：")]
    heads = [i for i, t in enumerate(text) if re.match(r"[一二三四五六七八九十]+、.+（\d+条）$", t)]
    m.check(len(details) == 382 and len(heads) == 15 and len(spans) == 382 + 15,
            f"ledger docx: 382 spanning 具体情况 lines and 15 group headings across the 8 columns "
            f"({len(details)}, {len(heads)}, {len(spans)})")
    m.check([i for i, r in enumerate(rows) if "<w:tblHeader/>" in r] == [0], "ledger docx: only the header repeats")
    m.check(all("<w:keepNext/>" in rows[i - 1] for i in details), "ledger docx: every row keeps with its line")
    m.check(all("<w:keepNext/>" in rows[i] for i in heads), "ledger docx: a group heading keeps with its record")
    (lo,) = convert([docx], os.path.join(tmp, "lo-ledger"), tmp)
    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", lo, "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    with open(os.path.join(SRC, "fixtures", "2024-05", "manifest.json"), encoding="utf-8") as f:
        used = [r["id"] for r in json.load(f)["rows"] if r["disposition"] == "used"]
    id_re = re.compile(r"(?<![A-Za-z0-9-])(%s)(?![0-9])" % "|".join(map(re.escape, sorted(used, key=len, reverse=True))))
    ids = [len(id_re.findall(re.sub(r"\s+", "", p))) for p in pages]
    lines = [p.count("具体情况：") for p in pages]
    m.check(sum(ids) == 382 and ids == lines,
            f"ledger docx: LibreOffice keeps every record's row and line on one page ({ids} {lines})")


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "examples"
    tmp = tempfile.mkdtemp(prefix="docx-test-")
    try:
        if what == "examples":
            examples(tmp)
        elif what == "banji":
            banji(tmp)
        elif what == "ledger":
            ledger(tmp)
        else:
            job(tmp, what)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{m.checks} checks, {len(m.failures)} failed")
    sys.exit(1 if m.failures else 0)


if __name__ == "__main__":
    main()
