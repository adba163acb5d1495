#!/usr/bin/python3
"""The CSV ledgers of a folder as .xlsx workbooks, for bench-workbook: the same rows, cells
as text (ISO dates as dates, plain integers as numbers), written by openpyxl in its
write-only mode so that 100,000 rows convert in bounded memory.

    /usr/bin/python3 bench/workbook/to_xlsx.py CSV_DIR XLSX_DIR
"""
import csv
import datetime
import io
import os
import re
import sys

import openpyxl
from openpyxl.cell import WriteOnlyCell

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INT = re.compile(r"^(0|[1-9]\d{0,9})$")


def cells(ws, row):
    out = []
    for text in row:
        if ISO.match(text):
            try:
                c = WriteOnlyCell(ws, value=datetime.datetime.strptime(text, "%Y-%m-%d"))
                c.number_format = "yyyy-mm-dd"
                out.append(c)
                continue
            except ValueError:
                pass
        if INT.match(text):
            out.append(int(text))
        elif text.startswith("="):
            c = WriteOnlyCell(ws, value=text)
            c.data_type = "s"
            out.append(c)
        else:
            out.append(text if text else None)
    return out


def main(src, dst):
    os.makedirs(dst, exist_ok=True)
    for name in sorted(os.listdir(src)):
        if not name.endswith(".csv"):
            continue
        raw = open(os.path.join(src, name), "rb").read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("台账")
        for row in csv.reader(io.StringIO(text)):
            ws.append(cells(ws, row))
        wb.save(os.path.join(dst, name[:-4] + ".xlsx"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
