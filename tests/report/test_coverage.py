"""What a figure rests on is part of the figure (issue 22, part A): a national figure summed
from some oblasts' tables carries its coverage, universe, status and sources in figures.csv,
the data package and the spreadsheet, and every caption, chart, trend row and comparison says
it; "Republic of Kazakhstan" titles no figure of some oblasts, and no such figure is compared
or joined with a complete one.

The reports are rendered from a copy of the shipped data, whose 2021 round is known from the
press tables of 4 of 14 oblasts (women) and of 1 (professions), beside the complete 2013 one.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from workbooks import sheets_by_table
from click.testing import CliRunner

from akimstat.report import charts
from akimstat.cli import main
from akimstat.report.coverage import Coverage, coverage_name
from akimstat.data.dataset import load_dataset
from akimstat.labels import Labels
from fixtures.hostile.shared import once

DATA = Path(__file__).resolve().parents[2] / "data"
FOUR = "4 of 14 oblasts (Aktobe, Atyrau, Kyzylorda, East Kazakhstan)"
EAST = "1 of 14 oblasts (East Kazakhstan)"
NATION = "Republic of Kazakhstan"
UNIVERSES = ("akims", "candidates", "posts", "voters", "electors", "elections", "parties", "population",
             "rules", "staff")


def render_2021(folder: Path) -> Path:
    shutil.copytree(DATA, folder / "data")
    result = CliRunner().invoke(main, ["render", "--data", str(folder / "data"), "--cycle", "2021", "--baseline",
                                       "2017", "--scope", "national", "--scope", "KZ-63", "--lang", "en",
                                       "--output", str(folder / "out"), "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    return folder / "out" / "2021"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return once(tmp_path_factory, "coverage-2021", render_2021) / "out" / "2021"


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_coverage_is_named_in_each_language():
    four, codes = Coverage(("KZ-15", "KZ-23", "KZ-43", "KZ-63"), 14), load_dataset(DATA).codes
    assert coverage_name(Labels("en", codes), four) == FOUR
    assert coverage_name(Labels("ru", codes), four).startswith("4 из 14 областей (Актюбинская")
    assert coverage_name(Labels("kk", codes), four).startswith("14 облыстың ішінен 4 облыс (Ақтөбе")
    assert tuple(four) == (4, 14) and not four.complete and Coverage(("KZ-15",), 1).complete


def test_a_context_figure_counts_what_it_counts_not_akims():
    """Turnout and voters were 'akims' and registered voters 'candidates' (read from the key's
    words); each context figure now says what it counts, and only that (choice.CONTEXT_UNIVERSES)."""
    from akimstat.report.choice import CONTEXT_FIGURES, CONTEXT_UNIVERSES
    from akimstat.report.present import universe_of

    expected = {"context.turnout_percent": "voters", "context.voters_registered": "voters",
                "context.votes_cast": "voters", "context.experiment_2005_electors": "electors",
                "context.registered": "candidates", "context.posts": "posts",
                "context.candidate_min_age": "rules", "context.population_millions": "population",
                "context.polling_stations": "elections", "context.won_by_one_vote": "elections",
                "context.share_of_all_akims": "akims", "context.extra_staff_units": "staff"}
    assert {key: universe_of(key) for key in expected} == expected
    assert {key for key, *_ in CONTEXT_FIGURES.values()} <= set(CONTEXT_UNIVERSES)
    assert set(CONTEXT_UNIVERSES.values()) <= set(UNIVERSES)
    assert universe_of("published.posts.unit_type.village.count") == "posts"
    assert universe_of("candidates.sex.nobs") == "candidates"
    assert universe_of("trend.women_candidates.2021") == "candidates"
    assert universe_of("akims.nomination.self_nominated.count") == "akims"  # was 'candidates'
    assert universe_of("women.share") == "akims"


@pytest.mark.render
def test_figures_csv_carries_coverage_universe_status_and_sources(out):
    figures = pd.read_csv(out / "national" / "en" / "figures.csv", dtype=str, keep_default_na=False).set_index("key")
    women = figures[figures.index.str.startswith("women.")]
    assert len(women) and (women["coverage"] == "partial").all()
    assert (women["regions_covered"] == "KZ-15 KZ-23 KZ-43 KZ-63").all() and (women["regions_of"] == "14").all()
    professions = figures[figures.index.str.startswith("profession.")]
    assert len(professions) and (professions["regions_covered"] == "KZ-63").all()
    assert figures.at["trend.women.2017", "coverage"] == "partial"  # Atyrau alone
    assert figures.at["trend.women.2013", "coverage"] == "national"
    assert figures.at["trend.women.2013", "status"] == "synthetic"
    published = figures["rests_on"].str.startswith("published")
    assert (figures.loc[published, "status"] == "published").all() and figures.loc[published, "sources"].ne("").all()
    assert set(figures["universe"]) <= set(UNIVERSES)
    assert figures.at["context.posts", "universe"] == "posts"
    own = figures[~figures.index.str.startswith("trend.")]  # 2021's own figures: no records in 2021
    assert own["status"].isin(["published", "parameter"]).all() and not own["rests_on"].str.contains("records").any()


@pytest.mark.render
def test_no_caption_or_chart_titles_some_oblasts_as_the_republic(out):
    html = (out / "national" / "en" / "report.html").read_text(encoding="utf-8")
    titles = re.findall(r"<caption>(.*?)</caption>", html) + re.findall(r"<figcaption>(.*?)</figcaption>", html)
    # Only the candidates (458 women of 2,297) and the akims by party (of 730, Wikipedia) are
    # published for the whole country in 2021; nothing known from some oblasts' tables is titled
    # as the republic.
    national = r"(Shares: )?(Candidates |Akims elected, by party)"
    assert titles and not [t for t in titles if NATION in t and not re.match(national, t)]
    assert f"Candidates by sex: {NATION}" in html
    assert f"Professions of the akims: {EAST}" in html
    assert f"in the tables of {FOUR}" in html  # the key figure
    assert f"This is the sum of the published tables of {FOUR[:-1]}), not the whole country" in html
    assert "Not compared with “The 2017 akim elections”" in html or "cover different regions" in html
    pdf = plain(subprocess.run(["pdftotext", str(out / "national" / "en" / "report.pdf"), "-"],
                               capture_output=True, text=True, check=True).stdout)
    assert f"Professions of the akims: {EAST}" in pdf and "a line joins only cycles of the same coverage" in pdf


@pytest.mark.render
def test_the_trend_marks_every_value_with_what_it_covers(out):
    html = (out / "national" / "en" / "report.html").read_text(encoding="utf-8")
    trend = html[html.index('id="trend"'):]
    trend = trend[:trend.index("</section>")]
    cells = re.findall(r'<td class="num">(.*?)</td>', trend)
    shown = [c for c in cells if c != "not published"]
    assert shown and all(re.search(r"<sup>[a-z]</sup>$", c) for c in shown)
    assert "synthetic records, Republic of Kazakhstan" in trend and "published tables, 1 of 14 oblasts (Atyrau)" in trend
    assert f"published tables, {FOUR}" in trend


def test_the_trend_chart_breaks_its_line_where_the_mark_changes():
    matplotlib.use("Agg")
    frame = pd.DataFrame({"label": ["A", "B", "C", "D"], "series": ["women"] * 4, "value": [0.1, 0.11, 0.06, 0.09],
                          "low": [float("nan")] * 4, "high": [float("nan")] * 4, "mark": ["a", "a", "b", "c"],
                          "hollow": [True, True, False, False]})
    figure = charts.trend_chart(frame, ["A", "B", "C", "D"], "t", "y")
    joined = [line for line in figure.axes[0].get_lines() if line.get_linestyle() != "None" and len(line.get_xdata()) > 1]
    assert [list(line.get_xdata()) for line in joined] == [[0, 1]]  # A–B only: B–C and C–D change mark
    hollow = [line for line in figure.axes[0].get_lines() if line.get_markerfacecolor() == "white"]
    assert [list(line.get_xdata()) for line in hollow] == [[0, 1]]
    assert sorted(t.get_text() for t in figure.axes[0].texts) == ["a", "a", "b", "c"]


@pytest.mark.render
def test_a_region_is_compared_with_the_pool_of_the_oblasts_given_not_the_nation(out):
    html = plain((out / "KZ-63" / "en" / "report.html").read_text(encoding="utf-8"))
    assert "in the pool of the 4 oblasts with data (Aktobe, Atyrau, Kyzylorda, East Kazakhstan)" in html
    assert "nationally" not in html


@pytest.mark.render
def test_spreadsheet_and_data_package_carry_the_coverage(out):
    import openpyxl

    book = openpyxl.load_workbook(out / "national" / "en" / "report.xlsx")
    sheets = sheets_by_table(book)
    assert EAST in sheets["profession"]["A1"].value
    header = [c.value for c in next(sheets["figures"].iter_rows(min_row=1, max_row=40)) if c.value]
    rows = [[c.value for c in row] for row in sheets["figures"].iter_rows()]
    head = next(r for r in rows if "Coverage" in [str(v).split("\n")[0] for v in r if v])
    assert {"Coverage", "Regions covered", "Regions in all", "Universe", "Status", "Sources"} <= {
        str(v).split("\n")[0] for v in head if v}, header  # the spreadsheet's headers are words
    package = json.loads((out / "national" / "en" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    for name in ("coverage", "regions_covered", "regions_of", "universe", "status", "sources"):
        assert fields[name]["description"], name
