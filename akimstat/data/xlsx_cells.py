"""A worksheet's cells as text, streamed from its XML: shared and inline strings, numbers as
Excel shows them, dates from Excel's serial numbers (1900 or 1904 system)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from akimstat.errors import InputError, Problem

MAX_ROWS = 1_048_576  # Excel's limit
MAX_COLUMNS = 1_024
MAX_CELL_CHARS = 32_767  # Excel's limit
MAX_CELLS = 30_000_000  # a million records of 30 columns
CELL_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})$")


class _SheetCells:
    """The cells of one sheet as expat meets them: three flat lists (row, column, value) of the
    cells holding a value; a dict per row would cost ~400 bytes more each."""

    def __init__(self, reader, sheet: str, shared: list[str], dates: set[int],
                 date1904: bool):
        self.reader, self.sheet, self.shared, self.dates, self.date1904 = (
            reader, sheet, shared, dates, date1904)
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.values: list[str] = []
        self.text = _Text(reader, "cell")
        self.row = self.col = self.width = 0  # the row and column being read
        self.cell = {"row": 0, "col": 0, "type": "n", "style": 0, "has": False}

    def start(self, tag: str, attrs: dict) -> None:
        if tag == "row":
            self.row = int(attrs["r"]) if attrs.get("r", "").isdigit() else self.row + 1
            self.col = 0
            self.reader._check_row(self.row)
        elif tag == "c":
            ref = CELL_REF.match(attrs.get("r", ""))
            self.col = column_number(ref.group(1)) if ref else self.col + 1
            row = int(ref.group(2)) if ref else self.row
            self.cell.update(row=row, col=self.col, type=attrs.get("t", "n"), has=False, formula=False,
                             style=int(attrs["s"]) if attrs.get("s", "").isdigit() else 0)
            self.text.clear()
        elif tag == "f":
            self.cell["formula"] = True
        elif tag in ("v", "t") and self.row:
            self.text.collect, self.cell["has"] = True, True
            self.text.where = (self.cell["row"], column_letters(min(self.cell["col"], 16384)), "cell")

    def end(self, tag: str) -> None:
        if tag in ("v", "t"):
            self.text.collect = False
        elif tag == "c" and self.cell["formula"] and not (self.cell["has"] and self.text.value()):
            from akimstat.labels import localised

            raise _problem(self.reader.path, self.cell["row"], column_letters(min(
                self.cell["col"], 16384)), None, localised("expected.formula_value"))
        elif tag == "c" and self.cell["has"]:
            self._keep(self.cell["row"], self.cell["col"], _cell_value(
                self.cell["type"], self.text.value(), self.shared, self.cell["style"] in self.dates,
                self.date1904))
        elif tag == "row":
            self.reader._check_time()

    def _keep(self, row: int, col: int, value: str) -> None:
        path, sheet = self.reader.path, self.sheet
        self.reader._check_row(row)
        if value == "":
            return
        if col > MAX_COLUMNS:
            raise _problem(path, row, column_letters(min(col, 16384)), None,
                           f"a sheet of at most {MAX_COLUMNS:,} columns (sheet {sheet!r} "
                           f"has a value in column {column_letters(min(col, 16384))})")
        if len(self.values) >= MAX_CELLS:
            raise _problem(path, row, None, None, f"a sheet of at most {MAX_CELLS:,} cells "
                           f"holding a value (sheet {sheet!r})")
        self.rows.append(row)
        self.cols.append(col)
        self.values.append(value)
        self.width = max(self.width, col)

    def frame(self) -> pd.DataFrame:
        """Return the cells as a frame, one row per sheet row holding a value, '' elsewhere."""
        order, position = np.unique(np.asarray(self.rows, dtype=np.int64), return_inverse=True)
        if len(order) * self.width > MAX_CELLS:
            raise _problem(self.reader.path, None, None, None, f"a sheet of at most {MAX_CELLS:,} "
                           f"cells (rows x columns); sheet {self.sheet!r} spans {len(order):,} "
                           f"rows and {self.width:,} columns")
        grid = np.full((len(order), self.width), "", dtype=object)
        grid[position, np.asarray(self.cols, dtype=np.int64) - 1] = self.values
        return pd.DataFrame(grid, index=pd.Index(order - 1), columns=range(self.width))


class _Text:
    """Character data of one cell or shared string, refused once longer than `MAX_CELL_CHARS`."""

    def __init__(self, reader, what: str):
        self.reader, self.what = reader, what
        self.parts: list[str] = []
        self.size = 0
        self.collect = False
        self.where: tuple | None = None

    def clear(self) -> None:
        self.parts.clear()
        self.size = 0

    def add(self, data: str) -> None:
        if not self.collect:
            return
        self.size += len(data)
        if self.size > MAX_CELL_CHARS:
            row, column, what = self.where or (None, None, self.what)
            raise _problem(self.reader.path, row, column, None,
                           f"a text of at most {MAX_CELL_CHARS:,} characters, Excel's limit "
                           f"({what} is longer)")
        self.parts.append(data)

    def value(self) -> str:
        return "".join(self.parts)


def _cell_value(kind: str, text: str, shared: list[str], is_date: bool, date1904: bool) -> str:
    """Return a cell's value as `pandas.read_excel(dtype=str)` shows it."""
    if kind == "s":
        index = int(text) if text.strip().isdigit() else -1
        return shared[index] if 0 <= index < len(shared) else ""
    if kind in ("inlineStr", "str", "e"):
        return text
    if kind == "b":
        return "True" if text.strip() in ("1", "true") else "False"
    return _number(text.strip(), is_date, date1904)


def _number(text: str, is_date: bool, date1904: bool) -> str:
    if not text:
        return ""
    if re.fullmatch(r"-?\d+", text):
        number = int(text)
    else:
        try:
            number = float(text)
        except ValueError:
            return text  # not a number after all: shown as written
        if math.isfinite(number) and number.is_integer():
            number = int(number)
    if is_date and math.isfinite(number) and 0 <= number < 2_958_466:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

        return str(from_excel(number, CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900))
    return str(number)


def _problem(path: Path, row, column, value, expected: str) -> InputError:
    return InputError([Problem(str(path), row, column, value, expected)])


def column_number(letters: str) -> int:
    """Return the 1-based number of a column named by letters: A -> 1, XFD -> 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(number: int) -> str:
    """Return the letters of a 1-based column number: 1 -> A, 16384 -> XFD."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
