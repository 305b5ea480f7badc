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
