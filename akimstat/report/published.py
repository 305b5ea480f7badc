"""The published figures of one cycle and scope that the records can give too, beside what
the records give: the reports' notes show the check, reconciliation lists what disagrees."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from akimstat import stats
from akimstat.report.scope import ScopeData


def published_check(data: ScopeData) -> pd.DataFrame:
    """Return every published figure of this cycle and scope that the records can reproduce,
    beside the value computed from them: (item, source, published, computed, agrees).

    A published count is compared with the records' count of its category; a published single
    figure with the statistic it names. Figures the records cannot give (candidates, posts,
    population) are left out.
    """
    rows = []
    counts = data.data.counts
    mine = counts[(counts["cycle"] == data.cycle) & (counts["scope"] == data.scope)
                  & (counts["universe"] == "akims") & counts["count"].notna()]
    for _, row in mine.iterrows():
        computed = int(data.distribution(row["variable"]).get(row["category"], 0))
        rows.append((f"{row['variable']}.{row['category']}", row["source"], int(row["count"]), computed))
    figures = data.data.figures
    for key, compute in computable_figures(data).items():
        found = figures[(figures["cycle"] == data.cycle) & (figures["scope"] == data.scope) & (figures["key"] == key)]
        for _, row in found.iterrows():
            rows.append((key, row["source"], float(row["value"]), compute()))
    frame = pd.DataFrame(rows, columns=["item", "source", "published", "computed"])
    frame = frame.assign(agrees=frame["published"] == frame["computed"])
    return frame.assign(why=[None if pd.notna(c) else why_not(data) for c in frame["computed"]])


def why_not(data: ScopeData) -> str:
    """Return the key of the message saying why a figure cannot be computed from the records
    (incumbents kept, new akims and renewal link this cycle's akims to the baseline's by
    person id): no person ids, or no baseline corps with records."""
    if "person_id" not in data.records.columns or data.records["person_id"].isna().all():
        return "not_computed.person_id"
    if not data.has_base_records():
        return "not_computed.baseline"
    return "not_computed.records"


def computable_figures(data: ScopeData) -> dict:
    """Published single figures and how to compute each from the records."""
    kept = lambda: incumbents(data).count if incumbents(data) else None  # noqa: E731
    return {
        "elected": lambda: len(data.records),
        "ethnicities": lambda: stats.diversity(data.distribution("ethnicity")).represented,
        "mean_age": lambda: round(stats.age_summary(data.records["age"]).mean),
        "youngest_age": lambda: int(data.records["age"].min()),
        "incumbents_kept": kept,
        "new_akims": lambda: len(data.records) - kept() if incumbents(data) else None,
        "renewal_percent": lambda: round(100 * (1 - incumbents(data).estimate), 1) if incumbents(data) else None,
    }


@lru_cache(maxsize=32)  # as many as scope_data keeps: asked for by several figures of a report
def incumbents(data: ScopeData) -> stats.Share | None:
    """Return the share of this cycle's akims who were in office in the baseline corps (person
    ids link them), out of this cycle's akims: the complement is what the press calls renewal."""
    if not data.has_records() or not data.has_base_records() or data.records["person_id"].isna().all():
        return None
    now = pd.Index(data.records["person_id"].dropna().unique())
    kept = now.isin(data.records_base["person_id"].dropna().unique())
    return stats.share_interval(int(kept.sum()), len(now), data.params.alpha)
