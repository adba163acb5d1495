#!/usr/bin/python3
"""The committed fixtures are what fixtures/generate.py writes (deterministic, up to date), and
each manifest's line numbers really are where its rows start. This checks the FIXTURES, not
the program: here the CSVs may be parsed (with Python's csv module), since the program's
figures are compared against the manifests elsewhere."""
import csv
import filecmp
import io
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_common import SOURCE_DIR, Failures  # noqa: E402

ENCODINGS = {"GB18030": "gb18030", "UTF-8-BOM": "utf-8-sig", "UTF-8": "utf-8"}


def main():
    f = Failures("test_fixtures_selfcheck")
    fixtures = os.path.join(SOURCE_DIR, "fixtures")
    with tempfile.TemporaryDirectory(prefix="riskdoc-fixtures-") as tmp:
        proc = subprocess.run(["/usr/bin/python3", os.path.join(fixtures, "generate.py"),
                               "--out", tmp], capture_output=True, text=True)
        f.true("generate.py", proc.returncode == 0, f"failed: {proc.stderr}")
        for period in ("2024-04", "2024-05"):
            names = sorted(os.listdir(os.path.join(tmp, period)))
            f.eq(f"{period} files", sorted(os.listdir(os.path.join(fixtures, period))), names)
            for name in names:
                a, b = os.path.join(tmp, period, name), os.path.join(fixtures, period, name)
                f.true(f"{period}/{name}", os.path.exists(b) and filecmp.cmp(a, b, shallow=False),
                       "differs from what generate.py writes: run "
                       "/usr/bin/python3 fixtures/generate.py and commit")

    for period in ("2024-04", "2024-05"):
        with open(os.path.join(fixtures, period, "manifest.json"), encoding="utf-8") as fh:
            manifest = json.load(fh)
        for info in manifest["files"]:
            path = os.path.join(fixtures, period, info["file"])
            with open(path, encoding=ENCODINGS[info["encoding"]], newline="") as fh:
                text = fh.read()
            reader = csv.reader(io.StringIO(text, newline=""))
            starts, line = {}, 1
            for record in reader:
                starts[line] = [c.strip() for c in record]
                line = reader.line_num + 1
            for r in (r for r in manifest["rows"] if r["file"] == info["file"]):
                rec = starts.get(r["line"])
                where = f"{period}/{info['file']}:{r['line']}"
                if not f.true(where, rec is not None, "no record starts on this line"):
                    continue
                f.true(where, any(rec), "the record there is blank")
                if r["disposition"] == "used":
                    f.true(where, r["id"] in rec, f"编号 {r['id']} is not in the record {rec}")
    f.finish()


if __name__ == "__main__":
    main()
