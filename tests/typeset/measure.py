#!/usr/bin/python3
"""Measures riskdoc's PDFs against the numbers of docs/gbt9704.md.

Renders the two examples of templates/examples/ and a generated document exercising every
element (份号, 密级, 紧急程度, joint issuers, 签发人, seal, long randomised text, tables on
landscape pages, chart), reads the PDFs back with poppler (pdftotext -bbox-layout for text
boxes, pdftoppm rasters for the rules, pdffonts) and asserts the standard's numbers within
±1 mm. Vertical text positions use the em box of the Noto CJK faces (ascent 1.151, descent
0.286 of the size in poppler's boxes; the em box top is 0.88 em above the baseline).
"""
import os, random, re, struct, subprocess, sys, tempfile, zlib
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import typorules  # noqa: E402

MM = 72 / 25.4
LEFT, TOP, W, H = 28 * MM, 37 * MM, 156 * MM, 225 * MM
RIGHT, BOTTOM = LEFT + W, TOP + H
P = H / 22
CELL = W / 28
TOL = 1 * MM
CLOSING = set("，。、；：？！）》」』”’…")
OPENING = set("（《「『“‘〔")

RISKDOC = os.environ.get("RISKDOC", "riskdoc")
SRC = os.environ.get("RISKDOC_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def near(a, b, tol=TOL):
    return abs(a - b) <= tol


def render(txt, pdf, extra=()):
    r = subprocess.run([RISKDOC, "typeset", *extra, "-o", pdf, txt], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        raise SystemExit(f"riskdoc typeset failed on {txt}: {r.returncode}")
    return r.stderr


class Line:
    def __init__(self, el):
        self.x0, self.y0 = float(el.get("xMin")), float(el.get("yMin"))
        self.x1, self.y1 = float(el.get("xMax")), float(el.get("yMax"))
        self.text = "".join(w.text or "" for w in el.iter() if w.tag.endswith("word"))
        self.size = (self.y1 - self.y0) / 1.437
        self.base = self.y1 - 0.286 * self.size
        self.em_top = self.base - 0.88 * self.size
        self.em_mid = self.base - 0.38 * self.size
        self.em_bottom = self.base + 0.12 * self.size


def read_pages(pdf):
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, check=True).stdout
    root = ET.fromstring(re.sub(rb'xmlns="[^"]*"', b"", out))
    pages = []
    for pg in root.iter("page"):
        raw = [Line(l) for l in pg.iter("line")]
        raw.sort(key=lambda l: (round(l.em_mid, 1), l.x0))
        # poppler splits a line where squeezed punctuation makes glyph boxes overlap: join
        # the pieces sharing a baseline
        lines = []
        for l in raw:
            if lines and min(lines[-1].y1, l.y1) - max(lines[-1].y0, l.y0) > 0.6 * min(l.y1 - l.y0, lines[-1].y1 - lines[-1].y0) \
                    and abs(lines[-1].size - l.size) < 6:
                a = lines[-1]
                a.text += l.text
                a.x0, a.x1 = min(a.x0, l.x0), max(a.x1, l.x1)
            else:
                lines.append(l)
        pages.append({"w": float(pg.get("width")), "h": float(pg.get("height")), "lines": lines})
    return pages


def rules(pdf, page, dpi=144):
    """Horizontal rules wider than 100 mm: list of (kind, centre y pt, x0 pt, x1 pt, thickness pt)."""
    ppm = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), pdf],
                         capture_output=True, check=True).stdout
    parts = ppm.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    data = parts[4]
    px = 72 / dpi
    found, run = [], None
    for y in range(h):
        row = data[y * w * 3:(y + 1) * w * 3]
        red = black = 0
        rx0 = rx1 = bx0 = bx1 = None
        for x in range(w):
            r, g, b = row[3 * x], row[3 * x + 1], row[3 * x + 2]
            if r > 150 and g < 90 and b < 90:
                red += 1
                rx0 = x if rx0 is None else rx0
                rx1 = x
            elif r < 110 and g < 110 and b < 110:
                black += 1
                bx0 = x if bx0 is None else bx0
                bx1 = x
        kind = None
        if red * px > 100 * MM:
            kind, x0, x1 = "red", rx0, rx1
        elif black * px > 100 * MM:
            kind, x0, x1 = "black", bx0, bx1
        if kind and run and run[0] == kind and run[2] == y - 1:
            run[2] = y
        elif kind:
            if run:
                found.append(run)
            run = [kind, y, y, x0, x1]
        elif run:
            found.append(run)
            run = None
    if run:
        found.append(run)
    return [(k, (a + b + 1) / 2 * px, x0 * px, (x1 + 1) * px, (b - a + 1) * px) for k, a, b, x0, x1 in found]


def folio(line):
    m = re.fullmatch(r"—\s*(\d+)\s*—", line.text.replace("\u2002", " "))
    return int(m.group(1)) if m else None


def body_lines(page):
    return [l for l in page["lines"] if folio(l) is None]


def check_common(name, pdf, pages, double_sided=True):
    check(all(near(p["w"], 210 * MM) and near(p["h"], 297 * MM) for p in pages), f"{name}: A4 pages")
    # fonts embedded
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    check(fonts and all(" yes yes yes " in f for f in fonts), f"{name}: every font embedded as a subset with ToUnicode")
    # margins: every text line inside the 版心 (landscape pages: rotated, skipped here)
    for i, p in enumerate(pages, 1):
        upright = [l for l in body_lines(p) if l.size < 40]
        if upright and all(l.x0 >= LEFT - TOL for l in upright):
            # a closing mark squeezed at the end of a line has its ink in its left half, but
            # poppler's box keeps the full advance
            over = [l for l in upright if l.x1 > RIGHT + TOL + (CELL / 2 if l.text[-1:] in CLOSING else 0)]
            for l in over:
                print("  beyond the right edge:", l.text, (l.x1 - RIGHT) / MM)
            check(not over, f"{name} p{i}: lines end inside the 版心 right edge")
            check(all(l.em_top >= TOP - TOL and l.em_bottom <= BOTTOM + TOL for l in upright),
                  f"{name} p{i}: lines inside the 版心 top and bottom")
    # page numbers: odd right 1 字 in, even left 1 字 in, 7 mm below the 版心
    numbered = 0
    for i, p in enumerate(pages, 1):
        nums = [l for l in p["lines"] if folio(l) is not None and l.em_top > BOTTOM]
        for l in nums:
            numbered += 1
            check(folio(l) == i, f"{name} p{i}: page number {folio(l)} is the page's number")
            check(near(l.em_mid, BOTTOM + 7 * MM), f"{name} p{i}: page number 7 mm below the 版心 ({(l.em_mid - BOTTOM) / MM:.2f} mm)")
            if i % 2:
                check(near(l.x1, RIGHT - 14), f"{name} p{i}: odd page number 1 字 from the right ({(RIGHT - l.x1) / MM:.2f} mm)")
            else:
                check(near(l.x0, LEFT + 14), f"{name} p{i}: even page number 1 字 from the left ({(l.x0 - LEFT) / MM:.2f} mm)")
    check(numbered >= len(pages) - 2, f"{name}: pages numbered")
    # 版记: last rule on the 版心 bottom of the last page, an even page when double-sided
    last = len(pages)
    rs = [r for r in rules(pdf, last) if r[0] == "black"]
    check(rs and near(rs[-1][1], BOTTOM), f"{name}: 版记 last rule on the 版心 bottom ({(rs[-1][1] - TOP) / MM if rs else -1:.2f} mm)")
    if rs:
        check(near(rs[-1][2], LEFT) and near(rs[-1][3], RIGHT), f"{name}: 版记 rules 156 mm wide")
        check(near(rs[-1][4], 0.35 * MM, 0.3 * MM), f"{name}: 版记 last rule 0.35 mm thick ({rs[-1][4] / MM:.2f})")
    if double_sided:
        check(last % 2 == 0, f"{name}: 版记 on an even page ({last})")
    # the grid: every text line sits in a cell of 225/22 mm (portrait body pages)
    for i, p in enumerate(pages, 1):
        ls = [l for l in body_lines(p) if 15 < l.size < 17 and l.x0 >= LEFT - TOL]
        if i == 1 or not ls:
            continue
        for l in ls:
            k = (l.em_mid - TOP) / P - 0.5
            check(abs(k - round(k)) * P <= TOL, f"{name} p{i}: line '{l.text[:8]}' on the grid (cell {k:.2f})")
    return pages


def no_bad_line_ends(name, pages):
    starts = ends = 0
    for p in pages:
        for l in body_lines(p):
            if l.text and l.text[0] in CLOSING:
                starts += 1
                print("  starts with a closing mark:", l.text)
            if l.text and l.text[-1] in OPENING:
                ends += 1
                print("  ends with an opening mark:", l.text)
    check(starts == 0, f"{name}: no line starts with a closing mark ({starts})")
    check(ends == 0, f"{name}: no line ends with an opening mark ({ends})")


def flat(s):
    return re.sub(r"\s+", "", s)


def extracted(pdf):
    t = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    t = re.sub(r"—[\s\u2002]*\d+[\s\u2002]*—", "", t)
    return flat(t)


def source_paragraphs(txt):
    body, fm, seen = [], False, False
    for raw in open(txt, encoding="utf-8").read().split("\n"):
        s = raw.strip()
        if not s or s.startswith("%"):
            continue
        if s == "---" and not seen:
            fm, seen = not fm, fm or seen
            if not fm:
                seen = True
            continue
        if fm or s.startswith("|"):
            continue
        s = re.sub(r"^(#+|-) ", "", s)
        s = re.sub(r"^@(印发件|附件|居中|表格|图表) (横向 )?", "", s)
        s = re.sub(r"\\(.)", r"\1", s).replace("{", "").replace("}", "")
        if s and not s.startswith("@"):
            body.append(flat(s))
    return body


def check_text(name, txt, pdf):
    got = extracted(pdf)
    missing = [p for p in source_paragraphs(txt) if p not in got]
    for m in missing[:3]:
        print("  not extracted:", m[:40])
    check(not missing, f"{name}: text extraction returns every paragraph as written ({len(missing)} missing)")


def check_determinism(name, txt, pdf, tmp):
    again = os.path.join(tmp, "again.pdf")
    render(txt, again)
    check(open(pdf, "rb").read() == open(again, "rb").read(), f"{name}: same input, same bytes")


def full_lines(name, pages, first_page=1):
    """Lines followed by a non-indented line are full: flush to both edges."""
    seq = [l for p in pages[first_page - 1:] for l in body_lines(p) if 10 < l.size < 20 and l.x0 >= LEFT - TOL]
    bad = 0
    for a, b in zip(seq, seq[1:]):
        if near(b.x0, LEFT, 2) and near(a.x0, LEFT, 2 * CELL + 2) and not a.text.endswith(("：", "。")):
            if a.text.startswith("（") and a.text.endswith("）"):
                continue   # 附注
            if not near(a.x1, RIGHT, TOL + (CELL / 2 if a.text[-1:] in CLOSING else 0)):
                bad += 1
                print("  not flush right:", a.text, (RIGHT - a.x1) / MM)
    check(bad == 0, f"{name}: full lines justified flush right ({bad})")


# ---------------------------------------------------------------------------------------------

def seal_png(path):
    """A red ring 200 px wide as a PNG (no imaging library needed)."""
    n = 200
    rows = []
    for y in range(n):
        row = bytearray([0])
        for x in range(n):
            d = ((x - n / 2 + .5) ** 2 + (y - n / 2 + .5) ** 2) ** .5
            on = n / 2 - 8 <= d <= n / 2 - 1 or (abs(y - n / 2) < 6 and abs(x - n / 2) < 40)
            row += bytes([220, 30, 30, 255]) if on else bytes([255, 255, 255, 0])
        rows.append(bytes(row))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")
    open(path, "wb").write(png)


IDEO = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世车"
PUNCT = "，。、；：？！"


def random_text(rng, n):
    out = []
    while len("".join(out)) < n:
        k = rng.randint(2, 9)
        w = "".join(rng.choice(IDEO) for _ in range(k))
        r = rng.random()
        if r < 0.08:
            w = "“" + w + "”"
        elif r < 0.13:
            w = "《" + w + "》"
        elif r < 0.17:
            w = "（" + w + "）"
        elif r < 0.20:
            w += str(rng.randint(1, 2024))
        out.append(w + (rng.choice(PUNCT) if rng.random() < 0.7 else ""))
        if rng.random() < 0.05:
            out.append("……")
    t = "".join(out)
    return t.rstrip("，、；：“（《") + "。"


def everything_doc(path, seal):
    rng = random.Random(9704)
    pure = "".join(rng.choice(IDEO) for _ in range(28 * 5 - 2))
    paras = [random_text(rng, rng.randint(40, 400)) for _ in range(70)]
    rows = "\n".join(f"| {i} | {''.join(rng.choice(IDEO) for _ in range(rng.randint(2, 12)))}社区 | " +
                     " | ".join(str(rng.randint(0, 99)) for _ in range(11)) + " |" for i in range(1, 41))
    header = "| 序号 | 社区 | 总数 | 高 | 中 | 低 | 已化解 | 未化解 | 逾期 | 化解率 | 得分 | 排名 | 类别 |"
    txt = f"""% generated by tests/typeset/measure.py
---
份号: 000123
密级: 机密★1年
紧急程度: 特急
发文机关标志: 中共全福街道工作委员会
发文机关标志: 全福街道办事处
标志后缀: 文件
发文字号: 全福发〔2024〕3号
签发人: 刘长春
标题: 关于{{全福街道}}社会稳定风险隐患排查整治情况的报告
主送: 历城区委政法委
署名: 全福街道办事处
成文日期: 2024-05-20
印章: {seal}
附注: 联系人：刘传勇，电话：88888888
抄送: 区信访局，区公安分局
印发机关: 全福街道党政办公室
---
{pure}
# 总体情况
{chr(10).join(paras[:30])}
## 分类情况。{paras[30]}
### 第三级标题。{paras[31]}
#### 第四级标题。{paras[32]}
- 列表项一：{paras[33]}
{chr(10).join(paras[34:])}
@附件 全福街道社会稳定风险隐患排查情况说明
{paras[0]}
@附件 横向 各社区风险隐患统计表
{header}
|---|---|---|---|---|---|---|---|---|---|---|---|---|
{rows}
@附件 各类风险隐患数量
@图表 各类风险隐患数量（件）
| 类别 | 高 | 中 | 低 |
| 政治安全 | 3 | 5 | 8 |
| 社会矛盾 | 6 | 12 | 30 |
| 公共安全 | 2 | 9 | 14 |
"""
    open(path, "w", encoding="utf-8").write(txt)
    return pure, paras


def typo_rules(name, pdf, forced=(), min_avg=None):
    """Every rule of the section "Typographic rules beyond the numbers" that a PDF shows."""
    pages = typorules.read(pdf)
    typorules.keeps(check, name, pages)
    typorules.filled(check, name, pages, forced)
    typorules.table_parts(check, name, pages, min_avg=min_avg)
    typorules.even_colour(check, name, pdf)
    return pages


def write(path, text):
    open(path, "w", encoding="utf-8").write(text)
    return path


PLAIN = "---\n版头: 否\n---\n"


def pure(rng, n):
    return "".join(rng.choice(IDEO) for _ in range(n))


def provoke_keeps(tmp):
    """A heading that would fall on line 21 or 22 of a page, a run-in heading on line 21."""
    rng = random.Random(21)
    for lines, heading in ((20, "## 政治安全风险"), (21, "## 政治安全风险"),
                           (20, "### 重点人员。" + pure(rng, 60) + "。")):
        name = f"keep{lines}" + ("-runin" if "。" in heading else "")
        doc = write(os.path.join(tmp, f"{name}.txt"),
                    PLAIN + pure(rng, 26 + 28 * (lines - 1)) + "\n" + heading + "\n" +
                    pure(rng, 28 * 3) + "。\n" + pure(rng, 28 * 30) + "。\n")
        pdf = doc[:-4] + ".pdf"
        render(doc, pdf)
        pages = typo_rules(name, pdf)
        p1 = [l for l in pages[0]["lines"] if 14 < l.size < 18]
        check(len(p1) == lines, f"{name}: the paragraph fills {lines} lines of page 1, the heading moves ({len(p1)})")
        check(typorules.HEADING.match(pages[1]["lines"][0].text) is not None,
              f"{name}: page 2 starts with the heading ({pages[1]['lines'][0].text[:10]})")


def checker_short_page(tmp):
    """The checker itself: a page left short before a heading is excused only when the
    heading's keep chain would not have fitted in the empty lines. A page broken by hand
    (@分页, not declared forced) 12 lines short before `# 标题` must be reported; 3 lines short
    before 一、 （一） and a run-in 1. (a chain of five) must not."""
    rng = random.Random(3)
    for free, ok in ((12, False), (3, True)):
        doc = write(os.path.join(tmp, f"short{free}.txt"),
                    PLAIN + pure(rng, 26 + 28 * (21 - free)) + "\n@分页\n# 风险隐患\n## 政治安全风险\n"
                    "### 重点人员。" + pure(rng, 60) + "。\n" + pure(rng, 28 * 30) + "。\n")
        pdf = doc[:-4] + ".pdf"
        render(doc, pdf)
        seen = []
        typorules.filled(lambda c, w: seen.append(c), f"short{free}", typorules.read(pdf))
        check(all(seen) == ok and seen, f"short{free}: the checker {'accepts' if ok else 'reports'} a page {free} lines short before a heading ({seen})")


def provoke_tables(tmp):
    """合计 rows that would fall first on a page, alone under the repeated header; a table
    whose continued part would hold one row."""
    for n in (18, 19, 36, 37):
        rows = "".join(f"| {i} | 第{i}社区 | {i * 3} |\n" for i in range(1, n + 1))
        doc = write(os.path.join(tmp, f"total{n}.txt"),
                    PLAIN + f"@表格 字号=16\n| 序号 | 社区 | 数量 |\n{rows}| 合计 | | {n} |\n")
        pdf = doc[:-4] + ".pdf"
        render(doc, pdf)
        counts = typo_rules(f"total{n}", pdf)
        parts = typorules.table_parts(check, f"total{n}", typorules.read(pdf))
        check(len(parts) >= 2, f"total{n}: the table runs over pages ({parts})")


def provoke_words(tmp):
    """Street names and header words in narrow columns: a cell of eight characters or fewer
    is never cut inside a word, a column never narrower than its widest word."""
    rng = random.Random(8)
    streets = ["东风街道", "全福街道", "华山街道", "王舍人街道", "鲍山街道", "荷花路街道"]
    rows = "".join(f"| {i} | {rng.choice(streets)} | {rng.choice(['政治安全', '涉众利益', '公共安全'])} | " +
                   " | ".join(str(rng.randint(0, 99)) for _ in range(9)) + " |\n" for i in range(1, 25))
    doc = write(os.path.join(tmp, "words.txt"), PLAIN +
                "@表格 各街道风险隐患统计表\n| 序号 | 街道 | 风险类别 | 总数 | 高 | 中 | 低 | 已化解 | 未化解 | 逾期 | 化解率 | 得分 |\n" + rows +
                "@附件 横向 各街道风险隐患统计表\n| 序号 | 街道 | 风险类别 | 总数 | 高 | 中 | 低 | 已化解 | 未化解 | 逾期 | 化解率 | 得分 |\n" + rows)
    pdf = doc[:-4] + ".pdf"
    render(doc, pdf)
    typo_rules("words", pdf)
    words = [w.text for p in typorules.read(pdf) for w in p["words"]]
    cut = [w for w in words if w != "街道" and any(w != s and w and (s.startswith(w) or s.endswith(w)) for s in streets + ["风险类别", "政治安全", "涉众利益", "公共安全"])]
    check(not cut, f"words: street names and categories never cut inside a word ({cut[:4]})")
    whole = sum(1 for w in words if w in streets)
    check(whole == 48, f"words: every street name printed whole ({whole} of 48)")


def provoke_latin(tmp):
    """URLs, an e-mail address and a long token pushed to a line end, at every offset."""
    rng = random.Random(4)
    paras = []
    for k in range(0, 28, 3):
        paras.append(pure(rng, 26 + k) + "详见https://www.example.gov.cn/fxyh/notice?id=2024&type=monthly_report-05，" + pure(rng, 40) + "。")
        paras.append(pure(rng, 26 + k) + "联系邮箱wang.xiaoming_office@quanfu-jiedao.example.cn，" + pure(rng, 40) + "。")
        paras.append(pure(rng, 26 + k) + "公式QX3Z9R7T2W8Y4U6I1O5P0ASDFGHJKLZXCVBNM计算，" + pure(rng, 40) + "。")
    doc = write(os.path.join(tmp, "latin.txt"), PLAIN + "\n".join(paras) + "\n")
    pdf = doc[:-4] + ".pdf"
    render(doc, pdf)
    typo_rules("latin", pdf)
    check_text("latin", doc, pdf)
    # a token cut at a line end is cut after / . ? & = _ -; inside a word only when cutting
    # at the last such place would have tracked the line more than 0.1 字 a gap (the part
    # moved down, about ½ 字 a Latin character, over the gaps between Chinese characters)
    bad = cut = 0
    for p in typorules.read(pdf):
        ls = p["lines"]
        for a, b in zip(ls, ls[1:]):
            if re.search(r"[A-Za-z0-9/.?&=_@-]$", a.text) and re.match(r"^[A-Za-z0-9/.?&=_@-]", b.text):
                cut += 1
                if a.text[-1] in "/.?&=_-":
                    continue
                token = re.search(r"[A-Za-z0-9/.?&=_@:-]+$", a.text).group(0)
                tail = len(re.split(r"[/.?&=_-]", token)[-1]) if re.search(r"[/.?&=_-]", token) else len(token)
                gaps = sum(1 for ch in a.text if ord(ch) > 0x3000)
                # (+1: a character that a closing mark after it takes along)
                if (tail + 1) * 0.5 <= 0.1 * gaps:
                    bad += 1
                    print("  token cut inside a word:", a.text[-12:], "|", b.text[:12])
    check(cut > 10, f"latin: tokens cut at line ends ({cut})")
    check(bad == 0, f"latin: tokens break after / . ? & = _ - unless that would track the line ({bad})")


def provoke_head(tmp):
    """Three 签发人, 署名 longer than its date and shorter, a name only the fallback 楷体 has."""
    out = {}
    for key, sig in (("long", "济南市历城区人民政府全福街道办事处"), ("short", "全福办")):
        doc = write(os.path.join(tmp, f"head-{key}.txt"), f"""---
发文机关标志: 全福街道办事处文件
发文字号: 全福发〔2024〕3号
签发人: 刘长春 王晓明 李堃
标题: 关于社会稳定风险隐患排查整治情况的报告
主送: 历城区委政法委
署名: {sig}
成文日期: 2024-05-20
---
正文。
""")
        pdf = doc[:-4] + ".pdf"
        err = render(doc, pdf)
        check("no font has" not in err, f"head-{key}: every character has a font (李堃 by the fallback 楷体)")
        check("堃" in extracted(pdf), f"head-{key}: 李堃 printed")
        faces = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
        check(re.search(r"UKai|WenKai", faces) is not None, f"head-{key}: 堃 drawn by the next 楷体 of the fallback list")
        out[key] = read_pages(pdf)
    p1 = out["long"][0]["lines"]
    words = [w for w in typorules.read(os.path.join(tmp, "head-long.pdf"))[0]["words"]]
    names = {w.text.replace("签发人：", ""): w for w in words if w.text in ("签发人：刘长春", "王晓明", "李堃")}
    check(len(names) == 3, f"head: 签发人 and three names, printed apart ({sorted(names)})")
    if len(names) == 3:
        a, b, c = names["刘长春"], names["王晓明"], names["李堃"]
        first_x = a.cx1 - 3 * CELL
        check(abs(a.mid - b.mid) < 1 and near(b.cx0 - a.cx1, CELL, 1.5), f"head: two names a line, 1 字 apart ({(b.cx0 - a.cx1) / CELL:.2f} 字)")
        check(near(c.mid - a.mid, P, 1) and near(c.cx0, first_x, 1.5), f"head: the third name on the next line, under the first ({(c.cx0 - first_x):.1f} pt)")
        check(near(max(a.cx1, b.cx1, c.cx1), W - CELL), "head: 签发人 block 1 字 from the right")
        num = next(w for w in words if "〔2024〕" in w.text)
        check(near(num.mid, c.mid, 1), "head: 发文字号 on the last line of names")
    for key, lines in out.items():
        ls = lines[0]["lines"]
        sig = next(l for l in ls if l.text in ("济南市历城区人民政府全福街道办事处", "全福办"))
        date = next(l for l in ls if l.text == "2024年5月20日")
        if key == "long":
            check(near(sig.x1, RIGHT - 2 * CELL), f"head-long: 署名 ends 2 字 from the right ({(RIGHT - sig.x1) / CELL:.2f})")
            check(near((date.x0 + date.x1) / 2, (sig.x0 + sig.x1) / 2), "head-long: 成文日期 centred under the 署名")
        else:
            check(near(date.x1, RIGHT - 2 * CELL), f"head-short: the longer date ends 2 字 from the right ({(RIGHT - date.x1) / CELL:.2f})")
            check(near((date.x0 + date.x1) / 2, (sig.x0 + sig.x1) / 2), "head-short: 署名 centred over the date")


def provoke_missing(tmp):
    """A character no font has fails the job naming it, U+XXXX and its line."""
    doc = write(os.path.join(tmp, "nofont.txt"), PLAIN + "第一段。\n第二段有\U00030000字。\n")
    pdf = doc[:-4] + ".pdf"
    r = subprocess.run([RISKDOC, "typeset", "-o", pdf, doc], capture_output=True, text=True)
    check(r.returncode == 1, f"nofont: exit status 1 ({r.returncode})")
    check("U+30000" in r.stderr and f"{doc}:5:" in r.stderr and "\U00030000" in r.stderr,
          f"nofont: the message names the character, U+30000 and line 5 ({r.stderr.strip()})")
    check(not os.path.exists(pdf), "nofont: no PDF written")
    # the same in a front-matter field: the message names the field's own line
    fields = ("标题", "发文机关标志", "签发人", "发文字号", "主送", "署名", "附注", "抄送", "印发机关", "页码")
    for field in fields:
        lines = ["---", "发文机关标志: 全福街道办事处", "发文字号: 全福发〔2024〕3号", "标题: 关于排查的通知",
                 "主送: 各社区", "署名: 全福街道办事处", "成文日期: 2024-05-20", "抄送: 区委政法委", "印发机关: 党政办"]
        if field in ("发文机关标志", "标题"):
            at = len(lines) + 1   # a second issuer, a second title line
            lines.append(f"{field}: 第二\U00030000行")
        else:
            at = next((i + 1 for i, l in enumerate(lines) if l.startswith(field + ":")), len(lines) + 1)
            value = "第N页\U00030000" if field == "页码" else "李\U00030000 王五" if field == "签发人" else "有\U00030000字"
            if at > len(lines):
                lines.append(f"{field}: {value}")
            else:
                lines[at - 1] = f"{field}: {value}"
        doc = write(os.path.join(tmp, f"nofont-{field}.txt"), "\n".join(lines) + "\n---\n正文。\n")
        pdf = doc[:-4] + ".pdf"
        r = subprocess.run([RISKDOC, "typeset", "-o", pdf, doc], capture_output=True, text=True)
        check(r.returncode == 1 and "U+30000" in r.stderr and f"{doc}:{at}:" in r.stderr and "\U00030000" in r.stderr
              and not os.path.exists(pdf),
              f"nofont-{field}: exit 1, the message names the character, U+30000 and line {at} ({r.returncode} {r.stderr.strip()})")


def jobs(tmp):
    """The documents every job makes from the fixtures."""
    fixtures = os.path.join(SRC, "fixtures", "2024-05")
    config = os.path.join(SRC, "templates", "office.example.ini")
    runs = {"monthly": (["monthly", "--period", "2024-05", "--previous", os.path.join(SRC, "fixtures", "2024-04")], "通报.pdf"),
            "event": (["event", "--event", "成都大运会", "--jobs", "1"], "通知.pdf"),
            "ledger": (["ledger"], "台账.pdf")}
    for job, (args, main_pdf) in runs.items():
        out = os.path.join(tmp, job)
        r = subprocess.run([os.path.abspath(RISKDOC) if os.sep in RISKDOC else RISKDOC, *args, "--config", config, "--report-date", "2024-05-31", "--quiet",
                            "-o", out, fixtures], capture_output=True, text=True, cwd=SRC)
        check(r.returncode == 0, f"{job}: runs ({r.returncode} {r.stderr.strip()[:200]})")
        if r.returncode:
            continue
        pdf = os.path.join(out, main_pdf)
        # the ledger: at least 10 records a page (a record's 序号 is one number in the column)
        pages = typo_rules(job, pdf, min_avg=10 if job == "ledger" else None)
        if job in ("monthly", "ledger"):
            parts = typorules.table_parts(lambda c, w: None, job, pages)
            check(len(parts) >= (20 if job == "ledger" else 2), f"{job}: its table pages are measured ({len(parts)})")


def main():
    tmp = tempfile.mkdtemp(prefix="typeset-measure-")
    ex1 = os.path.join(SRC, "templates", "examples", "001-issued-notice.txt")
    ex3 = os.path.join(SRC, "templates", "examples", "003-responsibility-list.txt")

    # ---- example 001: 版头 ----
    pdf1 = os.path.join(tmp, "001.pdf")
    err = render(ex1, pdf1)
    check("no font has these characters" not in err, "001: every character has a font")
    pages = check_common("001", pdf1, read_pages(pdf1))
    p1 = pages[0]["lines"]
    mark = max(p1, key=lambda l: l.size)
    check(near(mark.em_top, TOP + 35 * MM), f"001: 发文机关标志 top 35 mm below the 版心 top ({(mark.em_top - TOP) / MM:.2f} mm)")
    check(near((mark.x0 + mark.x1) / 2, LEFT + W / 2), "001: 发文机关标志 centred")
    check(mark.x0 >= LEFT - TOL and mark.x1 <= RIGHT + TOL, "001: 发文机关标志 inside the 版心")
    num = next(l for l in p1 if "〔2024〕" in l.text)
    check(near((num.x0 + num.x1) / 2, LEFT + W / 2), "001: 发文字号 centred")
    gap = num.em_top - mark.em_bottom
    check(near(gap, 2 * P, P / 2 + TOL), f"001: 发文字号 two lines below the mark ({gap / P:.2f} lines)")
    red = [r for r in rules(pdf1, 1) if r[0] == "red"]
    check(len(red) == 1, "001: one red separator")
    if red:
        check(near(red[0][1] - num.em_bottom, 4 * MM), f"001: red rule 4 mm below the 发文字号 ({(red[0][1] - num.em_bottom) / MM:.2f} mm)")
        check(near(red[0][2], LEFT) and near(red[0][3], RIGHT), "001: red rule 156 mm wide")
        title = [l for l in p1 if 20 < l.size < 24]
        check(title and all(near((t.x0 + t.x1) / 2, LEFT + W / 2) for t in title), "001: 标题 lines centred")
        check(title and near(title[0].em_top - red[0][1], 2 * P, P), f"001: 标题 two lines below the rule ({(title[0].em_top - red[0][1]) / P:.2f})")
    # attachments: 附件N on line 1 flush left in 黑体, title centred on line 3
    for i, p in enumerate(pages, 1):
        ls = body_lines(p)
        if ls and re.fullmatch(r"附件\d", ls[0].text):
            check(near(ls[0].em_mid, TOP + P / 2) and near(ls[0].x0, LEFT), f"001 p{i}: {ls[0].text} flush left on line 1")
            t = ls[1]
            check(near(t.em_mid, TOP + 2.5 * P) and near((t.x0 + t.x1) / 2, LEFT + W / 2),
                  f"001 p{i}: attachment title centred on line 3 ({(t.em_mid - TOP) / P - 0.5:.2f})")
    check(sum(1 for p in pages if body_lines(p) and re.fullmatch(r"附件\d", body_lines(p)[0].text)) == 2, "001: two attachments")
    no_bad_line_ends("001", pages)
    full_lines("001", pages)
    typo_rules("001", pdf1)
    check_text("001", ex1, pdf1)
    check_determinism("001", ex1, pdf1, tmp)

    # ---- example 003 ----
    pdf3 = os.path.join(tmp, "003.pdf")
    render(ex3, pdf3)
    pages3 = check_common("003", pdf3, read_pages(pdf3))
    no_bad_line_ends("003", pages3)
    full_lines("003", pages3)
    typo_rules("003", pdf3)
    check_text("003", ex3, pdf3)

    # ---- everything ----
    seal = os.path.join(tmp, "seal.png")
    seal_png(seal)
    doc = os.path.join(tmp, "everything.txt")
    pure, paras = everything_doc(doc, seal)
    pdfe = os.path.join(tmp, "everything.pdf")
    err = render(doc, pdfe)
    check("no font has these characters" not in err, "everything: every character has a font")
    pe = check_common("everything", pdfe, read_pages(pdfe))
    l1 = pe[0]["lines"]
    check(near(l1[0].em_mid, TOP + P / 2) and l1[0].text == "000123" and near(l1[0].x0, LEFT), "everything: 份号 flush left on line 1")
    check(l1[1].text.startswith("机密") and near(l1[1].em_mid, TOP + 1.5 * P), "everything: 密级 on line 2")
    check(l1[2].text == "特急" and near(l1[2].em_mid, TOP + 2.5 * P), "everything: 紧急程度 on line 3")
    marks = [l for l in l1 if l.size > 24]
    check(len(marks) >= 2 and min(m.x0 for m in marks) >= LEFT - TOL and max(m.x1 for m in marks) <= RIGHT + TOL,
          "everything: joint issuers inside the 版心")
    if marks:
        top = min(m.em_top for m in marks)
        check(near(top, TOP + 35 * MM), f"everything: joint mark top at 35 mm ({(top - TOP) / MM:.2f})")
    words1 = [w for w in typorules.read(pdfe)[0]["words"] if w.size > 24]
    wenjian = [w for w in words1 if w.text == "文件"]
    names = []
    for w in sorted((w for w in words1 if w.text != "文件"), key=lambda w: w.mid):
        if names and abs(names[-1].mid - w.mid) < 2:   # a spread name comes as one word a letter
            n = names[-1]
            n.text += w.text
            n.cx0, n.cx1 = min(n.cx0, w.cx0), max(n.cx1, w.cx1)
        else:
            names.append(w)
    check(len(wenjian) == 1 and len(names) == 2, f"everything: joint names and 文件 apart ({[w.text for w in words1]})")
    if len(wenjian) == 1 and len(names) == 2:
        wj = wenjian[0]
        em = min((n.cx1 - n.cx0) / len(n.text) for n in names)   # 1 字 of the condensed mark
        check(near(names[0].cx1, names[1].cx1, 1) and near(names[0].cx0, names[1].cx0, 1), "everything: joint names justified to one width")
        gap = wj.cx0 - max(n.cx1 for n in names)
        spread = max((n.cx1 - n.cx0) / len(n.text) for n in names) - em   # the widest letter gap
        check(gap >= em - 1 and gap > spread, f"everything: 文件 at least 1 字 right of the names, more than their letter gaps ({gap / em:.2f} 字)")
        check(near(wj.mid, (names[0].mid + names[1].mid) / 2), "everything: 文件 centred on the stack")
    num = next(l for l in l1 if "〔2024〕" in l.text)
    check(near(num.x0, LEFT + CELL), "everything: 上行文 发文字号 1 字 from the left")
    signer = next(l for l in l1 if "签发人" in l.text)
    check(near(signer.x1, RIGHT - CELL), "everything: 签发人 1 字 from the right")
    # 28 characters per full line: the first paragraph is pure ideographs
    body = [l for p in pe for l in body_lines(p) if 15 < l.size < 17]
    first = next(i for i, l in enumerate(body) if l.text.startswith(pure[:10]))
    check(len(body[first].text) == 26, f"everything: indented first line holds 26 characters ({len(body[first].text)})")
    for l in body[first + 1:first + 5]:
        check(len(l.text) == 28 and near(l.x0, LEFT) and near(l.x1, RIGHT),
              f"everything: full line holds 28 characters edge to edge ({len(l.text)})")
    # 22 lines on the full pages of the body
    for i in range(2, 5):
        ls = [l for l in body_lines(pe[i - 1]) if 15 < l.size < 17]
        check(len(ls) == 22, f"everything p{i}: 22 lines ({len(ls)})")
        if len(ls) == 22:
            check(all(near(l.em_mid, TOP + (k + 0.5) * P, 0.25 * MM) for k, l in enumerate(ls)),
                  f"everything p{i}: baselines at a pitch of 225/22 mm")
    no_bad_line_ends("everything", pe)
    full_lines("everything", pe, 2)
    typo_rules("everything", pdfe)
    check_text("everything", doc, pdfe)
    check_determinism("everything", doc, pdfe, tmp)

    # ---- the rules beyond the numbers on documents that provoke each fault ----
    provoke_keeps(tmp)
    provoke_tables(tmp)
    provoke_words(tmp)
    provoke_latin(tmp)
    provoke_head(tmp)
    provoke_missing(tmp)
    checker_short_page(tmp)
    jobs(tmp)

    print(f"{checks} checks, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
