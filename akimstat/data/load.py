"""Read input files (CSV or XLSX) into frames of text, indexed by the row as the user counts it.

Every value is read as text; types are checked and converted by `akimstat.data.validate`, so that a
bad value is reported with its file, row and column instead of failing deep inside pandas.
CSV files are UTF-8 with or without a BOM, comma- or semicolon-separated (Excel in a Russian
locale writes semicolons). Another encoding (cp1251 is common in Kazakhstan) is refused with a
clear message unless it is named explicitly.

Registers exported from ministries' systems often carry title rows above the header ("Реестр
акимов сельских округов", a date). The header is the first of the first `HEADER_SEARCH` rows
that fills at least two cells; title rows, with one filled cell (a merged title is one),
are skipped. `header_row` names it instead. The header's row is
kept in ``frame.attrs["header_row"]`` so that problems with the header name it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd

from akimstat.errors import InputError, Problem
from akimstat.labels import localised
from akimstat.data.xlsx import read_first_sheet

ROW = "row"  # name of the index: the CSV line (header = line 1) or the sheet row
HEADER_SEARCH = 30  # rows searched for the header below title rows


def read_table(path: str | Path, encoding: str | None = None,
               header_row: int | None = None) -> pd.DataFrame:
    """Return the file's cells as text, indexed by the user's row number.

    Parameters
    ----------
    path : path of a ``.csv`` or ``.xlsx`` file.
    encoding : text encoding of a CSV file; by default UTF-8 (a BOM is allowed), and any
        other encoding is an error that says how to name it.
    header_row : the row (CSV line or sheet row, from 1) holding the column names; by
        default the first row below any title rows (see the module's notes).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(str(path), None, None, None, "an existing file")])
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise InputError([Problem(str(path), None, None, header_row,
                                  "a header row numbered from 1")])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, header_row)
    if path.suffix.lower() in (".csv", ".txt"):
        return _read_csv(path, encoding, header_row)
    raise InputError([Problem(str(path), None, None, path.suffix, "a .csv or .xlsx file")])


def _read_csv(path: Path, encoding: str | None, header_row: int | None) -> pd.DataFrame:
    text = _decode(path, encoding)
    top = [line for line in io.StringIO(text).readlines()[:HEADER_SEARCH] if line.strip()]
    if not top:
        raise InputError([Problem(str(path), None, None, None, "a header line naming the columns")])
    # The separator of the first line that has one: a title line above may have neither.
    first = next((line for line in top if "," in line or ";" in line), top[0])
    delimiter = ";" if first.count(";") > first.count(",") else ","
    skipped, header_at, header, starts, width = _csv_layout(path, text, delimiter, header_row)
    # The csv module has found each record and its line; pandas' C parser reads the values,
    # a million rows in a second or two. Both follow the same dialect, so their rows match
    # one to one (blank lines included: they are dropped later, once cells are stripped).
    values = pd.read_csv(io.StringIO(text, newline=""), sep=delimiter, header=None,
                         names=range(width), dtype=str, keep_default_na=False,
                         skip_blank_lines=False, index_col=False).iloc[skipped + 1:, :len(header)]
    assert len(values) == len(starts), "the csv module and pandas split records differently"
    return _frame(path, header, values.fillna(""), starts, header_at)


def _csv_layout(path: Path, text: str, delimiter: str, header_row: int | None
                ) -> tuple[int, int, list[str], list[int], int]:
    """Return the number of records above the header, the header's line, the header, the line
    each record below it starts on and the widest record's width.

    A record with more or fewer fields than the header is an error unless all its cells are
    blank (a line of separators, as spreadsheets write below the data).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems, starts = [], []
    reading = {"start": 1}  # the line the record being read starts on, for a csv.Error
    try:
        top, start = [], 1
        for record in reader:  # the records the header is looked for in, with their lines
            top.append((start, record))
            start = reading["start"] = reader.line_num + 1
            if len(top) >= max(HEADER_SEARCH, header_row or 0):
                break
        skipped = _header_index(path, [record for _, record in top], [s for s, _ in top],
                                header_row)
        header_at, header = top[skipped]
        width = max(len(record) for _, record in top)

        def below():
            yield from top[skipped + 1:]
            start = reading["start"] = reader.line_num + 1
            for record in reader:
                yield start, record
                start = reading["start"] = reader.line_num + 1

        for start, record in below():
            if len(record) != len(header) and any(cell.strip() for cell in record):
                problems.append(Problem(str(path), start, None, None, (
                    f"{len(header)} fields, as in the header; this row has {len(record)} (a value "
                    f"holding a {'semicolon' if delimiter == ';' else 'comma'} must be in double "
                    "quotes)")))
            width = max(width, len(record))
            starts.append(start)
    except csv.Error as exc:
        # An unclosed quote runs to the end of the file: name the row where the record began.
        row = reading["start"]
        hint = (": a double quote opened in this row is never closed"
                if "unexpected end of data" in str(exc) else "")
        raise InputError([Problem(str(path), row, None, None, f"valid CSV ({exc}){hint}")])
    if problems:
        raise InputError(problems)
    return skipped, header_at, [h.strip() for h in header], starts, width


def _header_index(path: Path, records: list, rows: list[int], header_row: int | None) -> int:
    """Return the index among `records` (on `rows`) of the header: the row named by
    `header_row`, else the first that fills at least two cells (a title row fills one)."""
    if header_row is not None:
        if header_row in rows:
            return rows.index(header_row)
        raise InputError([Problem(str(path), header_row, None, None, localised(
            "expected.header_row", count=len(rows)))])
    filled = [sum(1 for cell in record if str(cell).strip()) for record in records]
    needed = 2 if max(filled, default=0) >= 2 else 1  # a one-column file has its header first
    for index, count in enumerate(filled):
        if count >= needed:
            return index
    raise InputError([Problem(str(path), None, None, None, "a header line naming the columns")])


def _decode(path: Path, encoding: str | None) -> str:
    data = path.read_bytes()
    if encoding is None and _looks_utf16(data):
        raise InputError([Problem(str(path), None, None, None, "text in UTF-8; this file is in "
                                  "UTF-16 (Excel's \"Unicode text\"): save it as CSV UTF-8, or pass "
                                  "--encoding utf-16")])
    try:
        return data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = (" (it looks like cp1251: save it as UTF-8, pass --encoding cp1251, or set its "
                "resource's \"encoding\" to \"cp1251\" in datapackage.json)") if (
            encoding is None and _looks_cp1251(data)) else ""
        raise InputError([Problem(str(path), line, None, None,
                                  f"text in {encoding or 'UTF-8'}{hint}")]) from None
    except (LookupError, UnicodeError):  # unknown, or a codec that is not a text encoding ('undefined')
        raise InputError([Problem(str(path), None, None, encoding, "a known text encoding")]) from None


def _looks_utf16(data: bytes) -> bool:
    """A UTF-16 byte order mark, or a zero byte beside every other byte of the start."""
    head = data[:1024]
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or (
        len(head) >= 4 and head.count(0) >= len(head) // 3)


def _looks_cp1251(data: bytes) -> bool:
    """Cyrillic letters in cp1251 are bytes 0xC0-0xFF; UTF-8 never has them alone."""
    high = sum(1 for b in data if b >= 0xC0)
    return high > 0 and high >= sum(1 for b in data if b >= 0x80) * 0.6


def _read_xlsx(path: Path, header_row: int | None) -> pd.DataFrame:
    workbook = read_first_sheet(path)  # bounded: a workbook cannot make it build more than it holds
    sheet = workbook.cells
    # With several sheets, every message names the one read.
    where = str(path) if len(workbook.names) == 1 else f"{path} (sheet {workbook.name!r})"
    if sheet.empty:
        raise InputError([Problem(where, None, None, None, "a header row naming the columns")])
    top = sheet.iloc[:max(HEADER_SEARCH, header_row or 0)]
    skipped = _header_index(path, top.values.tolist(), list(top.index + 1), header_row)
    header = [str(h).strip() for h in sheet.iloc[skipped]]
    body = sheet.iloc[skipped + 1:]
    # The sheet holds only rows with a value, indexed by sheet row from 0: rows count from 1.
    frame = _frame(where, header, body, list(body.index + 1), int(sheet.index[skipped]) + 1)
    frame.attrs["file"] = where
    problems = merged_cells(path, frame)
    if problems:
        raise InputError(problems)
    return frame


def merged_cells(path: Path, frame: pd.DataFrame) -> list[Problem]:
    """Return a problem for each range of merged cells in the header or below it.

    Excel keeps a merged range's value in its first cell only, so the other rows of a merged
    "Район" would read as empty. The ranges are read from the sheet's XML (`<mergeCell>`),
    which pandas does not report.
    """
    header_at = frame.attrs.get("header_row", 1)
    columns = list(frame.columns)
    problems = []
    for low_col, low_row, high_col, high_row in _merged_ranges(path):
        if high_row < header_at:
            continue  # a title above the header
        column = columns[low_col - 1] if low_col <= len(columns) else None
        rows = f"{low_row}–{high_row}" if high_row > low_row else str(low_row)
        problems.append(Problem(str(path), low_row, column, None, localised(
            "expected.unmerged", rows=rows)))
    return problems


_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _merged_ranges(path: Path) -> list[tuple[int, int, int, int]]:
    """Return (first column, first row, last column, last row) of each merged range of the
    workbook's first sheet, from 1."""
    from openpyxl.utils.cell import range_boundaries

    try:
        with zipfile.ZipFile(path) as book:
            workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
            first = workbook.find(f"{_SHEET_NS}sheets/{_SHEET_NS}sheet")
            rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
            target = next(r.get("Target") for r in rels if r.get("Id") == first.get(f"{_REL_NS}id"))
            name = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            ranges = []
            with book.open(name) as sheet:
                for _, element in ElementTree.iterparse(sheet):
                    if element.tag == f"{_SHEET_NS}mergeCell":
                        ranges.append(range_boundaries(element.get("ref")))
                    element.clear()  # a sheet of a million cells is not kept in memory
            return ranges
    except (KeyError, StopIteration, AttributeError, ElementTree.ParseError, zipfile.BadZipFile,
            ValueError, TypeError):
        return []  # pandas has read the workbook; a layout we do not know just is not checked


def file_of(frame: pd.DataFrame, path: str | Path) -> str:
    """Return how messages name the file `frame` was read from: its path, and the sheet read
    when the workbook has several."""
    return frame.attrs.get("file", str(path))


def _frame(path: Path | str, header: list[str], cells: pd.DataFrame, rows: list[int],
           header_at: int = 1) -> pd.DataFrame:
    """Return `cells` named by `header` and indexed by `rows`, stripped, blank rows dropped;
    `header_at`, the header's row, is kept in ``attrs["header_row"]``."""
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated or "" in header:
        raise InputError([Problem(str(path), header_at, h or None, None, "each column named once")
                          for h in (duplicated or [""])])
    index = pd.Index(rows, name=ROW)
    frame = pd.DataFrame({name: _cleaned(cells.iloc[:, i], index)
                          for i, name in enumerate(header)}, index=index)
    frame = frame[frame.notna().any(axis=1)]
    frame.attrs["header_row"] = header_at
    return frame


def _cleaned(cells: pd.Series, index: pd.Index) -> pd.Series:
    """Empty cells are missing values; surrounding spaces are typing noise.

    A comprehension over a list strips a million cells twice as fast as `.str.strip()`.
    """
    return pd.Series([cell.strip() or None for cell in cells.astype(str).tolist()], index=index,
                     dtype=str)
