"""Methods per report (issue 29): a report's methods section names the methods its sections
used and no others, each statistic's own result saying which it used."""

from __future__ import annotations

import re
import string

import pytest

from akimstat import stats
from akimstat.params import ReportParameters
from akimstat.report import Report
from akimstat.report.methods_used import DESCRIPTIVE, catalogue, in_print_order, methods_of

REPORTS = {("2013", "pre-2013", "national"), ("2013", "pre-2013", "KZ-YUZ"), ("2017", "2013", "national"),
           ("2021", "2017", "national"), ("2023-district", "none", "national")}

# A value a section gives (by the end of its key) and the methods one of which must have made it.
MADE_BY = [(r"\.share\.low$", {"wilson"}), (r"\.test\.cramers_v$", {"chi2", "gof"}),
           (r"\.overdispersion\.phi$", {"funnel"}), (r"\.effective_simpson$", {"diversity"}),
           (r"\.ratio$", {"representation"}), (r"\.change\.pvalue_holm$", {"holm_region"}),
           (r"\.stayers\.pvalue$", {"mcnemar", "stuart_maxwell"}), (r"mannwhitney\.pvalue$", {"welch_mw"}),
           (r"\.changes\.pvalue$", {"cochran_q"}), (r"versus_nation\.pvalue$", {"funnel"})]


@pytest.fixture(scope="module")
def reports() -> dict[tuple, Report]:
    return {key: Report(ReportParameters(cycle=key[0], baseline=key[1], scope=key[2], language="en"))
            for key in sorted(REPORTS)}


def printed(report: Report) -> list[str]:
    return re.findall(r'data-method="([a-z0-9_]+)"', str(report.section("methods").html()))


@pytest.mark.parametrize("key", sorted(REPORTS))
def test_every_method_printed_was_used_and_every_method_used_is_printed(reports, key):
    report = reports[key]
    used = [name for result in report.results.values() for name in result.methods]
    assert printed(report) == in_print_order(used)


@pytest.mark.parametrize("key", sorted(REPORTS))
def test_each_section_names_the_methods_its_values_come_from(reports, key):
    for result in reports[key].results.values():
        for value in result.values:
            for pattern, methods in MADE_BY:
                if re.search(pattern, value):
                    assert methods & set(result.methods), (result.id, value, result.methods)
        if any(v.unit == "pvalue" for v in result.values.values()):
            assert set(result.methods) - DESCRIPTIVE, result.id


def test_a_report_without_tests_prints_no_word_on_tests_or_regions(reports):
    """The 2023 district round gives published figures only: no test or funnel is computed, so
    none is described (the review: 'one figure followed by the full methods'). Its candidates'
    counts with their totals (13 women of 249) have Wilson intervals (issue 27), described."""
    names = printed(reports[("2023-district", "none", "national")])
    assert not {"funnel", "chi2", "overlap_z", "diversity", "fisher", "score"} & set(names)
    assert "wilson" in names


def test_published_tables_alone_name_no_test_of_linked_records(reports):
    names = set(printed(reports[("2021", "2017", "national")]))
    assert "wilson" in names and not {"overlap_z", "overlap_t", "mcnemar", "chi2", "diversity"} & names


def test_linked_records_name_the_overlapping_samples_tests(reports):
    names = set(printed(reports[("2013", "pre-2013", "national")]))
    assert {"reading", "overlap_z", "overlap_t", "mcnemar", "stuart_maxwell", "funnel", "diversity"} <= names


def test_the_test_run_is_the_test_named():
    """Fisher's exact test is named only when the counts made it the test (expected below 5)."""
    assert methods_of(stats.share_difference(2, 10, 1, 12)) == ["newcombe", "fisher"]
    assert methods_of(stats.share_difference(200, 1000, 150, 1000)) == ["newcombe", "score"]
    small = stats.compare_distribution_counts({"a": 1, "b": 2, "c": 30}, {"a": 3, "b": 1, "c": 28}, seed=1)
    assert "monte_carlo" in methods_of(small) or "merged" in methods_of(small)
    with pytest.raises(KeyError):
        methods_of("no-such-method")
    with pytest.raises(TypeError):
        methods_of(3.5)


def test_every_paragraph_has_its_name_and_the_same_placeholders_in_three_languages():
    for name, text in catalogue().items():
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(text[lang]) if f} for lang in ("kk", "ru", "en")}
        assert fields["kk"] == fields["ru"] == fields["en"], name
        assert all(text[lang].startswith("**") for lang in fields), name
