#!/usr/bin/python3
"""`riskdoc check`: one `FILE:LINE:COLUMN: message` line per rejected row, FILE as named on the
command line, LINE the physical line where the row starts (from the fixtures' manifest, never
from parsing the CSV here), COLUMN an integer; exit status 3 when rows were rejected, 0 on
clean files (tests/e2e/clean/: a GB18030 export with title and footer rows, and a plain UTF-8
one with a blank line).

Each run happens in a scratch copy so that the rejects file `check` writes lands there, not in
the source tree.
"""
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_common import DIAG, SOURCE_DIR, Failures, describe, run  # noqa: E402


def diagnostics(f, proc, prefix):
    """(file, line, column, message) of every diagnostic line about files under prefix."""
    out = []
    for stream in (proc.stdout_text, proc.stderr_text):
        for text in stream.splitlines():
            if not text.startswith(prefix):
                continue
            m = DIAG.match(text)
            if not m:
                f.fail(f"not of the form FILE:LINE:COLUMN: message (COLUMN an integer): {text!r}")
                continue
            out.append((m["file"], int(m["line"]), int(m["col"]), m["msg"]))
    return out


def check_fixtures(f, tmp):
    period = "2024-05"
    shutil.copytree(os.path.join(SOURCE_DIR, "fixtures", period),
                    os.path.join(tmp, "fixtures", period))
    with open(os.path.join(SOURCE_DIR, "fixtures", period, "manifest.json"),
              encoding="utf-8") as fh:
        manifest = json.load(fh)
    d = f"fixtures/{period}"
    want = {(f"{d}/{r['file']}", r["line"]): r for r in manifest["rows"]
            if r["disposition"] == "rejected"}
    used = {(f"{d}/{r['file']}", r["line"]) for r in manifest["rows"]
            if r["disposition"] == "used"}

    proc = run(["check", d], cwd=tmp)
    f.true("check fixtures/2024-05: exit status", proc.returncode == 3,
           f"expected 3 (rows were rejected)\n    {describe(proc)}")
    diags = diagnostics(f, proc, d + "/")
    seen = {}
    for file, line, col, msg in diags:
        key = (file, line)
        seen[key] = seen.get(key, 0) + 1
        f.true(f"{file}:{line}:{col}", col >= 0, "COLUMN is negative")
        f.true(f"{file}:{line}:{col}", msg.strip() != "", "empty message")
        if key in used:
            f.fail(f"{file}:{line}:{col}: {msg} — the manifest says line {line} is a good row")
        elif key not in want:
            f.fail(f"{file}:{line}:{col}: {msg} — no row of {file} starts on line {line}")
    for key, r in sorted(want.items()):
        n = seen.get(key, 0)
        if n == 0:
            f.fail(f"no diagnostic for {key[0]}:{key[1]} (bad row: {r['reason']}, "
                   f"column {r['column']} {r['header']})")
        elif n > 1:
            f.fail(f"{n} diagnostics for {key[0]}:{key[1]}, expected one per rejected row")
    if not diags:
        f.fail(f"check printed no FILE:LINE:COLUMN lines\n    {describe(proc)}")


def check_clean(f, tmp):
    shutil.copytree(os.path.join(SOURCE_DIR, "tests", "e2e", "clean"), os.path.join(tmp, "clean"))
    proc = run(["check", "clean"], cwd=tmp)
    f.true("check clean: exit status", proc.returncode == 0, f"expected 0\n    {describe(proc)}")
    for file, line, col, msg in diagnostics(f, proc, "clean/"):
        f.fail(f"check clean: unexpected diagnostic {file}:{line}:{col}: {msg}")


def main():
    f = Failures("test_check_cli")
    with tempfile.TemporaryDirectory(prefix="riskdoc-check-") as tmp:
        check_fixtures(f, os.path.join(tmp, "a"))
        check_clean(f, os.path.join(tmp, "b"))
    f.finish()


if __name__ == "__main__":
    main()
