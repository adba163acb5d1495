#!/usr/bin/python3
"""Writes the notice benchmark's documents: N ten-page notices (headings, paragraphs, a
5-column table; no 版头), each different (seeded), about as many distinct characters as a real
notice of that length, in three forms with the same text:

  OUT_DIR/notice-NN.txt          riskdoc's format
  OUT_DIR/xelatex/notice-NN.tex  xelatex + ctex, one notice a file (the cold run)
  OUT_DIR/xelatex/notices.tex    all N in one job, each from a new page numbered 1
  OUT_DIR/typst/notice-NN.typ    Typst, importing OUT_DIR/typst/notice.typ (the style)

The peers are set up to look like riskdoc's notice: A4, 版心 156 × 225 mm (28 mm 订口, 37 mm
天头), 22 lines of 28 characters, body in 三号 Noto Serif CJK SC, headings in Noto Sans CJK SC,
the title in 2号 Noto Serif CJK SC Bold, the table with its rules and its header repeated on
each page, `— N —` at the foot (odd pages right, even left). Their headings are numbered in
the text (riskdoc numbers them itself).

usage: gen_notices.py OUT_DIR [N]      (default 50)"""
import os
import random
import sys

PHRASES = [
    "坚持以人民为中心的发展思想", "聚焦重点领域、重点行业、重点群体", "深入开展社会稳定风险隐患大排查大整治",
    "逐条落实化解措施", "确保“事要解决”", "压紧压实属地责任和部门监管责任", "建立问题清单、责任清单、整改清单",
    "对排查出的风险隐患实行台账管理", "定期调度、动态更新、销号管理", "做到底数清、情况明、责任实",
    "对群众反映强烈的突出问题", "要主动对接、靠前服务", "及时回应群众关切", "坚决防止小事拖大、大事拖炸",
    "各社区要切实履行属地管理职责", "网格员要加强日常巡查走访", "发现苗头性、倾向性问题及时上报",
    "涉及劳资纠纷、物业服务、房屋征收等领域", "要会同有关部门联合研判", "明确化解时限和责任人",
    "对逾期未化解的隐患", "街道将进行通报并纳入年度考核", "进一步健全矛盾纠纷多元化解机制",
    "充分发挥人民调解、行政调解、司法调解作用", "加强重点人员稳控和心理疏导", "落实包保责任",
    "强化信息报送", "重大情况第一时间报告", "不得迟报、漏报、瞒报", "确保全街道社会大局和谐稳定",
    "本月共排查风险隐患", "其中高风险", "已化解", "化解率达到", "较上月提高", "群众满意度持续提升",
    "统筹发展和安全", "推进平安建设走深走实", "织密织牢基层治理网络", "把矛盾纠纷化解在萌芽状态",
]
COMMUNITIES = ["华信路", "七里河", "东城逸家", "东泉", "二环东路", "全福庄", "华龙路", "将军路",
               "丁家庄", "祝甸", "鲍山", "洪家园", "花园庄", "王舍人", "郭店"]
UNITS = ["综治中心", "信访办", "派出所", "司法所", "城市管理办", "住建办", "市场监管所", "卫健办",
         "应急管理办", "劳动保障中心", "退役军人服务站", "网信办"]
RISKS = ["邻里纠纷激化", "物业服务纠纷", "劳资纠纷", "房屋征收补偿", "非法集资", "重点人员稳控",
         "网络舆情", "安全生产", "消防隐患", "食品安全", "涉众型经济纠纷", "群体性上访"]
NUMERALS = "一二三四五六七八九十"
TABLE_HEADER = ["序号", "社区", "风险隐患", "责任单位", "完成时限"]
# The peers' column widths in grid cells (156/28 mm), the cells' insets and rules taking the
# rest of the 28: what riskdoc's automatic widths give this table.
TABLE_WIDTHS = [2.1, 5.1, 6.1, 4.1, 7.1]


def sentence(rng):
    parts = rng.sample(PHRASES, rng.randint(2, 4))
    s = "，".join(parts)
    if rng.random() < 0.4:
        s += "，%s社区%d件" % (rng.choice(COMMUNITIES), rng.randint(1, 99))
    return s + "。"


def paragraph(rng):
    return "".join(sentence(rng) for _ in range(rng.randint(3, 5)))


def notice(rng, number):
    """One notice as data: its fields and blocks, ("h1", text), ("h2", head, rest), ("p", text),
    ("table", caption, rows). The random draws are in the order the riskdoc text was first
    written in, so that the .txt files stay the same documents."""
    day = number % 28 + 1
    doc = {"title": "关于第%d批社会稳定风险隐患排查整治情况的通报" % number,
           "to": "各社区、各有关部门", "sign": "全福街道平安建设领导小组办公室",
           "date_field": "2024-05-%02d" % day, "date": "2024年5月%d日" % day, "blocks": []}
    blocks = doc["blocks"]
    for h in range(4):
        blocks.append(("h1", rng.choice(PHRASES)))
        for sub in range(2):
            head = rng.choice(PHRASES)
            blocks.append(("h2", head, paragraph(rng)))
            for _ in range(rng.randint(1, 2)):
                blocks.append(("p", paragraph(rng)))
        if h == 1:
            rows = []
            for i in range(30):
                rows.append(["%d" % (i + 1), "%s社区" % rng.choice(COMMUNITIES),
                             "%s风险" % rng.choice(RISKS), rng.choice(UNITS),
                             "2024年%d月%d日" % (rng.randint(6, 12), rng.randint(1, 28))])
            blocks.append(("table", "各社区风险隐患化解情况", rows))
    return doc


def numbered(blocks):
    """The blocks with the numbers riskdoc gives headings (一、 and （一）) put in front."""
    h1 = h2 = 0
    for block in blocks:
        if block[0] == "h1":
            h1, h2 = h1 + 1, 0
            yield ("h1", NUMERALS[h1 - 1] + "、" + block[1])
        elif block[0] == "h2":
            h2 += 1
            yield ("h2", "（%s）%s。" % (NUMERALS[h2 - 1], block[1]), block[2])
        else:
            yield block


def riskdoc_text(doc):
    lines = ["---", "版头: 否", "标题: " + doc["title"], "主送: " + doc["to"],
             "署名: " + doc["sign"], "成文日期: " + doc["date_field"], "---"]
    for block in doc["blocks"]:
        if block[0] == "h1":
            lines.append("# " + block[1])
        elif block[0] == "h2":
            lines.append("## %s。%s" % (block[1], block[2]))
        elif block[0] == "p":
            lines.append(block[1])
        else:
            lines.append("@表格 " + block[1])
            lines.append("| " + " | ".join(TABLE_HEADER) + " |")
            lines.extend("| " + " | ".join(row) + " |" for row in block[2])
    return "\n".join(lines) + "\n"


# xelatex + ctex. 三号 is 16 bp (PostScript points, as riskdoc's pt); a cell is 156/28 mm,
# 0.21 pt narrower than the 16 bp em, so the 字距 is that much negative, as riskdoc tracks;
# no space between Chinese and digits (xeCJK's CJKecglue), as riskdoc's text.
LATEX_PREAMBLE = r"""\documentclass[UTF8,fontset=none,linespread=1]{ctexart}
\usepackage[paperwidth=210mm,paperheight=297mm,left=28mm,top=37mm,textwidth=156mm,
  textheight=225mm,footskip=25pt,nohead]{geometry}
\usepackage{array,longtable,fancyhdr}
\setmainfont{Liberation Serif}
\setCJKmainfont{Noto Serif CJK SC}[BoldFont=Noto Serif CJK SC Bold]
\setCJKsansfont{Noto Sans CJK SC}
\xeCJKsetup{CJKecglue={\hskip 0pt plus 0.08\baselineskip}}
\renewcommand\normalsize{\fontsize{16bp}{\dimexpr 225mm/22\relax}\selectfont}
\setlength\topskip{16bp}
\setlength\parskip{0pt}
\setlength\tabcolsep{0.3em}
\setlength\arrayrulewidth{0.6bp}
\pagestyle{fancy}
\fancyhf{}
\renewcommand\headrulewidth{0pt}
\newcommand\folio{\fontsize{14bp}{14bp}\selectfont — \thepage\ —}
\fancyfoot[C]{\ifodd\value{page}\hfill\folio\hspace{1em}\else\hspace{1em}\folio\hfill\fi}
\newcommand\noticetitle[1]{{\centering\fontsize{22bp}{\dimexpr 225mm/22\relax}\selectfont
  \bfseries #1\par}\vspace{\baselineskip}}
\newcommand\noticeto[1]{\noindent #1：\par}
\newcommand\hone[1]{{\sffamily #1\par}\nopagebreak}
\newcommand\htwo[2]{{\sffamily #1}#2\par}
\newcommand\noticesign[2]{\par\vspace{2\baselineskip}\nopagebreak
  \noindent\hfill\begin{tabular}{@{}c@{}}#1\\#2\end{tabular}\hspace{2em}\par}
\newlength\cellwd
\setlength\cellwd{\dimexpr 156mm/28\relax}
\newcolumntype{C}[1]{>{\centering\arraybackslash}p{#1\cellwd}}
"""


def latex_escape(text):
    out = []
    for ch in text:
        if ch in "\\{}$&#^_%~":
            out.append({"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}.get(ch, "\\" + ch))
        else:
            out.append(ch)
    return "".join(out)


def latex_table(caption, rows):
    spec = "|" + "|".join(r"C{%g}" % w for w in TABLE_WIDTHS) + "|"
    header = " & ".join(r"\sffamily " + h for h in TABLE_HEADER) + r" \\ \hline"
    # riskdoc's cells: 1.45 em line pitch (23.2 bp), some padding above and below a row
    lines = [r"{\fontsize{16bp}{23.2bp}\selectfont\renewcommand\arraystretch{1.3}",
             r"\begin{longtable}{%s}" % spec,
             r"\multicolumn{5}{c}{\sffamily %s} \\[0.3em] \hline" % latex_escape(caption),
             header, r"\endfirsthead", r"\hline", header, r"\endhead"]
    lines.extend(" & ".join(latex_escape(c) for c in row) + r" \\ \hline" for row in rows)
    lines.append(r"\end{longtable}}")
    return "\n".join(lines)


def latex_body(doc):
    parts = [r"\noticetitle{%s}" % latex_escape(doc["title"]), r"\noticeto{%s}" % doc["to"]]
    for block in numbered(doc["blocks"]):
        if block[0] == "h1":
            parts.append(r"\hone{%s}" % latex_escape(block[1]))
        elif block[0] == "h2":
            parts.append(r"\htwo{%s}{%s}" % (latex_escape(block[1]), latex_escape(block[2])))
        elif block[0] == "p":
            parts.append(latex_escape(block[1]) + r"\par")
        else:
            parts.append(latex_table(block[1], block[2]))
    parts.append(r"\noticesign{%s}{%s}" % (latex_escape(doc["sign"]), doc["date"]))
    return "\n".join(parts) + "\n"


def latex_document(bodies):
    """One job: each notice from a new page, its pages numbered from 1."""
    out = [LATEX_PREAMBLE, r"\begin{document}\normalsize\ziju{-0.0131}\setlength\parindent{32bp}"]
    for i, body in enumerate(bodies):
        if i:
            out.append(r"\clearpage\setcounter{page}{1}")
        out.append(body)
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


# Typst: each line's box is the 1 em ideographic box (0.88 above the baseline), so a leading
# of pitch − 1 em puts the lines on riskdoc's 28.99 pt grid; tracking as the 字距 above. In the
# table 0.45 em of leading and 0.525 em of inset (half of it and riskdoc's 0.3 em row pad) give
# riskdoc's 1.45 em line pitch in a cell.
TYPST_STYLE = """// The style of the notice benchmark's Typst peers (written by bench/gen_notices.py).
#let pitch = 225mm / 22
#let cell = 156mm / 28
#let notice(title: "", to: "", sign: "", date: "", body) = {
  set document(title: title, date: none)
  set page(width: 210mm, height: 297mm,
           margin: (left: 28mm, right: 26mm, top: 37mm, bottom: 35mm),
           footer-descent: 4mm,
           footer: context {
             let n = counter(page).get().first()
             let folio = text(size: 14pt)[— #n —]
             if calc.odd(n) { align(right, pad(right: 1em, folio)) }
             else { align(left, pad(left: 1em, folio)) }
           })
  set text(font: ("Liberation Serif", "Noto Serif CJK SC"), size: 16pt, lang: "zh",
           region: "cn", top-edge: 0.88em, bottom-edge: -0.12em, tracking: -0.21pt,
           cjk-latin-spacing: none)
  set par(justify: true, leading: pitch - 1em, spacing: pitch - 1em,
          first-line-indent: (amount: 2em, all: true))
  align(center, par(first-line-indent: 0em,
                    text(size: 22pt, weight: "bold", title)))
  v(pitch)
  par(first-line-indent: 0em, to + "：")
  body
  v(2 * pitch)
  align(right, pad(right: 2em, grid(align: center, row-gutter: pitch - 1em, sign, date)))
}
#let sans(body) = text(font: ("Liberation Serif", "Noto Sans CJK SC"), body)
#let h1(head) = block(sticky: true, par(sans(head)))
#let h2(head, rest) = par[#sans(head)#rest]
#let p(text) = par(text)
#let tbl(caption, header, ..rows) = {
  block(sticky: true, width: 100%%, align(center, sans(caption)))
  set par(justify: false, leading: 0.45em, first-line-indent: 0em)
  table(columns: (%s), align: center + horizon, stroke: 0.6pt,
        inset: (x: 0.3em, y: 0.525em),
        table.header(..header.map(h => sans(h))),
        ..rows.pos().flatten())
}
""" % ", ".join("%g * cell + 0.6em" % w for w in TABLE_WIDTHS)  # a cell's width holds its insets


def typst_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_document(doc):
    out = ['#import "notice.typ": *',
           "#show: notice.with(title: %s, to: %s, sign: %s, date: %s)" % tuple(
               typst_string(doc[k]) for k in ("title", "to", "sign", "date"))]
    for block in numbered(doc["blocks"]):
        if block[0] == "h1":
            out.append("#h1(%s)" % typst_string(block[1]))
        elif block[0] == "h2":
            out.append("#h2(%s, %s)" % (typst_string(block[1]), typst_string(block[2])))
        elif block[0] == "p":
            out.append("#p(%s)" % typst_string(block[1]))
        else:
            rows = ",\n  ".join("(" + ", ".join(typst_string(c) for c in row) + ")"
                                for row in block[2])
            out.append("#tbl(%s, (%s),\n  %s)" % (typst_string(block[1]), ", ".join(
                typst_string(h) for h in TABLE_HEADER), rows))
    return "\n".join(out) + "\n"


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    for sub in ("xelatex", "typst"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    write(os.path.join(out, "typst", "notice.typ"), TYPST_STYLE)
    bodies = []
    for i in range(n):
        doc = notice(random.Random(i + 1), i + 1)
        name = "notice-%02d" % (i + 1)
        write(os.path.join(out, name + ".txt"), riskdoc_text(doc))
        body = latex_body(doc)
        bodies.append(body)
        write(os.path.join(out, "xelatex", name + ".tex"), latex_document([body]))
        write(os.path.join(out, "typst", name + ".typ"), typst_document(doc))
    write(os.path.join(out, "xelatex", "notices.tex"), latex_document(bodies))


if __name__ == "__main__":
    main()
