"""Workbooks written byte by byte, to hold what no spreadsheet program would write: declared
dimensions, cells far away, huge cells, document types. Used by the bad-input corpus."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '{sheets}</Types>')
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def cells(rows: dict[int, dict[str, str]]) -> str:
    """Return <sheetData> rows of inline-string cells: {row: {column letters: text}}."""
    out = []
    for r, row in sorted(rows.items()):
        out.append(f'<row r="{r}">' + "".join(
            f'<c r="{col}{r}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'
            for col, text in row.items()) + "</row>")
    return "".join(out)


def header_and_rows(header: list[str], *rows: list[str]) -> dict[int, dict[str, str]]:
    """Return `cells` input for a header in sheet row 1 and `rows` below it, in columns A..."""
    letters = [chr(65 + i) for i in range(len(header))]
    table = {1: dict(zip(letters, header))}
    table.update({n: dict(zip(letters, row)) for n, row in enumerate(rows, start=2)})
    return table


def write_workbook(path: Path, sheets: dict[str, str], dimension: str | None = None,
                   shared: list[str] | None = None, prolog: str = "",
                   shared_stream=None) -> Path:
    """Write a workbook whose sheets hold the given <sheetData> contents, in order.

    `shared` is the shared-string table; `shared_stream`, if given, writes the shared-string part
    in pieces (an iterable of str), so that a huge part is compressed without being held whole.
    """
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets="".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
            for i in range(1, len(sheets) + 1))))
        z.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
            + "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, name in enumerate(sheets, start=1))
            + "</sheets></workbook>"))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" '
                      f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
            + "</Relationships>"))
        for i, data in enumerate(sheets.values(), start=1):
            dim = f'<dimension ref="{dimension}"/>' if dimension else ""
            z.writestr(f"xl/worksheets/sheet{i}.xml", (
                f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">{dim}'
                f"<sheetData>{data}</sheetData></worksheet>"))
        if shared_stream is not None:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                part.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode())
                for piece in shared_stream:
                    part.write(piece.encode())
                part.write(b"</sst>")
        elif shared is not None:
            z.writestr("xl/sharedStrings.xml", (
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'
                + "".join(f"<si><t>{escape(s)}</t></si>" for s in shared) + "</sst>"))
    return path


def sheets_by_table(book) -> dict:
    """Return a report workbook's data sheets by the name of their CSV: the sheets are named in
    the report's language (issue 29), each Excel table ``t_<csv name>``."""
    return {next(iter(s.tables.values())).displayName.removeprefix("t_"): s
            for s in book.worksheets if s.tables}
