"""The rural elections of 2023 (issue 30): a year of elections where terms ended, known from
Erlan Karin's national figures and two oblasts' reports. Figures of every akim elected since
2021 are kept under keys that say so and are never shown as the round's."""

from __future__ import annotations

import re

import pytest

from akimstat.data.dataset import load_dataset
from akimstat.params import ReportParameters
from akimstat.publish.plan import cycle_pairs
from akimstat.report import Report

from conftest import DATA

CYCLE = "2023-rural"


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


def report(data, scope="national", language="en") -> Report:
    return Report(ReportParameters(cycle=CYCLE, baseline="2021", scope=scope, language=language,
                                   data_dir=str(DATA)), data)


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_round_is_a_rural_cycle_compared_with_2021(data):
    assert data.codes.cycles.at[CYCLE, "counted"] == "elected"
    assert set(data.scopes_of(CYCLE)) == {"KZ-59", "KZ-43"}  # North Kazakhstan, Kyzylorda
    pairs = cycle_pairs(ReportParameters(cycle="all", baseline="previous", data_dir=str(DATA)), data)
    assert (CYCLE, "2021") in pairs and ("2023-district", "none") in pairs


@pytest.mark.parametrize("language, said", [("en", "199 posts"), ("ru", "199"), ("kk", "199")])
def test_the_national_report_gives_the_years_posts_and_no_akims_elected(data, language, said):
    """1,668 is every akim elected since 2021, not this round's: no key figure reads it so."""
    made = report(data, language=language)
    assert made.results["context"]["context.posts"].value == 199
    assert "akims" not in made.results["headline"].values
    page = words(made._repr_html_())
    assert said in page and "1668" not in page.replace(" ", "").replace("\u202f", "").replace("\xa0", "")


def test_kyzylorda_gives_its_akims_elected_in_the_year(data):
    made = report(data, "KZ-43")
    assert made.results["headline"]["akims"].value == 38
    assert "38 akims elected" in words(made.section("headline").html())


@pytest.mark.parametrize("language, said", [
    ("en", "Neither records nor published figures give a key figure"),
    ("ru", "Ни записи, ни опубликованные данные не дают основных показателей"),
    ("kk", "негізгі көрсеткіштерді жазбалар да, жарияланған деректер де бермейді")])
def test_key_figures_with_nothing_to_show_say_so(data, language, said):
    """North Kazakhstan's 2023 report (and Turkistan's of 2021) showed the heading 'Key figures'
    over an empty list."""
    headline = report(data, "KZ-59", language).section("headline").html()
    assert said in headline and "<dl" not in headline
