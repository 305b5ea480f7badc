"""What a figure rests on is what the data package says (issue 22, part B): a register with
status `official` is never called synthetic, the synthetic label names the cycles whose
records are synthetic, and no figure of a cycle without records says it rests on records."""

from __future__ import annotations

import json
import re
import zipfile
from html import unescape
from pathlib import Path

import pandas as pd
import pytest

from akimstat.params import ReportParameters
from akimstat.report import Report

from fixtures.helpers import run_in
from registers import review, write_xlsx
from workbooks import sheets_by_table

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path) -> None:
    run_in(cwd, *args)


def texts(folder: Path) -> dict[str, str]:
    """Return the text of every output file of a report: HTML, CSV, JSON, the XLSX's sheets."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix in {".html", ".csv", ".json", ".svg"}:
            found[str(path.relative_to(folder))] = path.read_text(encoding="utf-8")
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                for name in book.namelist():
                    if name.startswith("xl/worksheets/"):
                        found[f"{path.name}:{name}"] = unescape(book.read(name).decode("utf-8"))
    return found


@pytest.mark.render
def test_an_official_register_rendered_with_map_is_never_called_synthetic(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    write_xlsx(tmp_path / "register.xlsx", "ru")
    run("map", "--suggest", "register.xlsx", cwd=tmp_path)
    mapping = tmp_path / "register.map.yaml"
    mapping.write_text(review(mapping.read_text(encoding="utf-8"), "ru"), encoding="utf-8")
    run("render", "--map", mapping.name, "--cycle", "2013", "--scope", "national", "--lang", "en",
        "--format", "html", "--output", "out", "--quiet", cwd=tmp_path)
    report = tmp_path / "out" / "2013" / "national" / "en"
    package = json.loads((report / "datapackage.json").read_text(encoding="utf-8"))
    assert package["akimstat:status"] == "official"
    assert package["akimstat:synthetic"] is False
    # Only the appointed corps before 2013, shown in the trend, is synthetic: it is named.
    assert package["akimstat:synthetic_cycles"] == ["pre-2013"]
    said = texts(report)
    for name, text in said.items():
        assert "The records are synthetic" not in text, name
        assert not re.search(r"The 2013 akim elections[”»]? (are|is) synthetic", text), name
        assert "Modelled (synthetic records" not in text, name  # no section rests on them
    notes = [n for n in said.values() if "The records of “The corps of akims before the 2013 elections” are synthetic" in n]
    assert len(notes) >= 3  # the notes of the HTML, the XLSX cover and its note 3
    figures = pd.read_csv(report / "figures.csv", dtype=str)
    synthetic = figures[figures["rests_on"].str.contains("synthetic", na=False)]
    assert set(synthetic["key"].str.rsplit(".", n=1).str[-1]) == {"pre-2013"}


@pytest.mark.parametrize("cycle, baseline, scope", [("2017", "2013", "national"), ("2021", "2017", "national"),
                                                    ("2021", "2017", "KZ-63")])
def test_no_figure_of_a_cycle_without_records_rests_on_records(cycle, baseline, scope):
    made = Report(ReportParameters(cycle=cycle, baseline=baseline, scope=scope, language="en"))
    figures = made.figures_frame()
    own = figures[~figures["key"].str.startswith("trend.")]  # the trend's earlier cycles have records
    said = own["rests_on"].str.split("; ").explode()
    assert not said.isin(["records", "synthetic records"]).any(), \
        own.loc[own["rests_on"].str.contains("records"), ["key", "rests_on"]]
    assert (said.str.startswith("published: ") | said.eq("parameter")).all()


def test_the_notes_name_the_synthetic_cycles_a_report_reads():
    made = Report(ReportParameters(cycle="2013", baseline="pre-2013", language="en"))
    assert made.data.synthetic == ["pre-2013", "2013"]
    assert made.data.data.status_of("2013") == "synthetic"
    html = made._repr_html_()
    assert "The records of “The corps of akims before the 2013 elections”, “The 2013 akim elections” " \
           "are synthetic" in html


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_xlsx_marks_confidential_not_published_and_not_applicable_apart(tmp_path, lang):
    """[c] only for suppressed cells; [x] where the source did not publish; [z] where no value
    applies; each explained in the notes sheet (the Analysis Function's shorthand)."""
    import openpyxl

    from akimstat.labels import publish_words
    from akimstat.report.outputs import write_xlsx

    def sheets(cycle, baseline, scope):
        made = Report(ReportParameters(cycle=cycle, baseline=baseline, scope=scope, language=lang))
        book = openpyxl.load_workbook(write_xlsx(made, tmp_path / f"{cycle}-{scope}.xlsx"))
        return book, {**{s.title: [[c.value for c in row] for row in s.iter_rows()] for s in book.worksheets},
                      **{name: [[c.value for c in row] for row in s.iter_rows()]
                         for name, s in sheets_by_table(book).items()}}

    words = publish_words(lang)
    book, cells = sheets("2021", "2017", "national")
    notes = [row[1] for row in cells[words["xlsx.notes"]] if row[1]]
    assert any(str(n).startswith("[x]") for n in notes) and any(str(n).startswith("[z]") for n in notes)
    profession = [row for row in cells["profession"] if "[x]" in row or "[c]" in row]
    assert profession and all("[c]" not in row for row in profession)  # percentages not published
    trend = [row for row in cells["trend"] if "[z]" in row]
    assert trend and all("[c]" not in row for row in cells["trend"])  # intervals without counts
    _, cells = sheets("2013", "pre-2013", "KZ-MAN")
    assert any("[c]" in row for row in cells["ethnicity"])  # small groups are confidential


def test_a_breakdown_of_synthetic_records_says_so_in_its_own_sentence():
    """Newcomers and leavers, the order of regions ('Aktobe > Kostanay'), districts: each
    paragraph computed from synthetic records opens with the label."""
    made = Report(ReportParameters(cycle="2013", baseline="pre-2013", language="en"))
    html = made.section("women").html()
    paragraphs = re.findall(r"<p>(.*?)</p>", html, re.S)
    for words in ("newcomers", "Aktobe Region &gt; ", "differ from zero"):
        found = [p for p in paragraphs if words in p]
        assert found and all(p.startswith("<strong>Modelled (synthetic records") for p in found), words
    region = Report(ReportParameters(cycle="2013", baseline="pre-2013", scope="KZ-PAV", language="en"))
    assert "<strong>Modelled (synthetic records" in region.section("districts").html()


def test_published_figures_are_not_labelled_modelled():
    made = Report(ReportParameters(cycle="2021", baseline="2017", language="en"))
    assert "Modelled (synthetic records" not in made.section("women").html()
