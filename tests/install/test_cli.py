"""The command line an office meets: messages in the user's language, the 发文字号 given on
the command line, no document from no data, and the font report.

  messages    --help and a usage error under LANG=zh_CN.UTF-8 (Chinese) and C (English)
  doc-number  --doc-number reaches the PDF's text and summary.json; --number takes the job's
              own prefix from the profile and the 成文日期's year
  empty       a folder of files that are no ledgers exits 1, writes nothing and names them;
              so does a folder with a broken workbook; --allow-empty issues the documents
              anyway
  user-profile  without --config, ~/.config/riskdoc/office.ini serves typeset as it serves
              the data jobs; --config still wins
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

RISKDOC = os.environ["RISKDOC"]
SRC = os.environ["RISKDOC_SOURCE_DIR"]
CONFIG = os.path.join(SRC, "templates", "office.example.ini")
FIXTURES = os.path.join(SRC, "fixtures", "2024-05")
SKIP = 77


def run(args, lang="C.UTF-8", cwd=None):
    env = dict(os.environ, LANG=lang, LC_ALL="", LANGUAGE="")
    return subprocess.run([RISKDOC] + args, capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=300)


def expect(cond, what):
    if not cond:
        print("FAIL:", what)
        sys.exit(1)


def messages():
    have = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    if "zh_cn.utf8" not in have and "zh_cn.utf-8" not in have:
        print("SKIP: no zh_CN.UTF-8 locale on this machine (scripts/setup.sh --test makes it)")
        sys.exit(SKIP)
    zh, en = run(["--help"], "zh_CN.UTF-8"), run(["--help"], "C")
    expect(zh.returncode == 0 and zh.stdout.startswith("用法：riskdoc 命令"), "zh --help: " + zh.stdout[:80])
    expect(en.returncode == 0 and en.stdout.startswith("Usage: riskdoc COMMAND"), "C --help: " + en.stdout[:80])
    zh, en = run(["monthly", "--help"], "zh_CN.UTF-8"), run(["monthly", "--help"], "C")
    expect("单位配置文件" in zh.stdout and "--doc-number" in zh.stdout, "zh monthly --help")
    expect("Office profile (INI)" in en.stdout and "单位配置文件" not in en.stdout, "C monthly --help")
    zh, en = run(["monthly", "--bogus"], "zh_CN.UTF-8"), run(["monthly", "--bogus"], "C")
    expect(zh.returncode == 2 and "请运行“riskdoc monthly --help”" in zh.stderr, "zh usage error: " + zh.stderr)
    expect(en.returncode == 2 and "Try 'riskdoc monthly --help'" in en.stderr, "C usage error: " + en.stderr)
    zh = run(["monthly", "--config", CONFIG, FIXTURES], "zh_CN.UTF-8")
    expect(zh.returncode == 2 and "需要 --period" in zh.stderr, "zh missing --period: " + zh.stderr)
    print("ok: zh_CN and C messages")


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True,
                          check=True).stdout


def doc_number(tmp):
    out = os.path.join(tmp, "m")
    number = "济历城全办发〔2024〕19号"
    r = run(["monthly", "--config", CONFIG, "--period", "2024-05", "-q", "-o", out,
             "--doc-number", number, FIXTURES])
    expect(r.returncode == 0, "monthly --doc-number: " + r.stderr)
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        expect(json.load(f).get("doc_number") == number, "summary.json doc_number")
    expect(number in pdf_text(os.path.join(out, "通报.pdf")), "the number in 通报.pdf")
    expect("〔2024〕18号" not in pdf_text(os.path.join(out, "通报.pdf")), "profile's next number unused")

    # the event job's own prefix, with --number and the 成文日期's year
    profile = os.path.join(tmp, "office.ini")
    with open(CONFIG, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("[numbering]\n", "[numbering]\nevent_prefix=济历城全办字\n", 1)
    with open(profile, "w", encoding="utf-8") as f:
        f.write(text)
    out = os.path.join(tmp, "e")
    r = run(["event", "--config", profile, "--event", "大运会", "--report-date", "2025-03-01",
             "-q", "-o", out, "--number", "7", FIXTURES])
    expect(r.returncode == 0, "event --number: " + r.stderr)
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        expect(json.load(f).get("doc_number") == "济历城全办字〔2025〕7号", "event summary doc_number")
    expect("济历城全办字〔2025〕7号" in pdf_text(os.path.join(out, "通知.pdf")), "the number in 通知.pdf")

    r = run(["monthly", "--config", CONFIG, "--period", "2024-05", "--number", "3",
             "--doc-number", number, FIXTURES])
    expect(r.returncode == 2, "--number with --doc-number is a usage error")
    print("ok: --doc-number and --number")


def empty(tmp):
    folder = os.path.join(tmp, "not-ledgers")
    os.makedirs(folder)
    with open(os.path.join(folder, "说明.txt"), "w", encoding="utf-8") as f:
        f.write("这里放台账\n")
    with open(os.path.join(folder, "通报.pdf"), "wb") as f:
        f.write(b"%PDF-1.4\n%%EOF\n")
    out = os.path.join(tmp, "out-empty")
    for job in (["monthly", "--period", "2024-05"], ["event", "--event", "大运会"], ["ledger"]):
        r = run(job + ["--config", CONFIG, "-o", out, folder])
        expect(r.returncode == 1, "%s on no ledgers: exit %d %s" % (job[0], r.returncode, r.stderr))
        expect(not os.path.exists(out), job[0] + " wrote " + out)
        expect("没有任何台账行" in r.stderr and "说明.txt" in r.stderr and "通报.pdf" in r.stderr
               and "--allow-empty" in r.stderr, job[0] + " message: " + r.stderr)
    # a workbook that cannot be read: no ledger row either, and nothing written
    with open(os.path.join(folder, "台账.xlsx"), "wb") as f:
        f.write(b"PK\x03\x04 not really a workbook")
    r = run(["monthly", "--period", "2024-05", "--config", CONFIG, "-o", out, folder])
    expect(r.returncode == 1 and not os.path.exists(out), "broken workbook: " + r.stderr)
    expect("台账.xlsx" in r.stderr, "the message names the workbook: " + r.stderr)
    r = run(["monthly", "--period", "2024-05", "--config", CONFIG, "-o", out, "--allow-empty",
             "-q", os.path.join(folder, "说明.txt")])
    expect(r.returncode == 0 and os.path.exists(os.path.join(out, "通报.pdf")),
           "--allow-empty issues the documents: " + r.stderr)
    print("ok: no document from no data")


def font_report(tmp):
    r = run(["monthly", "--config", CONFIG, "--period", "2024-05", "-o", os.path.join(tmp, "f"),
             FIXTURES])
    expect(r.returncode == 0, "monthly: " + r.stderr)
    expect(r.stderr.count("fonts:\n") == 1 and "仿宋: " in r.stderr and "西文: " in r.stderr,
           "the font report once: " + r.stderr[-600:])
    print("ok: font report")


def user_profile(tmp):
    """A profile in $XDG_CONFIG_HOME/riskdoc/ fills what a document leaves out, for typeset
    as for the jobs (an edited 通报.txt re-typeset without --config matches its job)."""
    xdg = os.path.join(tmp, "xdg")
    os.makedirs(os.path.join(xdg, "riskdoc"))
    with open(CONFIG, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("signature=济南市历城区人民政府全福街道办事处",
                        "signature=测试县人民政府东关街道办事处", 1)
    with open(os.path.join(xdg, "riskdoc", "office.ini"), "w", encoding="utf-8") as f:
        f.write(text)
    doc = os.path.join(tmp, "通知.txt")
    with open(doc, "w", encoding="utf-8") as f:
        f.write("---\n标题: 关于测试的通知\n成文日期: 2024年5月20日\n---\n这是正文。\n")
    env = dict(os.environ, XDG_CONFIG_HOME=xdg, LANG="C.UTF-8", LC_ALL="", LANGUAGE="")
    out = os.path.join(tmp, "own.pdf")
    r = subprocess.run([RISKDOC, "typeset", "--quiet", "-o", out, doc], capture_output=True,
                       text=True, env=env, timeout=300)
    expect(r.returncode == 0, "typeset with the user's profile: " + r.stderr)
    expect("测试县人民政府东关街道办事处" in pdf_text(out).replace(" ", ""),
           "the user's 署名 in the PDF: " + pdf_text(out)[-300:])
    out = os.path.join(tmp, "given.pdf")
    r = subprocess.run([RISKDOC, "typeset", "--quiet", "--config", CONFIG, "-o", out, doc],
                       capture_output=True, text=True, env=env, timeout=300)
    expect(r.returncode == 0, "typeset --config: " + r.stderr)
    text = pdf_text(out).replace(" ", "")
    expect("全福街道办事处" in text and "东关街道" not in text, "--config wins: " + text[-300:])
    print("ok: the user's profile serves typeset")


def main():
    what = sys.argv[1]
    if what == "messages":
        return messages()
    tmp = tempfile.mkdtemp(prefix="riskdoc-cli-")
    try:
        {"doc-number": doc_number, "empty": empty, "font-report": font_report,
         "user-profile": user_profile}[what](tmp)
    finally:
        shutil.rmtree(tmp)


main()
