"""Audit of published tables (akimstat.stats.audit)."""

import pytest
from hypothesis import assume, given, settings, strategies as st
from results.stats_references import PROFESSIONS_2013 as P

from akimstat.errors import AkimstatError
from akimstat.stats import Change, audit_table, format_percent, parse_percent

FAST = settings(max_examples=80, deadline=None)


def test_real_2013_table_economist_357():
    res = audit_table(P["categories"], P["counts"], P["percents"], P["total"])
    assert not res.consistent
    kinds = {(i.kind, i.category) for i in res.inconsistencies}
    assert kinds == {("sum", None), ("percent", "economist")}
    assert res.unique
    item, category, published, proposed = P["correction"]
    assert res.best.changes == (Change(item, category, published, proposed, "one digit"),)


def test_corrected_2013_table_is_consistent():
    counts = [357 if c == 367 else c for c in P["counts"]]
    res = audit_table(P["categories"], counts, P["percents"], P["total"])
    assert res.consistent and res.inconsistencies == () and res.best is None


def test_wrong_total_is_found_instead_of_a_cell():
    counts = [357 if c == 367 else c for c in P["counts"]]
    res = audit_table(P["categories"], counts, P["percents"], 2445)
    assert res.unique
    assert res.best.changes == (Change("total", None, 2445, 2454, "transposition"),)


def test_wrong_percentage_is_found():
    counts = [357 if c == 367 else c for c in P["counts"]]
    percents = ["25.6%", "20.4%", "17%", "15.4%", "11.5%", "11%"]
    res = audit_table(P["categories"], counts, percents, P["total"])
    assert [(i.kind, i.category) for i in res.inconsistencies] == [("percent", "economist")]
    assert res.best.changes == (Change("percent", "economist", "15.4%", "14.5", "transposition"),)


def test_without_percentages_a_wrong_sum_has_many_explanations():
    res = audit_table(["a", "b", "c"], [10, 20, 31], [None, None, None], 60)
    assert not res.unique and res.n_alternatives == 4  # any of three counts, or the total
    assert all(c.size == 1 for c in res.corrections)


def test_two_changes_when_one_is_not_enough():
    # Count and its own percentage both wrong: no single change fixes the table.
    res = audit_table(["a", "b", "c"], [50, 30, 25], ["50%", "30%", "25%"], 100)
    assert res.best.size == 2
    assert Change("count", "c", 25, 20, "one digit") in res.best.changes


def test_percent_parsing_keeps_published_decimals():
    assert parse_percent("17%") == (17, 0)
    assert parse_percent("25.6%")[1] == 1 and parse_percent("14,5")[1] == 1
    assert parse_percent(None) is None
    assert format_percent(357, 2454, 1) == "14.5"


def test_lengths_must_match():
    with pytest.raises(AkimstatError):
        audit_table(["a"], [1, 2], ["1%"], 3)


@st.composite
def consistent_tables(draw):
    counts = draw(st.lists(st.integers(0, 900), min_size=2, max_size=7))
    assume(sum(counts) > 0)
    decimals = draw(st.lists(st.integers(0, 1), min_size=len(counts), max_size=len(counts)))
    total = sum(counts)
    percents = [format_percent(c, total, d) + "%" for c, d in zip(counts, decimals)]
    return [f"c{i}" for i in range(len(counts))], counts, percents, total


@FAST
@given(consistent_tables())
def test_audit_finds_nothing_in_a_consistent_table(table):
    res = audit_table(*table)
    assert res.consistent and not res.inconsistencies and not res.corrections


@FAST
@given(consistent_tables(), st.data())
def test_audit_always_finds_a_planted_single_digit_typo(table, data):
    categories, counts, percents, total = table
    k = data.draw(st.integers(0, len(counts) - 1))
    digits = str(counts[k])
    pos = data.draw(st.integers(0, len(digits) - 1))
    new = data.draw(st.sampled_from([d for d in "0123456789" if d != digits[pos]]))
    typo = digits[:pos] + new + digits[pos + 1:]
    assume(not (len(typo) > 1 and typo[0] == "0"))
    planted = counts.copy()
    planted[k] = int(typo)
    res = audit_table(categories, planted, percents, total)
    assert not res.consistent
    assert all(c.size == 1 for c in res.corrections)
    assert Correction_restoring(categories[k], int(typo), counts[k]) in [c.changes for c in res.corrections]


def Correction_restoring(category, published, original):
    return (Change("count", category, published, original, "one digit"),)
