"""Published figures against the code lists (regions that did not exist, coverage, more akims than
posts) and against the records."""

from __future__ import annotations

import math

import pandas as pd

from akimstat.data import pages


from akimstat.report.choice import figure_rank
from akimstat.data.dataset import Dataset
from akimstat.params import NATIONAL, NO_BASELINE, ReportParameters
from akimstat.report.reconcile.rows import _existing, _plain, _row, _territory
from akimstat.report.reconcile.rows import _tables




def against_code_lists(data: Dataset) -> list[dict]:
    """Return figures the code lists contradict: a region that did not exist at the cycle's
    date, a national table the reports sum from fewer regions than existed, and counts of
    akims or posts that exceed (or, for posts, differ from) the posts up for election."""
    return [*_regions_not_existing(data), *_coverage(data), *_posts(data)]


def _regions_not_existing(data: Dataset) -> list[dict]:
    rows = []
    for kind, frame in (("counts", data.counts), ("figures", data.figures)):
        for (cycle, scope, source), _ in frame.groupby(["cycle", "scope", "source"], sort=False):
            if scope == NATIONAL or all(_territory(data, cycle, code) in _existing(data, cycle)
                                        for code in pages.members(scope)):
                continue
            date = data.codes.cycles.at[cycle, "date"].date().isoformat()
            rows.append(_row(cycle, scope, "region_not_existing", scope, math.nan, source, math.nan,
                             "regions.csv", unit="", used_because="not_shown",
                             detail=f"{kind}: no such oblast on {date}"))
    return rows


def _coverage(data: Dataset) -> list[dict]:
    """A national table of akims the reports sum from the regions' tables (a cycle without
    records and without a national table), when fewer regions give one than existed."""
    rows = []
    counts = data.counts[data.counts["universe"] == "akims"]
    for (cycle, variable), found in counts.groupby(["cycle", "variable"], sort=False):
        if data.has_records(cycle) or (found["scope"] == NATIONAL).any():
            continue
        existing = _existing(data, cycle)
        covered = sorted({_territory(data, cycle, s) for s in found["scope"]} & set(existing))
        if len(covered) >= len(existing):
            continue
        missing = [code for code in existing if code not in covered]
        rows.append(_row(cycle, NATIONAL, "coverage", variable, len(covered), ", ".join(sorted(found["source"].unique())),
                         len(existing), "regions.csv", universe="akims", unit="regions",
                         used=len(covered), used_because="sum_of_regions",
                         detail="missing: " + ", ".join(missing)))
    return rows


def _posts(data: Dataset) -> list[dict]:
    rows = []
    for cycle in data.cycles():
        posts = data.codes.cycles.at[cycle, "posts"]
        limits = {NATIONAL: (int(posts), "cycles.csv")} if pd.notna(posts) else {}
        figures = data.figures[(data.figures["cycle"] == cycle) & (data.figures["key"] == "posts")]
        ranks = [figure_rank(data, row) for _, row in figures.iterrows()]  # the chosen first
        figures = figures.assign(_rank=ranks).sort_values(["_rank", "source"], ascending=[False, True], kind="stable")
        national = figures.loc[figures["scope"] == NATIONAL, "value"].astype(float)
        # A posts figure other than the code list's is listed by `across_sources` when another
        # source gives the code list's number.
        listed = NATIONAL in limits and (national == limits[NATIONAL][0]).any()
        for _, figure in figures.iterrows():
            terr = _territory(data, cycle, figure["scope"])
            if terr == NATIONAL and NATIONAL in limits:
                if int(figure["value"]) != limits[NATIONAL][0] and not listed:
                    rows.append(_row(cycle, NATIONAL, "posts", "posts", limits[NATIONAL][0], "cycles.csv",
                                     int(figure["value"]), figure["source"], unit="posts",
                                     used=limits[NATIONAL][0], used_because="code_list"))
                continue
            limits.setdefault(terr, (int(figure["value"]), figure["source"]))
        for terr, (limit, origin) in limits.items():
            rows += _over_posts(data, cycle, terr, limit, origin)
    return rows


def _over_posts(data: Dataset, cycle: str, terr: str, limit: int, origin: str) -> list[dict]:
    """Tables of the akims whose total or parts exceed the posts, tables of the posts whose
    total differs from them, and a number elected above them."""
    rows, because = [], "code_list" if origin == "cycles.csv" else "rule"
    for (c, scope, universe, variable, source, nobs), table in _tables(data):
        if c != cycle or universe not in ("akims", "posts") or _territory(data, c, scope) != terr:
            continue
        total = int(table["count"].sum()) if table["count"].notna().any() else None
        stated = int(nobs) if nobs >= 0 else total
        if stated is None:
            continue
        size = max(stated, total or 0)
        if size > limit or universe == "posts" and stated != limit:
            rows.append(_row(cycle, scope, "posts", variable, limit, origin, size, source, universe=universe,
                             used=limit, used_because=because,
                             detail="total" if size == stated else "sum"))
    elected = data.figures[(data.figures["cycle"] == cycle) & (data.figures["key"] == "elected")]
    for _, figure in elected.iterrows():
        if _territory(data, cycle, figure["scope"]) == terr and float(figure["value"]) > limit:
            rows.append(_row(cycle, figure["scope"], "posts", "elected", limit, origin, int(figure["value"]),
                             figure["source"], universe="akims", used=limit, used_because=because))
    return rows




def records_against_published(data: Dataset, params: ReportParameters | None = None) -> list[dict]:
    """Return each published figure the records give otherwise (as the reports' notes check
    them: `akimstat.report.published.published_check`). Small counts of sensitive variables are
    left empty, as the reports leave them."""
    from akimstat.report.scope import ScopeData
    from akimstat.report.published import published_check

    params = params or ReportParameters()
    rows = []
    for cycle in data.cycles():
        if not data.has_records(cycle):
            continue
        base = _previous(data, cycle)
        scopes = [NATIONAL, *(s for s in data.regions_of(cycle))]
        for scope in scopes:
            if not _has_published(data, cycle, scope):
                continue
            scoped = ScopeData(data, params.replace(cycle=cycle, scope=scope, baseline=base))
            check = published_check(scoped)
            for row in check[~check["agrees"]].itertuples():
                if row.computed is None or pd.isna(row.computed):
                    continue
                variable = row.item.partition(".")[0]
                secret = scoped.sensitive(variable) and min(row.published, row.computed) < params.suppression_threshold
                value, other = (math.nan, math.nan) if secret else (_plain(row.published), _plain(row.computed))
                rows.append(_row(cycle, scope, "records", row.item, value, row.source, other, "records",
                                 universe="akims", used=other, used_because="records",
                                 detail="suppressed" if secret else ""))
    return rows


def _previous(data: Dataset, cycle: str) -> str:
    cycles = data.cycles()
    at = cycles.index(cycle)
    return cycles[at - 1] if at > 0 and data.has_records(cycles[at - 1]) else NO_BASELINE


def _has_published(data: Dataset, cycle: str, scope: str) -> bool:
    return any(((frame["cycle"] == cycle) & (frame["scope"] == scope)).any()
               for frame in (data.counts, data.figures))
