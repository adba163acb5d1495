"""How the 通报 writes figures (domain.md), for the monthly tests to compute their own
expectations: rates to one decimal with %, empty when there is nothing to resolve; 环比 as
增加N条 / 减少N条 / 持平."""


def rate(resolved, total):
    return "" if total == 0 else format(resolved / total * 100, ".1f") + "%"


def change(now, before):
    if now > before:
        return f"增加{now - before}条"
    if now < before:
        return f"减少{before - now}条"
    return "持平"
