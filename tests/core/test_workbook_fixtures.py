"""The fixtures as the platforms export them: every CSV of fixtures/2024-04 and 2024-05
converted to .xlsx (openpyxl; ISO dates as dates, integers as numbers) and on to .xls
(LibreOffice headless). `monthly` over CSV, over .xlsx, over .xls and over a folder mixing the
three must give the same summary.json figures, the same documents (their sha256) and the same
rejects (apart from the location columns and the file names in reasons)."""
import json
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import workbook_util as wu  # noqa: E402

wu.need_tools()
FIX = os.path.join(wu.SRC, "fixtures")
if not os.path.isdir(os.path.join(FIX, "2024-05")):
    wu.skip("fixtures/2024-05 is missing")

tmp = tempfile.mkdtemp(prefix="riskdoc-wbfix-")
failures = []


def convert(month):
    """{form: folder} for csv, xlsx, xls, mixed."""
    src = os.path.join(FIX, month)
    names = sorted(n for n in os.listdir(src) if n.endswith(".csv"))
    forms = {f: os.path.join(tmp, month, f) for f in ("xlsx", "xls", "mixed")}
    for d in forms.values():
        os.makedirs(d)
    for n in names:
        wu.csv_to_xlsx(os.path.join(src, n), os.path.join(forms["xlsx"], n[:-4] + ".xlsx"))
    wu.to_xls([os.path.join(forms["xlsx"], n[:-4] + ".xlsx") for n in names], forms["xls"])
    # mixed: a third of each, same stems so that the rows keep their order
    for i, n in enumerate(names):
        stem = n[:-4]
        pick = ("csv", "xlsx", "xls")[i % 3]
        from_dir = src if pick == "csv" else forms[pick]
        shutil.copy(os.path.join(from_dir, f"{stem}.{pick}"), forms["mixed"])
    forms["csv"] = src
    return forms


def monthly(now, before, out):
    p = wu.run("monthly", "--config", wu.CONFIG, "--period", "2024-05", "--previous", before,
               "-o", out, "--quiet", now)
    if p.returncode != 0:
        failures.append(f"monthly over {now}: exit {p.returncode}\n{p.stderr}")
        return None
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        return json.load(f)


def figures(summary):
    """summary.json without what names the files: inputs' path, encoding, format, sheet,
    and the rejects file's hash (its location columns differ)."""
    s = dict(summary)
    s["inputs"] = [{k: v for k, v in i.items() if k in ("read", "used", "rejected")}
                   for i in summary["inputs"]]
    s["outputs"] = [o for o in summary["outputs"] if o["kind"] != "rejects-csv"]
    return s


STEM = re.compile(r"\S+?/([^/\s]+?)\.(csv|xlsx|xls)( 工作表“[^”]*”)?")


def rejects(out):
    rows = wu.read_rejects(os.path.join(out, "rejects.csv"))
    header = rows[0]
    # the location columns: 行号 is a CSV line (a quoted cell may span lines) or a sheet row
    drop = {header.index(c) for c in ("来源文件", "工作表", "单元格", "行号") if c in header}
    keep = [i for i in range(len(header)) if i not in drop]
    reason = header.index("原因")
    table = []
    for r in rows:
        r = list(r)
        # a repeated 编号 names the first row's file and line: locations too
        r[reason] = re.sub(r"第\d+行", "第N行", STEM.sub(lambda m: m.group(1), r[reason]))
        table.append([r[i] for i in keep])
    sources = [r[header.index("来源文件")] for r in rows[1:]]
    return table, sources, header


def has_located_message(stderr, ext):
    return re.search(r"\." + ext + r":台账!([A-Z]+\d+|\d+:\d+): ", stderr) is not None


try:
    now, before = convert("2024-05"), convert("2024-04")
    results = {}
    for form in ("csv", "xlsx", "xls", "mixed"):
        out = os.path.join(tmp, "out-" + form)
        results[form] = (monthly(now[form], before[form], out), out)
    base, base_out = results["csv"]
    if base is None:
        raise SystemExit("\n".join(failures))
    base_rejects, _, base_header = rejects(base_out)
    for form in ("xlsx", "xls", "mixed"):
        summary, out = results[form]
        if summary is None:
            continue
        if figures(summary) != figures(base):
            a, b = figures(summary), figures(base)
            for key in b:
                if a.get(key) != b[key]:
                    failures.append(f"{form}: summary.json {key} differs:\n  got  {a.get(key)}\n  want {b[key]}")
        got, sources, header = rejects(out)
        if got != base_rejects:
            diff = [(g, w) for g, w in zip(got, base_rejects) if g != w][:5]
            failures.append(f"{form}: rejects differ ({len(got)} rows vs {len(base_rejects)}): {diff}")
        if "工作表" not in header or "单元格" not in header:
            failures.append(f"{form}: rejects.csv has no 工作表/单元格 columns: {header}")
        if form != "mixed" and not all(s.endswith("." + form) for s in sources):
            failures.append(f"{form}: 来源文件 not the workbooks: {sources[:3]}")
        for i in summary["inputs"]:
            if form != "mixed" and (i.get("format") != form or i.get("sheet") != "台账"):
                failures.append(f"{form}: inputs entry {i}")
    if "工作表" in base_header:
        failures.append("CSV-only run: rejects.csv grew 工作表/单元格 columns")
    # the messages name sheet and cell
    for form in ("xlsx", "xls"):
        p = wu.run("check", "--config", wu.CONFIG, "-o", os.path.join(tmp, "check-" + form),
                   now[form])
        if not has_located_message(p.stdout, form):
            failures.append(f"check over .{form}: no FILE:台账!CELL message in:\n{p.stdout[:2000]}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)

if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
print("workbook fixtures: csv, xlsx, xls and mixed give the same figures, documents and rejects")
