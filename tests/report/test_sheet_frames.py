"""The spreadsheet in the report's language (issue 29): headers in kk/ru, categories named with
their codes beside them, shares as the printed percentage beside the exact value."""

from __future__ import annotations

import re

import openpyxl
import pytest

from akimstat.params import ReportParameters
from akimstat.report import Report
from akimstat.report.outputs import write_xlsx
from tests.workbooks import sheets_by_table

CODE = re.compile(r"[a-z][a-z0-9_.]*")  # a column's name in the CSV: not a header for readers


@pytest.fixture(scope="module", params=["kk", "ru"])
def workbook(request, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    write_xlsx(Report(ReportParameters(language=request.param)), path)
    return request.param, openpyxl.load_workbook(path)


def table_rows(sheet) -> list[tuple]:
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    start = next(i for i, r in enumerate(rows) if sum(v is not None for v in r) > 1)
    return rows[start:]


def test_no_header_is_a_code(workbook):
    lang, book = workbook
    for name, sheet in sheets_by_table(book).items():
        header = table_rows(sheet)[0]
        codes = [h for h in header if h and CODE.fullmatch(str(h).split("\n")[0]) and not str(h).startswith("z")]
        assert not codes, (lang, name, codes)


def test_categories_are_named_beside_their_codes(workbook):
    lang, book = workbook
    rows = table_rows(sheets_by_table(book)["profession"])
    named = {row[1]: row[0] for row in rows[1:]}
    assert named["pedagogue"] == {"kk": "Педагогтар", "ru": "Педагоги"}[lang]


def test_shares_are_printed_percentages_beside_the_exact_value(workbook):
    lang, book = workbook
    header, *rows = table_rows(sheets_by_table(book)["profession"])
    percent, exact = header.index(next(h for h in header if str(h).endswith(", %"))), None
    exact = percent + 1
    for row in rows:
        assert row[percent] == round(row[exact] * 100, 1)
        assert len(str(row[percent]).partition(".")[2]) <= 1
