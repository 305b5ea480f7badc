"""Cycles known only from published tables (issue 13): regional women counts for some regions,
one region's profession counts without percentages, age in bands, a mean and a range. Each
renders; each section says what it rests on; no figure is printed that the data does not give."""

from __future__ import annotations

import json

import pytest

from akimstat.data.dataset import load_dataset
from akimstat.params import ReportParameters
from akimstat.publish.plan import cycle_pairs, plan_jobs
from akimstat.report import Report
from akimstat.report.tables import band_interval, under_bounds, from_published

from conftest import DATA, data_with_rows

@pytest.mark.parametrize("language, words", [("en", "in the tables of 4 of 14 oblasts"),
                                             ("ru", "по таблицам 4 из 14 областей"),
                                             ("kk", "14 облыстың 4 облысының кестелері бойынша")])
def test_a_key_figure_summed_from_some_regions_says_so_in_the_headline(published_2021, language, words):
    """The headline card showed "16.2% women (42 akims)" for the nation, from 4 oblasts' tables."""
    headline = report(published_2021, language=language).section("headline").html()
    assert words in headline


CYCLE = ("2021-test,2021-07-26,25,,direct,rural,elected,,Сынақ кезеңі,Тестовый цикл,A test cycle,"
         "Test cycle known from published tables only\n")
SOURCES = ("press-a,published,Press report A,Publisher A,2021-07-26,https://example.org/a,ru,Test source,,,,,,\n"
           "press-b,published,Press report B,Publisher B,2021-07-27,https://example.org/b,ru,Test source,,,,,,\n")
WOMEN = {"KZ-PAV": (12, 60), "KZ-KAR": (9, 70), "KZ-AKM": (15, 80), "KZ-ZAP": (6, 50)}
PROFESSIONS = {"pedagogue": 20, "agriculture": 15, "engineer": 10, "economist": 8, "lawyer": 4, "other": 3}
BANDS = {"age_to_35": "10", "age_36_45": "30", "age_46_55": "40", "age_from_56": "20"}


def counts_rows() -> str:
    rows = [f"2021-test,{code},akims,sex,female,{count},{nobs},,press-a,\"{count} women of {nobs}\","
            for code, (count, nobs) in WOMEN.items()]
    rows += [f"2021-test,KZ-PAV,akims,profession,{code},{count},60,,press-b,{count},"
             for code, count in PROFESSIONS.items()]
    rows += [f"2021-test,national,akims,age_band,{code},,,{percent},press-a,{percent}%," for code, percent in BANDS.items()]
    return "\n".join(rows) + "\n"


FIGURES = ("2021-test,national,elected,730,akims,press-a,730 akims elected,\n"
           "2021-test,national,mean_age,45,years,press-a,mean age 45,\n"
           "2021-test,national,youngest_age,27,years,press-b,youngest 27,\n"
           "2021-test,national,oldest_age,63,years,press-b,oldest 63,\n")


@pytest.fixture(scope="module")
def published_2021(tmp_path_factory):
    """data/ with a test cycle, 2021-test, known from published tables only."""
    return load_dataset(data_with_rows(tmp_path_factory.mktemp("published-2021") / "data", {
        "codes/cycles.csv": CYCLE, "published/sources.csv": SOURCES,
        "published/counts.csv": counts_rows(), "published/figures.csv": FIGURES}))


def report(data, scope="national", language="en", **changes) -> Report:
    return Report(ReportParameters(cycle="2021-test", baseline="2013", scope=scope, language=language,
                                   data_dir=str(data.root), **changes), data)


# -- tables and bands ---------------------------------------------------------------------------
@pytest.mark.parametrize("code, interval", [
    ("age_36_45", (36, 45)), ("age_to_35", (0, 35)), ("age_from_56", (56, float("inf")))])
def test_band_codes_are_intervals(code, interval):
    assert band_interval(code) == interval


def test_band_that_is_not_an_interval_is_refused():
    with pytest.raises(ValueError, match="not an age band code: 'young'"):
        band_interval("young")


def test_a_threshold_inside_a_band_gives_bounds_at_an_edge_an_exact_share(published_2021):
    import pandas as pd

    rows = pd.DataFrame({"category": list(BANDS), "count": None, "nobs": None, "percent": list(BANDS.values()),
                         "source": "press-a"})
    bands = from_published("age_band", rows)
    assert under_bounds(bands, 55) == pytest.approx((0.40, 0.80))  # 46-55 holds people of 55
    assert under_bounds(bands, 46) == pytest.approx((0.40, 0.40))
    assert under_bounds(bands, 36) == pytest.approx((0.10, 0.10))


# -- each kind of published data renders, saying what it rests on ---------------------------------
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("scope", ["national", "KZ-PAV", "KZ-ZAP"])
def test_every_section_renders_from_published_tables(published_2021, scope, language):
    html = report(published_2021, scope, language)._repr_html_()
    assert "Traceback" not in html and len(html) > 2000


def test_regional_women_summed_for_the_nation_say_their_coverage(published_2021):
    nation = report(published_2021)
    women = nation.results["women"]
    assert women["women.count"].value == 42 and women["women.nobs"].value == 260  # not "akims": 4 oblasts
    assert tuple(women.facts["coverage"]) == (4, 14)
    assert len(set(women.facts["coverage"].codes)) == 4  # the four oblasts, named
    html = nation.section("women").html()
    assert "4 of 14 oblasts" in html
    assert "women.base.share" not in women.values  # a sum of 4 oblasts is not compared with the nation
    assert "cover different regions" in html


def test_profession_counts_without_percentages(published_2021):
    pav = report(published_2021, "KZ-PAV")
    values = pav.results["profession"].values
    assert values["profession.pedagogue.count"].value == 20
    assert values["profession.pedagogue.share"].value == pytest.approx(20 / 60)
    assert values["profession.pedagogue.share"].rests_on == "published: press-b"
    assert "profession.pedagogue.share.low" in values
    html = pav.section("profession").html()
    assert "Press report B" in html and "Unknown" not in html


def test_age_from_bands_mean_and_range(published_2021):
    nation = report(published_2021)
    age = nation.results["age"]
    assert (age["under.share.least"].value, age["under.share.most"].value) == pytest.approx((0.4, 0.8))
    assert "under.share" not in age.values  # no guess inside the bounds
    assert age["age.mean"].value == 45 and age["age.youngest"].value == 27 and age["age.oldest"].value == 63
    html = nation.section("age").html()
    assert "Between 40.0% and 80.0%" in html and "not a guess" in html


def test_no_figure_the_data_does_not_give(published_2021):
    for scope in ("national", "KZ-PAV"):
        shown = set(report(published_2021, scope).figures)
        invented = {k for k in shown if k.startswith(("age.median", "incumbents", "ethnicities", "education.",
                                                      "unit_type.", "ethnicity.", "district"))}
        assert not invented, invented
    nation = report(published_2021)
    assert nation.figures["akims"].value == 730 and nation.figures["akims"].rests_on == "published: press-a"
    assert "1 of 14 oblasts" in nation.section("profession").html()  # one oblast's table, said so


def test_a_section_with_no_data_says_so_in_one_sentence(published_2021):
    html = report(published_2021, "KZ-ZAP").section("education").html()
    assert "Neither records nor a published table give this" in html


def test_every_cycle_against_the_one_before_by_default(published_2021):
    params = ReportParameters(cycle="all", baseline="previous", data_dir=str(published_2021.root))
    pairs = cycle_pairs(params, published_2021)
    assert ("2013", "pre-2013") in pairs and ("2021-test", "2021") in pairs
    assert ("2023-district", "none") in pairs  # no earlier election of district akims
    jobs = plan_jobs(params, published_2021, languages=["en"])
    outputs = {job.output for job in jobs}
    assert {"2013/national/en", "2013/KZ-PAV/en", "2021-test/national/en", "2021-test/KZ-PAV/en",
            "2021-test/KZ-ZAP/en"} <= outputs
    assert "2021-test/KZ-MAN/en" not in outputs  # no data on Mangystau in the test cycle


def test_trend_across_cycles(published_2021):
    nation = report(published_2021)
    trend = nation.results["trend"]
    assert {"trend.women.2013", "trend.women.2021-test", "trend.women.pre-2013"} <= set(trend.values)
    assert trend["trend.women.2021-test"].rests_on == "published: press-a"
    assert ("2021-test", "coverage") in trend.facts["changes"]
    assert "Publisher A" in nation.section("trend").html()


# -- regions across boundary changes -------------------------------------------------------------
def test_a_region_coded_by_its_successor_keeps_its_comparison():
    """2021 data name Pavlodar KZ-55, 2013 data KZ-PAV: the same territory, compared."""
    data = load_dataset(DATA)
    assert data.same_territory("KZ-55", "2013") == ["KZ-PAV"]
    assert data.same_territory("KZ-19", "2013") == ["KZ-ALM"]  # Almaty before the 2022 split
    assert data.same_territory("KZ-61", "2013") == []  # Turkistan did not exist in 2013


def test_boundary_changes_between_cycles_are_found():
    data = load_dataset(DATA)
    assert data.boundary_changed("KZ-YUZ", "2017", "2021")  # South Kazakhstan split in 2018
    assert data.boundary_changed("KZ-19", "2021", "2023-district")  # Zhetisu split off in 2022
    assert not data.boundary_changed("KZ-PAV", "2013", "2021")
    assert not data.boundary_changed("KZ-19", "2013", "2021")


def test_regions_that_existed_at_a_cycles_date():
    data = load_dataset(DATA)
    for cycle, count in (("2013", 14), ("2021", 14), ("2023-district", 17)):
        assert len(data.regions_existing(cycle)) == count, cycle
    assert "KZ-YUZ" in data.regions_existing("2013") and "KZ-61" in data.regions_existing("2021")


def test_synthetic_records_are_never_the_baseline_of_real_data(published_2021):
    """A cycle known from real published tables is not compared with the synthetic 2013 records;
    the report says why, and its title names exactly which data is synthetic (none of its own)."""
    pav = report(published_2021, "KZ-PAV")
    women = pav.results["women"]
    assert women.facts["no_baseline"] == "synthetic" and "women.base.share" not in women.values
    assert "invented akims are not a baseline for real ones" in pav.section("women").html()
    assert "profession.test.pvalue" not in pav.figures
    title = pav.section("title").html()
    assert "The baseline is synthetic" in title and "generated (akimstat synth)" not in title


def test_the_shipped_2021_round_says_only_what_was_published():
    """The real 2021 round: 730 posts, no national count of akims elected published."""
    data = load_dataset(DATA)
    nation = Report(ReportParameters(cycle="2021", baseline="2017", data_dir=str(DATA)), data)
    context = nation.section("context").html()
    assert "730" in context and "0 akims" not in context
    assert "akims" not in nation.figures  # nobody published how many were elected nationally
    assert "4 of 14 oblasts" in nation.section("women").html()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_cycle_compared_with_nothing_saves_every_file(language, tmp_path):
    """The default render gives the 2023 district round baseline 'none' (no district round before
    it): its spreadsheet cover says it is compared with nothing (it named the cycle 'none')."""
    import openpyxl

    from akimstat.labels import publish_words

    made = Report(ReportParameters(cycle="2023-district", baseline="none", language=language))
    made.save(tmp_path)
    cover = openpyxl.load_workbook(tmp_path / "report.xlsx").worksheets[0]
    about = publish_words(language)["xlsx.about_text.no_baseline"].split("{")[0]
    assert any(str(c.value).startswith(about) for c in cover["A"] if c.value)
    assert (tmp_path / "figures.csv").is_file() and (tmp_path / "datapackage.json").is_file()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_shipped_2017_round_cites_its_sources_as_text_and_names_its_bands(language):
    """A sentence naming several published sources escaped their markup a second time, so the
    page showed '<span lang="ru">…</span>'; the age bands were shown by their codes (age_36_45)."""
    html = Report(ReportParameters(cycle="2017", baseline="2013", language=language))._repr_html_()
    assert "&lt;span" not in html and "&amp;lt;" not in html
    assert "age_36_45" not in html and ">36–45<" in html


@pytest.mark.parametrize("language, rural, district", [
    ("en", "rural-level akims", "akims of districts and cities of regional significance"),
    ("ru", "акимов сельского уровня", "акимов районов и городов областного значения"),
    ("kk", "ауылдық деңгейдегі әкімдер", "аудандар мен облыстық маңызы бар қалалар әкімдерінің")])
def test_the_title_names_the_level_of_akims_the_cycle_elects(language, rural, district):
    """The 2023 pilot round elected district akims; its reports were titled 'the corps of
    rural-level akims' and described akims of rural okrugs and villages."""
    from akimstat.data.dataset import load_dataset
    from akimstat.publish.plan import title_of

    data = load_dataset(DATA)
    params = ReportParameters(cycle="2023-district", baseline="none", language=language)
    made = Report(params, data)
    front = made.section("title").html() + made.section("provenance").html()
    assert district in front and rural not in front
    assert district in title_of(params, data)
    assert rural in title_of(params.replace(cycle="2013", baseline="pre-2013"), data)


def test_the_trend_gives_professions_in_every_cycle_that_publishes_them():
    """Issue 13: the trend across cycles covers professions too: East Kazakhstan's published 2021
    table beside the 2013 records; left out when profession is a sensitive variable."""
    made = Report(ReportParameters(cycle="2021", baseline="2017", scope="KZ-63", language="en"))
    trend = made.results["trend"]
    assert trend.facts["distributions"]["profession"][0] == "pedagogue"
    published = made.data.data.counts
    row = published[(published["cycle"] == "2021") & (published["scope"] == "KZ-63")
                    & (published["variable"] == "profession") & (published["category"] == "pedagogue")].iloc[0]
    assert trend["trend.profession.pedagogue.2021"].value == pytest.approx(row["count"] / row["nobs"])
    assert "trend.profession.pedagogue.2013" in trend.values
    assert "Professions: share of the akims in each cycle" in made.section("trend").html()
    hidden = Report(ReportParameters(cycle="2021", baseline="2017", scope="KZ-63", language="en",
                                     sensitive_variables=["ethnicity", "profession"]))
    assert not [key for key in hidden.results["trend"].values if "profession" in key]
