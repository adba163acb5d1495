"""Shared helpers of the end-to-end tests: running riskdoc, reading its outputs, and collecting
every mismatch so that one run reports all of them in plain words (not just the first)."""
import csv
import io
import json
import os
import re
import subprocess
import sys

SOURCE_DIR = os.environ.get("RISKDOC_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
RISKDOC = os.environ.get("RISKDOC") or os.path.join(SOURCE_DIR, "build", "riskdoc")
CONFIG = os.path.join(SOURCE_DIR, "templates", "office.example.ini")

# A diagnostic line of `riskdoc check`: FILE:LINE:COLUMN: message
DIAG = re.compile(r"^(?P<file>.+?\.csv):(?P<line>\d+):(?P<col>-?\d+): ?(?P<msg>.*)$")


class Failures:
    """Collects failures; finish() prints them all and exits non-zero if there were any."""

    def __init__(self, name):
        self.name = name
        self.items = []
        self.checks = 0

    def fail(self, message):
        self.items.append(message)

    def eq(self, where, got, want):
        """got must equal want; floats within 1e-9, ints must be JSON integers."""
        self.checks += 1
        number = (int, float)
        if isinstance(want, bool) or want is None or isinstance(want, (str, list)):
            ok = got == want and type(got) is type(want)
        elif isinstance(want, float):
            ok = isinstance(got, number) and not isinstance(got, bool) and abs(got - want) <= 1e-9
        elif isinstance(want, int):
            ok = isinstance(got, int) and not isinstance(got, bool) and got == want
        else:
            ok = got == want
        if not ok:
            self.fail(f"{where}: got {got!r}, expected {want!r}")
        return ok

    def true(self, where, cond, message):
        self.checks += 1
        if not cond:
            self.fail(f"{where}: {message}")
        return cond

    def finish(self):
        if self.items:
            print(f"{self.name}: {len(self.items)} failure(s) ({self.checks} comparisons made):",
                  file=sys.stderr)
            for m in self.items[:200]:
                print("  - " + m, file=sys.stderr)
            if len(self.items) > 200:
                print(f"  … and {len(self.items) - 200} more", file=sys.stderr)
            sys.exit(1)
        print(f"{self.name}: all {self.checks} checks passed")


def run(args, cwd, timeout=300):
    """Runs riskdoc with args; returns the CompletedProcess (stdout/stderr as text)."""
    if not os.path.exists(RISKDOC):
        print(f"riskdoc binary not found at {RISKDOC} (set RISKDOC)", file=sys.stderr)
        sys.exit(1)
    cmd = [RISKDOC] + args
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout)
    proc.stdout_text = proc.stdout.decode("utf-8", "replace")
    proc.stderr_text = proc.stderr.decode("utf-8", "replace")
    proc.cmdline = " ".join(cmd)
    proc.cwd = cwd
    return proc


def describe(proc):
    """The command, its exit status and the tail of its output, for failure messages."""
    def tail(text):
        lines = text.strip().splitlines()
        return "\n      ".join(lines[-25:]) if lines else "(empty)"
    return (f"command: (cd {proc.cwd} && {proc.cmdline})\n    exit status {proc.returncode}\n"
            f"    stdout: {tail(proc.stdout_text)}\n    stderr: {tail(proc.stderr_text)}")


def load_summary(f, outdir, proc):
    """summary.json of outdir, or None (with a failure that shows the program's output)."""
    path = os.path.join(outdir, "summary.json")
    if not os.path.exists(path):
        f.fail(f"no summary.json in the output folder\n    {describe(proc)}")
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (ValueError, UnicodeDecodeError) as e:
        f.fail(f"summary.json is not valid UTF-8 JSON: {e}")
        return None


def field(f, obj, key, where):
    """obj[key], or None with a failure naming the missing key (no KeyError tracebacks)."""
    if not isinstance(obj, dict):
        f.fail(f"{where}: expected a JSON object, got {type(obj).__name__}")
        return None
    if key not in obj:
        f.fail(f"{where}: key '{key}' is missing (has {sorted(obj)})")
        return None
    return obj[key]


def compare_object(f, got, want, where):
    """Every key of want must be in got with the same value."""
    if not isinstance(got, dict):
        f.fail(f"{where}: expected an object, got {got!r}")
        return
    for key, value in want.items():
        if key not in got:
            f.fail(f"{where}: key '{key}' is missing")
        elif isinstance(value, dict):
            compare_object(f, got[key], value, f"{where}.{key}")
        else:
            f.eq(f"{where}.{key}", got[key], value)


def compare_list(f, got, want, key, where):
    """Lists of objects identified by want[i][key]: same members, same order, same values."""
    if not isinstance(got, list):
        f.fail(f"{where}: expected a list, got {got!r}")
        return
    got_keys = [g.get(key) if isinstance(g, dict) else g for g in got]
    want_keys = [w[key] for w in want]
    if got_keys != want_keys:
        missing = [k for k in want_keys if k not in got_keys]
        extra = [k for k in got_keys if k not in want_keys]
        msg = f"{where}: order or members differ\n      got      {got_keys}\n      expected {want_keys}"
        if missing:
            msg += f"\n      missing {missing}"
        if extra:
            msg += f"\n      unexpected {extra}"
        f.fail(msg)
    by_key = {g.get(key): g for g in got if isinstance(g, dict)}
    for w in want:
        g = by_key.get(w[key])
        if g is not None:
            compare_object(f, g, w, f"{where}[{w[key]}]")


def compare_summary(f, got, want):
    """Compares summary.json with the expected one: the scalar keys, rows and totals, and the
    four lists matched by their key field."""
    for key in ("schema", "job", "period", "report_date"):
        value = field(f, got, key, "summary.json")
        if value is not None:
            f.eq(f"summary.json {key}", value, want[key])
    for key in ("rows", "totals"):
        value = field(f, got, key, "summary.json")
        if value is not None:
            compare_object(f, value, want[key], key)
    for key, ident in (("inputs", "path"), ("by_category", "category"),
                       ("by_unit", "unit"), ("by_community", "community")):
        value = field(f, got, key, "summary.json")
        if value is not None:
            compare_list(f, value, want[key], ident, key)


def read_rejects(f, outdir):
    """rows of rejects.csv as lists of cells (header first), or None with a failure."""
    path = os.path.join(outdir, "rejects.csv")
    if not os.path.exists(path):
        f.fail("no rejects.csv in the output folder")
        return None
    data = open(path, "rb").read()
    if not f.true("rejects.csv", data.startswith(b"\xef\xbb\xbf"),
                  "does not start with a UTF-8 BOM (Excel would misread it)"):
        pass
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        f.fail(f"rejects.csv is not UTF-8: {e}")
        return None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        f.fail("rejects.csv is empty (no header row)")
        return None
    header = [h.strip() for h in rows[0]]
    f.eq("rejects.csv last three header cells", header[-3:], ["来源文件", "行号", "原因"])
    return rows
