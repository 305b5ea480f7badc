"""A variable's counts in one cycle and scope as the data gives them: from records, from one
source's published table, or summed from the published tables of regions; and age bands read
as intervals of whole years.

A published table may give counts, percentages or both, leave categories out ("not published"
is NaN here, never zero) and omit its total. `Table` keeps all of that, with what it rests on and,
for a national table summed from regions, how many of the regions it covers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from akimstat import stats
from akimstat.data.counts import band_bounds
from akimstat.report.coverage import Coverage


@dataclass(frozen=True)
class Table:
    """The counts of one variable in one cycle and scope.

    `counts` and `percents` are indexed by category, NaN where the data does not give a value.
    `nobs` is the total the counts are part of (None when not published). `rests_on` names the
    data ('records', 'synthetic records', 'published: <source>'); `coverage` is the regions
    summed, of those that existed, for a national table summed from regional ones.
    """

    variable: str
    counts: pd.Series
    percents: pd.Series
    nobs: int | None
    rests_on: str
    coverage: Coverage | None = None

    @property
    def from_records(self) -> bool:
        return "records" in self.rests_on

    @property
    def has_counts(self) -> bool:
        """True when every category has a count and the total is known."""
        return self.nobs is not None and self.counts.notna().all()

    def count(self, category: str) -> int | None:
        value = self.counts.get(category, math.nan)
        return None if pd.isna(value) else int(value)

    def share(self, category: str) -> float | None:
        """Return the category's share: count / nobs when both are known, else the published
        percentage; None when the data gives neither."""
        count = self.count(category)
        if count is not None and self.nobs:
            return count / self.nobs
        percent = self.percents.get(category, math.nan)
        return None if pd.isna(percent) else float(percent) / 100


def from_counts(variable: str, counts: pd.Series, rests_on: str) -> Table:
    """Return a table of record counts (every category, zeros included)."""
    counts = counts.astype(float)
    return Table(variable, counts, pd.Series(math.nan, index=counts.index), int(counts.sum()), rests_on)


def from_published(variable: str, rows: pd.DataFrame) -> Table | None:
    """Return the table of one source's published rows (columns category, count, nobs, percent,
    source), or None when there are none."""
    if rows.empty:
        return None
    rows = rows.set_index("category")
    percents = rows["percent"].map(lambda p: math.nan if stats.parse_percent(p) is None
                                   else float(stats.parse_percent(p)[0]))
    nobs = rows["nobs"].dropna()
    return Table(variable, pd.to_numeric(rows["count"], errors="coerce").astype(float), percents.astype(float),
                 int(nobs.iloc[0]) if len(nobs) else None, f"published: {rows['source'].iloc[0]}")


def summed(variable: str, tables: dict[str, Table], regions: list[str]) -> Table | None:
    """Return the national table summed from regional ones, with its coverage (regions summed,
    of `regions`, those that existed). Only counts are summed; a category missing in a region
    makes its sum unknown, and the total is known only when every region gives it."""
    tables = {code: t for code, t in tables.items() if t is not None and t.counts.notna().any()}
    if not tables:
        return None
    counts = pd.concat([t.counts for t in tables.values()], axis=1)
    total = counts.sum(axis=1, min_count=len(tables)).where(counts.notna().all(axis=1))
    nobs = [t.nobs for t in tables.values()]
    sources = sorted({t.rests_on.removeprefix("published: ") for t in tables.values()})
    return Table(variable, total, pd.Series(math.nan, index=total.index),
                 None if None in nobs else int(sum(nobs)), f"published: {', '.join(sources)}",
                 coverage=Coverage(tuple(sorted(tables, key=lambda c: regions.index(c) if c in regions else len(regions))),
                                   len(regions)))


# -- age bands ----------------------------------------------------------------------------------
def band_interval(code: str) -> tuple[float, float]:
    """Return the whole years (first, last) of a published age band's code, both included, an
    end the source leaves open as 0 or infinity: 'age_36_45' -> (36, 45), 'age_to_35' -> (0, 35),
    'age_from_56' -> (56, inf). Raises ValueError for anything else (`counts.band_bounds`)."""
    low, high = band_bounds(code)
    return (0 if low is None else low), (math.inf if high is None else high)


def under_bounds(bands: Table, threshold: int) -> tuple[float, float] | None:
    """Return the least and the greatest share under `threshold` years that age bands allow.

    A band wholly under the threshold counts in both; a band the threshold cuts (46-55 for
    under 55) counts only in the greatest: the data cannot say how its people split. None when
    a band's count (or percentage) is not given, or a band is not an interval.
    """
    shares = {code: bands.share(code) for code in bands.counts.index}
    if any(s is None for s in shares.values()):
        return None
    low = high = 0.0
    for code, share in shares.items():
        first, last = band_interval(code)
        if last < threshold:
            low += share
            high += share
        elif first < threshold:
            high += share
    return low, high
