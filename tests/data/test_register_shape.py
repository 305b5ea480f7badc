"""The shape of a register as ministries export it: title rows above the header, merged
cells, blank rows at the end, numbers stored as text, dates in an age column (issue 16)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from click.testing import CliRunner

from akimstat.cli import main
from akimstat.data.records import check_records
from akimstat.errors import InputError
from akimstat.data.load import read_table

from conftest import GOOD_RECORD, RECORD_HEADER

FIELDS = RECORD_HEADER.split(",")
GOOD = GOOD_RECORD.split(",")


def good_row(n: int, **changes) -> list:
    row = dict(zip(FIELDS, GOOD), record_id=f"R{n}", person_id=f"P{n}", **changes)
    return [row[f] for f in FIELDS]


def workbook(path, rows, merge=(), title=True):
    """Write a sheet: a merged title over the header's width and a blank row, then `rows`."""
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append(["Реестр акимов сельских округов на 01.09.2013"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(FIELDS))
        sheet.append([])
    for row in rows:
        sheet.append(row)
    for ref in merge:
        sheet.merge_cells(ref)
    book.save(path)
    return path


def test_header_found_below_title_rows(tmp_path, codes):
    path = workbook(tmp_path / "r.xlsx", [FIELDS, good_row(1), good_row(2)])
    frame = read_table(path)
    assert list(frame.columns) == FIELDS and list(frame.index) == [4, 5]
    assert frame.attrs["header_row"] == 3
    assert check_records(frame, codes, str(path))["record_id"].tolist() == ["R1", "R2"]


def test_header_found_below_title_lines_in_a_semicolon_csv(write_csv, codes):
    text = "Реестр акимов;;\n;;\n" + "\n".join(";".join(r) for r in (
        FIELDS, good_row(1), good_row(2, sex="X"))) + "\n"
    path = write_csv(text)
    with pytest.raises(InputError) as info:
        check_records(read_table(path), codes, str(path))
    [problem] = info.value.problems
    assert (problem.row, problem.column, problem.value) == (5, "sex", "X")


def test_problems_with_the_header_name_its_row(tmp_path, codes):
    path = workbook(tmp_path / "r.xlsx", [[f for f in FIELDS if f != "age"],
                                          good_row(1)[:7] + good_row(1)[8:]])
    with pytest.raises(InputError) as info:
        check_records(read_table(path), codes, str(path))
    assert [(p.row, p.column) for p in info.value.problems] == [(3, "age")]


def test_header_row_can_be_named(tmp_path, write_csv, codes):
    # Two filled title cells look like a header: the header row is named, not guessed.
    text = "\n".join([",".join(["Реестр", "2013"] + [""] * 9), RECORD_HEADER, GOOD_RECORD]) + "\n"
    path = write_csv(text)
    assert list(read_table(path, header_row=2).columns) == FIELDS
    with pytest.raises(InputError, match="row 9.*a header row: the top of the file has only 3"):
        read_table(path, header_row=9)


def test_header_row_option_of_validate(write_csv, published_only):
    text = "\n".join(["Реестр,", RECORD_HEADER, GOOD_RECORD]) + "\n"
    path = write_csv(text)
    result = CliRunner().invoke(main, ["validate", str(path), "--data", str(published_only),
                                       "--header-row", "2"])
    assert result.exit_code == 0, result.output


def test_merged_cells_below_the_header_are_named(tmp_path):
    rows = [FIELDS, good_row(1), good_row(2, district=""), good_row(3, district="")]
    path = workbook(tmp_path / "r.xlsx", rows, merge=["E4:E6"])
    with pytest.raises(InputError) as info:
        read_table(path)
    [problem] = info.value.problems
    assert (problem.row, problem.column) == (4, "district")
    assert "merged cells in rows 4–6 keep their value in the first only" in str(problem)
    assert "объединённых ячеек в строках 4–6" in info.value.message("ru")


def test_blank_rows_at_the_end_are_not_records(tmp_path, codes):
    path = workbook(tmp_path / "r.xlsx", [FIELDS, good_row(1)] + [[""] * len(FIELDS)] * 3
                    + [[None] * len(FIELDS)] * 2)
    frame = check_records(read_table(path), codes, str(path))
    assert len(frame) == 1


def test_numbers_stored_as_text_or_as_numbers_read_alike(tmp_path, codes):
    rows = [FIELDS, good_row(1, age="45"), good_row(2, age=45), good_row(3, age=45.0)]
    path = workbook(tmp_path / "r.xlsx", rows)
    frame = check_records(read_table(path), codes, str(path))
    assert frame["age"].tolist() == [45, 45, 45]


def test_dates_and_words_in_an_age_column_are_explained(tmp_path, codes):
    rows = [FIELDS, good_row(1, age=dt.datetime(1900, 2, 14)), good_row(2, age="45 лет"),
            good_row(3, age="14.02.1900")]
    path = workbook(tmp_path / "r.xlsx", rows)
    with pytest.raises(InputError) as info:
        check_records(read_table(path), codes, str(path))
    says = {p.row: str(p) for p in info.value.problems}
    assert "this is a date: Excel has formatted the column as dates" in says[4]
    assert "this is a date" in says[6]
    assert "an age in whole years: a whole number, digits only: 45" in says[5]
    assert "в Excel столбец отформатирован как дата" in info.value.message("ru")
