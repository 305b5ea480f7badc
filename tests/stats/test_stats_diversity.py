"""Diversity and representation ratios (akimstat.stats.diversity)."""

import pytest
from hypothesis import given, settings, strategies as st
from results.stats_references import CENSUS_2009_ETHNICITY

from akimstat.errors import AkimstatError
from akimstat.stats import diversity, fold_others, representation_ratios


def test_even_distribution_has_effective_number_equal_to_categories():
    res = diversity({"a": 10, "b": 10, "c": 10, "d": 0})
    assert res.represented == 3
    assert res.effective_simpson == pytest.approx(3) and res.effective_shannon == pytest.approx(3)
    assert diversity({"a": 5}).effective_simpson == pytest.approx(1)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 1000), min_size=1, max_size=10).filter(lambda c: sum(c) > 0))
def test_hill_numbers_are_ordered(counts):
    # Hill numbers decrease with order: N0 (represented) >= N1 (exp Shannon) >= N2 (inv Simpson).
    res = diversity(dict(enumerate(counts)))
    assert res.represented + 1e-9 >= res.effective_shannon >= res.effective_simpson - 1e-9 >= 1 - 1e-9


def test_representation_ratio_folds_unknown_groups_into_others():
    count = {"kazakh": 1800, "russian": 400, "uzbek": 60, "korean": 10, "german": 30, "others": 20}
    out = representation_ratios(count, CENSUS_2009_ETHNICITY)
    assert out.loc["others", "count"] == 30 and out.loc["others", "is_residual"]
    assert out["count"].sum() == sum(count.values())
    assert out["share"].sum() == pytest.approx(1)
    assert out.loc["kazakh", "ratio"] == pytest.approx(1800 / 2320 / 0.631)
    assert (out["ratio_low"] <= out["ratio"]).all() and (out["ratio"] <= out["ratio_high"]).all()
    assert out.loc["ukrainian", "count"] == 0 and out.loc["ukrainian", "ratio"] == 0


def test_fold_others_keeps_total():
    folded = fold_others({"a": 1, "b": 2, "c": 3}, ["a"], "rest")
    assert folded.to_dict() == {"a": 1, "rest": 5}


def test_population_shares_need_explicit_others():
    with pytest.raises(AkimstatError):
        representation_ratios({"a": 1}, {"a": 1.0})


def test_representation_ratios_can_be_purely_descriptive():
    count = {"kazakh": 2000, "russian": 300, "uzbek": 40, "ukrainian": 20, "uighur": 25,
             "tatar": 15, "german": 14, "others": 40}
    full = representation_ratios(count, CENSUS_2009_ETHNICITY)
    plain = representation_ratios(count, CENSUS_2009_ETHNICITY, intervals=False)
    assert not {"low", "high", "ratio_low", "ratio_high"} & set(plain.columns)
    assert plain["ratio"].equals(full["ratio"])
