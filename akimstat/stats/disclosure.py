"""Cell suppression for sensitive variables (ethnicity by default).

Primary suppression hides small cells (1 .. threshold - 1). Secondary suppression then hides
further cells until no hidden cell can be worked out from the published cells and totals:
for every hidden cell the smallest and largest values consistent with everything published
(non-negative cells, published margins) must differ, checked by linear programming.

Zeros are published by default: a zero reveals no individual's attribute, only that nobody
in the cell has it. Pass ``suppress_zeros=True`` to treat zeros as primary cells too (when
"nobody of group X in region Y" is itself sensitive). Margins (row and column totals and the
grand total) are always published.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from akimstat.errors import AkimstatError

PRIMARY, SECONDARY = "primary", "secondary"


@dataclass(frozen=True)
class Suppression:
    """``table``: the cells, with suppressed ones as NA (nullable Int64); ``reason``: same
    shape, "primary", "secondary" or "" per cell; ``unprotected``: labels of suppressed
    cells that could not be protected (empty when the pattern is safe)."""

    table: pd.Series | pd.DataFrame
    reason: pd.Series | pd.DataFrame
    threshold: int
    unprotected: tuple = ()


def _is_primary(values: np.ndarray, threshold: int, suppress_zeros: bool) -> np.ndarray:
    return (values < threshold) & ((values > 0) | suppress_zeros)


def cell_ranges(values: np.ndarray, hidden: np.ndarray, a_eq: np.ndarray,
                lower: float = 0) -> tuple[np.ndarray, np.ndarray]:
    """Min and max of each hidden cell given published cells, the published sums
    ``a_eq @ values`` and that every hidden cell is at least `lower` (continuous relaxation).

    `lower` is 1 when zeros are published: a reader then knows a hidden cell is not zero."""
    ranges = [_cell_range(values, hidden, a_eq, lower, i) for i in range(int(hidden.sum()))]
    return np.array([r[0] for r in ranges]), np.array([r[1] for r in ranges])


def _cell_range(values, hidden, a_eq, lower, i) -> tuple[float, float]:
    """Min and max of the `i`-th hidden cell (see `cell_ranges`)."""
    return _bound(values, hidden, a_eq, lower, i, 1)[0], _bound(values, hidden, a_eq, lower, i, -1)[0]


def _bound(values, hidden, a_eq, lower, i, sense: int) -> tuple[float, np.ndarray]:
    """Min (`sense` 1) or max (-1) of the `i`-th hidden cell, by linear programming, and the
    hidden cells' values where it is reached."""
    b = a_eq @ values - a_eq[:, ~hidden] @ values[~hidden]
    a = a_eq[:, hidden]
    e = np.zeros(a.shape[1])
    e[i] = sense
    result = linprog(e, A_eq=a, b_eq=b, bounds=(lower, None), method="highs")
    return sense * result.fun, result.x


#: A hidden cell that can be this far from its true value is not pinned: far above the solver's
#: tolerance, far below a count's step of 1.
MOVED = 1e-3


def _pinned(values, hidden, a_eq, lower, i, min_width: float = 1) -> tuple[bool, np.ndarray]:
    """Return whether the published numbers pin the `i`-th hidden cell to one value (its range
    is under 1e-6, as in `cell_ranges`), or, with `min_width` above 1, confine it to a range
    narrower than `min_width`; and which hidden cells the solutions found on the way show to
    be free (moved from their true values by more than `MOVED`, or by `min_width`).

    The true values and each solution both agree with everything published, so a cell that
    differs between them by that much is not pinned (or not too narrow): that is why a minimum
    far enough below the true value settles the `i`-th cell with one linear program, not two,
    and why one program's solution can settle other cells too.
    """
    move = MOVED if min_width <= 1 else min_width - 1e-6
    narrow = 1e-6 if min_width <= 1 else min_width - 1e-6
    truth = values[hidden]
    lo, at = _bound(values, hidden, a_eq, lower, i, 1)
    moved = np.abs(at - truth) >= move
    if truth[i] - lo >= move:
        return False, moved
    hi, at = _bound(values, hidden, a_eq, lower, i, -1)
    return hi - lo < narrow, moved | (np.abs(at - truth) >= move)


def protect(values: np.ndarray, primary: np.ndarray, a_eq: np.ndarray,
            lower: float = 0, keep: np.ndarray | None = None,
            min_width: float = 1) -> tuple[np.ndarray, list[int]]:
    """Add secondary suppressions until no hidden cell is pinned to one value, or, with
    `min_width` above 1, until every hidden cell's range is at least `min_width` wide (a
    protection interval).

    Parameters
    ----------
    values : array of int
        All cells, flattened.
    primary : array of bool
        Cells suppressed on their own.
    a_eq : array
        One row per published linear sum (coefficients on the cells).
    lower : float
        What a reader knows every hidden cell is at least: 1 when zeros are published (a zero
        cell is then never hidden, and hiding one would not protect anything).
    keep : array of bool, optional
        Cells published in another table: never chosen for secondary suppression.
    min_width : float
        Width the range of every hidden cell must reach: 1 (default) means "not pinned"; 2
        means a reader cannot narrow a hidden count to two adjacent values, and so on
        (Hundepool et al. 2012, 4.2: protection intervals).

    Returns
    -------
    hidden : array of bool
        Primary and secondary cells.
    unprotected : list of int
        Hidden cells still pinned (or too narrow) because no cell sharing a sum with them is
        left to hide.

    Notes
    -----
    Greedy: for the first pinned cell, hide a published cell sharing a sum with it, preferring
    cells on sums that already hold hidden cells, then positive cells, then the smallest;
    then recheck. Not optimal in the cells
    lost, but every step keeps the check exact.
    """
    values = np.asarray(values, float)
    hidden, stuck, safe = primary.copy(), set(), set()
    while hidden.any():
        cell = _first_pinned(values, hidden, a_eq, lower, skip=stuck, safe=safe, min_width=min_width)
        if cell is None:
            break
        related = (a_eq[a_eq[:, cell] != 0] != 0).any(axis=0) & ~hidden & ((values > 0) | (lower == 0))
        if keep is not None:
            related &= ~keep
        candidates = np.flatnonzero(related)
        if candidates.size == 0:
            stuck.add(cell)
            continue
        # Prefer cells whose other sums already hold hidden cells (closes cycles with fewer
        # cells lost), then positive cells, then the smallest.
        touching = ((a_eq[:, candidates] != 0) & (a_eq[:, hidden] != 0).any(axis=1)[:, None]).sum(0)
        order = np.lexsort((values[candidates], values[candidates] == 0, -touching))
        hidden[candidates[order[0]]] = True
    # Only stuck cells can still be pinned: every other hidden cell was found unpinned, and
    # hiding more cells only widens ranges (see `_first_pinned`).
    idx = np.flatnonzero(hidden)
    return hidden, [cell for position, cell in enumerate(idx)
                    if cell in stuck and _pinned(values, hidden, a_eq, lower, position, min_width)[0]]


def _first_pinned(values, hidden, a_eq, lower, skip: set, safe: set, min_width: float = 1) -> int | None:
    """Return the first hidden cell, in cell order, whose value the published numbers pin.

    Cells found unpinned, by their own linear programs or by another's solution, are added to
    `safe`: hiding more cells only adds unknowns (each at least `lower`, which their true
    values satisfy), so their ranges can only widen.
    """
    idx = np.flatnonzero(hidden)
    for position, cell in enumerate(idx):
        if cell in skip or cell in safe:
            continue
        pinned, moved = _pinned(values, hidden, a_eq, lower, position, min_width)
        safe.update(idx[moved].tolist())
        if pinned:
            return cell
        safe.add(cell)
    return None


def _sums_2d(rows: int, cols: int) -> np.ndarray:
    """Row sums, column sums (grand total follows) of a rows x cols table, cells row-major."""
    a = [np.kron(np.eye(rows)[r], np.ones(cols)) for r in range(rows)]
    a += [np.kron(np.ones(rows), np.eye(cols)[c]) for c in range(cols)]
    return np.array(a)


def suppress_table(
    table: pd.Series | pd.DataFrame, threshold: int = 5, suppress_zeros: bool = False,
    min_width: float = 1,
) -> Suppression:
    """Suppress small cells of a 1-D table with its total or a 2-D table with its margins.

    Parameters
    ----------
    table : Series or DataFrame of int
        Interior cells only; the total (1-D) or the row and column totals (2-D) are taken
        as the sums of the cells and treated as published.
    threshold : int
        Cells with 1 .. threshold - 1 are suppressed (5 by default).
    suppress_zeros : bool
        Also suppress zero cells (see module notes).
    min_width : float
        Protection interval: the width every hidden cell's range must reach (see `protect`).

    Returns
    -------
    Suppression
    """
    if threshold < 1:
        raise AkimstatError(f"threshold must be at least 1, got {threshold}")
    frame = table.to_frame().T if isinstance(table, pd.Series) else table
    values = frame.to_numpy(dtype=float)
    if (values < 0).any() or np.isnan(values).any():
        raise AkimstatError("table cells must be non-negative counts")
    rows, cols = values.shape
    a_eq = np.ones((1, cols)) if isinstance(table, pd.Series) else _sums_2d(rows, cols)
    flat = values.ravel()
    primary = _is_primary(flat, threshold, suppress_zeros)
    hidden, stuck = protect(flat, primary, a_eq, lower=0 if suppress_zeros else 1, min_width=min_width)
    reason = np.where(primary, PRIMARY, np.where(hidden, SECONDARY, "")).reshape(rows, cols)
    out = frame.astype("Int64").mask(hidden.reshape(rows, cols))
    labels = [(frame.index[i // cols], frame.columns[i % cols]) for i in stuck]
    reason = pd.DataFrame(reason, index=frame.index, columns=frame.columns)
    if isinstance(table, pd.Series):
        out, reason, labels = out.iloc[0].rename(table.name), reason.iloc[0].rename(table.name), [c for _, c in labels]
    return Suppression(out, reason, threshold, tuple(labels))


def suppress_counts(
    counts: pd.DataFrame,
    sensitive: Sequence[str] = ("ethnicity",),
    threshold: int = 5,
    suppress_zeros: bool = False,
    published: Sequence[tuple[str, str]] = (),
    min_width: float = 1,
) -> pd.DataFrame:
    """Suppress small cells of sensitive variables in a tidy counts frame.

    For each cycle and sensitive variable, the region x category table is protected with
    its margins: region totals and the national counts (rows with scope "national") are
    published, so the national row is protected jointly with the regions. Other variables
    pass through unchanged.

    Parameters
    ----------
    counts : DataFrame
        Columns cycle, scope, variable, category, count.
    sensitive : sequence of str
        Variables to protect.
    threshold, suppress_zeros
        As in :func:`suppress_table`.
    published : sequence of (scope, category)
        Cells published anyway, by another table (e.g. national counts behind census
        representation ratios) or another source (a press report's regional counts): never
        hidden to protect another cell, since that protects nothing, and treated as known
        when the other cells' protection is checked. A small one is still suppressed here
        (primary), so that the tables follow one rule.
    min_width : float
        Protection interval: the width every hidden cell's range must reach (see `protect`).

    Returns
    -------
    DataFrame
        Same rows; ``count`` as nullable Int64 with NA where suppressed, and a
        ``suppression`` column ("primary", "secondary" or "").
    """
    out = counts.copy()
    out["count"] = out["count"].astype("Int64")
    out["suppression"] = ""
    for (cycle, variable), part in counts[counts["variable"].isin(sensitive)].groupby(["cycle", "variable"]):
        wide = part.pivot_table(index="scope", columns="category", values="count", aggfunc="sum", fill_value=0)
        regional = wide.drop(index="national", errors="ignore")
        # Protect regions jointly with the national row: national = column sums of regions.
        if len(regional) and "national" in wide.index:
            values = pd.concat([regional, wide.loc[["national"]]])
            r, c = regional.shape
            a_eq = np.hstack([_sums_2d(r, c), np.zeros((r + c, c))])
            a_eq[r:, r * c:] = -np.eye(c)
            a_eq = np.vstack([a_eq, np.r_[np.zeros(r * c), np.ones(c)]])
        else:
            values, a_eq = wide, np.kron(np.eye(len(wide)), np.ones(wide.shape[1]))
        flat = values.to_numpy(float).ravel()
        cells = [(scope, category) for scope in values.index for category in values.columns]
        keep = np.array([cell in set(published) for cell in cells])
        primary = _is_primary(flat, threshold, suppress_zeros)
        # A small cell published elsewhere is still not shown here, but the others are
        # protected as if the reader knew it: it takes part in the check as a known number.
        hidden, _ = protect(flat, primary & ~keep, a_eq, lower=0 if suppress_zeros else 1, keep=keep,
                            min_width=min_width)
        hidden |= primary
        reason = np.where(primary, PRIMARY, np.where(hidden, SECONDARY, "")).reshape(values.shape)
        reason = pd.DataFrame(reason, index=values.index, columns=values.columns).stack()
        key = pd.MultiIndex.from_frame(part[["scope", "category"]])
        rows = part.index
        out.loc[rows, "suppression"] = reason.reindex(key).fillna("").to_numpy()
    out.loc[out["suppression"] != "", "count"] = pd.NA
    return out


def published_diversity(count: pd.Series, nobs: int | None = None) -> "Diversity":
    """Diversity of a table as published: its suppressed cells counted as one group.

    Parameters
    ----------
    count : Series
        Counts per group as published: a number for a shown cell (zeros included), NA for a
        suppressed one.
    nobs : int, optional
        The published total; default the sum of the cells, which then must all be shown.

    Returns
    -------
    Diversity
        ``represented`` counts the groups with at least one member (shown or suppressed: a
        listed group is known to be present); the effective numbers are those of the shown
        cells plus one pooled cell of nobs - sum(shown).

    Notes
    -----
    An index computed from the full table, printed beside the table's total, determines the
    suppressed cells (sum c^2 and sum c ln c, with the sum, leave few integer solutions): on
    the 2013 reports 49 of 56 suppressed regional cells could be recovered from them. An
    index of the published numbers alone reveals nothing they do not. Pooling makes the
    effective numbers lower bounds of the true ones (Hill 1973: merging groups never raises
    them).
    """
    from akimstat.stats.diversity import Diversity, diversity

    values = pd.Series(count, dtype="Float64")
    shown = values.dropna().astype(float)
    total = float(shown.sum()) if nobs is None else float(nobs)
    if nobs is None and values.isna().any():
        raise AkimstatError("a table with suppressed cells needs its published total (nobs)")
    pooled = total - shown.sum()
    if pooled < 0 or (values.isna().any() and pooled <= 0):
        raise AkimstatError(f"total {total:g} is below the shown cells' sum {shown.sum():g}")
    cells = pd.concat([shown, pd.Series({"(suppressed)": pooled})]) if values.isna().any() else shown
    d = diversity(cells)
    return Diversity(d.nobs, int((shown > 0).sum() + values.isna().sum()), d.effective_simpson,
                     d.effective_shannon)
