"""The full list of an input's problems as a CSV file (`akimstat validate --problems FILE`).

The command line groups problems by kind; a ministry correcting a register wants each row too,
in a sheet it can sort and filter. One problem a row: file, row, column, value, expected (in
the user's language). Cells a spreadsheet would run as formulas are made inert
(`akimstat.safe`), since values come from the register as typed. The file is written whole
or not at all (a temporary file renamed into place).
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from akimstat.errors import Problem
from akimstat.labels import in_language, labels
from akimstat.safe import inert_cell

COLUMNS = ("file", "row", "column", "value", "expected")


def problems_csv(problems: list[Problem], lang: str) -> str:
    """Return `problems` as CSV text, one a row, in the order of file, row and column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in sorted(problems, key=Problem.place):
        value = getattr(p.value, "item", lambda: p.value)()
        writer.writerow([inert_cell(cell) for cell in (
            p.file, "" if p.row is None else p.row, p.column or "",
            "" if value is None else str(value), in_language(p.expected, lang))])
    return out.getvalue()


def write_problems(problems: list[Problem], path: str | Path, lang: str) -> str:
    """Write `problems` to the CSV file `path` (UTF-8 with a BOM, which Excel needs to read
    Cyrillic); return the line saying so, in `lang`."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(problems_csv(problems, lang), encoding="utf-8-sig")
    os.replace(temporary, path)
    return labels(lang).plain("validate.problems_written", file=str(path), count=len(problems))
