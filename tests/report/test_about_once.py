"""About the data lists each fault once and says truly whether the report uses its figure
(issue 29: 2013's four items were two; 2021's party table was said to be 'shown as published'
in a report that shows no party)."""

from __future__ import annotations

import html
import re

import pytest
from conftest import DATA

from akimstat.data.dataset import load_dataset
from akimstat.params import ReportParameters
from akimstat.report import Report
from akimstat.report.sections.about_table import real_contradictions


def rows_of(report: Report) -> list[str]:
    markup = str(report.section("about").html())
    return [html.unescape(re.sub(r"<[^>]+>", " ", row)) for row in re.findall(r"<tr>(.*?)</tr>", markup, re.S)][1:]


def test_2013_lists_the_profession_tables_fault_once():
    """The parts' sum 2,464 against the total 2,454, against the 2,457 posts, and the economists'
    367 against 357: one fault (the smallest correction 367 -> 357), listed once."""
    report = Report(ReportParameters(cycle="2013", baseline="pre-2013", language="en"))
    real = real_contradictions(report.results["about"].frames["reconciliation"])
    assert list(real["item"]) == ["profession", "nominated"]
    assert "The report shows 2,457" not in " ".join(rows_of(report))
    # reconciliation.csv keeps every row
    assert len(report.results["about"].frames["reconciliation"]) > len(real)


@pytest.mark.parametrize("shows_party", [True, False])
def test_about_says_whether_the_report_shows_the_table(monkeypatch, shows_party):
    """2021's party table (its 4.52% against its count's 2.05%) is 'shown as published' where a
    section shows the akims by party, and 'not used in this report' where none does."""
    import akimstat.report.document as document

    real = document.sections_of
    if not shows_party:
        monkeypatch.setattr(document, "sections_of", lambda scope, variables=None: tuple(
            e for e in real(scope, variables) if e.get("variable") != "party"))
    # a data set of its own: the scope's results are shared by the reports of one data set and spec
    report = Report(ReportParameters(cycle="2021", baseline="2017", language="en"), load_dataset(DATA))
    assert ("party" in {r.facts.get("variable") for r in report.results.values()}) == shows_party
    party = [row for row in rows_of(report) if row.lstrip().startswith("Party") and "4.52%" in row]
    assert party
    for row in party:
        assert ("Not used in this report" in row) != shows_party and ("shown as published" in row) == shows_party
