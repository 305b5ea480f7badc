"""Read input files (CSV or XLSX) into frames of text, indexed by the row as the user counts it.

Every value is read as text; types are checked and converted by `akimstat.validate`, so that a
bad value is reported with its file, row and column instead of failing deep inside pandas.
CSV files are UTF-8 with or without a BOM, comma- or semicolon-separated (Excel in a Russian
locale writes semicolons). Another encoding (cp1251 is common in Kazakhstan) is refused with a
clear message unless it is named explicitly.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from akimstat.errors import InputError, Problem

ROW = "row"  # name of the index: the CSV line (header = line 1) or the sheet row


def read_table(path: str | Path, encoding: str | None = None) -> pd.DataFrame:
    """Return the file's cells as text, indexed by the user's row number.

    Parameters
    ----------
    path : path of a ``.csv`` or ``.xlsx`` file.
    encoding : text encoding of a CSV file; by default UTF-8 (a BOM is allowed), and any
        other encoding is an error that says how to name it.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(str(path), None, None, None, "an existing file")])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if path.suffix.lower() in (".csv", ".txt"):
        return _read_csv(path, encoding)
    raise InputError([Problem(str(path), None, None, path.suffix, "a .csv or .xlsx file")])


def _read_csv(path: Path, encoding: str | None) -> pd.DataFrame:
    text = _decode(path, encoding)
    first = io.StringIO(text).readline()
    if not first.strip():
        raise InputError([Problem(str(path), None, None, None, "a header line naming the columns")])
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header, starts, width = _csv_layout(path, text, delimiter)
    # The csv module has found each record and its line; pandas' C parser reads the values,
    # a million rows in a second or two. Both follow the same dialect, so their rows match
    # one to one (blank lines included: they are dropped later, once cells are stripped).
    values = pd.read_csv(io.StringIO(text, newline=""), sep=delimiter, header=None,
                         names=range(width), dtype=str, keep_default_na=False,
                         skip_blank_lines=False, index_col=False).iloc[1:, :len(header)]
    assert len(values) == len(starts), "the csv module and pandas split records differently"
    return _frame(path, header, values, starts)


def _csv_layout(path: Path, text: str, delimiter: str) -> tuple[list[str], list[int], int]:
    """Return the header, the line each record starts on and the widest record's width.

    A record with more or fewer fields than the header is an error unless all its cells are
    blank (a line of separators, as spreadsheets write below the data).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems, starts = [], []
    try:
        header = next(reader)
        start, width = reader.line_num + 1, len(header)
        for record in reader:
            if len(record) != len(header) and any(cell.strip() for cell in record):
                problems.append(Problem(str(path), start, None, None, (
                    f"{len(header)} fields, as in the header; this row has {len(record)} (a value "
                    f"holding a {'semicolon' if delimiter == ';' else 'comma'} must be in double "
                    "quotes)")))
            width = max(width, len(record))
            starts.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError([Problem(str(path), reader.line_num, None, None, f"valid CSV ({exc})")])
    if problems:
        raise InputError(problems)
    return [h.strip() for h in header], starts, width


def _decode(path: Path, encoding: str | None) -> str:
    data = path.read_bytes()
    try:
        return data.decode(encoding or "utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = (" (it looks like cp1251: save it as UTF-8, pass --encoding cp1251, or set its "
                "resource's \"encoding\" to \"cp1251\" in datapackage.json)") if (
            encoding is None and _looks_cp1251(data)) else ""
        raise InputError([Problem(str(path), line, None, None,
                                  f"text in {encoding or 'UTF-8'}{hint}")]) from None
    except LookupError:
        raise InputError([Problem(str(path), None, None, encoding, "a known text encoding")]) from None


def _looks_cp1251(data: bytes) -> bool:
    """Cyrillic letters in cp1251 are bytes 0xC0-0xFF; UTF-8 never has them alone."""
    high = sum(1 for b in data if b >= 0xC0)
    return high > 0 and high >= sum(1 for b in data if b >= 0x80) * 0.6


def _read_xlsx(path: Path) -> pd.DataFrame:
    try:
        sheet = pd.read_excel(path, sheet_name=0, dtype=str, header=None, keep_default_na=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InputError([Problem(str(path), None, None, None, f"a readable XLSX workbook ({exc})")])
    if sheet.empty:
        raise InputError([Problem(str(path), None, None, None, "a header row naming the columns")])
    header = [str(h).strip() for h in sheet.iloc[0]]
    body = sheet.iloc[1:]
    return _frame(path, header, body, list(body.index + 1))  # sheet rows count from 1


def _frame(path: Path, header: list[str], cells: pd.DataFrame, rows: list[int]) -> pd.DataFrame:
    """Return `cells` named by `header` and indexed by `rows`, stripped, blank rows dropped."""
    duplicated = sorted({h for h in header if header.count(h) > 1})
    if duplicated or "" in header:
        raise InputError([Problem(str(path), 1, h or None, None, "each column named once")
                          for h in (duplicated or [""])])
    index = pd.Index(rows, name=ROW)
    frame = pd.DataFrame({name: _cleaned(cells.iloc[:, i], index)
                          for i, name in enumerate(header)}, index=index)
    return frame[frame.notna().any(axis=1)]


def _cleaned(cells: pd.Series, index: pd.Index) -> pd.Series:
    """Empty cells are missing values; surrounding spaces are typing noise.

    A comprehension over a list strips a million cells twice as fast as `.str.strip()`.
    """
    return pd.Series([cell.strip() or None for cell in cells.astype(str).tolist()], index=index,
                     dtype=str)
