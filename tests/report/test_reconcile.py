"""Reconciliation (issue 14): every contradiction between published numbers is found, named, and
reported in `akimstat validate`, in the report's "about the data" box and in reconciliation.csv;
a consistent table gives none."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from akimstat.report import reconcile
from akimstat.cli import main
from akimstat.data.dataset import load_dataset
from akimstat.params import ReportParameters
from akimstat.report import Report
from akimstat.stats import format_percent

from conftest import DATA, data_with_rows

CYCLE = ("2021-rec,2021-07-26,25,,direct,rural,elected,500,Сынақ,Тест,A reconciliation test cycle,"
         "Known from small published tables only\n")
SOURCES = ("page-a,published,Page A on the round,Publisher X,2021-07-26,https://example.org/a,en,Test,,,,,,\n"
           "page-b,published,Page B on the round,Publisher X,2021-07-28,https://example.org/b,en,Test,,,,,,\n"
           "page-c,published,Page C on the round,Publisher X,2021-07-26,https://example.org/c,en,Test,,,,,,\n")
# Women of eight oblasts (page A) and Pavlodar's sexes: nine of the fourteen oblasts; Kostanay's
# page B disagrees with page A for that one region.
WOMEN = {"KZ-AKM": (8, 40), "KZ-AKT": (5, 30), "KZ-ALM": (7, 50), "KZ-ATY": (2, 20),
         "KZ-ZHA": (4, 30), "KZ-ZAP": (3, 25), "KZ-KAR": (6, 45), "KZ-KUS": (9, 60)}


def counts_rows() -> str:
    rows = [f"2021-rec,{code},akims,sex,female,{w},{n},,page-a,q," for code, (w, n) in WOMEN.items()]
    rows.append("2021-rec,KZ-KUS,akims,sex,female,11,60,,page-b,q,")               # another source
    rows += ["2021-rec,KZ-PAV,akims,sex,male,40,50,,page-a,q,",                     # 40 + 15 = 55
             "2021-rec,KZ-PAV,akims,sex,female,15,50,,page-a,q,"]
    rows += [f"2021-rec,KZ-SEV,akims,unit_type,{code},{n},,,page-a,q,"               # 35 > 30 posts
             for code, n in (("rural_okrug", 25), ("village", 10))]
    rows += [f"2021-rec,national,akims,age_band,{code},{n},100,,page-b,q,"           # mean 60?
             for code, n in (("age_to_35", 10), ("age_36_45", 30), ("age_46_55", 40), ("age_56_63", 20))]
    return "\n".join(rows) + "\n"


FIGURES = ("2021-rec,national,mean_age,60,years,page-a,q,\n"
           "2021-rec,KZ-SEV,posts,30,posts,page-a,q,\n")


@pytest.fixture(scope="module")
def contradicting(tmp_path_factory):
    """data/ with a cycle whose small published tables contradict themselves and each other."""
    return load_dataset(data_with_rows(tmp_path_factory.mktemp("reconcile") / "data", {
        "codes/cycles.csv": CYCLE, "published/sources.csv": SOURCES,
        "published/counts.csv": counts_rows(), "published/figures.csv": FIGURES}))


def found(frame, **where) -> pd.DataFrame:
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return rows


#: Each contradiction of the fixture: (scope, check, item), what the row says.
EXPECTED = {
    "own total": (("KZ-PAV", "parts_total", "sex"), {"value": 50, "other_value": 55}),
    # the rule of sources (akimstat/report/choice.py) prefers the later page B: it is the one used
    "another source": (("KZ-KUS", "sources", "sex.female"), {"value": 11, "other_value": 9}),
    "9 of 14 regions": (("national", "coverage", "sex"), {"value": 9, "other_value": 14}),
    "exceeds the posts": (("KZ-SEV", "posts", "unit_type"), {"value": 30, "other_value": 35}),
    "mean outside the bands": (("national", "mean_bands", "mean_age"), {"value": 60}),
}


@pytest.mark.parametrize("name", EXPECTED)
def test_each_contradiction_is_found_and_named(contradicting, name):
    (scope, check, item), values = EXPECTED[name]
    rows = found(reconcile.reconcile(contradicting), cycle="2021-rec", scope=scope, check=check, item=item)
    assert len(rows) == 1, name
    row = rows.iloc[0]
    for column, value in values.items():
        assert row[column] == value, (name, column)
    assert row["source_title"].startswith("Page ") and row["source_date"].startswith("2021-07-2")


def test_sources_of_one_publisher_are_told_apart(contradicting):
    row = found(reconcile.reconcile(contradicting), cycle="2021-rec", check="sources").iloc[0]
    assert (row["source_title"], row["other_source_title"]) == ("Page B on the round", "Page A on the round")
    assert (row["source_date"], row["other_source_date"]) == ("2021-07-28", "2021-07-26")


def test_table_cells_tell_two_pages_of_one_publisher_and_day_apart(contradicting):
    writer = report(contradicting, "KZ-KUS").writer
    assert writer.source_short("page-a") == "Publisher X, 2021-07-26: Page A on the round"
    assert writer.source_short("page-b") == "Publisher X, 2021-07-28"


def test_the_coverage_counts_regions_summed(contradicting):
    # Eight oblasts from page A and Pavlodar's table; Kostanay, given twice, counted once.
    row = found(reconcile.reconcile(contradicting), cycle="2021-rec", check="coverage", item="sex").iloc[0]
    assert "KZ-VOS" in row["detail"] and "KZ-PAV" not in row["detail"]


def test_the_mean_age_bound_is_the_bands_greatest_mean(contradicting):
    row = found(reconcile.reconcile(contradicting), cycle="2021-rec", check="mean_bands").iloc[0]
    assert row["other_value"] == pytest.approx(0.1 * 35 + 0.3 * 45 + 0.4 * 55 + 0.2 * 63)


def test_validate_warns_and_strict_fails(contradicting):
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(contradicting.root)])
    assert result.exit_code == 0, result.output
    for (scope, check, item), _ in EXPECTED.values():
        assert any(f"2021-rec {scope} {check} {item}:" in line and line.startswith("warning")
                   for line in result.output.splitlines()), (scope, check, item)
    assert "Page B on the round" in result.output
    strict = runner.invoke(main, ["validate", "--strict", str(contradicting.root)])
    assert strict.exit_code == 1
    assert "error  2021-rec KZ-PAV parts_total sex" in strict.output


def test_validate_names_the_west_kazakhstan_contradiction():
    result = CliRunner().invoke(main, ["validate", str(DATA)])
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.output.splitlines() if "2013 KZ-ZAP parts_total sex" in line]
    assert "151" in line and "154" in line and "В ЗКО 102 сельских акима" in line


def report(data, scope, language="en", cycle="2021-rec", baseline="2013"):
    return Report(ReportParameters(cycle=cycle, baseline=baseline, scope=scope, language=language,
                                   data_dir=str(data.root)), data)


@pytest.mark.parametrize("name", EXPECTED)
def test_each_contradiction_is_in_the_report_and_its_csv(contradicting, tmp_path, name):
    (scope, check, item), values = EXPECTED[name]
    made = report(contradicting, scope)
    box = made["about"]
    assert list(made.views).index("about") == 2  # right after the key figures
    html = str(box.html())
    assert "Page A on the round" in html or "Page B on the round" in html
    made.save(tmp_path)
    csv = pd.read_csv(tmp_path / "tables" / "reconciliation.csv")
    assert len(found(csv, check=check, item=item)) == 1
    assert len(box.frames["reconciliation"]) == len(csv)
    assert not csv[["correction", "detail", "other_source_title"]].isna().any().any()  # "–", not empty


def test_report_words_each_check(contradicting):
    html = str(report(contradicting, "KZ-PAV")["about"].html())
    assert "gives a total of 50, but its parts sum to 55" in html
    html = str(report(contradicting, "national")["about"].html())
    assert "the sum of the tables of 9 of 14 oblasts" in html
    assert "cannot give that mean" in html


@pytest.mark.parametrize("language, words", [("kk", "Деректер туралы"), ("ru", "О данных"),
                                             ("en", "About the data")])
def test_west_kazakhstan_2013_in_every_language(language, words):
    made = Report(ReportParameters(scope="KZ-ZAP", language=language))
    about = str(made["about"].html())
    assert words in about and "151" in about and "154" in about
    assert "В ЗКО 102 сельских акима остались на своих местах" in about
    headline = str(made["headline"].html())
    assert made.writer.t.text("about.marker") in headline and 'href="#about"' in headline


def test_a_report_without_contradictions_says_so():
    made = Report(ReportParameters(scope="KZ-AKM", language="en"))
    assert made["about"].frames["reconciliation"].empty
    assert "No contradiction was found" in str(made["about"].html())
    assert "sources disagree" not in str(made["headline"].html())


def test_the_article_audit_and_the_press_report_agree_on_the_correction():
    frame = reconcile.reconcile(load_dataset(DATA))
    row = found(frame, cycle="2013", scope="national", check="parts_total", item="profession").iloc[0]
    assert (row["correction"], row["certainty"]) == ("economist 367 -> 357", "unique")
    other = found(frame, cycle="2013", check="sources", item="profession.economist").iloc[0]
    assert {other["value"], other["other_value"]} == {367, 357}


# -- a consistent table gives no row ----------------------------------------------------------
@pytest.fixture(scope="module")
def shipped():
    return load_dataset(DATA)


PROFESSIONS = ["pedagogue", "agriculture", "engineer", "economist", "lawyer", "other"]


@st.composite
def consistent_tables(draw):
    counts = draw(st.lists(st.integers(0, 120), min_size=len(PROFESSIONS), max_size=len(PROFESSIONS)))
    total = sum(counts)
    decimals = draw(st.sampled_from([None, 0, 1, 2]))
    if total == 0:
        counts[0], total = 1, 1
    return counts, total, decimals


@settings(max_examples=40, deadline=None)
@given(consistent_tables())
def test_a_consistent_table_gives_no_row(shipped, table):
    counts, total, decimals = table
    rows = [{"cycle": "2021", "scope": "national", "universe": "akims", "variable": "profession",
             "category": code, "count": float(n), "nobs": float(total),
             "percent": None if decimals is None else format_percent(n, total, decimals),
             "source": "kazinform-2021-07-25"} for code, n in zip(PROFESSIONS, counts)]
    figures = pd.DataFrame([{"cycle": "2021", "scope": "national", "key": "elected", "value": float(total),
                             "unit": "akims", "source": "kursiv-2021"}])
    data = dataclasses.replace(shipped, counts=pd.DataFrame(rows), figures=figures,
                               records=shipped.records.iloc[:0])
    frame = reconcile.reconcile(data)
    assert frame.empty, frame.to_dict("records")


def test_an_inconsistent_copy_of_it_gives_a_row(shipped):
    """The property test's table, one count changed: found (the test above can fail)."""
    rows = [{"cycle": "2021", "scope": "national", "universe": "akims", "variable": "profession",
             "category": code, "count": 10.0, "nobs": 60.0, "percent": None, "source": "kazinform-2021-07-25"}
            for code in PROFESSIONS]
    rows[3]["count"] = 11.0
    data = dataclasses.replace(shipped, counts=pd.DataFrame(rows), figures=shipped.figures.iloc[:0],
                               records=shipped.records.iloc[:0])
    frame = reconcile.reconcile(data)
    assert list(frame["check"]) == ["parts_total"]
    # Without percentages any one count, or the total, could be the wrong one: unresolved.
    assert frame["certainty"].iloc[0] == "unresolved"
    assert "economist 11 -> 10" in frame["correction"].iloc[0].split(" | ")


def test_the_run_reconciliation_lists_each_contradiction_once(contradicting, tmp_path):
    from akimstat.publish.index import write_run_reconciliation

    pages = []
    for scope in ("KZ-PAV", "KZ-KUS"):
        for language in ("kk", "en"):
            folder = tmp_path / "2021-rec" / scope / language
            report(contradicting, scope, language).save(folder)
            pages.append(folder / "report.html")
    written = write_run_reconciliation(tmp_path, pages)
    run = pd.read_csv(written)
    assert sorted(run["scope"]) == ["KZ-KUS", "KZ-PAV"]  # two reports' rows, once each
    assert set(run.columns) == set(reconcile.rows.COLUMNS)


def test_one_cycles_reconciliation_is_the_full_tables_rows_of_that_cycle():
    """A report's kernel checks its own cycle's figures only (akimstat.report.reconcile.of_cycle)."""
    import pandas as pd

    from akimstat.report.reconcile import of_cycle, reconcile

    full = reconcile(load_dataset(DATA))
    for cycle in load_dataset(DATA).codes.cycles.index:
        alone = of_cycle(load_dataset(DATA), cycle)  # a fresh data set: computed, not sliced
        pd.testing.assert_frame_equal(alone, full[full["cycle"] == cycle].reset_index(drop=True))


def test_a_cycle_with_no_contradiction_gives_every_scope_an_empty_box():
    """The corps before 2013 has no contradiction: its frame is empty, and a region's report
    was a TypeError (an empty string column's map, `&` a bool) before the box was made."""
    data = load_dataset(DATA)
    frame = reconcile.of_cycle(data, "pre-2013")
    assert frame.empty
    for scope in ("national", "KZ-KZY"):
        assert reconcile.for_report(frame, data, "pre-2013", scope).empty
    made = report(data, "KZ-KZY", cycle="pre-2013", baseline="none")
    assert made["about"].frames["reconciliation"].empty
