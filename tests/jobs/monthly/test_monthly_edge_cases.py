"""riskdoc monthly on small hand-written ledgers: the cases the fixtures never reach.

Each case writes its CSVs (headers from templates/columns.ini) into a temp dir, runs
`riskdoc monthly`, reads 通报.pdf back with pdftotext/pdfinfo and checks it against summary.json
AND against figures this script counts itself from the CSVs with the csv module, following
domain.md "Exact rules" (resolved = 已化解/已销号; overdue = open and deadline before the report
date; score = open 高×5 + 中×3 + 低×1 + overdue×2; competition ranks; classes by thirds).

Cases:
  no_previous   three communities, no --previous: no 环比, no rank-change values, rank_change null
  sparse        one community, only 中 rows, every risk resolved: empty categories, no 高 (no rate),
                no overdue (附件2 says so instead of an empty table)
  high_only     one community, only 高 rows, half resolved: no 中低 (no rate), 高 below target
  outside       every row found after --period: nothing new in the period, stated plainly
  with_previous the three communities against an April with one community gone, two new:
                新增 / ↑ / ↓ / — in 附件1, rank_change in summary.json, 环比 sentence
  nothing       every row rejected (nothing usable), with --previous: no crash, no table, 环比 down
"""
import calendar
import csv
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile
from datetime import date

RISKDOC = os.environ["RISKDOC"]
SRC = os.environ["RISKDOC_SOURCE_DIR"]
CONFIG = os.path.join(SRC, "templates", "office.example.ini")
CATEGORIES = ["政治安全", "涉众利益", "重点人员", "社会矛盾", "治安隐患", "网络安全", "恶性案件"]
LEVELS = {"高": "high", "中": "medium", "低": "low"}
WEIGHT = {"high": 5, "medium": 3, "low": 1}
OVERDUE_WEIGHT = 2
HEADER = ["编号", "社区", "风险类别", "风险隐患", "风险等级", "责任单位", "排查日期", "完成时限",
          "化解状态", "销号日期"]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)


# ---- fixtures: (file name, has 社区 column, rows without the 社区 cell) ----
# row: 编号, 风险类别, 风险隐患, 风险等级, 责任单位, 排查日期, 完成时限, 化解状态, 销号日期
THREE = [
    ("和平社区.csv", True, [
        ("H1", "政治安全", "重点人员聚集风险", "高", "综治中心", "2024-05-03", "2024-05-10", "未化解", ""),
        ("H2", "涉众利益", "预付卡退费纠纷", "中", "市场监管所", "2024-05-02", "2024-05-31", "已化解", "2024-05-15"),
        ("H3", "社会矛盾", "邻里噪音纠纷", "低", "司法所", "2024-05-08", "2024-06-30", "化解中", ""),
        ("H4", "政治安全", "境外渗透风险", "中", "综治中心、派出所", "2024-03-01", "2024-04-30", "已销号", "2024-04-20"),
    ]),
    ("光明村.csv", False, [
        ("G1", "治安隐患", "出租屋治安隐患", "高", "派出所", "2024-05-06", "2024-05-25", "已化解", "2024-05-20"),
        ("G2", "社会矛盾", "征地补偿纠纷", "中", "住建办", "2024-04-02", "2024-04-30", "未化解", ""),
    ]),
    ("东风社区.csv", True, [
        ("D1", "网络安全", "业主群不当言论", "低", "网信办", "2024-05-10", "", "未化解", ""),
        ("D2", "网络安全", "谣言传播风险", "低", "网信办", "2024-05-11", "2024-05-20", "已化解", "2024-05-28"),
    ]),
]
SPARSE = [
    ("幸福社区.csv", True, [
        ("S1", "涉众利益", "非法集资风险", "中", "金融办", "2024-05-03", "2024-05-31", "已化解", "2024-05-09"),
        ("S2", "涉众利益", "拖欠工资纠纷", "中", "人社所", "2024-04-11", "2024-04-30", "已销号", "2024-05-02"),
        ("S3", "治安隐患", "电动车违规充电", "中", "应急办", "2024-05-20", "2024-05-01", "已化解", "2024-05-30"),
    ]),
]
HIGH_ONLY = [
    ("红星村.csv", True, [
        ("R1", "恶性案件", "精神障碍患者肇事风险", "高", "派出所", "2024-05-03", "2024-06-30", "稳控中", ""),
        ("R2", "重点人员", "社区矫正对象脱管风险", "高", "司法所", "2024-05-07", "2024-05-31", "已化解", "2024-05-30"),
    ]),
]
OUTSIDE = [
    ("和平社区.csv", True, [
        ("O1", "政治安全", "重点人员聚集风险", "高", "综治中心", "2024-05-02", "2024-03-15", "未化解", ""),
        ("O2", "社会矛盾", "物业费纠纷", "中", "住建办", "2024-05-10", "2024-05-31", "已化解", "2024-05-12"),
        ("O3", "网络安全", "网络谣言风险", "低", "网信办", "2024-06-01", "2024-07-01", "未化解", ""),
    ]),
]
REJECTED = [
    ("和平社区.csv", True, [
        ("X1", "天气灾害", "暴雨内涝", "高", "应急办", "2024-06-03", "", "未化解", ""),   # not in taxonomy
        ("X2", "政治安全", "重点人员聚集风险", "", "综治中心", "2024-06-04", "", "未化解", ""),  # no level
    ]),
]


def write_ledgers(folder, ledgers):
    os.makedirs(folder, exist_ok=True)
    for name, with_community, rows in ledgers:
        header = HEADER if with_community else [h for h in HEADER if h != "社区"]
        with open(os.path.join(folder, name), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            for r in rows:
                cells = list(r)
                if with_community:
                    cells.insert(1, name[:-4])
                w.writerow(cells)
    return folder


# ---- the independent count, from the CSV files with the csv module ----
def day(text):
    return date.fromisoformat(text) if text else None


def cn_date(d):
    return f"{d.year}年{d.month}月{d.day}日"


def empty_counts():
    return {"total": 0, "high": 0, "medium": 0, "low": 0, "resolved": 0, "open": 0, "overdue": 0,
            "resolved_high": 0, "resolved_medium_low": 0}


def add(c, level, resolved, overdue):
    c["total"] += 1
    c[level] += 1
    if resolved:
        c["resolved"] += 1
        c["resolved_high" if level == "high" else "resolved_medium_low"] += 1
    else:
        c["open"] += 1
    c["overdue"] += overdue


def count(folder, period_start, report):
    """Figures of every usable row in folder's CSVs, as domain.md defines them."""
    out = {"read": 0, "used": 0, "totals": empty_counts(), "cats": {k: empty_counts() for k in CATEGORIES},
           "comms": {}, "new": 0, "resolved_in": 0, "late": 0, "overdue_rows": []}
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                out["read"] += 1
                level = LEVELS.get(row["风险等级"])
                if row["风险类别"] not in CATEGORIES or not level:
                    continue
                out["used"] += 1
                comm = row.get("社区") or name[:-4]
                resolved = row["化解状态"] in ("已化解", "已销号")
                deadline, found, closed = day(row["完成时限"]), day(row["排查日期"]), day(row["销号日期"])
                overdue = int(not resolved and deadline is not None and deadline < report)
                for c in (out["totals"], out["cats"][row["风险类别"]], out["comms"].setdefault(comm, empty_counts())):
                    add(c, level, resolved, overdue)
                out["new"] += period_start <= found <= report
                out["resolved_in"] += resolved and closed is not None and period_start <= closed <= report
                out["late"] += found > report
                if overdue:
                    out["overdue_rows"].append(
                        (deadline, comm, row["风险类别"], row["风险隐患"], row["风险等级"],
                         re.split("[、，,；;/]", row["责任单位"])[0].strip(), cn_date(deadline),
                         str((report - deadline).days)))
    return out


def scores(folder, report):
    """Community scores recomputed row by row (open 高×5, 中×3, 低×1, overdue×2)."""
    s = {}
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                level = LEVELS.get(row["风险等级"])
                if row["风险类别"] not in CATEGORIES or not level:
                    continue
                comm = row.get("社区") or name[:-4]
                resolved = row["化解状态"] in ("已化解", "已销号")
                deadline = day(row["完成时限"])
                pts = 0 if resolved else WEIGHT[level]
                if not resolved and deadline is not None and deadline < report:
                    pts += OVERDUE_WEIGHT
                s[comm] = s.get(comm, 0) + pts
    order = sorted(s, key=lambda c: (-s[c], c))
    ranks, t = {}, math.ceil(len(order) / 3)
    for i, c in enumerate(order):
        ranks[c] = ranks[order[i - 1]] if i and s[order[i - 1]] == s[c] else i + 1
    cls = {c: 1 if ranks[c] <= t else 2 if ranks[c] <= 2 * t else 3 for c in order}
    return order, s, ranks, cls


from figures import rate, change  # noqa: E402  (the script's folder is on sys.path)


# ---- running and reading back ----
def run(out, period, inputs, previous=None):
    cmd = [RISKDOC, "monthly", "--quiet", "--config", CONFIG, "--period", period, "-o", out]
    for p in previous or []:
        cmd += ["--previous", p]
    p = subprocess.run(cmd + inputs, capture_output=True, text=True)
    check(p.returncode == 0, f"{out}: riskdoc monthly exited {p.returncode}: {p.stderr}")
    check("Sanitizer" not in p.stderr and "runtime error" not in p.stderr, f"{out}: {p.stderr}")
    return p.returncode == 0


class Notice:
    def __init__(self, out):
        self.pdf = os.path.join(out, "通报.pdf")
        self.s = json.load(open(os.path.join(out, "summary.json"), encoding="utf-8"))
        raw = subprocess.run(["pdftotext", "-layout", self.pdf, "-"], capture_output=True, text=True,
                             check=True).stdout
        self.pages = raw.split("\f")
        prose = re.sub(r"^\s*— \d+ —\s*$", "", raw, flags=re.M)
        self.T = re.sub(r"\s+", "", prose)
        info = subprocess.run(["pdfinfo", self.pdf], capture_output=True, text=True, check=True).stdout
        self.n_pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))

    def label_page(self, label):
        for i, pt in enumerate(self.pages):
            if any(line.strip() == label for line in pt.splitlines()):
                return i
        return None

    def annex(self, n):
        a1, a2 = self.label_page("附件1"), self.label_page("附件2")
        check(a1 is not None and a2 is not None and a1 < a2, f"attachment pages {a1} {a2}")
        if a1 is None or a2 is None:
            return ""
        return "\n".join(self.pages[a1:a2] if n == 1 else self.pages[a2:])


def common_checks(case, n, got, period_cn, report_cn):
    """What every case must satisfy: the summary and the text against the independent count."""
    s = n.s
    has = lambda text, what: check(text in n.T, f"{case}: {what}: not found: {text}")
    t = s["totals"]
    outs = [o for o in s["outputs"] if o["kind"] == "notice-pdf"]
    check(len(outs) == 1 and outs[0]["pages"] == n.n_pages, f"{case}: pages {outs} vs pdfinfo {n.n_pages}")
    check(s["rows"]["read"] == got["read"] and s["rows"]["used"] == got["used"]
          and s["rows"]["read"] == s["rows"]["used"] + s["rows"]["rejected"],
          f"{case}: rows {s['rows']} vs csv read {got['read']} used {got['used']}")
    for k in ("total", "high", "medium", "low", "resolved", "open", "overdue"):
        check(t[k] == got["totals"][k], f"{case}: totals.{k} {t[k]} != csv {got['totals'][k]}")
    check(s["period_flow"] == {"new": got["new"], "resolved": got["resolved_in"]},
          f"{case}: period_flow {s['period_flow']} != csv new {got['new']} resolved {got['resolved_in']}")
    for c in s["by_category"]:
        want = got["cats"][c["category"]]
        check(all(c[k] == want[k] for k in ("total", "high", "medium", "low", "resolved", "open", "overdue")),
              f"{case}: category {c['category']} {c} != csv {want}")
    # rates: null exactly when nothing to resolve
    g = got["totals"]
    for key, res, tot in (("all", g["resolved"], g["total"]), ("high", g["resolved_high"], g["high"]),
                          ("medium_low", g["resolved_medium_low"], g["medium"] + g["low"])):
        r = t["resolution_rate"][key]
        check((r is None) == (tot == 0) and (r is None or abs(r - res / tot) < 1e-9),
              f"{case}: resolution_rate.{key} {r} vs csv {res}/{tot}")
    # no nonsense figures anywhere
    low = n.T.lower()
    check("nan" not in low and "inf" not in low, f"{case}: nan/inf in the notice")
    check("化解率—" not in n.T and "化解率（" not in n.T and "化解率；" not in n.T and "化解率。" not in n.T,
          f"{case}: a rate with no figure stated")
    zero_rate_legit = any(c["total"] and not c["resolved"] for c in
                          [g, *got["cats"].values(), *got["comms"].values()]) \
        or (g["high"] and not g["resolved_high"]) \
        or (g["medium"] + g["low"] and not g["resolved_medium_low"])
    if not zero_rate_legit:
        check(not re.search(r"(?<![\d])0\.0%", n.T), f"{case}: 0.0% stated with nothing at 0")
    # 一、总体情况
    if g["total"]:
        has(f"截至{report_cn}，全街道{len(got['comms'])}个社区共排查社会稳定风险隐患{g['total']}条，"
            f"其中高风险{g['high']}条、中风险{g['medium']}条、低风险{g['low']}条；已化解{g['resolved']}条，"
            f"未化解{g['open']}条，超期未化解{g['overdue']}条，总体化解率{rate(g['resolved'], g['total'])}。", "totals")
        has(period_cn + (f"新排查风险隐患{got['new']}条" if got["new"] else "没有新排查的风险隐患") + "，"
            + (f"化解销号{got['resolved_in']}条" if got["resolved_in"] else "没有化解销号的风险隐患") + "。",
            "new / resolved in the period")
        if g["high"]:
            has(f"高风险隐患化解率{rate(g['resolved_high'], g['high'])}（目标100%）", "rate high")
        else:
            has("全街道没有高风险隐患", "no 高")
            check(not re.search(r"(?<!中低)高风险隐患化解率\d", n.T), f"{case}: a 高 rate stated without 高 rows")
        ml = g["medium"] + g["low"]
        if ml:
            has(f"中低风险隐患化解率{rate(g['resolved_medium_low'], ml)}（目标不低于90%）", "rate medium_low")
        else:
            has("没有中低风险隐患", "no 中低")
            check(not re.search(r"中低风险隐患化解率\d", n.T), f"{case}: a 中低 rate stated without 中低 rows")
    else:
        has(f"截至{report_cn}，各社区报送的风险隐患台账中没有可统计的风险隐患", "nothing usable")
    if got["late"]:
        has(f"上述数字含排查日期晚于{report_cn}的风险隐患{got['late']}条", "rows found after the report date")
    else:
        check("排查日期晚于" not in n.T, f"{case}: late rows claimed")
    # 二、分类情况: every category, the empty ones said to be empty
    for i, cat in enumerate(CATEGORIES):
        c = got["cats"][cat]
        if c["total"]:
            has(f"{cat}风险。排查{c['total']}条，其中高风险{c['high']}条、中风险{c['medium']}条、低风险{c['low']}条；"
                f"已化解{c['resolved']}条，化解率{rate(c['resolved'], c['total'])}；超期未化解{c['overdue']}条。",
                f"category {cat}")
        else:
            has(f"{cat}风险。未排查出此类风险隐患。", f"empty category {cat}")
    # 三、 classes, 附件1
    order, sc, ranks, cls = scores(got["folder"], got["report"])
    bc = s["by_community"]
    check([c["community"] for c in bc] == order, f"{case}: community order {[c['community'] for c in bc]} != {order}")
    for c in bc:
        check(c["score"] == sc.get(c["community"]) and c["rank"] == ranks.get(c["community"])
              and c["class"] == cls.get(c["community"]),
              f"{case}: {c['community']} score/rank/class {c['score']}/{c['rank']}/{c['class']} != "
              f"{sc.get(c['community'])}/{ranks.get(c['community'])}/{cls.get(c['community'])}")
    annex1 = n.annex(1)
    if order:
        for k, cn in ((1, "一类"), (2, "二类"), (3, "三类")):
            members = [c for c in order if cls[c] == k]
            has(f"{cn}社区（{len(members)}个）。" + ("、".join(members) if members else "无") + "。", f"class {cn}")
        rows = {}
        for line in annex1.splitlines():
            tok = line.split()
            if tok and tok[0].isdigit() and len(tok) >= 12:
                rows[int(tok[0])] = tok[1:]
        check(sorted(rows) == list(range(1, len(order) + 1)), f"{case}: 附件1 rows {sorted(rows)}")
        for i, comm in enumerate(order, 1):
            c = got["comms"][comm]
            want = [comm, str(c["total"]), str(c["high"]), str(c["medium"]), str(c["low"]), str(c["resolved"]),
                    rate(c["resolved"], c["total"]), str(c["overdue"]), str(sc[comm]),
                    ["", "一类", "二类", "三类"][cls[comm]], str(ranks[comm])]
            check(rows.get(i, [])[:11] == want, f"{case}: 附件1 row {i} {rows.get(i)} != {want}")
        check("各类风险隐患数量（条）" in annex1, f"{case}: chart missing")
    else:
        has("没有社区报送可统计的风险隐患，本期不作风险等级评定。", "no ranking")
        check("排查总数" not in annex1 and "各类风险隐患数量" not in annex1, f"{case}: empty table/chart in 附件1")
        check("没有社区报送可统计的风险隐患" in re.sub(r"\s+", "", annex1), f"{case}: 附件1 says nothing")
    # 四、 and 附件2: overdue
    annex2 = n.annex(2)
    a2 = re.sub(r"\s+", "", annex2)
    if g["overdue"]:
        has(f"全街道超期未化解风险隐患{g['overdue']}条（清单见附件2）", "overdue")
        listed = [ln.split() for ln in annex2.splitlines() if ln.split()[:1] and ln.split()[0].isdigit()
                  and len(ln.split()) == 8]
        want = [[str(i), *r[1:]] for i, r in enumerate(sorted(got["overdue_rows"])[:], 1)]
        check(listed == want, f"{case}: 附件2 rows {listed} != csv {want}")
    else:
        has(f"截至{report_cn}，全街道没有超期未化解的风险隐患。", "no overdue")
        check("部分风险隐患超期未化解" not in n.T, f"{case}: heading claims overdue items")
        check(f"截至{report_cn}，没有超期未化解的风险隐患。" in a2, f"{case}: 附件2 does not say none")
        check("超期天数" not in a2 and "序号" not in a2, f"{case}: empty table in 附件2")


def expect(case, tmp, ledgers, period, previous=None, extra=None):
    folder = write_ledgers(os.path.join(tmp, case, "in"), ledgers)
    prev_folder = write_ledgers(os.path.join(tmp, case, "prev"), previous) if previous else None
    out = os.path.join(tmp, case, "out")
    if not run(out, period, [folder], [prev_folder] if prev_folder else None):
        return
    y, m = map(int, period.split("-"))
    start = date(y, m, 1)
    report = date(y, m, calendar.monthrange(y, m)[1])  # the report date: the period's last day
    got = count(folder, start, report)
    got.update(folder=folder, report=report)
    n = Notice(out)
    period_cn, report_cn = f"{y}年{m}月", f"{report.year}年{report.month}月{report.day}日"
    common_checks(case, n, got, period_cn, report_cn)
    if extra:
        extra(case, n, got, prev_folder, start)


# ---- what each case adds ----
def no_previous(case, n, got, prev_folder, start):
    s, T = n.s, n.T
    check("previous" not in s, f"{case}: summary has previous")
    check(all(c["rank_change"] is None for c in s["by_community"]), f"{case}: rank_change not null")
    check("本期没有上月数据，不作环比和排名变化比较。" in T, f"{case}: does not say there is no 环比")
    check(not re.search(r"增加\d+条|减少\d+条|持平", T), f"{case}: 环比 claimed without --previous")
    check(not re.search(r"[上下][升降]\d+位|排名变化\d+位及以上", T), f"{case}: rank movers claimed")
    check("新增" not in T, f"{case}: 新增 claimed without --previous")
    for line in n.annex(1).splitlines():
        tok = line.split()
        if tok and tok[0].isdigit() and len(tok) >= 12:
            check(len(tok) == 12, f"{case}: 附件1 row has a rank change value: {tok}")
    # 四、 names the overdue communities with their counts (csv count)
    for comm, c in got["comms"].items():
        if c["overdue"]:
            check(re.search(rf"[、在]{re.escape(comm)}{c['overdue']}条[、。]", T), f"{case}: overdue of {comm}")


def single_community(case, n, got, prev_folder, start):
    check(len(got["comms"]) == 1 and len(n.s["by_community"]) == 1, f"{case}: not one community")
    check("二类社区（0个）。无。三类社区（0个）。无。" in n.T.replace("（三）", ""), f"{case}: empty classes")


def sparse(case, n, got, prev_folder, start):
    single_community(case, n, got, prev_folder, start)
    check(n.s["totals"]["open"] == 0, f"{case}: not all resolved")
    check("化解率达标情况。各社区高风险" not in n.T, f"{case}: 高 target claimed met without 高 rows")
    check("化解率达标情况。全街道没有高风险隐患。各社区中低风险隐患化解率均不低于90%。" in n.T,
          f"{case}: 四（二） wrong")


def high_only(case, n, got, prev_folder, start):
    single_community(case, n, got, prev_folder, start)
    comm = next(iter(got["comms"]))
    check(f"部分社区化解率未达到目标要求。高风险隐患化解率未达到100%的社区1个：{comm}。全街道没有中低风险隐患。" in n.T,
          f"{case}: 四（二） wrong")
    check("未达到目标要求；没有中低风险隐患" in n.T, f"{case}: 一、 rate sentence wrong")


def nothing(case, n, got, prev_folder, start):
    s, T = n.s, n.T
    check(s["rows"]["used"] == 0 and s["rows"]["rejected"] == 2, f"{case}: rows {s['rows']}")
    check(s["by_community"] == [], f"{case}: communities {s['by_community']}")
    rej = open(os.path.join(os.path.dirname(n.pdf), "rejects.csv"), encoding="utf-8-sig").read()
    check(len(list(csv.reader(io.StringIO(rej)))) == 3, f"{case}: rejects.csv rows")
    # 环比 against last month (its report date is its last day), counted from its CSVs
    prev_report = date.fromordinal(start.toordinal() - 1)
    p = count(prev_folder, prev_report.replace(day=1), prev_report)["totals"]
    t = s["totals"]
    py, pm = prev_report.year, prev_report.month
    check(s["previous"]["totals"]["total"] == p["total"], f"{case}: previous totals {s['previous']}")
    want = (f"与{py}年{pm}月相比，风险隐患总数{change(t['total'], p['total'])}（{py}年{pm}月{p['total']}条），"
            f"其中高风险{change(t['high'], p['high'])}、中风险{change(t['medium'], p['medium'])}、"
            f"低风险{change(t['low'], p['low'])}；已化解{change(t['resolved'], p['resolved'])}，"
            f"未化解{change(t['open'], p['open'])}，超期未化解{change(t['overdue'], p['overdue'])}。")
    check(want in T, f"{case}: 环比 not found: {want}")


APRIL = [
    ("和平社区.csv", True, [
        ("H1", "政治安全", "重点人员聚集风险", "高", "综治中心", "2024-04-03", "2024-05-10", "未化解", ""),
        ("H4", "政治安全", "境外渗透风险", "中", "综治中心", "2024-03-01", "2024-04-30", "已销号", "2024-04-20"),
    ]),
    ("老街社区.csv", True, [
        ("L1", "社会矛盾", "拆迁安置纠纷", "高", "住建办", "2024-04-01", "2024-04-10", "未化解", ""),
        ("L2", "社会矛盾", "物业纠纷", "中", "住建办", "2024-04-05", "", "未化解", ""),
    ]),
    ("东风社区.csv", True, [
        ("D0", "网络安全", "网络谣言", "高", "网信办", "2024-04-10", "", "化解中", ""),
    ]),
]


def with_previous(case, n, got, prev_folder, start):
    s, T = n.s, n.T
    prev_report = date.fromordinal(start.toordinal() - 1)
    _, _, prev_ranks, _ = scores(prev_folder, prev_report)
    order, _, ranks, _ = scores(got["folder"], got["report"])
    rows = {}
    for line in n.annex(1).splitlines():
        tok = line.split()
        if tok and tok[0].isdigit() and len(tok) >= 12:
            rows[tok[1]] = tok
    for c in s["by_community"]:
        comm = c["community"]
        want = ranks[comm] - prev_ranks[comm] if comm in prev_ranks else None
        check(c["rank_change"] == want, f"{case}: {comm} rank_change {c['rank_change']} != {want}")
        cell = "新增" if want is None else "—" if want == 0 else f"↓{want}" if want > 0 else f"↑{-want}"
        check(len(rows.get(comm, [])) == 13 and rows[comm][12] == cell,
              f"{case}: 附件1 {comm} 排名变化 {rows.get(comm)} != {cell}")
    p = count(prev_folder, prev_report.replace(day=1), prev_report)["totals"]
    t = s["totals"]
    want = (f"与2024年4月相比，风险隐患总数{change(t['total'], p['total'])}（2024年4月{p['total']}条），"
            f"其中高风险{change(t['high'], p['high'])}、中风险{change(t['medium'], p['medium'])}、"
            f"低风险{change(t['low'], p['low'])}；已化解{change(t['resolved'], p['resolved'])}，"
            f"未化解{change(t['open'], p['open'])}，超期未化解{change(t['overdue'], p['overdue'])}。")
    check(want in T, f"{case}: 环比 not found: {want}")
    check("本期没有上月数据" not in T, f"{case}: says there is no previous month")
    check("与2024年4月相比，本月没有排名变化10位及以上的社区。" in T, f"{case}: movers sentence")


def main():
    tmp = tempfile.mkdtemp(prefix="monthly-edge-")
    expect("no_previous", tmp, THREE, "2024-05", extra=no_previous)
    expect("sparse", tmp, SPARSE, "2024-05", extra=sparse)
    expect("high_only", tmp, HIGH_ONLY, "2024-05", extra=high_only)
    expect("outside", tmp, OUTSIDE, "2024-03")
    expect("with_previous", tmp, THREE, "2024-05", previous=APRIL, extra=with_previous)
    expect("nothing", tmp, REJECTED, "2024-06", previous=THREE, extra=nothing)
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
