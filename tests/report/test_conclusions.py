"""A plain conclusion after each statistical result (issue 29), worded from the p-value the
report concludes on (adjusted for every region in a regional report) and the estimate's sign."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import pytest

from akimstat.labels import Labels
from akimstat.params import ReportParameters
from akimstat.report import Report
from akimstat.report.sections import conclusion

REGIONS_2013 = ["KZ-AKM", "KZ-AKT", "KZ-ALM", "KZ-ATY", "KZ-VOS", "KZ-ZHA", "KZ-ZAP", "KZ-KAR", "KZ-KUS",
                "KZ-KZY", "KZ-MAN", "KZ-PAV", "KZ-SEV", "KZ-YUZ"]


def writer(lang: str, alpha: float = 0.05):
    return SimpleNamespace(t=Labels(lang), params=ReportParameters(alpha=alpha, language=lang))


@pytest.mark.parametrize("estimate, p, alpha, said", [
    (0.013, 0.006, 0.05, "rose by more than chance allows"), (-0.02, 0.001, 0.05, "fell by more than chance allows"),
    (0.013, 0.06, 0.05, "did not change beyond what chance allows"),
    (0.013, 0.006, 0.001, "did not change beyond what chance allows")])  # alpha is the parameter's
def test_a_change_is_called_one_only_below_alpha(estimate, p, alpha, said):
    text = conclusion.change(writer("en", alpha), "share", estimate, p, subject="The share of women")
    assert text == f"The share of women {said}."


def test_no_p_value_no_conclusion():
    assert conclusion.change(writer("en"), "age", 1.0, float("nan")) == ""
    assert conclusion.differ(writer("ru"), "mix", float("nan")) == ""


@pytest.mark.parametrize("lang, words", [("ru", "Доля женщин выросла больше, чем допускает случайность."),
                                         ("kk", "Әйелдердің үлесі кездейсоқтық рұқсат ететіннен көбірек өсті.")])
def test_the_conclusion_is_in_the_reports_language(lang, words):
    text = str(Report(ReportParameters(language=lang)).section("women").html())
    assert words in html.unescape(text)


@pytest.fixture(scope="module")
def regions() -> dict[str, Report]:
    return {code: Report(ReportParameters(scope=code, language="en")) for code in REGIONS_2013}


def test_a_regional_conclusion_follows_the_p_value_adjusted_for_every_region(regions):
    """Where a region's own p-value is below alpha but its Holm-adjusted one is not, its
    conclusion is "did not change": some such region exists in the 2013 data, or the test
    would prove nothing."""
    told_apart = 0
    for code, report in regions.items():
        result = report.results["women"]
        raw, holm = result["women.change.pvalue"].value, result["women.change.pvalue_holm"].value
        text = html.unescape(re.sub(r"<[^>]+>", "", str(report.section("women").html())))
        changed = "The share of women rose" in text or "The share of women fell" in text
        assert changed == (holm < 0.05), code
        told_apart += raw < 0.05 <= holm
    assert told_apart


@pytest.mark.parametrize("section", ["women", "age", "profession", "education", "unit_type"])
def test_every_tested_result_has_a_conclusion(section):
    text = html.unescape(re.sub(r"<[^>]+>", "", str(Report(ReportParameters(language="en")).section(section).html())))
    tests = len(re.findall(r"\(p [=<] [0-9.]+\)|; p [=<] [0-9.]+\)|, p [=<] [0-9.]+;", text))
    concluded = len(re.findall(r"than chance allows\.|what chance allows\.", text))
    assert tests and concluded >= tests, (tests, concluded)
