#!/usr/bin/python3
"""Writes the notice benchmark's documents: N ten-page notices in riskdoc's format (headings,
paragraphs, a 5-column table; no 版头), each different (seeded), about as many distinct
characters as a real notice of that length.

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


def sentence(rng):
    parts = rng.sample(PHRASES, rng.randint(2, 4))
    s = "，".join(parts)
    if rng.random() < 0.4:
        s += "，%s社区%d件" % (rng.choice(COMMUNITIES), rng.randint(1, 99))
    return s + "。"


def paragraph(rng):
    return "".join(sentence(rng) for _ in range(rng.randint(3, 5)))


def notice(rng, number):
    lines = ["---", "版头: 否",
             "标题: 关于第%d批社会稳定风险隐患排查整治情况的通报" % number,
             "主送: 各社区、各有关部门", "署名: 全福街道平安建设领导小组办公室",
             "成文日期: 2024-05-%02d" % (number % 28 + 1), "---"]
    for h in range(4):
        lines.append("# " + rng.choice(PHRASES))
        for sub in range(2):
            lines.append("## %s。%s" % (rng.choice(PHRASES), paragraph(rng)))
            for _ in range(rng.randint(1, 2)):
                lines.append(paragraph(rng))
        if h == 1:
            lines.append("@表格 各社区风险隐患化解情况")
            lines.append("| 序号 | 社区 | 风险隐患 | 责任单位 | 完成时限 |")
            for i in range(30):
                lines.append("| %d | %s社区 | %s风险 | %s | 2024年%d月%d日 |" % (
                    i + 1, rng.choice(COMMUNITIES), rng.choice(RISKS), rng.choice(UNITS),
                    rng.randint(6, 12), rng.randint(1, 28)))
    return "\n".join(lines) + "\n"


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        with open(os.path.join(out, "notice-%02d.txt" % (i + 1)), "w", encoding="utf-8") as f:
            f.write(notice(random.Random(i + 1), i + 1))


if __name__ == "__main__":
    main()
