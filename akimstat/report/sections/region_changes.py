"""Regional changes against the baseline concluded as the methods say: from p-values adjusted
by Holm's method over every region's change, not from each region's 95% interval read alone
(14 intervals at 95% exclude 0 by chance alone far more often than 5% of the time). The
unadjusted intervals are still shown, labelled so."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from markupsafe import Markup

from akimstat import stats
from akimstat.stats.regions import holm
from akimstat.data.counts import with_age_groups
from akimstat.data.dataset import Dataset
from akimstat.report.scope import ScopeData
from akimstat.report.sections.result import Result


@lru_cache(maxsize=16)
def changes_by_region(data: Dataset, threshold: int, cycle: str, base: str, variable: str, category: str,
                      alpha: float, hidden: tuple = ()) -> pd.DataFrame:
    """Every region's change of the share (linked corps), with its p-value adjusted for all the
    regions (Holm, `pvalue_holm`); the same for every scope, so computed once. Regions whose
    count is suppressed (`hidden`) are left out."""
    records, records_base = (with_age_groups(data.records[(data.records["cycle"] == c)
                                                          & ~data.records["region"].isin(hidden)], threshold)
                             for c in (cycle, base))
    changes = stats.linked_share_changes_by(records, records_base, variable, category, "region", alpha)
    changes = changes.reindex([code for code in data.scopes_of(cycle) if code in changes.index])
    return changes.assign(pvalue_holm=holm(changes["pvalue"]) if len(changes) else [])


def of_scope(data: ScopeData, variable: str, category: str) -> pd.DataFrame:
    """`changes_by_region` for the report of `data`."""
    hidden = tuple(code for code in data.regions() if pd.isna(data.protected(variable, code).at[category, "count"]))
    return changes_by_region(data.data, data.params.age_threshold, data.cycle, data.base_cycle, variable,
                             category, data.params.alpha, hidden)


def add_holm_change(r: Result, data: ScopeData, variable: str, category: str, name: str) -> None:
    """Add to a regional report its change's p-value adjusted for every region (Holm), and how
    many regions; its conclusion is worded from that p-value."""
    changes = of_scope(data, variable, category)
    if data.scope not in changes.index or len(changes) < 2:
        return
    both = r[f"{name}.change.pvalue"].rests_on
    r.uses("holm_region")
    r.add(f"{name}.change.pvalue_holm", changes.at[data.scope, "pvalue_holm"], "pvalue", both)
    r.add(f"{name}.change.regions", len(changes), "count", both)


def holm_sentence(r: Result, w) -> list:
    """The regional change's p-value adjusted for every region (Holm), which its conclusion follows."""
    name = r.id
    if f"{name}.change.pvalue_holm" not in r.values:
        return []
    return [w.t.text("change.holm", regions=w.fig(r[f"{name}.change.regions"]), p=w.fig(r[f"{name}.change.pvalue_holm"]))]


def zero_sentence(changes: pd.DataFrame, w) -> Markup:
    """The national conclusion: which regions' changes differ from zero after Holm, if any;
    the intervals shown are one region at a time."""
    t = w.t
    apart = [code for code in changes.index if changes.at[code, "pvalue_holm"] < w.params.alpha]
    values = {"regions": t.number(len(changes)), "level": w.level()}
    if not apart:
        return t.text("changes.zero.none", **values)
    return t.text("changes.zero.some", names=", ".join(t.name("region", c) for c in apart), **values)
