"""Every published table reaches a report (issue 27): each (cycle, universe, variable) of
data/published/counts.csv is shown by a section of the report spec in that cycle's national
report, or in the report of a region that publishes it; and the figures of the election in
numbers (posts, candidates, turnout, voters, polling stations) that figures.csv gives are shown
by the context section of the report of their scope.

Which universes and variables a section shows is read from its spec entry and checked against
its computed result (a section with no data for a cycle shows nothing of it)."""

from __future__ import annotations

import pytest

from akimstat.data.dataset import load_dataset
from akimstat.params import NATIONAL, NO_BASELINE, ReportParameters
from akimstat.report import sections
from akimstat.report.choice import CONTEXT_FIGURES, figure_used
from akimstat.report.scope import ScopeData
from akimstat.report.spec import sections_of

from conftest import DATA

#: Published tables no section shows, and why (a new table must reach a section or be listed).
LEFT_OUT = {
    # A press report's table of a sensitive variable beside the records is not repeated: its
    # small counts would show what the suppressed tables hide (distribution.add_published).
    ("2013", "akims", "ethnicity"),
}

#: The figures of the election in numbers the issue asks for.
ELECTION_FIGURES = ("posts", "nominated", "registered", "turnout_percent", "polling_stations",
                    "voters_registered", "voters_expected", "votes_cast", "parties_nominating")


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


def scope_data(data, cycle: str, scope: str) -> ScopeData:
    return ScopeData(data, ReportParameters(cycle=cycle, baseline=NO_BASELINE, scope=scope, data_dir=str(DATA)))


#: The section kinds that show published tables.
SHOWING = ("distribution", "share", "age", "universe", "path")


def shows(entry: dict, result) -> set[tuple[str, str]]:
    """Return the (universe, variable) pairs the computed `result` of a spec `entry` shows."""
    if result is None or result.facts.get("no_data"):
        return set()
    kind, variable = entry["section"], entry.get("variable")
    if kind in ("distribution", "share"):
        found = {("akims", variable)}
        return found | ({("posts", variable)} if "published.posts" in result.facts else set())
    if kind == "age":
        return {("akims", "age_under"), ("akims", "age_band")}
    if kind == "universe":
        return {(entry["universe"], variable)}
    if kind == "path":
        return {(stage, variable) for stage in ("candidates", "akims")} if f"path.{variable}.chance_ratio" in result.values \
            else set()
    return set()


def shown_in(data, cycle: str, scope: str) -> set[tuple[str, str]]:
    here = scope_data(data, cycle, scope)
    return {pair for entry in sections_of(scope, here.variables) if entry["section"] in SHOWING
            for pair in shows(entry, sections.compute(here, entry))}


def published_tables(data) -> dict[tuple[str, str, str], list[str]]:
    """(cycle, universe, variable) -> the scopes that publish it."""
    counts = data.counts
    return {key: sorted(rows["scope"].unique())
            for key, rows in counts.groupby(["cycle", "universe", "variable"])}


def test_every_published_table_reaches_a_section(data):
    cache: dict = {}
    missing = []
    for (cycle, universe, variable), scopes in published_tables(data).items():
        if (cycle, universe, variable) in LEFT_OUT:
            continue
        reports = [NATIONAL] + [s for s in scopes if s != NATIONAL and s in data.scopes_of(cycle)]
        for scope in reports:
            if (cycle, scope) not in cache:
                cache[cycle, scope] = shown_in(data, cycle, scope)
            if (universe, variable) in cache[cycle, scope]:
                break
        else:
            missing.append(f"{cycle} {universe} {variable} ({', '.join(scopes)})")
    assert not missing, "published tables no section shows: " + "; ".join(missing)


def test_the_election_in_numbers_shows_every_figure_of_the_election(data):
    figures = data.figures[data.figures["key"].isin(ELECTION_FIGURES)]
    missing, results = [], {}
    for (cycle, scope, key), _ in figures.groupby(["cycle", "scope", "key"]):
        if scope != NATIONAL and scope not in data.scopes_of(cycle):
            continue
        if figure_used(data, cycle, scope, key)[1] == "unresolved":
            continue  # the sources tie: the report says so among the contradictions
        if (cycle, scope) not in results:
            results[cycle, scope] = sections.compute(scope_data(data, cycle, scope), {"section": "context"})
        value_key = CONTEXT_FIGURES.get(key, (f"context.{key}",))[0]
        if value_key not in results[cycle, scope].values:
            missing.append(f"{cycle} {scope} {key}")
    assert not missing, "figures the election in numbers leaves out: " + "; ".join(missing)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_universe_section_of_the_spec_has_its_title_in_every_language(lang):
    from akimstat.labels import Labels
    from akimstat.report.spec import report_spec

    t = Labels(lang)
    entries = [e for kind in report_spec().values() for e in kind if e["section"] in ("universe", "path")]
    assert entries
    for entry in entries:
        title = (f"universe.title.{entry['universe']}.{entry['variable']}" if entry["section"] == "universe"
                 else f"path.title.{entry['variable']}")
        assert t.has(title), entry
        assert t.has(f"col.{entry['variable']}"), entry


def test_small_counts_of_a_sensitive_variable_among_candidates_are_hidden(tmp_path):
    """Suppression applies to candidates as to akims: 2 Russian candidates of 210 are not shown,
    nor their percentage or share; the 200 Kazakh candidates are."""
    from conftest import data_with_rows

    extra = ("2021,KZ-61,candidates,ethnicity,kazakh,200,210,95.2,qazinform-turkistan-2021,test,\n"
             "2021,KZ-61,candidates,ethnicity,russian,2,210,1.0,qazinform-turkistan-2021,test,\n")
    data = load_dataset(data_with_rows(tmp_path / "data", {"published/counts.csv": extra}))
    entry = {"section": "universe", "universe": "candidates", "variable": "ethnicity"}
    for scope in (NATIONAL, "KZ-61"):
        r = sections.compute(scope_data(data, "2021", scope), entry)
        assert r.facts["sensitive"]
        assert r["candidates.ethnicity.kazakh.count"].value == 200
        assert not any(key.startswith("candidates.ethnicity.russian") for key in r.values)
        frame = r.frames[r.id].set_index("ethnicity")
        assert frame.loc["russian"].isna().all()


def test_the_trend_has_a_row_of_women_among_the_candidates(data):
    """The trend showed women among the akims only: 458 women of 2,297 candidates in 2021 did
    not reach it."""
    here = scope_data(data, "2021", NATIONAL)
    entry = next(e for e in sections_of(NATIONAL) if e["section"] == "trend")
    r = sections.compute(here, entry)
    assert r["trend.women_candidates.2021"].value == pytest.approx(458 / 2297)
    assert r["trend.women_candidates.2021.low"].value < 458 / 2297 < r["trend.women_candidates.2021.high"].value
    assert r["trend.women.2021"].coverage is not None  # the akims: 4 oblasts; the candidates: the nation
    assert r["trend.women_candidates.2021"].coverage is None


def test_a_round_is_compared_with_the_baseline_round_only_like_with_like(tmp_path):
    """Candidates by nomination of 2021 against those of 2017 when both give counts of the whole
    country; never against a round of another level of akims (2023's district akims)."""
    from conftest import data_with_rows

    extra = ("2017,national,candidates,nomination,party,1000,3951,,echo-2017,test,\n"
             "2017,national,candidates,nomination,self_nominated,2951,3951,,echo-2017,test,\n")
    data = load_dataset(data_with_rows(tmp_path / "data", {"published/counts.csv": extra}))
    entry = {"section": "universe", "universe": "candidates", "variable": "nomination"}
    here = ScopeData(data, ReportParameters(cycle="2021", baseline="2017", scope=NATIONAL, data_dir=str(data.root)))
    r = sections.compute(here, entry)
    assert r["candidates.nomination.party.change"].value == pytest.approx(878 / 2297 - 1000 / 3951)
    assert 0 <= r["candidates.nomination.party.change.pvalue"].value < 0.001
    from akimstat.report import Report

    html = Report(ReportParameters(cycle="2021", baseline="2017", scope=NATIONAL, language="ru",
                                   data_dir=str(data.root)), data).section("candidates_nomination").html()
    assert "Сравнение с «Выборы акимов 2017 года» (те же регионы)" in html
    district = ScopeData(data, ReportParameters(cycle="2023-district", baseline="2021", scope=NATIONAL,
                                                data_dir=str(data.root)))
    assert sections.compute(district, entry).facts["no_baseline"] == "level"
