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
from akimstat.data.dataset import Dataset
from akimstat.report.scope import ScopeData
from akimstat.report.sections.result import Result


@lru_cache(maxsize=16)
def changes_by_region(data: Dataset, threshold: int, cycle: str, base: str, variable: str, category: str,
                      alpha: float, hidden: tuple = ()) -> pd.DataFrame:
    """Every region's change of the share (linked corps), with its p-value adjusted for all the
    regions (Holm, `pvalue_holm`); the same for every scope, so computed once. Regions whose
    count is suppressed (`hidden`) are left out."""
    parts = {code: p for code, p in corps_by_region(data, threshold, cycle, base).items() if code not in hidden}
    changes = stats.linked_share_changes_by(None, None, variable, category, "region", alpha, parts_by=parts)
    changes = changes.reindex([code for code in data.scopes_of(cycle) if code in changes.index])
    return changes.assign(pvalue_holm=holm_of(changes, "pvalue"),
                          pvalue_entrants_vs_leavers_holm=holm_of(changes, "pvalue_entrants_vs_leavers"))


@lru_cache(maxsize=16)
def mix_tests_by_region(data: Dataset, threshold: int, cycle: str, base: str, variable: str, seed: int) -> pd.DataFrame:
    """Every region's test that its newcomers' and leavers' mixes of `variable` are alike, with
    its p-value adjusted for all the regions tested (Holm); the same for every scope."""
    tests = stats.entrants_vs_leavers_by(corps_by_region(data, threshold, cycle, base), variable, seed=seed)
    tests = tests.reindex([code for code in data.scopes_of(cycle) if code in tests.index])
    return tests.assign(pvalue_entrants_vs_leavers_holm=holm_of(tests, "pvalue_entrants_vs_leavers"))


@lru_cache(maxsize=4)
def corps_by_region(data: Dataset, threshold: int, cycle: str, base: str) -> dict:
    """Every region's two corps linked (`stats.linked_corps_by`), once per data set: every
    variable's family of regional tests starts from them."""
    return stats.linked_corps_by(data.records_of(cycle, None, threshold), data.records_of(base, None, threshold), "region")


def holm_of(frame: pd.DataFrame, column: str) -> pd.Series:
    """Return Holm's adjustment of the p-values of `column` over the rows that have one (a
    region without newcomers or leavers has no test, and is not counted)."""
    tested = frame[column].dropna() if column in frame else pd.Series(dtype=float)
    return pd.Series(holm(tested) if len(tested) else [], index=tested.index, dtype=float).reindex(frame.index)


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


def add_holm_entrants(r: Result, data: ScopeData, tests: pd.DataFrame, key: str) -> None:
    """Add to a regional report its newcomers-against-leavers p-value `key` adjusted for every
    region tested (Holm, `key`_holm), and how many regions (`key`.regions); its conclusion
    is worded from that p-value (`holm_test_sentence`)."""
    tested = tests["pvalue_entrants_vs_leavers_holm"].dropna()
    if data.scope not in tested.index or len(tested) < 2:
        return
    both = r[key].rests_on
    r.uses("holm_region")
    r.add(f"{key}_holm", tested.at[data.scope], "pvalue", both)
    r.add(f"{key}.regions", len(tested), "count", both)


def holm_test_sentence(r: Result, w, key: str) -> tuple[list, float]:
    """Return the sentence giving a regional test's p-value `key` adjusted for every region
    (Holm), if the report has one, and the p-value its conclusion follows."""
    if f"{key}_holm" not in r.values:
        return [], r[key].value
    return ([w.t.text("test.holm", regions=w.fig(r[f"{key}.regions"]), p=w.fig(r[f"{key}_holm"]))],
            r[f"{key}_holm"].value)


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
