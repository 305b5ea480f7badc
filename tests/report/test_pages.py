"""A press page of 9 of the 14 oblasts whose rows exceed its own total (issue 22, part B): the
total is stored as a total of those oblasts (docs/adding-a-cycle.md), the contradiction is in
validate and About the data, the report gives the coverage, the funnel centres on the pooled
share of the oblasts it plots."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from akimstat.report import reconcile
from akimstat.cli import main
from akimstat.data.dataset import load_dataset
from akimstat.params import ReportParameters
from akimstat.report import Report

from conftest import data_with_rows

OBLASTS = {"KZ-11": (8, 40), "KZ-15": (5, 30), "KZ-19": (7, 50), "KZ-23": (2, 20), "KZ-27": (4, 30),
           "KZ-31": (3, 25), "KZ-35": (6, 45), "KZ-39": (9, 60), "KZ-55": (6, 50)}  # 50 women of 350
GROUP = "+".join(OBLASTS)
CYCLE = "2021-page,2021-07-26,25,,direct,rural,elected,,Сынақ,Тест,A test round,One press page\n"
SOURCE = "page-9,published,Women among the elected akims,Publisher Y,2021-07-30,https://example.org/p,en,Test,,,,,,\n"


def page_rows(total_scope: str) -> str:
    rows = [f"2021-page,{code},akims,sex,female,{w},{n},,page-9,q," for code, (w, n) in OBLASTS.items()]
    rows.append(f'2021-page,{total_scope},akims,sex,female,40,350,,page-9,"Of 350 akims, 40 are women",')
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module", params=["group", "national"])
def entered(request, tmp_path_factory):
    """The page entered as the guide says (its total over its oblasts: GROUP), or its total
    as a national row, as the guide said before."""
    scope = GROUP if request.param == "group" else "national"
    root = data_with_rows(tmp_path_factory.mktemp("page") / "data", {
        "codes/cycles.csv": CYCLE, "published/sources.csv": SOURCE, "published/counts.csv": page_rows(scope)})
    return request.param, root


def test_validate_names_the_rows_above_the_total(entered):
    how, root = entered
    result = CliRunner().invoke(main, ["validate", str(root)])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("warning  2021-page")]
    if how == "group":
        assert any(f"{GROUP} group_total sex.female: 40" in line and "vs 50" in line for line in lines), lines
    else:
        assert any("regions_nation sex.female: 40" in line and "vs 50" in line for line in lines), lines
        # the national total is the page's total of its nine oblasts
        assert any("national coverage sex: 9" in line and "vs 14" in line for line in lines), lines


def test_the_report_gives_the_coverage_and_about_the_contradiction(entered):
    how, root = entered
    if how == "national":
        pytest.skip("a total entered as national is read as national; validate says it is not")
    made = Report(ReportParameters(cycle="2021-page", baseline="none", data_dir=str(root), language="en"),
                  load_dataset(root))
    headline = made.section("headline").html()
    assert "14.3%" in headline and "in the tables of 9 of 14 oblasts" in headline  # 50 / 350
    about = made.section("about").html()
    assert "the page's own total over the oblasts it covers is 40" in about and "sum to 50" in about


def test_the_funnel_centres_on_the_pooled_share_of_the_oblasts_it_plots(entered):
    _, root = entered
    made = Report(ReportParameters(cycle="2021-page", baseline="none", data_dir=str(root), language="en"),
                  load_dataset(root))
    comparison, _ = made.section("women").result.facts["funnel"]
    assert comparison.p0 == pytest.approx(50 / 350)  # not the contradicted 40 / 350
    assert set(comparison.table.index) == set(OBLASTS)


def test_the_reconciliation_of_a_cycle_equals_that_of_all(entered):
    _, root = entered
    data = load_dataset(root)
    full = reconcile.reconcile(data)
    assert reconcile.of_cycle(load_dataset(root), "2021-page").equals(
        full[full["cycle"] == "2021-page"].reset_index(drop=True))
