"""From candidate to akim (issue 27): the 2021 comparison of women candidates and women akims
rests on the oblasts that publish both tables (Aktobe, Kyzylorda), never on the national
candidates (458 women of 2,297) against the akims of 4 oblasts; the others are named as left
out, with the reason; a table with more elected than candidates is refused."""

from __future__ import annotations

import pytest

from akimstat.data.dataset import load_dataset
from akimstat.params import ReportParameters
from akimstat.report import Report, sections
from akimstat.report.coverage import Coverage
from akimstat.report.scope import ScopeData

from conftest import DATA, data_with_rows

PATH = {"section": "path", "variable": "sex", "category": "female"}


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


def compute(data, scope="national", cycle="2021"):
    return sections.compute(ScopeData(data, ReportParameters(cycle=cycle, baseline="none", scope=scope,
                                                             data_dir=str(data.root))), PATH)


def test_women_are_compared_over_the_oblasts_that_publish_both(data):
    r = compute(data)
    assert r.facts["coverage"] == Coverage(("KZ-15", "KZ-43"), 14)
    # Aktobe: 115 candidates, 97 men (so 18 women), 5 women of 35 akims; Kyzylorda: 9 women of
    # 151 candidates, 1 of 40 akims. Women: 6 elected of 27; men: 69 of 239.
    assert [r[f"path.sex.candidates.{k}"].value for k in ("count", "other")] == [27, 239]
    assert [r[f"path.sex.akims.{k}"].value for k in ("count", "other")] == [6, 69]
    assert r["path.sex.chance_ratio"].value == pytest.approx((6 / 27) / (69 / 239))
    assert r["path.sex.chance_ratio"].coverage == Coverage(("KZ-15", "KZ-43"), 14)
    assert r.facts["left"] == {"no_candidates": ["KZ-23", "KZ-63"], "no_akims": ["KZ-47", "KZ-61"]}


@pytest.mark.parametrize("language, words", [("en", "2 of 14 oblasts (Aktobe, Kyzylorda)"),
                                             ("ru", "2 из 14 областей (Актюбинская, Кызылординская)"),
                                             ("kk", "14 облыстың ішінен 2 облыс (Ақтөбе, Қызылорда)")])
def test_the_section_says_which_oblasts_and_leaves_the_national_candidates_out(data, language, words):
    report = Report(ReportParameters(cycle="2021", baseline="none", scope="national", language=language,
                                     data_dir=str(DATA)), data)
    html = report.section("path_sex").html()
    assert words in html
    assert "2 297" not in html.replace("\u00a0", " ") and "2,297" not in html  # the national candidates


def test_more_elected_than_candidates_is_refused(tmp_path):
    extra = ("2021,KZ-23,candidates,sex,female,0,40,,kazinform-atyrau-2021,test,\n"
             "2021,KZ-23,candidates,sex,male,40,40,,kazinform-atyrau-2021,test,\n")
    data = load_dataset(data_with_rows(tmp_path / "data", {"published/counts.csv": extra}))
    r = compute(data)
    assert "KZ-23" in r.facts["left"]["subset"]  # 1 woman elected of no woman candidate
    assert "KZ-23" not in r.facts["coverage"].codes


def test_the_2021_posts_are_settled_by_the_code_list_and_about_the_data_says_so(data):
    """730 or 775 posts in 2021: cycles.csv states 730, which settles it; About the data said
    only "the rule for choosing between sources"."""
    from akimstat.report import reconcile

    frame = reconcile.reconcile(data)
    posts = frame[(frame["cycle"] == "2021") & (frame["item"] == "posts") & (frame["scope"] == "national")]
    assert not posts.empty
    assert set(posts["used_because"]) == {"code_list"} and set(posts["used"].astype(float)) == {730.0}
    report = Report(ReportParameters(cycle="2021", baseline="none", scope="national", language="en",
                                     data_dir=str(DATA)), data)
    assert "The code list of election cycles: the number of posts up for election." in report.section("about").html()


def test_the_methods_name_the_ratio_of_the_rates_of_election(data):
    report = Report(ReportParameters(cycle="2021", baseline="none", scope="national", language="en",
                                     data_dir=str(DATA)), data)
    assert "election_chance" in report.results["path_sex"].methods
    assert "Miettinen–Nurminen score interval" in report.section("methods").html()
