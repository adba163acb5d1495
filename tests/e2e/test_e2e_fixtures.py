#!/usr/bin/python3
"""End to end: `riskdoc monthly` over fixtures/2024-05 (with 2024-04 as the previous period)
must state exactly the figures that follow from the fixtures' manifests.

The expected summary is computed here from fixtures/*/manifest.json ONLY — the generator's
record of what it meant to write — following spec/domain.md "Exact rules". The CSV files are
never parsed by this test, so a mistake in the program's CSV reading cannot hide in here.
"""
import json
import math
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_common import (CONFIG, SOURCE_DIR, Failures, compare_summary,  # noqa: E402
                        describe, load_summary, read_rejects, run)

TAXONOMY = ["政治安全", "涉众利益", "重点人员", "社会矛盾", "治安隐患", "网络安全", "恶性案件"]
WEIGHT = {"高": 5, "中": 3, "低": 1}
OVERDUE_WEIGHT = 2
RESOLVED = ("已化解", "已销号")
LEVEL_KEY = {"高": "high", "中": "medium", "低": "low"}

# What a reject's reason must mention, by reason kind (besides being Chinese text).
FIELD_NAMES = {"id": "编号", "community": "社区", "category": "风险类别", "title": "风险隐患",
               "level": "风险等级", "units": "责任单位", "found": "排查日期",
               "deadline": "完成时限", "status": "化解状态", "closed": "销号日期"}


def load_manifest(period):
    path = os.path.join(SOURCE_DIR, "fixtures", period, "manifest.json")
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def is_open(r):
    return r["status"] not in RESOLVED


def is_overdue(r, report_date):
    # ISO dates compare correctly as strings.
    return is_open(r) and r["deadline"] is not None and r["deadline"] < report_date


def counts(rows, report_date):
    c = {"total": len(rows), "high": 0, "medium": 0, "low": 0, "resolved": 0, "open": 0,
         "overdue": 0}
    for r in rows:
        c[LEVEL_KEY[r["level"]]] += 1
        c["resolved" if not is_open(r) else "open"] += 1
        c["overdue"] += is_overdue(r, report_date)
    return c


def rate(num, den):
    return None if den == 0 else num / den


def community_table(rows, report_date):
    """by_community without rank_change: counts, score, competition rank, class."""
    names = sorted({r["community"] for r in rows})
    table = []
    for name in names:
        mine = [r for r in rows if r["community"] == name]
        c = counts(mine, report_date)
        score = sum(WEIGHT[r["level"]] for r in mine if is_open(r)) + OVERDUE_WEIGHT * c["overdue"]
        table.append(dict(community=name, **c, score=score))
    n = len(table)
    t = math.ceil(n / 3)
    for row in table:
        row["rank"] = 1 + sum(1 for o in table if o["score"] > row["score"])
        row["class"] = 1 if row["rank"] <= t else (2 if row["rank"] <= 2 * t else 3)
    table.sort(key=lambda r: (r["rank"], r["community"]))
    return table


def expected_summary(cur, prev, cur_dir, report_date, prev_report_date):
    rows = cur["rows"]
    used = [r for r in rows if r["disposition"] == "used"]
    inputs = []
    for fname in sorted({r["file"] for r in rows} | {f["file"] for f in cur["files"]}):
        mine = [r for r in rows if r["file"] == fname]
        enc = next(f["encoding"] for f in cur["files"] if f["file"] == fname)
        u = sum(1 for r in mine if r["disposition"] == "used")
        inputs.append({"path": f"{cur_dir}/{fname}", "encoding": enc, "read": len(mine),
                       "used": u, "rejected": len(mine) - u})

    totals = counts(used, report_date)
    high = [r for r in used if r["level"] == "高"]
    medlow = [r for r in used if r["level"] != "高"]
    res = lambda rs: sum(1 for r in rs if not is_open(r))  # noqa: E731
    totals["resolution_rate"] = {"high": rate(res(high), len(high)),
                                 "medium_low": rate(res(medlow), len(medlow)),
                                 "all": rate(res(used), len(used))}

    by_category = [dict(category=cat, **counts([r for r in used if r["category"] == cat],
                                               report_date)) for cat in TAXONOMY]

    units = {}
    for r in used:
        row_units = [(r["lead_unit"], "lead")] + [(u, "support") for u in r["support_units"]]
        for name, role in row_units:
            u = units.setdefault(name, {"unit": name, "lead": 0, "support": 0, "open": 0,
                                        "overdue": 0})
            u[role] += 1
            u["open"] += is_open(r)
            u["overdue"] += is_overdue(r, report_date)
    by_unit = sorted(units.values(),
                     key=lambda u: (-u["open"], -(u["lead"] + u["support"]), u["unit"]))

    by_community = community_table(used, report_date)
    prev_rank = {c["community"]: c["rank"] for c in community_table(
        [r for r in prev["rows"] if r["disposition"] == "used"], prev_report_date)}
    for c in by_community:
        c["rank_change"] = (c["rank"] - prev_rank[c["community"]]
                            if c["community"] in prev_rank else None)

    return {
        "schema": "riskdoc.summary/1", "job": "monthly", "period": cur["period"],
        "report_date": report_date, "inputs": inputs,
        "rows": {"read": len(rows), "used": len(used), "rejected": len(rows) - len(used)},
        "totals": totals, "by_category": by_category, "by_unit": by_unit,
        "by_community": by_community,
    }


def has_cjk(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def check_rejects(f, outdir, cur, prev, cur_dir, prev_dir):
    rows = read_rejects(f, outdir)
    if rows is None:
        return
    want = {(f"{cur_dir}/{r['file']}", r["line"]): r
            for r in cur["rows"] if r["disposition"] == "rejected"}
    want_prev = {(f"{prev_dir}/{r['file']}", r["line"])
                 for r in prev["rows"] if r["disposition"] == "rejected"}
    got = {}
    for i, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) < 3:
            f.fail(f"rejects.csv line {i}: fewer than 3 cells: {cells!r}")
            continue
        source, line, reason = cells[-3], cells[-2].strip(), cells[-1]
        if not line.isdigit():
            f.fail(f"rejects.csv line {i}: 行号 {line!r} is not a line number")
            continue
        key = (source, int(line))
        if key in got:
            f.fail(f"rejects.csv: {source}:{line} is listed twice")
        got[key] = reason
    cur_got = {k for k in got if k[0].startswith(cur_dir + "/")}
    prev_got = {k for k in got if k[0].startswith(prev_dir + "/")}
    other = set(got) - cur_got - prev_got
    for k in sorted(set(want) - cur_got):
        r = want[k]
        f.fail(f"rejects.csv lacks {k[0]}:{k[1]} (a bad row: {r['reason']}, "
               f"column {r['header']})")
    for k in sorted(cur_got - set(want)):
        f.fail(f"rejects.csv lists {k[0]}:{k[1]}, which the manifest says is a good row "
               f"(reason given: {got[k]})")
    for k in sorted(other):
        f.fail(f"rejects.csv names a source {k[0]!r} that is not an input path like "
               f"'{cur_dir}/<社区>.csv'")
    # The previous period's rejects may be included, but then all of them.
    if prev_got and prev_got != want_prev:
        f.fail(f"rejects.csv lists {len(prev_got)} rows of {prev_dir} but that period has "
               f"{len(want_prev)} bad rows: include all of them or none")
    for k in sorted(cur_got & set(want)):
        r, reason = want[k], got[k]
        where = f"rejects.csv reason for {k[0]}:{k[1]} ({r['reason']})"
        if not f.true(where, reason.strip() and has_cjk(reason),
                      f"is not Chinese text: {reason!r}"):
            continue
        kind = r["reason"]
        names = {FIELD_NAMES.get(r["field"], ""), r["header"]} - {""}
        if kind == "duplicate":
            f.true(where, "重复" in reason and str(r["first_line"]) in reason,
                   f"should say 重复 and name the line of the first ({r['first_line']}): "
                   f"{reason!r}")
        elif kind.startswith("missing:"):
            f.true(where, "为空" in reason and any(n in reason for n in names),
                   f"should say 为空 and name the field ({' or '.join(sorted(names))}): "
                   f"{reason!r}")
        else:
            f.true(where, any(n in reason for n in names),
                   f"should name the field ({' or '.join(sorted(names))}): {reason!r}")


def main():
    f = Failures("test_e2e_fixtures")
    cur, prev = load_manifest("2024-05"), load_manifest("2024-04")
    cur_dir, prev_dir = "fixtures/2024-05", "fixtures/2024-04"
    want = expected_summary(cur, prev, cur_dir, "2024-05-31", "2024-04-30")

    with tempfile.TemporaryDirectory(prefix="riskdoc-e2e-") as tmp:
        outdir = os.path.join(tmp, "out")
        proc = run(["monthly", "--config", CONFIG, "--period", "2024-05",
                    "--previous", prev_dir, cur_dir, "-o", outdir], cwd=SOURCE_DIR)
        f.true("exit status", proc.returncode == 0,
               f"expected 0 (documents written, rejected rows reported)\n    {describe(proc)}")
        got = load_summary(f, outdir, proc)
        if got is not None:
            compare_summary(f, got, want)
            # Counts reconcile in the program's own figures too.
            for i, inp in enumerate(got.get("inputs") or []):
                if isinstance(inp, dict) and all(k in inp for k in ("read", "used", "rejected")):
                    f.true(f"inputs[{i}] {inp.get('path')}",
                           inp["read"] == inp["used"] + inp["rejected"],
                           f"read {inp['read']} != used {inp['used']} + rejected {inp['rejected']}")
            rows = got.get("rows")
            if isinstance(rows, dict) and all(k in rows for k in ("read", "used", "rejected")):
                f.true("rows", rows["read"] == rows["used"] + rows["rejected"],
                       f"read {rows['read']} != used {rows['used']} + rejected {rows['rejected']}")
        check_rejects(f, outdir, cur, prev, cur_dir, prev_dir)
    f.finish()


if __name__ == "__main__":
    main()
