#!/usr/bin/python3
"""`riskdoc typeset -o DIR DOC.txt…` (issue 12): many documents in one process on --jobs
threads give the same bytes as one process per document; a bad document is named and the
others are still written; names that would collide are refused before anything is written;
the progress bar shows on a terminal only."""
import os, pty, re, shutil, subprocess, sys, tempfile

RISKDOC = os.environ.get("RISKDOC", "riskdoc")
SRC = os.environ.get("RISKDOC_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
CONFIG = os.path.join(SRC, "templates", "office.example.ini")
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(*args, stderr=subprocess.PIPE):
    return subprocess.run([RISKDOC, "typeset", *args], stdout=subprocess.PIPE, stderr=stderr, text=True)


def limit_file_size():
    """In the child: files may grow to 100 KB; a write past it fails instead of killing."""
    import resource, signal
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))


def main():
    with tempfile.TemporaryDirectory(prefix="riskdoc-batch-") as tmp:
        return check_all(tmp)


def check_all(tmp):
    src = os.path.join(tmp, "in")
    os.makedirs(src)
    for name in ("001-issued-notice.txt", "003-responsibility-list.txt"):
        shutil.copy(os.path.join(SRC, "templates", "examples", name), src)
    with open(os.path.join(src, "short.txt"), "w", encoding="utf-8") as f:
        f.write("---\n标题: 关于测试的通知\n主送: 各社区\n署名: 测试单位\n成文日期: 2024-05-20\n"
                "页码: 第N页 共M页\n---\n" + "风险隐患排查整治工作要求。\n" * 30)
    docs = sorted(os.path.join(src, n) for n in os.listdir(src))

    # one process, two threads, against one process per document
    out = os.path.join(tmp, "out")
    r = run("--config", CONFIG, "--jobs", "2", "-o", out, *docs)
    check(r.returncode == 0, f"batch exit 0 ({r.returncode}: {r.stderr[-500:]})")
    check("\r" not in r.stderr, "no progress bar when stderr is not a terminal")
    check(re.search(r"3 of 3 documents written, \d+ pages", r.stderr) is not None,
          f"says what it wrote: {r.stderr[-200:]}")
    for d in docs:
        name = os.path.basename(d)[:-4] + ".pdf"
        single = os.path.join(tmp, "single-" + name)
        s = run("--config", CONFIG, "--quiet", "-o", single, d)
        check(s.returncode == 0, f"{name}: single exit 0 ({s.stderr[-300:]})")
        batch_pdf = os.path.join(out, name)
        check(os.path.exists(batch_pdf), f"{name} written into the folder")
        if os.path.exists(batch_pdf) and os.path.exists(single):
            check(open(batch_pdf, "rb").read() == open(single, "rb").read(),
                  f"{name}: the same bytes in a batch as alone")

    # a bad document: named with its line and column, the others still written, exit 2
    bad = os.path.join(src, "bad.txt")
    with open(bad, "w", encoding="utf-8") as f:
        f.write("---\n标题: 坏\n成文日期: 2024-13-40\n---\n正文\n")
    out2 = os.path.join(tmp, "out2")
    r = run("--quiet", "-o", out2, bad, *docs)
    check(r.returncode == 2, f"a bad document: exit 2 ({r.returncode})")
    check(re.search(re.escape(bad) + r":3:\d+: ", r.stderr) is not None, f"names the place: {r.stderr}")
    written = sorted(os.listdir(out2)) if os.path.isdir(out2) else []
    check(written == sorted(os.path.basename(d)[:-4] + ".pdf" for d in docs),
          f"the good ones written: {written}")

    # two inputs that would write the same PDF: refused, nothing made
    other = os.path.join(tmp, "other")
    os.makedirs(other)
    shutil.copy(docs[0], other)
    out3 = os.path.join(tmp, "out3")
    r = run("--quiet", "-o", out3, docs[0], os.path.join(other, os.path.basename(docs[0])))
    check(r.returncode == 2 and "would both be written" in r.stderr, f"collision refused: {r.stderr}")
    check(not os.path.exists(out3), "nothing made for a refused batch")

    r = run(docs[0], docs[1])
    check(r.returncode == 2 and "-o DIR" in r.stderr, "several documents without -o: exit 2")
    r = run("-o", os.path.join(tmp, "x.pdf"), docs[0], docs[1])
    check(r.returncode == 2 and "-o DIR" in r.stderr and not os.path.exists(os.path.join(tmp, "x.pdf")),
          "several documents into one .pdf: exit 2")

    # a write that fails (files limited to 100 KB, SIGXFSZ ignored: write() gives EFBIG):
    # exit 1, the message names the file asked for (not the temporary one), nothing left
    full = os.path.join(tmp, "full")
    os.makedirs(full)
    r = subprocess.run([RISKDOC, "typeset", "-q", "-o", os.path.join(full, "003.pdf"), docs[1]],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       preexec_fn=limit_file_size)
    check(r.returncode == 1, f"a failed write: exit 1 ({r.returncode}: {r.stderr})")
    check(os.path.join(full, "003.pdf") + "：" in r.stderr and ".tmp" not in r.stderr,
          f"a failed write names the file asked for: {r.stderr}")
    check(os.listdir(full) == [], f"a failed write leaves nothing: {os.listdir(full)}")

    # on a terminal: the progress bar, ending with every document
    master, slave = pty.openpty()
    p = subprocess.Popen([RISKDOC, "typeset", "--config", CONFIG, "-o", os.path.join(tmp, "out4"),
                          *docs], stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    p.wait()
    os.close(master)
    text = seen.decode("utf-8", "replace")
    check(p.returncode == 0, f"terminal run exit 0 ({p.returncode})")
    check(re.search(r"\r\[#{30}\] 3/3 documents", text) is not None, f"progress bar on a terminal: {text[-300:]!r}")

    if failures:
        print(f"{len(failures)} failures")
        return 1
    print("batch OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
