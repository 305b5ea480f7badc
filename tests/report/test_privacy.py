"""Privacy: no personal data in any output, and suppressed cells that cannot be worked out.

What counts as personal data here
---------------------------------
The register is pseudonymous: ``record_id`` (``R13-00001``) and ``person_id`` (``P00001``) name
one akim, and a person id links the same akim across cycles. Neither may appear in any output
file (HTML, PDF text, executed notebook, CSV, render.json, index.html). Akims are public
office-holders: their sex and age are not treated as sensitive (the published sources give
them by region), but ethnicity is (``sensitive_variables``). District codes name small units
(about 15 akims each), so they may appear only where a regional report shows its district
table (akims, women, under the age threshold: no sensitive variable), i.e. in that report's
``report.*`` and ``tables/districts.csv``; never in a national report, ``figures.csv``, another
table or the index, and never beside ethnicity.

Suppressed cells are checked on the rendered tables, as a reader would attack them: every
``tables/ethnicity.csv`` of the national and the regional reports, with every published number
(cells, the national 'other' count of the representation table, the akims of each region), by
linear programming (``scipy.optimize.linprog``): each suppressed cell's smallest and largest
possible values must differ. The region x ethnicity table with its margins is a transportation
problem, whose constraint matrix is totally unimodular, so the bounds are whole numbers and
"differ" means at least two values remain possible.
"""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pandas as pd
import pytest

from akimstat.data.dataset import load_dataset

from conftest import DATA
from fixtures.hostile.shared import once
from fixtures.renders import render_all

pytestmark = pytest.mark.render
IDS = re.compile(r"\bR\d{2}-\d{5}\b|\bP\d{5}\b")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """Every report of 2013 in English: national and Pavlodar as HTML and PDF, the other regions
    executed only (their notebook, figures.csv and tables)."""
    return once(tmp_path_factory, "privacy", render_all)


def texts(folder):
    """Yield (relative path, text) of every output file; PDFs as their text."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != ".lock"):
        if path.suffix == ".pdf":
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        elif path.suffix == ".xlsx":  # every cell of every sheet
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True)
            text = "\n".join(",".join("" if v is None else str(v) for v in row)
                              for sheet in book for row in sheet.iter_rows(values_only=True))
            book.close()
        elif path.suffix == ".docx":  # every XML part: the text, the properties, the record
            import zipfile

            with zipfile.ZipFile(path) as document:
                text = "\n".join(document.read(n).decode("utf-8") for n in document.namelist()
                                  if n.endswith((".xml", ".rels")))
        else:
            text = path.read_text(encoding="utf-8")
        yield path.relative_to(folder).as_posix(), text


def test_every_report_was_written(out):
    reports = {p.parent.relative_to(out).as_posix() for p in out.glob("2013/*/en/report.ipynb")}
    assert len(reports) == 15
    assert {p.suffix for p in out.rglob("report.*")} == {".ipynb", ".html", ".pdf", ".xlsx", ".docx"}


def test_no_record_or_person_id_in_any_output(out):
    records = load_dataset(DATA).records
    ids = set(records["record_id"]) | set(records["person_id"].dropna())
    assert all(IDS.fullmatch(i) for i in ids)  # the pattern finds every shipped id
    found = {name: sorted(set(IDS.findall(text)))[:5] for name, text in texts(out) if IDS.search(text)}
    assert not found


def test_district_codes_only_in_the_district_table_of_their_region(out):
    records = load_dataset(DATA).records
    districts = dict(zip(records["district"], records["region"]))
    allowed = re.compile(r"2013/(KZ-[A-Z]+)/en/(report\.(html|pdf|ipynb|xlsx)|tables/districts\.csv)")
    found = []
    for name, text in texts(out):
        shown = {d for d in re.findall(r"KZ-[A-Z]+-D\d+", text) if d in districts}
        match = allowed.fullmatch(name)
        if shown and not (match and all(districts[d] == match.group(1) for d in shown)):
            found.append((name, sorted(shown)[:3]))
    assert not found


def test_district_table_holds_no_sensitive_variable(out):
    for path in out.glob("2013/KZ-*/en/tables/districts.csv"):
        assert list(pd.read_csv(path).columns) == ["district", "akims", "women", "under"]
    for path in out.glob("2013/*/en/tables/*.csv"):
        if path.name != "districts.csv":
            assert "district" not in pd.read_csv(path).columns, path


def published_ethnicity(out):
    """The numbers a reader has: cells of every ethnicity table, akims per region, national 'other'."""
    cells = []
    for path in sorted(out.glob("2013/KZ-*/en/tables/ethnicity.csv")):
        table = pd.read_csv(path, keep_default_na=False)
        region = path.parts[-4]
        cells += [(region, row["ethnicity"], int(row["count"]) if row["count"] != "" else None, row["suppressed"])
                  for _, row in table.iterrows()]
    national = pd.read_csv(out / "2013/national/en/tables/ethnicity.csv", keep_default_na=False)
    representation = pd.read_csv(out / "2013/national/en/tables/ethnicity_representation.csv")
    akims = pd.read_csv(out / "2013/national/en/tables/women_by_region.csv").set_index("region")["nobs"]
    return cells, national, representation, akims


def cell_bounds(cells, national, representation, akims, presence=False):
    """Return (min, max) of every suppressed regional and national cell given what is published.

    Regional cells absent from a region's table are unknowns (>= 0) too; only the cells
    marked suppressed are checked (an absent cell is a zero, which is published by design).
    With `presence`, the reader also uses what the tables say by listing only the ethnicities
    present in a region: absent cells are 0 and listed suppressed cells at least 1.
    """
    from scipy.optimize import linprog

    ethnicities = list(national["ethnicity"])
    regions = list(akims.index)
    known = {(r, e): (c, s) for r, e, c, s in cells}
    variables = [(r, e) for r in regions for e in ethnicities]
    index = {v: i for i, v in enumerate(variables)}
    n = len(variables)
    rows, values = [], []

    def published(members, value):
        row = np.zeros(n)
        row[[index[m] for m in members]] = 1
        rows.append(row)
        values.append(value)

    for (r, e), (count, _) in known.items():
        if count is not None:
            published([(r, e)], count)
    for r in regions:
        published([(r, e) for e in ethnicities], int(akims[r]))
    for e, count in zip(national["ethnicity"], national["count"]):
        if count != "":
            published([(r, e) for r in regions], int(count))
    shown = set(representation.loc[~representation["is_residual"], "ethnicity"])
    other = int(representation.loc[representation["is_residual"], "count"].iloc[0])
    published([(r, e) for r in regions for e in ethnicities if e not in shown], other)
    a, b = np.array(rows), np.array(values)
    limits = [((0, 0) if v not in known else (1, None)) if presence else (0, None) for v in variables]
    hidden = [v for v, (count, _) in known.items() if count is None]
    hidden_national = [e for e, c in zip(national["ethnicity"], national["count"]) if c == ""]
    bounds = {}
    for target in hidden + [("national", e) for e in hidden_national]:
        c = np.zeros(n)
        members = [(r, target[1]) for r in regions] if target[0] == "national" else [target]
        c[[index[m] for m in members]] = 1
        lo = linprog(c, A_eq=a, b_eq=b, bounds=limits, method="highs")
        hi = linprog(-c, A_eq=a, b_eq=b, bounds=limits, method="highs")
        assert lo.status == hi.status == 0, target
        bounds[target] = (round(lo.fun, 6), round(-hi.fun, 6))
    return bounds


def test_no_suppressed_cell_can_be_worked_out_from_all_reports(out):
    cells, national, representation, akims = published_ethnicity(out)
    suppressed = [(r, e) for r, e, c, _ in cells if c is None]
    assert len(suppressed) > 20 and (national["count"] == "").sum() > 5
    bounds = cell_bounds(cells, national, representation, akims)
    pinned = {cell: b for cell, b in bounds.items() if b[1] - b[0] < 1 - 1e-6}
    assert not pinned


def test_suppressed_cells_stay_hidden_when_the_reader_uses_which_rows_are_listed(out):
    """A listed but hidden cell is known to be at least 1 (zeros are published or left out)."""
    cells, national, representation, akims = published_ethnicity(out)
    bounds = cell_bounds(cells, national, representation, akims, presence=True)
    assert not {c: b for c, b in bounds.items() if b[1] - b[0] < 1 - 1e-6}
