"""riskdoc monthly on the fixtures: the 通报.pdf read back with pdftotext/pdffonts/pdfinfo.

Every figure the notice states must equal summary.json, formatted the Chinese official way
(counts as numerals, rates to one decimal with %, 环比 增加N条/减少N条/持平); the 附件1 table
must hold every community's row; 附件2 exactly the overdue items; the file is reproducible.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

RISKDOC = os.environ["RISKDOC"]
SRC = os.environ["RISKDOC_SOURCE_DIR"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


def run(out):
    cmd = [RISKDOC, "monthly", "--quiet", "--config", "templates/office.example.ini",
           "--period", "2024-05", "--previous", "fixtures/2024-04", "fixtures/2024-05",
           "-o", out]
    p = subprocess.run(cmd, cwd=SRC, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"riskdoc monthly exited {p.returncode}: {p.stderr}")


from figures import rate, change  # noqa: E402  (the script's folder is on sys.path)


def rank_change(c):
    rc = c.get("rank_change")
    if rc is None:
        return "新增"
    return "—" if rc == 0 else (f"↓{rc}" if rc > 0 else f"↑{-rc}")


def pdftext(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True,
                          check=True).stdout


def main():
    tmp = tempfile.mkdtemp(prefix="monthly-notice-")
    out1, out2 = os.path.join(tmp, "a"), os.path.join(tmp, "b")
    run(out1)
    run(out2)
    pdf = os.path.join(out1, "通报.pdf")
    s = json.load(open(os.path.join(out1, "summary.json"), encoding="utf-8"))

    # ---- outputs: kind, pages, sha256, reproducible, fonts ----
    outs = [o for o in s["outputs"] if o["kind"] == "notice-pdf"]
    check(len(outs) == 1 and outs[0]["path"] == "通报.pdf", f"notice-pdf output: {outs}")
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    check(outs and outs[0]["pages"] == pages, f"pages {outs and outs[0]['pages']} != pdfinfo {pages}")
    data = open(pdf, "rb").read()
    check(outs and outs[0]["sha256"] == hashlib.sha256(data).hexdigest(), "sha256 differs")
    check(data == open(os.path.join(out2, "通报.pdf"), "rb").read(), "two runs differ")
    check(oct(os.stat(pdf).st_mode & 0o777) == "0o600", "通报.pdf not 0600")
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
    font_rows = fonts.splitlines()[2:]
    check(font_rows and all(" yes " in r for r in font_rows), f"fonts not embedded:\n{fonts}")
    check(s.get("extra", {}).get("fonts"), "summary.json extra.fonts missing")

    raw = pdftext(pdf)
    page_texts = raw.split("\f")
    # the prose with page numbers and all white space removed (lines wrap anywhere)
    prose = re.sub(r"^\s*— \d+ —\s*$", "", raw, flags=re.M)
    T = re.sub(r"\s+", "", prose)

    def has(text, what):
        check(text in T, f"{what}: not found: {text}")

    # ---- 版头 ----
    has("济历城全办发〔2024〕18号", "发文字号")
    has("关于全福街道2024年5月社会稳定风险隐患排查化解工作情况的通报", "标题")
    has("相关科室、各社区：", "主送")

    # ---- 一、总体情况 ----
    t = s["totals"]
    n = len(s["by_community"])
    has(f"全街道{n}个社区共排查社会稳定风险隐患{t['total']}条，其中高风险{t['high']}条、"
        f"中风险{t['medium']}条、低风险{t['low']}条；已化解{t['resolved']}条，未化解{t['open']}条，"
        f"超期未化解{t['overdue']}条，总体化解率{format(t['resolution_rate']['all'] * 100, '.1f')}%",
        "totals")
    has(f"新排查风险隐患{s['period_flow']['new']}条，化解销号{s['period_flow']['resolved']}条", "flow")
    has(f"高风险隐患化解率{format(t['resolution_rate']['high'] * 100, '.1f')}%（目标100%）", "rate high")
    has(f"中低风险隐患化解率{format(t['resolution_rate']['medium_low'] * 100, '.1f')}%（目标不低于90%）",
        "rate medium_low")
    p = s["previous"]["totals"]
    has(f"风险隐患总数{change(t['total'], p['total'])}（2024年4月{p['total']}条），"
        f"其中高风险{change(t['high'], p['high'])}、中风险{change(t['medium'], p['medium'])}、"
        f"低风险{change(t['low'], p['low'])}；已化解{change(t['resolved'], p['resolved'])}，"
        f"未化解{change(t['open'], p['open'])}，超期未化解{change(t['overdue'], p['overdue'])}", "环比")

    # ---- 二、分类情况 ----
    for c in s["by_category"]:
        if not c["total"]:
            has(f"{c['category']}风险。未排查出此类风险隐患。", f"empty category {c['category']}")
            continue
        tail = f"{c['category']}风险。排查{c['total']}条，其中高风险{c['high']}条、中风险{c['medium']}条、" \
               f"低风险{c['low']}条；已化解{c['resolved']}条，化解率{rate(c['resolved'], c['total'])}" \
               f"；超期未化解{c['overdue']}条"
        has(tail, f"category {c['category']}")

    # ---- 三、各社区风险等级评定 ----
    for k, cn in ((1, "一类"), (2, "二类"), (3, "三类")):
        members = [c["community"] for c in s["by_community"] if c["class"] == k]
        has(f"{cn}社区（{len(members)}个）。" + ("、".join(members) if members else "无") + "。",
            f"class {cn}")
    movers = [c for c in s["by_community"]
              if c.get("rank_change") is not None and abs(c["rank_change"]) >= 10]
    if movers:
        for c in movers:
            word = "下降" if c["rank_change"] > 0 else "上升"
            has(f"{c['community']}（{word}{abs(c['rank_change'])}位，由第{c['rank'] - c['rank_change']}名"
                f"变为第{c['rank']}名）", f"mover {c['community']}")
    else:
        has("没有排名变化10位及以上的社区", "no movers")

    # ---- 四、存在的问题 ----
    has(f"全街道超期未化解风险隐患{t['overdue']}条（清单见附件2）", "overdue")
    for c in s["by_community"]:
        if c["overdue"]:
            check(re.search(rf"[、在]{re.escape(c['community'])}{c['overdue']}条[、。]", T),
                  f"overdue of {c['community']} not stated")

    # ---- 附件1 / 附件2: pages after the attachment labels ----
    def label_page(label):
        for i, pt in enumerate(page_texts):
            if any(line.strip() == label for line in pt.splitlines()):
                return i
        return None

    a1, a2 = label_page("附件1"), label_page("附件2")
    check(a1 is not None and a2 is not None and a1 < a2, f"attachment pages {a1} {a2}")
    if a1 is None or a2 is None:
        return finish()
    rows1 = {}
    for line in "\n".join(page_texts[a1:a2]).splitlines():
        tok = line.split()
        if len(tok) == 13 and tok[0].isdigit():
            rows1[int(tok[0])] = tok[1:]
    check(sorted(rows1) == list(range(1, n + 1)), f"附件1 rows: {sorted(rows1)}")
    for i, c in enumerate(s["by_community"], 1):
        want = [c["community"], str(c["total"]), str(c["high"]), str(c["medium"]), str(c["low"]),
                str(c["resolved"]), rate(c["resolved"], c["total"]), str(c["overdue"]),
                str(c["score"]), ["", "一类", "二类", "三类"][c["class"]], str(c["rank"]),
                rank_change(c)]
        check(rows1.get(i) == want, f"附件1 row {i}: {rows1.get(i)} != {want}")
    total_row = [ln.split() for ln in "\n".join(page_texts[a1:a2]).splitlines()
                 if ln.split()[:1] == ["合计"]]
    check(total_row and total_row[0][1:9] == [str(t["total"]), str(t["high"]), str(t["medium"]),
                                              str(t["low"]), str(t["resolved"]),
                                              rate(t["resolved"], t["total"]), str(t["overdue"])][:8],
          f"合计 row {total_row}")
    chart = "\n".join(page_texts[a1:a2])
    check("各类风险隐患数量（条）" in chart, "chart caption missing")

    rows2 = {}
    for line in "\n".join(page_texts[a2:]).splitlines():
        tok = line.split()
        if tok and tok[0].isdigit() and len(tok) >= 8:
            rows2.setdefault(int(tok[0]), tok)
    check(sorted(rows2) == list(range(1, t["overdue"] + 1)),
          f"附件2 lists {len(rows2)} items, summary says {t['overdue']}")
    per = {}
    for tok in rows2.values():
        per[tok[1]] = per.get(tok[1], 0) + 1
    for c in s["by_community"]:
        check(per.get(c["community"], 0) == c["overdue"],
              f"附件2 {c['community']}: {per.get(c['community'], 0)} != {c['overdue']}")
    finish()


def finish():
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
