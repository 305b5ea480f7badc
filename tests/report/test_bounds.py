"""Bounds are labelled as bounds, and regional changes are concluded as the methods say
(issue 22, part B)."""

from __future__ import annotations

import re

import pytest

from akimstat.params import ReportParameters
from akimstat.report import Report


@pytest.mark.parametrize("lang, words", [("en", "at least"), ("ru", "не менее"), ("kk", "кемінде")])
def test_the_effective_number_with_pooled_groups_is_said_to_be_a_lower_bound(lang, words):
    made = Report(ReportParameters(cycle="2013", baseline="pre-2013", scope="KZ-MAN", language=lang))
    html = made.section("ethnicity").html()
    assert re.search(rf"{words} 1[.,]00", html), html
    figures = made.figures_frame().set_index("key")
    for key in ("ethnicities.effective_simpson", "ethnicities.effective_shannon"):
        assert figures.at[key, "text"].startswith(words)


def test_an_effective_number_of_every_group_shown_is_not_a_bound():
    made = Report(ReportParameters(cycle="2013", baseline="pre-2013", scope="KZ-MAN", language="en",
                                   suppression_threshold=0))
    assert "at least" not in made.section("ethnicity").html()


def test_regional_changes_are_concluded_from_holm_over_all_regions():
    """Akmola, Pavlodar and Kostanay: each 95% interval excludes 0, but Holm over the 14
    regions gives p = 0.23-0.33; Aktobe and South Kazakhstan stay below 0.05."""
    nation = Report(ReportParameters(cycle="2013", baseline="pre-2013", language="en"))
    changes = nation.section("women").frames["women_change_by_region"].set_index("region")
    assert changes.loc[["KZ-AKM", "KZ-PAV", "KZ-KUS"], "pvalue_holm"].between(0.2, 0.35).all()
    assert (changes.loc[["KZ-AKM", "KZ-PAV", "KZ-KUS"], "low"] * changes.loc[["KZ-AKM", "KZ-PAV", "KZ-KUS"], "high"] > 0).all()
    html = nation.section("women").html()
    assert "only these regions' changes differ from zero: Aktobe Region, South Kazakhstan Region;" in html
    assert "unadjusted, one region at a time" in html
    for scope, verdict in (("KZ-AKM", "within"), ("KZ-PAV", "within"), ("KZ-KUS", "within"), ("KZ-AKT", "beyond")):
        made = Report(ReportParameters(cycle="2013", baseline="pre-2013", scope=scope, language="en"))
        text = made.section("women").html()
        assert f"Adjusted for the changes of all 14 regions (Holm): p = " in text, scope
        said = "did not change beyond what chance allows" if verdict == "within" else "rose by more than chance allows"
        assert f"The share of women {said}." in text, scope


def test_the_methods_say_how_regional_changes_are_concluded():
    made = Report(ReportParameters(cycle="2013", baseline="pre-2013", language="en"))
    assert "adjusted for every region's change by Holm's method, is below 0.05" in made.section("methods").html()


def test_regional_tests_of_newcomers_against_leavers_are_concluded_from_holm_over_all_regions():
    """Pavlodar's newcomers and leavers differ in their share of women at p < 0.05 alone, which
    its report called a difference; one test of 14 regions' alike, Holm gives p > 0.05. The
    same for the mixes of a distribution (profession). The family's p-value for the region is
    the report's own, and its adjustment is statsmodels' Holm over every region tested."""
    from statsmodels.stats.multitest import multipletests

    made = Report(ReportParameters(cycle="2013", baseline="pre-2013", scope="KZ-PAV", language="en"))
    figures = made.figures_frame().set_index("key")["value"].astype(float)
    assert figures["women.entrants_vs_leavers.pvalue"] < 0.05 <= figures["women.entrants_vs_leavers.pvalue_holm"]
    assert figures["women.entrants_vs_leavers.pvalue.regions"] == 14
    text = made.section("women").html()
    assert "Adjusted for the same test in all 14 regions (Holm): p = 0.444." in text
    assert "Newcomers and those who left do not differ beyond what chance allows." in text
    assert "Newcomers and those who left differ by more than chance allows." not in text
    from akimstat.report.sections.region_changes import mix_tests_by_region, of_scope

    for key, family in (("women.entrants_vs_leavers.pvalue", of_scope(made.data, "sex", "female")),
                        ("profession.test.pvalue", mix_tests_by_region(made.data.data, 55, "2013", "pre-2013",
                                                                       "profession", 2013))):
        family = family["pvalue_entrants_vs_leavers"].dropna()
        assert len(family) == 14 and family["KZ-PAV"] == pytest.approx(figures[key], abs=5e-4)  # figures.csv rounds
        holm = multipletests(family.to_numpy(), method="holm")[1]
        assert holm[list(family.index).index("KZ-PAV")] == pytest.approx(figures[f"{key}_holm"], abs=5e-4)
