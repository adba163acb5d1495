"""What the workbook tests share: running riskdoc, converting CSV ledgers to .xlsx (openpyxl)
and .xls (LibreOffice headless, its own profile), writing .xlsx parts by hand, reading
rejects.csv back."""
import csv
import datetime
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

RISKDOC = os.environ["RISKDOC"]
SRC = os.environ["RISKDOC_SOURCE_DIR"]
CONFIG = os.path.join(SRC, "templates", "office.example.ini")
SKIP = 77   # ctest SKIP_RETURN_CODE


def skip(reason):
    print("SKIP: " + reason)
    sys.exit(SKIP)


def need_tools():
    try:
        import openpyxl  # noqa: F401  (Debian's python3-openpyxl)
    except ImportError:
        skip("python3-openpyxl is not installed (scripts/setup.sh --test)")
    if not shutil.which("soffice"):
        skip("LibreOffice (soffice) is not installed (scripts/setup.sh --test)")


def run(*args, timeout=300):
    p = subprocess.run([RISKDOC, *args], capture_output=True, text=True, timeout=timeout)
    for bad in ("AddressSanitizer", "runtime error", "LeakSanitizer"):
        assert bad not in p.stderr, p.stderr
    assert p.returncode >= 0 and p.returncode != 99, "crash or sanitizer failure:\n" + p.stderr
    return p


def read_csv_ledger(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return list(csv.reader(io.StringIO(text)))


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLAIN_INT = re.compile(r"^(0|[1-9]\d{0,9})$")


def typed(cell):
    """The value a clerk's Excel would hold for a CSV cell, where the reader must give the
    same text back: ISO dates as dates, plain integers as numbers, anything else text."""
    if ISO_DATE.match(cell):
        try:
            return datetime.datetime.strptime(cell, "%Y-%m-%d")
        except ValueError:
            return cell
    if PLAIN_INT.match(cell):
        return int(cell)
    return cell


def csv_to_xlsx(csv_path, xlsx_path, sheet="台账"):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r, row in enumerate(read_csv_ledger(csv_path), start=1):
        for c, text in enumerate(row, start=1):
            if text == "":
                continue
            cell = ws.cell(row=r, column=c, value=typed(text))
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"   # text that looks like a formula stays text
            if isinstance(cell.value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd"
    wb.save(xlsx_path)


def to_xls(paths, outdir):
    """Converts workbooks to .xls (BIFF8) in one LibreOffice run with its own profile."""
    profile = tempfile.mkdtemp(prefix="riskdoc-lo-")
    try:
        p = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                            "--convert-to", "xls:MS Excel 97", "--outdir", outdir, *paths],
                           capture_output=True, text=True, timeout=600)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    for path in paths:
        out = os.path.join(outdir, os.path.splitext(os.path.basename(path))[0] + ".xls")
        assert os.path.exists(out), "LibreOffice did not write %s:\n%s%s" % (out, p.stdout, p.stderr)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def read_rejects(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data.startswith(b"\xef\xbb\xbf"), "rejects.csv without BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


# ---- hand-made .xlsx parts ----

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
{sheets}</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def make_xlsx(path, sheets, shared, date1904=False, styles=None):
    """sheets: [(name, state or None, sheet XML body inside <sheetData>, extra XML after it)]."""
    rels = ['<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml"/>',
            '<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/>']
    entries = []
    for i, (name, state, _, _) in enumerate(sheets, start=1):
        rels.append(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/'
                    f'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>')
        st = f' state="{state}"' if state else ""
        entries.append(f'<sheet name="{esc(name)}" sheetId="{i}"{st} r:id="rId{i}"/>')
    pr = ' date1904="1"' if date1904 else ""
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS}>'
                f'<workbookPr{pr}/>'
                f'<sheets>{"".join(entries)}</sheets></workbook>')
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{len(shared)}" '
           f'uniqueCount="{len(shared)}">' + "".join(shared) + "</sst>")
    styles = styles or (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}>'
        '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
        '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="176"/><xf numFmtId="2"/></cellXfs>'
        '</styleSheet>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets="".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1))))
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships">' + "".join(rels) + "</Relationships>")
        z.writestr("xl/sharedStrings.xml", sst)
        z.writestr("xl/styles.xml", styles)
        for i, (_, _, body, extra) in enumerate(sheets, start=1):
            z.writestr(f"xl/worksheets/sheet{i}.xml",
                       f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{body}'
                       f'</sheetData>{extra}</worksheet>')
