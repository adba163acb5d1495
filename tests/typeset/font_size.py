#!/usr/bin/python3
"""Fonts embedded at the size of what they draw (issue 12).

cairo 1.16 embedded each CFF font with its whole subroutine pool (Noto Serif CJK SC Regular:
680 KB for 934 glyphs, Bold 68 KB for 56); riskdoc now cuts each face to the glyphs a document
draws first. Renders the two examples and a generated document (random common characters,
a table, 第N页 共M页 page numbers; one short, one longer than the pages a counting pass
keeps), reads every embedded font program back with pdfminer and
asserts:
  - each is no larger than BYTES_PER_GLYPH per glyph it holds plus a fixed overhead (so the
    bloat cannot come back unnoticed);
  - each face is embedded once, under its own PostScript name with a subset tag
    (ABCDEF+NotoSerifCJKsc-Regular): a run drawn with the uncut face would add it again;
  - the text extracts as written (pdftotext) and the same input gives the same bytes;
  - the dictionaries are in compressed object streams (pdf_pack.c), not in clear: a CID
    font's /W array of one width per glyph would be clear bytes again;
  - a face keeps its CFF hints only when the document draws it below 五号 (10.5 pt): the
    same characters with a 9 pt table take more bytes per glyph than without it.
"""
import os, random, re, shutil, subprocess, sys, tempfile

from pdfminer.pdfparser import PDFParser
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import LIT

# Measured: 160-320 bytes per glyph compressed for the Noto CJK faces and AR PL KaitiM GB
# after the cut; 730-1600 before it. Latin TrueType faces hold few glyphs and their tables.
BYTES_PER_GLYPH = 400
OVERHEAD = 4096

RISKDOC = os.environ.get("RISKDOC", "riskdoc")
SRC = os.environ.get("RISKDOC_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def glyph_count(font):
    """Glyphs a PDF font holds: its /W entries (CID fonts) or its non-zero /Widths (simple)."""
    sub = resolve1(font.get("Subtype"))
    if sub == LIT("Type0"):
        font = resolve1(resolve1(font["DescendantFonts"])[0])
        w = resolve1(font.get("W")) or []
        n, i = 0, 0
        while i < len(w):
            nxt = resolve1(w[i + 1])
            if isinstance(nxt, list):
                n, i = n + len(nxt), i + 2
            else:
                n, i = n + nxt - resolve1(w[i]) + 1, i + 3
        return font, n
    return font, sum(1 for x in resolve1(font.get("Widths")) or [] if resolve1(x)) + 1


def embedded_fonts(pdf):
    """(BaseFont, glyphs, compressed bytes of the font program) for every font of pdf."""
    doc = PDFDocument(PDFParser(open(pdf, "rb")))
    out = []
    for xref in doc.xrefs:
        for oid in xref.get_objids():
            try:
                obj = doc.getobj(oid)
            except Exception:
                continue
            if not isinstance(obj, dict) or obj.get("Type") != LIT("Font"):
                continue
            if resolve1(obj.get("Subtype")) in (LIT("CIDFontType0"), LIT("CIDFontType2")):
                continue   # counted through its Type0 parent
            desc_font, n = glyph_count(obj)
            fd = resolve1(desc_font.get("FontDescriptor"))
            if not fd:
                continue
            stream = next((resolve1(fd[k]) for k in ("FontFile", "FontFile2", "FontFile3") if k in fd), None)
            size = resolve1(stream.attrs["Length"]) if stream is not None else 0
            out.append((resolve1(obj["BaseFont"]).name, n, size))
    return out


def generated(path, rng, rows):
    common = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
              "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
              "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
              "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
              "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
              "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指")
    def text(n):
        return "".join(rng.choice(common) for _ in range(n)) + "。"
    lines = ["---", "标题: 关于字体子集的测试文件", "主送: 各社区", "署名: 测试单位",
             "成文日期: 2024-05-20", "页码: 第N页 共M页", "---"]
    for i in range(40):
        lines.append(f"# {text(8)}" if i % 10 == 0 else text(rng.randint(60, 160)))
    lines.append("@表格 测试表")
    lines.append("| 序号 | 社区 | 隐患 | 责任单位 | 期限 |")
    for i in range(rows):
        lines.append(f"| {i + 1} | {text(4)} | {text(20)} | {text(5)} | 2024-06-{i % 28 + 1:02d} |")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def hinting_pair(plain, small, rng):
    """Two documents drawing the same characters in 仿宋: paragraphs only, and the same
    paragraphs with a 字号=9 table of their characters (so that its face keeps its hints)."""
    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    paras = ["".join(rng.choice(chars) for _ in range(120)) + "。" for _ in range(6)]
    head = ["---", "标题: 关于字体提示的测试文件", "版头: 否", "页码: 否", "---"]
    table = ["@表格 字号=9 " + chars[:6], "| " + " | ".join(chars[6:10]) + " |"]
    table += ["| " + " | ".join(p[i * 30:(i + 1) * 30] for i in range(4)) + " |" for p in paras]
    for path, lines in ((plain, head + paras), (small, head + paras + table)):
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def render(txt, pdf, extra=()):
    r = subprocess.run([RISKDOC, "typeset", *extra, "-o", pdf, txt], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        raise SystemExit(f"riskdoc typeset failed on {txt}: {r.returncode}")


def flat(s):
    return re.sub(r"\s+", "", s)


def main():
    with tempfile.TemporaryDirectory(prefix="riskdoc-fontsize-") as tmp:
        return check_all(tmp)


def check_hints(tmp):
    plain, small = os.path.join(tmp, "hints-plain.txt"), os.path.join(tmp, "hints-9pt.txt")
    hinting_pair(plain, small, random.Random(14))
    per_glyph = []
    for txt in (plain, small):
        pdf = txt[:-4] + ".pdf"
        render(txt, pdf)
        body = max(embedded_fonts(pdf), key=lambda f: f[1])   # the face with the most glyphs: 仿宋
        print(f"{os.path.basename(pdf)}: {body[0]}: {body[1]} glyphs, {body[2]} bytes")
        per_glyph.append(body[2] / max(body[1], 1))
    # measured: Noto Serif CJK 17 % smaller without hints, AR PL and others similar
    check(per_glyph[1] >= 1.08 * per_glyph[0],
          f"a face drawn at 9 pt keeps its hints: {per_glyph[1]:.0f} bytes per glyph against "
          f"{per_glyph[0]:.0f} drawn at 三号 only")


def check_all(tmp):
    gen = os.path.join(tmp, "generated.txt")
    generated(gen, random.Random(12), 60)
    long = os.path.join(tmp, "long.txt")   # more pages than a counting pass keeps (pdf.c)
    generated(long, random.Random(13), 900)
    cases = [
        ("001", os.path.join(SRC, "templates", "examples", "001-issued-notice.txt"),
         ["--config", os.path.join(SRC, "templates", "office.example.ini")]),
        ("003", os.path.join(SRC, "templates", "examples", "003-responsibility-list.txt"), []),
        ("generated", gen, []),
        ("long", long, []),
    ]
    for name, txt, extra in cases:
        pdf = os.path.join(tmp, name + ".pdf")
        render(txt, pdf, extra)
        fonts = embedded_fonts(pdf)
        check(len(fonts) >= 2, f"{name}: fonts found ({fonts})")
        faces = [f.split("+", 1)[-1] for f, _, _ in fonts]
        for base, glyphs, size in fonts:
            print(f"{name}: {base}: {glyphs} glyphs, {size} bytes ({size / max(glyphs, 1):.0f} per glyph)")
            check(re.fullmatch(r"[A-Z]{6}\+[A-Za-z0-9-]+", base) is not None,
                  f"{name}: {base} is named TAG+PostScriptName")
            check(size <= BYTES_PER_GLYPH * glyphs + OVERHEAD,
                  f"{name}: {base} is {size} bytes for {glyphs} glyphs "
                  f"(limit {BYTES_PER_GLYPH} per glyph + {OVERHEAD})")
        check(len(faces) == len(set(faces)), f"{name}: each face embedded once ({faces})")
        raw = open(pdf, "rb").read()
        check(b"/ObjStm" in raw and b"/FontDescriptor" not in raw and b"/CIDSystemInfo" not in raw,
              f"{name}: the dictionaries are in object streams, not in clear")
        if name in ("generated", "long"):
            out = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True,
                                 text=True, check=True).stdout
            body = flat(out)
            pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
                ["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout).group(1))
            check(f"共{pages}页" in body, f"{name}: the page count {pages} is printed")
            body = re.sub(r"第\d+页共\d+页", "", body)   # a paragraph may go on over a page
            src = open(txt, encoding="utf-8").read().split("---\n", 2)[2]
            for para in src.splitlines():
                if para.startswith(("@", "|", "#")):
                    continue
                check(flat(para) in body, f"{name}: paragraph extracts as written: {para[:20]}…")
        again = os.path.join(tmp, name + "-again.pdf")
        render(txt, again, extra)
        check(open(pdf, "rb").read() == open(again, "rb").read(), f"{name}: the same bytes twice")
    check_hints(tmp)
    if failures:
        print(f"{len(failures)} failures")
        return 1
    print("font sizes OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
