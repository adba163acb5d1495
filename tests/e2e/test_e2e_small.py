#!/usr/bin/python3
"""End to end on a hand-made ledger: tests/e2e/small/ (3 communities, 15 rows, 4 of them bad).
Every figure below was worked out by hand from the rows; nothing is computed here.

The rows (report date 2024-05-31, no previous period):
  全福庄社区.csv (UTF-8 BOM, CRLF, canonical headers)
    L2 QF-01 重点人员 高 稳控中  deadline 05-02 → open, overdue   卫健办 | 全福派出所 综治中心
             (具体情况 holds a newline: the row spans lines 2–3; 备注 "=HYPERLINK(…)")
    L4 QF-02 涉众利益 较大→中 未化解 deadline 05-31 (= report date: not overdue)
                                                        住建办 | 信访办 综治中心
    L5 QF-03 治安隐患 一般→低 已销号                    消防救援站 | 应急管理办
    L6 QF-01 again                → rejected: duplicate of line 2
    L7 QF-04 (社区 empty → file name) 网络安全 中 未化解 deadline 05-20 → overdue
                                                        网信办 | 综治中心 (网信办 twice: once)
    L8 QF-05 level 特高           → rejected: level
  华信路社区.csv (GB18030, CRLF, title row, alias headers, blank row, footer)
    L3 HX-01 政治安全 红色→高 化解中 deadline 04-30 → open, overdue  综治中心 | 全福派出所
    L4 HX-02 社会矛盾 黄→中 未化解 deadline 06-30     劳动保障中心 | 综治中心
    L5 HX-03 治安隐患 蓝→低 已化解 (Excel serials)     全福派出所
    L6 HX-04 category 外星入侵    → rejected: category
  邢村社区.csv (UTF-8, LF, aliases, no 社区 column; a blank line 4)
    L2 FX0001 恶性案件 一级→高 未化解 deadline 05-15 → overdue  全福派出所 | 全福司法所 综治中心
    L3 FX0002 社会矛盾 三级→低 已化解                  综治中心 | 全福司法所
    L5 FX0003 治安隐患 二级→中 化解中 no deadline     城市管理办 | 全福派出所 (城市管理办 is lead)
    L6 FX0004 登记日期 2024-13-45 → rejected: date
    L7 FX0005 政治安全 高风险→高 未化解 deadline 06-30  宣传文化中心 | 全福派出所

Scores (open 高×5 + 中×3 + 低×1 + overdue×2): 全福庄 5+3+3+2×2 = 15, 邢村 5+5+3+2 = 15,
华信路 5+3+2 = 10 → ranks 1, 1, 3; n = 3, t = 1 → classes 1, 1, 3.
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_common import (CONFIG, SOURCE_DIR, Failures, compare_summary,  # noqa: E402
                        describe, load_summary, read_rejects, run)

D = "tests/e2e/small"

WANT = {
    "schema": "riskdoc.summary/1",
    "job": "monthly",
    "period": "2024-05",
    "report_date": "2024-05-31",
    "inputs": [
        {"path": f"{D}/全福庄社区.csv", "encoding": "UTF-8-BOM", "read": 6, "used": 4, "rejected": 2},
        {"path": f"{D}/华信路社区.csv", "encoding": "GB18030", "read": 4, "used": 3, "rejected": 1},
        {"path": f"{D}/邢村社区.csv", "encoding": "UTF-8", "read": 5, "used": 4, "rejected": 1},
    ],
    "rows": {"read": 15, "used": 11, "rejected": 4},
    "totals": {"total": 11, "high": 4, "medium": 4, "low": 3, "resolved": 3, "open": 8,
               "overdue": 4,
               "resolution_rate": {"high": 0.0, "medium_low": 0.42857142857142855,
                                   "all": 0.2727272727272727}},
    "by_category": [
        {"category": "政治安全", "total": 2, "high": 2, "medium": 0, "low": 0, "resolved": 0, "open": 2, "overdue": 1},
        {"category": "涉众利益", "total": 1, "high": 0, "medium": 1, "low": 0, "resolved": 0, "open": 1, "overdue": 0},
        {"category": "重点人员", "total": 1, "high": 1, "medium": 0, "low": 0, "resolved": 0, "open": 1, "overdue": 1},
        {"category": "社会矛盾", "total": 2, "high": 0, "medium": 1, "low": 1, "resolved": 1, "open": 1, "overdue": 0},
        {"category": "治安隐患", "total": 3, "high": 0, "medium": 1, "low": 2, "resolved": 2, "open": 1, "overdue": 0},
        {"category": "网络安全", "total": 1, "high": 0, "medium": 1, "low": 0, "resolved": 0, "open": 1, "overdue": 1},
        {"category": "恶性案件", "total": 1, "high": 1, "medium": 0, "low": 0, "resolved": 0, "open": 1, "overdue": 1},
    ],
    "by_unit": [
        {"unit": "综治中心", "lead": 2, "support": 5, "open": 6, "overdue": 4},
        {"unit": "全福派出所", "lead": 2, "support": 4, "open": 5, "overdue": 3},
        {"unit": "全福司法所", "lead": 0, "support": 2, "open": 1, "overdue": 1},
        {"unit": "住建办", "lead": 1, "support": 0, "open": 1, "overdue": 0},
        {"unit": "信访办", "lead": 0, "support": 1, "open": 1, "overdue": 0},
        {"unit": "劳动保障中心", "lead": 1, "support": 0, "open": 1, "overdue": 0},
        {"unit": "卫健办", "lead": 1, "support": 0, "open": 1, "overdue": 1},
        {"unit": "城市管理办", "lead": 1, "support": 0, "open": 1, "overdue": 0},
        {"unit": "宣传文化中心", "lead": 1, "support": 0, "open": 1, "overdue": 0},
        {"unit": "网信办", "lead": 1, "support": 0, "open": 1, "overdue": 1},
        {"unit": "应急管理办", "lead": 0, "support": 1, "open": 0, "overdue": 0},
        {"unit": "消防救援站", "lead": 1, "support": 0, "open": 0, "overdue": 0},
    ],
    "by_community": [
        {"community": "全福庄社区", "total": 4, "high": 1, "medium": 2, "low": 1, "resolved": 1,
         "open": 3, "overdue": 2, "score": 15, "rank": 1, "class": 1, "rank_change": None},
        {"community": "邢村社区", "total": 4, "high": 2, "medium": 1, "low": 1, "resolved": 1,
         "open": 3, "overdue": 1, "score": 15, "rank": 1, "class": 1, "rank_change": None},
        {"community": "华信路社区", "total": 3, "high": 1, "medium": 1, "low": 1, "resolved": 1,
         "open": 2, "overdue": 1, "score": 10, "rank": 3, "class": 3, "rank_change": None},
    ],
}

# (来源文件, 行号) -> words the reason must contain (one of each inner tuple).
WANT_REJECTS = {
    (f"{D}/全福庄社区.csv", 6): [("重复",), ("2",)],   # names the line of the first
    (f"{D}/全福庄社区.csv", 8): [("风险等级",)],
    (f"{D}/华信路社区.csv", 6): [("风险类别", "风险类型")],
    (f"{D}/邢村社区.csv", 6): [("排查日期", "登记日期")],
}


def main():
    f = Failures("test_e2e_small")
    with tempfile.TemporaryDirectory(prefix="riskdoc-small-") as tmp:
        outdir = os.path.join(tmp, "out")
        proc = run(["monthly", "--config", CONFIG, "--period", "2024-05", D, "-o", outdir],
                   cwd=SOURCE_DIR)
        f.true("exit status", proc.returncode == 0, f"expected 0\n    {describe(proc)}")
        got = load_summary(f, outdir, proc)
        if got is not None:
            compare_summary(f, got, WANT)

        rows = read_rejects(f, outdir)
        if rows is not None:
            got_rejects = {}
            for cells in rows[1:]:
                if len(cells) >= 3 and cells[-2].strip().isdigit():
                    got_rejects[(cells[-3], int(cells[-2]))] = cells[-1]
                elif any(c.strip() for c in cells):
                    f.fail(f"rejects.csv: row without a line number: {cells!r}")
            f.eq("rejects.csv (来源文件, 行号)", sorted(got_rejects), sorted(WANT_REJECTS))
            for key, needs in WANT_REJECTS.items():
                reason = got_rejects.get(key)
                if reason is None:
                    continue
                for words in needs:
                    f.true(f"reason for {key[0]}:{key[1]}", any(w in reason for w in words),
                           f"should mention {' or '.join(words)}: {reason!r}")
            # A rejected row keeps its original cells; 全福庄 line 6 is QF-01 again.
            dup = [c for c in rows[1:] if len(c) >= 3 and c[-3] == f"{D}/全福庄社区.csv"
                   and c[-2].strip() == "6"]
            if dup:
                f.true("rejects.csv 全福庄社区.csv:6 cells", "QF-01" in dup[0][:-3],
                       f"should keep the row's cells as read (编号 QF-01): {dup[0]!r}")
    f.finish()


if __name__ == "__main__":
    main()
