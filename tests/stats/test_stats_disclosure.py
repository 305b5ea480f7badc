"""Cell suppression (akimstat.stats.disclosure).

The safety check is written here independently of the module: for every suppressed cell,
minimise and maximise it by linear programming over all cells, with published cells fixed,
suppressed cells >= 1 (zeros are published and never hidden, so a reader knows a hidden cell
is not zero), and every published total as an equality. The two must differ, except for the
cells the module itself reports as unprotectable.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy.optimize import linprog

from akimstat.errors import AkimstatError
from akimstat.stats import suppress_counts, suppress_table

FAST = settings(max_examples=25, deadline=None)


def recoverable_cells(values, hidden, sums, lower=1):
    """Suppressed cells whose value is pinned by the published cells and totals."""
    values, hidden = np.asarray(values, float).ravel(), np.asarray(hidden).ravel()
    bounds = [(lower, None) if h else (v, v) for v, h in zip(values, hidden)]
    a_eq = np.array([row for row, _ in sums])
    b_eq = np.array([total for _, total in sums])
    pinned = []
    for i in np.flatnonzero(hidden):
        c = np.zeros(values.size)
        c[i] = 1
        lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds).fun
        hi = -linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds).fun
        if hi - lo < 1e-6:
            pinned.append(i)
    return pinned


def margins_2d(values):
    rows, cols = values.shape
    sums = []
    for r in range(rows):
        m = np.zeros((rows, cols)); m[r] = 1
        sums.append((m.ravel(), values[r].sum()))
    for c in range(cols):
        m = np.zeros((rows, cols)); m[:, c] = 1
        sums.append((m.ravel(), values[:, c].sum()))
    return sums


def published_margins(grid) -> list:
    """The relations a reader has over a two-region table with its national row: region rows
    sum to region totals, national cells equal column sums, national cells sum to the total."""
    sums = []
    for r in range(2):
        m = np.zeros((3, 3)); m[r] = 1; sums.append((m.ravel(), grid[r].sum()))
    for c in range(3):
        m = np.zeros((3, 3)); m[:2, c] = 1; m[2, c] = -1; sums.append((m.ravel(), 0))
    m = np.zeros((3, 3)); m[2] = 1; sums.append((m.ravel(), grid[2].sum()))
    return sums


def test_one_dimensional_table_primary_and_secondary():
    res = suppress_table(pd.Series({"kazakh": 200, "russian": 40, "german": 3, "korean": 0}))
    assert res.reason.to_dict() == {"kazakh": "", "russian": "secondary", "german": "primary", "korean": ""}
    assert res.table.isna().tolist() == [False, True, True, False]
    assert res.table["korean"] == 0  # zeros are published by default


def test_zeros_suppressed_on_request():
    res = suppress_table(pd.Series({"a": 200, "b": 0, "c": 40}), suppress_zeros=True)
    assert res.reason["b"] == "primary" and res.table.isna().sum() == 2


def test_nothing_small_nothing_suppressed():
    res = suppress_table(pd.Series({"a": 10, "b": 5}))
    assert not res.table.isna().any() and set(res.reason) == {""}


def test_two_dimensional_table_closes_a_cycle():
    t = pd.DataFrame([[50, 3, 10], [40, 20, 1], [30, 12, 9]], index=["r1", "r2", "r3"], columns=list("ABC"))
    res = suppress_table(t)
    assert (res.reason == "primary").sum().sum() == 2
    assert res.table.isna().sum().sum() == 4  # the smallest safe pattern: a 2 x 2 cycle
    assert recoverable_cells(t.to_numpy(), res.table.isna().to_numpy(), margins_2d(t.to_numpy())) == []


def test_bad_input_raises():
    with pytest.raises(AkimstatError):
        suppress_table(pd.Series({"a": -1}))


@FAST
@given(st.lists(st.integers(0, 60), min_size=2, max_size=8), st.integers(2, 10))
def test_one_dimensional_suppression_is_never_recoverable(counts, threshold):
    res = suppress_table(pd.Series(counts, index=[f"c{i}" for i in range(len(counts))]), threshold)
    hidden = res.table.isna().to_numpy()
    sums = [(np.ones(len(counts)), sum(counts))]
    pinned = recoverable_cells(counts, hidden, sums)
    # Only cells the module reports as unprotectable: e.g. [0, 1] (the total is the cell) or
    # [1, 1] (two hidden cells of at least 1 summing to 2).
    assert {f"c{i}" for i in pinned} == set(res.unprotected)
    for c, h in zip(counts, hidden):
        assert h or not 0 < c < threshold


@FAST
@given(st.integers(2, 5).flatmap(lambda r: st.integers(2, 5).flatmap(
    lambda c: st.lists(st.lists(st.sampled_from([0, 1, 2, 3, 4, 6, 9, 15, 40]), min_size=c, max_size=c),
                       min_size=r, max_size=r))))
def test_two_dimensional_suppression_is_never_recoverable(rows):
    values = np.array(rows)
    res = suppress_table(pd.DataFrame(values))
    hidden = res.table.isna().to_numpy()
    assert ((values > 0) & (values < 5) <= hidden).all()  # every primary cell hidden
    pinned = recoverable_cells(values, hidden, margins_2d(values))
    # Only cells the module itself reports as unprotectable (when the published margins
    # alone reveal them, e.g. a row whose total sits in one column with zeros elsewhere).
    cols = values.shape[1]
    assert {(i // cols, i % cols) for i in pinned} == set(res.unprotected)


def test_tidy_counts_protect_regions_and_national_row_jointly():
    rows = []
    table = {"national": [130, 36, 4], "KZ-AKM": [60, 2, 1], "KZ-PAV": [70, 34, 3]}
    for scope, vals in table.items():
        for cat, v in zip(["kazakh", "russian", "german"], vals):
            rows.append({"cycle": 2013, "scope": scope, "variable": "ethnicity", "category": cat, "count": v})
    rows.append({"cycle": 2013, "scope": "national", "variable": "sex", "category": "female", "count": 3})
    out = suppress_counts(pd.DataFrame(rows))
    assert out.loc[out["variable"] == "sex", "count"].iloc[0] == 3  # not a sensitive variable
    eth = out[out["variable"] == "ethnicity"]
    assert set(eth.loc[eth["count"].isna(), "suppression"]) <= {"primary", "secondary"}
    # Re-check with the published relations: region rows sum to region totals, national
    # cells equal column sums, national cells sum to the national total.
    grid = np.array([table["KZ-AKM"], table["KZ-PAV"], table["national"]], float)
    hidden = eth.set_index(["scope", "category"])["count"].isna().unstack().loc[
        ["KZ-AKM", "KZ-PAV", "national"], ["kazakh", "russian", "german"]].to_numpy()
    sums = published_margins(grid)
    assert recoverable_cells(grid, hidden, sums) == []


@FAST
@given(st.integers(2, 6).flatmap(lambda r: st.integers(2, 6).flatmap(
    lambda c: st.lists(st.lists(st.sampled_from([0, 1, 2, 3, 4, 6, 9, 15, 40]), min_size=c, max_size=c),
                       min_size=r, max_size=r))))
def test_cells_cleared_by_another_cells_solution_are_those_their_own_would_clear(rows):
    """A solution of one cell's linear program also clears the other cells it moves (fewer
    programs); the cells hidden must be those of checking every cell by its own programs."""
    from akimstat.stats import disclosure

    table = pd.DataFrame(np.array(rows))
    quick = suppress_table(table)
    with pytest.MonkeyPatch.context() as patch:
        own = disclosure._pinned
        patch.setattr(disclosure, "_pinned", lambda *args: (own(*args)[0], np.zeros(int(args[1].sum()), bool)))
        plain = suppress_table(table)
    assert quick.reason.equals(plain.reason) and quick.unprotected == plain.unprotected


# -- protection intervals, cells published elsewhere, indices of the published table -------

def cell_widths(values, hidden, sums, lower=1):
    """Width (max - min) of every suppressed cell's range given the published cells and totals."""
    values, hidden = np.asarray(values, float).ravel(), np.asarray(hidden).ravel()
    bounds = [(lower, None) if h else (v, v) for v, h in zip(values, hidden)]
    a_eq = np.array([row for row, _ in sums])
    b_eq = np.array([total for _, total in sums])
    widths = {}
    for i in np.flatnonzero(hidden):
        c = np.zeros(values.size)
        c[i] = 1
        widths[i] = -linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds).fun - linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds).fun
    return widths


@FAST
@given(st.integers(2, 6).flatmap(lambda r: st.integers(3, 6).flatmap(
    lambda c: st.lists(st.lists(st.sampled_from([0, 1, 2, 3, 4, 6, 9, 15, 40]), min_size=c, max_size=c),
                       min_size=r, max_size=r))))
def test_protection_interval_keeps_every_hidden_range_wide(rows):
    values = np.array(rows)
    res = suppress_table(pd.DataFrame(values), min_width=3)
    hidden = res.table.isna().to_numpy()
    cols = values.shape[1]
    narrow = {i for i, w in cell_widths(values, hidden, margins_2d(values)).items() if w < 3 - 1e-6}
    assert {(i // cols, i % cols) for i in narrow} <= set(res.unprotected)
    # (Not asserted: that it hides at least as many cells as min_width=1. The greedy choice is
    # path-dependent; hypothesis found a 4 x 5 table where it hides 10 cells against 11.)


def test_protection_interval_hides_more_than_not_pinned():
    values = np.array([[3, 3, 4, 40], [1, 4, 0, 3], [40, 6, 3, 40]])  # found by a random search
    plain, wide = suppress_table(pd.DataFrame(values)), suppress_table(pd.DataFrame(values), min_width=3)
    sums = margins_2d(values)
    assert min(cell_widths(values, plain.table.isna().to_numpy(), sums).values()) < 3  # "1 or 2" today
    assert min(cell_widths(values, wide.table.isna().to_numpy(), sums).values()) >= 3 - 1e-6


def _tidy(table):
    return pd.DataFrame([{"cycle": 2013, "scope": s, "variable": "ethnicity", "category": c, "count": v}
                         for s, vals in table.items() for c, v in zip(["kazakh", "russian", "german"], vals)])


def test_cells_published_elsewhere_are_suppressed_but_counted_as_known():
    # A press report gives KZ-AKM's 2 Russians. Hidden by the rule (1-4), but a reader knows it:
    # the other cells must stay protected with it known.
    table = {"national": [130, 36, 7], "KZ-AKM": [60, 2, 3], "KZ-PAV": [70, 34, 4]}
    out = suppress_counts(_tidy(table), published=[("KZ-AKM", "russian")]).set_index(["scope", "category"])
    assert pd.isna(out.loc[("KZ-AKM", "russian"), "count"]) and out.loc[("KZ-AKM", "russian"), "suppression"] == "primary"
    grid = np.array([table["KZ-AKM"], table["KZ-PAV"], table["national"]], float)
    hidden = out["count"].isna().unstack().loc[["KZ-AKM", "KZ-PAV", "national"], ["kazakh", "russian", "german"]].to_numpy()
    known = hidden.copy()
    known[0, 1] = False  # the reader's knowledge: that cell is published elsewhere
    sums = published_margins(grid)
    assert recoverable_cells(grid, known, sums) == []


def test_published_diversity_pools_the_suppressed_cells():
    from akimstat.stats import diversity, published_diversity

    shown = pd.Series({"kazakh": 120, "russian": 22, "german": pd.NA, "tatar": pd.NA, "uzbek": 0}, dtype="Int64")
    res = published_diversity(shown, nobs=146)
    pooled = diversity([120, 22, 4])
    assert (res.effective_simpson, res.effective_shannon) == pytest.approx(
        (pooled.effective_simpson, pooled.effective_shannon))
    assert res.represented == 4 and res.nobs == 146
    # Pooling never raises an effective number (the true split here is 3 + 1).
    assert res.effective_shannon <= diversity([120, 22, 3, 1]).effective_shannon
    with pytest.raises(AkimstatError):
        published_diversity(shown)  # a total is needed when cells are hidden
    assert published_diversity(pd.Series([5, 3])) == diversity([5, 3])
