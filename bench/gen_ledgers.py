#!/usr/bin/python3
"""Benchmark ledgers: N community CSV exports of M rows each, shaped like real ones.

    /usr/bin/python3 bench/gen_ledgers.py --communities 500 --rows-per-community 2000 \
        --out build/bench-data/1m [--seed 1]

Field lengths follow real ledgers (具体情况 50–200 Chinese characters, skewed short as most
entries are; 化解措施 one or two clauses; several units per cell). Encodings and shapes rotate
over the communities: one third GB18030 with a title row above the header and a footer below
(Excel on Chinese Windows), one third UTF-8 with BOM and canonical headers (platform export),
one third plain UTF-8 with other header names and no community column. About 0.5% of rows are
bad (unknown level or category, impossible date, empty required field, repeated 编号), so the
reject path is measured too. Writes DIR/bench.json with the counts (the program reads only
*.csv). Standard library only; deterministic for a given seed. Speed: pools of pre-rendered
cells, one join per row, one encode and write per file.
"""
import argparse
import datetime as dt
import json
import os
import random
import sys
import time

CATEGORIES = ["政治安全", "涉众利益", "重点人员", "社会矛盾", "治安隐患", "网络安全", "恶性案件"]
TITLES = {
    "政治安全": ["邪教人员滋扰风险", "敌对势力渗透风险", "非法宗教聚集风险"],
    "涉众利益": ["问题楼盘延期交房风险", "非法集资投资群体风险", "预付卡经营者跑路风险", "养老诈骗涉众风险"],
    "重点人员": ["严重精神障碍患者失管风险", "社区矫正对象脱管风险", "信访重点人员进京上访风险", "刑满释放人员安置帮教风险"],
    "社会矛盾": ["工程欠薪讨薪风险", "物业服务纠纷风险", "邻里纠纷激化风险", "婚姻家庭矛盾风险", "征收安置补偿纠纷风险"],
    "治安隐患": ["出租屋治安隐患", "电动车违规充电隐患", "夜间烧烤摊聚集隐患", "电信网络诈骗风险", "寄递物流安全隐患"],
    "网络安全": ["网络舆情炒作风险", "业主群不当言论风险", "个人信息泄露风险"],
    "恶性案件": ["个人极端案事件风险", "民转刑案件风险", "家庭暴力升级风险"],
}
SENTENCES = [
    "辖区内有群众反映该问题已持续较长时间，当事人情绪较为激动",
    "网格员多次上门走访，当事人表示对处理结果不满意",
    "涉及居民约三十户，部分居民在业主群内发表过激言论",
    "社区已会同派出所、司法所开展联合调解，双方未达成一致意见",
    "当事人近期多次到街道反映诉求，扬言要到区里、市里上访",
    "该项目施工方拖欠农民工工资，工人多次到项目部讨要",
    "患者近期停止服药，家属反映其夜间吵闹、摔砸物品",
    "出租屋内居住人员流动性大，登记信息不全，存在治安隐患",
    "楼道内私拉电线为电动车充电，堆放杂物，存在火灾隐患",
    "有老年人参加所谓保健品讲座后购买高价产品，家属不知情",
    "短视频平台出现相关维权视频，播放量较高，评论区情绪化言论较多",
    "双方因宅基地边界问题发生过肢体冲突，矛盾有激化苗头",
    "下一步社区将落实专人包保，每周至少走访一次并及时报告动态",
    "已建立工作台账，明确责任领导和责任人，限期化解",
]
UNITS = ["综治中心", "派出所", "司法所", "应急管理办", "信访办", "社会事务办", "城市管理办",
         "市场监管所", "退役军人服务站", "宣传文化中心", "卫健办", "住建办", "劳动保障中心",
         "网信办", "消防救援站"]
SEPS = ["、", "、", "，", "；", "/"]
LEVELS = ["高", "中", "低", "红色", "橙色", "黄色", "蓝色", "重大", "较大", "一般", "一级", "二级",
          "三级", "高风险"]
STATUSES = ["未化解", "化解中", "稳控中", "已化解", "已销号"]
MEASURES = ["落实“一人一档”，每日见面", "网格员每周走访，建立工作台账", "召开联席会议，明确包保责任",
            "开展法律宣传，引导依法维权", "协调有关部门限期整改", "落实24小时稳控措施",
            "组织调解，签订调解协议", "加强巡逻，发现问题及时处置"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁于蒋蔡"
GIVEN = "建国立华秀英志强丽娟海燕文军红梅明辉玉兰桂芳晓东淑珍卫东春燕国庆丽萍"
PLACE_A = "华信全福花园水屯盛福祥泰东城鲁能将军七里东泉丁家华龙二环邢村金鸡洪楼山大历山王舍荷花"
PLACE_B = "路庄苑城园里村府湾苑居坊"

CANONICAL = ["编号", "社区", "网格", "风险类别", "风险子类", "风险隐患", "具体情况", "风险等级", "责任单位",
             "配合单位", "责任领导", "责任人", "化解措施", "涉及人数", "排查日期", "完成时限", "化解状态",
             "销号日期", "备注"]
ALIAS_A = ["登记卡编号", "村（社区）", "所属网格", "风险类型", "风险维度", "风险名称", "风险隐患描述", "预警级别",
           "责任部门", "协助部门", "包案领导", "化解责任人", "防控措施", "反映群体人数", "发现日期", "化解时限",
           "化解情况", "化解日期", "备注"]
ALIAS_C = ["风险编号", "网格名称", "涉稳类别", "问题类型", "涉稳事项", "基本情况", "预警等级", "牵头单位",
           "协办单位", "分管领导", "稳控责任人", "工作措施", "涉事人数", "登记日期", "办结时限", "办结情况",
           "办结日期", "备注"]

EXCEL_EPOCH = dt.date(1899, 12, 30)


def date_texts(d):
    return [d.isoformat(), f"{d.year}/{d.month}/{d.day}", f"{d.year}.{d.month}.{d.day}",
            f"{d.year}年{d.month}月{d.day}日", d.strftime("%Y%m%d"), f"{d.isoformat()} 09:30:00",
            str((d - EXCEL_EPOCH).days)]


def quote(text):
    if any(ch in text for ch in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def build_pools(rng, detail_min, detail_max):
    p = {}
    details = []
    for _ in range(3000):
        # detail_min..detail_max characters, most entries short (as in real ledgers).
        n = detail_min + int((detail_max - detail_min) * rng.random() ** 4)
        text = ""
        while len(text) < n:
            text += rng.choice(SENTENCES) + "，"
        text = text[:n - 1] + "。"
        if rng.random() < 0.03:
            text = text[:n // 2] + "\n" + text[n // 2:]   # a line break inside the cell
        elif rng.random() < 0.03:
            text = text.replace("，", ",", 1)
        details.append(quote(text))
    p["detail"] = details
    units = []
    for _ in range(500):
        k = rng.choice([1, 1, 2, 2, 3])
        us = rng.sample(UNITS, k)
        cell = us[0]
        for u in us[1:]:
            cell += rng.choice(SEPS) + u
        units.append(quote(cell))
    p["units"] = units
    p["support"] = [""] * 3 + [quote(rng.choice(SEPS).join(rng.sample(UNITS, rng.randint(1, 2))))
                               for _ in range(200)]
    p["person"] = [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(400)]
    p["leader"] = [s + "（副主任）" for s in p["person"][:20]] + [""] * 40
    p["measures"] = MEASURES
    days = [dt.date(2023, 6, 1) + dt.timedelta(days=i) for i in range(366)]
    p["found"] = [rng.choice(date_texts(d)) for d in days for _ in range(3)]
    p["deadline"] = [""] * 100 + p["found"]
    p["closed"] = [""] * 600 + p["found"][-300:]
    p["note"] = [""] * 40 + ["已约谈", "=SUM(A1:A2)", "-已整改", "@网格员跟进", "+86 13800000000"]
    p["people"] = [""] * 5 + [str(i) for i in range(1, 60)]
    p["grid"] = [f"第{i}网格" for i in range(1, 13)]
    p["cat"] = [c for c in CATEGORIES] * 3 + [c + "风险" for c in CATEGORIES]
    return p


def community_names(n, rng):
    names, seen = [], set()
    while len(names) < n:
        name = rng.choice(PLACE_A) + rng.choice(PLACE_A) + rng.choice(PLACE_B)
        if len(names) >= 200:
            name += str(len(names))   # enough real-sounding stems; number the rest
        name += "社区"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def write_file(path, comm, style, m, rng, p, bad_rate):
    ch = rng.choice
    rr = rng.random
    rows = []
    bad = 0
    last_id = None
    for i in range(m):
        rid = f"B{i:06d}"
        cat = ch(p["cat"])
        base = cat[:4]
        title = ch(TITLES[base])
        level = ch(LEVELS)
        status = ch(STATUSES)
        found = ch(p["found"])
        units = ch(p["units"])
        if rr() < bad_rate:
            bad += 1
            k = int(rr() * 5)
            if k == 0:
                level = "特高"
            elif k == 1:
                cat = "外星入侵"
            elif k == 2:
                found = "2024-13-45"
            elif k == 3:
                units = ""
            elif last_id:
                rid = last_id
            else:
                level = "特高"
        last_id = rid
        if style == "c":
            cells = (rid, ch(p["grid"]), cat, "", title, ch(p["detail"]), level, units,
                     ch(p["support"]), ch(p["leader"]), ch(p["person"]), ch(p["measures"]),
                     ch(p["people"]), found, ch(p["deadline"]), status, ch(p["closed"]),
                     ch(p["note"]))
        else:
            cells = (rid, comm, ch(p["grid"]), cat, "", title, ch(p["detail"]), level, units,
                     ch(p["support"]), ch(p["leader"]), ch(p["person"]), ch(p["measures"]),
                     ch(p["people"]), found, ch(p["deadline"]), status, ch(p["closed"]),
                     ch(p["note"]))
        rows.append(",".join(cells))
    if style == "a":
        n = len(ALIAS_A)
        head = [f"全福街道{comm}风险隐患排查台账（2024年5月）" + "," * (n - 1), ",".join(ALIAS_A)]
        tail = ["," * (n - 1), "填报人：张三,,,负责人：李四,,填报日期：2024年5月31日" + "," * (n - 6)]
        data = "\r\n".join(head + rows + tail).encode("gb18030") + b"\r\n"
    elif style == "b":
        data = b"\xef\xbb\xbf" + ("\r\n".join([",".join(CANONICAL)] + rows) + "\r\n").encode()
    else:
        data = ("\n".join([",".join(ALIAS_C)] + rows) + "\n").encode()
    with open(path, "wb") as f:
        f.write(data)
    return len(data), bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--communities", type=int, required=True)
    ap.add_argument("--rows-per-community", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bad-rate", type=float, default=0.005)
    ap.add_argument("--detail-chars", default="50-200",
                    help="length range of 具体情况 in characters (default 50-200)")
    args = ap.parse_args()
    if args.communities < 1 or args.rows_per_community < 1:
        ap.error("--communities and --rows-per-community must be positive")
    try:
        dmin, dmax = (int(x) for x in args.detail_chars.split("-"))
        assert 2 <= dmin <= dmax
    except (ValueError, AssertionError):
        ap.error("--detail-chars wants MIN-MAX, e.g. 50-200")
    rng = random.Random(args.seed)
    pools = build_pools(rng, dmin, dmax)
    names = community_names(args.communities, rng)
    os.makedirs(args.out, exist_ok=True)
    started = time.monotonic()
    total_bytes = total_bad = 0
    for i, comm in enumerate(names):
        style = "abc"[i % 3]
        size, bad = write_file(os.path.join(args.out, comm + ".csv"), comm, style,
                               args.rows_per_community, rng, pools, args.bad_rate)
        total_bytes += size
        total_bad += bad
    rows = args.communities * args.rows_per_community
    meta = {"communities": args.communities, "rows": rows, "bad_rows": total_bad,
            "bytes": total_bytes, "seed": args.seed}
    with open(os.path.join(args.out, "bench.json"), "w") as f:
        json.dump(meta, f)
    print(f"gen_ledgers: {rows} rows ({total_bad} bad) in {args.communities} files, "
          f"{total_bytes / 1e6:.1f} MB, {time.monotonic() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
