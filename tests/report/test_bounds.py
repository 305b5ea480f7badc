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
