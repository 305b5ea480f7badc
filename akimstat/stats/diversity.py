"""Ethnic (or any categorical) diversity of the corps, and representation against population.

Categories not named in the population shares are folded into an explicit "others"
category, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from akimstat.errors import AkimstatError
from akimstat.stats.proportion import wilson_limits


@dataclass(frozen=True)
class Diversity:
    """Number of categories represented and effective numbers of categories.

    ``effective_simpson`` = 1 / sum p_i^2 (inverse Simpson, Hill number of order 2);
    ``effective_shannon`` = exp(-sum p_i log p_i) (Hill number of order 1).
    """

    nobs: int
    represented: int
    effective_simpson: float
    effective_shannon: float


def diversity(count: Mapping | pd.Series) -> Diversity:
    """Represented categories (count > 0) and effective numbers of categories.

    Notes
    -----
    A residual "others" category counts as one category, so effective numbers are lower
    bounds when "others" lumps several groups.

    References
    ----------
    Hill, M. O. (1973). Diversity and evenness: a unifying notation and its consequences.
    Ecology 54, 427-432.
    """
    c = pd.Series(count, dtype=float)
    if (c < 0).any() or c.sum() <= 0:
        raise AkimstatError("counts must be non-negative with a positive total")
    p = (c[c > 0] / c.sum()).to_numpy()
    return Diversity(int(c.sum()), int(p.size), float(1 / np.sum(p**2)), float(np.exp(-np.sum(p * np.log(p)))))


def fold_others(count: Mapping | pd.Series, known: list, others: str = "others") -> pd.Series:
    """Fold every category not in ``known`` into ``others`` (created if missing)."""
    c = pd.Series(count, dtype=float)
    rest = [k for k in c.index if k not in known and k != others]
    folded = c.drop(rest)
    folded[others] = folded.get(others, 0) + c[rest].sum()
    return folded


def representation_ratios(
    count: Mapping | pd.Series,
    population_shares: Mapping | pd.Series,
    alpha: float = 0.05,
    others: str = "others",
    intervals: bool = True,
) -> pd.DataFrame:
    """Each group's share in the corps divided by its share of the population.

    Parameters
    ----------
    count : mapping or Series
        Corps counts per group.
    population_shares : mapping or Series
        Population shares per group (e.g. 2009 census), summing to 1 within 0.001, with an
        explicit ``others`` entry for the rest of the population.
    alpha : float
        1 - confidence level.
    others : str
        Name of the residual category; corps groups absent from ``population_shares`` are
        counted in it (and ``is_residual`` marks its row).
    intervals : bool
        Add Wilson intervals (low, high, ratio_low, ratio_high). False gives the ratios as
        pure description, as when the reference population (a whole census population,
        children and city dwellers included) is not the pool the corps is drawn from.

    Returns
    -------
    pandas.DataFrame
        Indexed by group: count, share, low, high (Wilson), population_share, ratio,
        ratio_low, ratio_high, is_residual.

    Notes
    -----
    The population share is taken as known (a census), so the ratio interval is the Wilson
    interval of the corps share divided by the population share. A ratio of 1 means the
    group holds the same share of akim posts as of the population. The ratio is descriptive:
    how far it departs from 1 says nothing about chance unless the population is the pool
    the corps could have been drawn from.
    """
    pop = pd.Series(population_shares, dtype=float)
    if others not in pop.index:
        raise AkimstatError(f"population shares need an explicit {others!r} category")
    if not np.isclose(pop.sum(), 1, atol=1e-3):
        raise AkimstatError(f"population shares sum to {pop.sum():.4f}, not 1")
    c = fold_others(count, list(pop.index), others).reindex(pop.index, fill_value=0)
    n = c.sum()
    low, high = wilson_limits(c.to_numpy(), n, alpha)
    out = pd.DataFrame({"count": c.astype(int), "share": c / n, "low": low, "high": high})
    out["population_share"] = pop
    for col, src in [("ratio", "share"), ("ratio_low", "low"), ("ratio_high", "high")]:
        out[col] = out[src] / pop
    out["is_residual"] = out.index == others
    if not intervals:
        out = out.drop(columns=["low", "high", "ratio_low", "ratio_high"])
    return out
