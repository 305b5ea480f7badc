"""About the data lists each fault once and says truly whether the report uses its figure
(issue 29: 2013's four items were two; 2021's party table was said to be 'shown as published'
in a report that shows no party)."""

from __future__ import annotations

import html
import re

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


def test_a_table_no_section_shows_is_not_used_in_this_report():
    report = Report(ReportParameters(cycle="2021", baseline="2017", language="en"))
    shown = {r.facts.get("variable") for r in report.results.values()}
    assert "party" not in shown
    party = [row for row in rows_of(report) if row.lstrip().startswith("Party")]
    assert party and all("Not used in this report" in row and "shown as published" not in row for row in party)
