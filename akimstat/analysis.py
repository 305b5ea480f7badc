"""Every statistic one report shows, computed once per scope and shared by the three languages.

`Analysis` is language-free: numbers and result objects only. `akimstat.report` turns it into
words, tables and charts. Each property is computed on first use and kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache, wraps

import pandas as pd

from akimstat import stats
from akimstat.counts import counts_from_records, distribution, with_age_groups
from akimstat.dataset import Dataset
from akimstat.errors import ParameterError
from akimstat.params import NATIONAL, ReportParameters, parameters_from



@dataclass(frozen=True)
class Baseline:
    """The baseline share a current share is compared with, and where it came from.

    `origin` is "published" (count and total as published), "published-assumed-nobs" (the
    count or share is published, the total is the `baseline_nobs` parameter) or "records".
    """

    count: int
    nobs: int
    origin: str
    published_percent: str | None = None


@dataclass(frozen=True)
class Comparison:
    """A share in the cycle against its baseline."""

    variable: str
    category: str
    baseline: Baseline
    result: stats.ShareDifference


@lru_cache(maxsize=8)
def _counts(data: Dataset, threshold: int) -> pd.DataFrame:
    """Tidy counts of all records, once per data set and age threshold (every scope uses them)."""
    return counts_from_records(data.records, data.codes, threshold)


@lru_cache(maxsize=8)
def _distributions(data: Dataset, threshold: int) -> dict:
    """The counts of each cycle, scope and variable, as `counts.distribution` gives them: one
    pass over all counts instead of filtering them again for every call."""
    counts = _counts(data, threshold)
    series = counts.set_index("category")["count"].astype(int)
    return {key: series.iloc[rows]
            for key, rows in counts.groupby(["cycle", "scope", "variable"], sort=False).indices.items()}


def _distribution(data: Dataset, threshold: int, cycle: str, scope: str, variable: str) -> pd.Series:
    found = _distributions(data, threshold).get((cycle, scope, variable))
    return found if found is not None else distribution(_counts(data, threshold), cycle, scope, variable)


def _kept(method):
    """Keep a method's result per instance and arguments: an `Analysis` is shared by the
    reports in three languages, which ask it the same questions. Callers must not change
    the result in place."""
    @wraps(method)
    def kept(self, *args, **kwargs):
        key = (method.__name__, args, tuple(sorted(kwargs.items())))
        if key not in self._results:
            self._results[key] = method(self, *args, **kwargs)
        return self._results[key]
    return kept


@lru_cache(maxsize=8)
def _protected(data: Dataset, cycle: str, threshold: int, sensitive: tuple, limit: int) -> pd.DataFrame:
    """Counts of the sensitive variables with small cells suppressed, over all regions at once.

    The national counts of the groups with a census share are published anyway (the
    representation table), so they are never hidden to protect another cell.
    """
    counts = _counts(data, threshold)
    counts = counts[(counts["cycle"] == cycle) & counts["variable"].isin(sensitive)]
    census = data.population.loc[data.population["variable"] == "ethnicity", "category"]
    return stats.suppress_counts(counts, list(sensitive), limit,
                                 published=[(NATIONAL, c) for c in census if c != "other"])


@lru_cache(maxsize=32)
def _regions(data: Dataset, threshold: int, cycle: str, variable: str, category: str,
             alpha: float) -> stats.RegionComparison:
    """Every region against the nation: the same for every scope, so computed once."""
    counts = _counts(data, threshold)
    counts = counts[(counts["cycle"] == cycle) & (counts["variable"] == variable)
                    & (counts["category"] == category) & (counts["scope"] != NATIONAL)]
    order = data.regions_of(cycle)
    counts = counts.set_index("scope").loc[order]
    return stats.compare_regions(counts["count"].to_numpy(), counts["nobs"].to_numpy(), order,
                                 alpha=alpha)


@lru_cache(maxsize=32)
def _region_changes(data: Dataset, threshold: int, cycle: str, base_cycle: str, variable: str,
                    category: str, alpha: float) -> pd.DataFrame:
    """Each region's change of a share: the same for every scope, so computed once."""
    rows = {}
    for region in data.regions_of(cycle):
        now = _distribution(data, threshold, cycle, region, variable)
        before = _distribution(data, threshold, base_cycle, region, variable)
        if before.sum() == 0:
            continue
        result = stats.share_difference(int(now.get(category, 0)), int(now.sum()),
                                        int(before.get(category, 0)), int(before.sum()), alpha)
        rows[region] = {"share": result.share.estimate, "share_base": result.share_base.estimate,
                        "change": result.estimate, "low": result.low, "high": result.high,
                        "pvalue": result.pvalue}
    return pd.DataFrame.from_dict(rows, orient="index")


# The caches of this module are bounded: a kernel kept warm by `akimstat render --watch` lives
# through many data and parameter changes. The bounds hold a whole cycle's worth.


def analysis_for(data: Dataset, params: ReportParameters) -> "Analysis":
    """Return the analysis of `params`' cycle and scope, shared by the reports in every language."""
    return _analysis(data, tuple((k, tuple(v) if isinstance(v, list) else v)
                                 for k, v in params.replace(language="en").as_dict().items()))


@lru_cache(maxsize=32)
def _analysis(data: Dataset, key: tuple) -> "Analysis":
    return Analysis(data, parameters_from(dict((k, list(v) if isinstance(v, tuple) else v) for k, v in key)))


class Analysis:
    """The statistics of one cycle and scope against a baseline."""

    def __init__(self, data: Dataset, params: ReportParameters):
        cycles = data.cycles()
        for name in ("cycle", "baseline"):
            if getattr(params, name) not in cycles:
                raise ParameterError(f"parameter '{name}': no data for cycle "
                                     f"{getattr(params, name)!r}; the data has {', '.join(cycles)}")
        if params.scope != NATIONAL and params.scope not in data.regions_of(params.cycle):
            raise ParameterError(f"parameter 'scope': no records for region {params.scope!r} in "
                                 f"cycle {params.cycle}; regions with records: "
                                 f"{', '.join(data.regions_of(params.cycle))}")
        self.data, self.params = data, params
        self.scope, self.cycle, self.base_cycle = params.scope, params.cycle, params.baseline
        self._results: dict = {}  # see _kept

    # -- the data of this scope -------------------------------------------------------------
    @cached_property
    def counts(self) -> pd.DataFrame:
        """Tidy counts of every variable from the records of both cycles, by scope."""
        return _counts(self.data, self.params.age_threshold)

    def records_of(self, cycle: str) -> pd.DataFrame:
        """Return the records of `cycle` in this scope, with age groups."""
        records = self.data.records[self.data.records["cycle"] == cycle]
        if self.scope != NATIONAL:
            records = records[records["region"] == self.scope]
        return with_age_groups(records, self.params.age_threshold)

    @cached_property
    def records(self) -> pd.DataFrame:
        return self.records_of(self.cycle)

    @cached_property
    def records_base(self) -> pd.DataFrame:
        return self.records_of(self.base_cycle)

    @property
    def synthetic(self) -> bool:
        """True when any record this report reads is synthetic."""
        return bool({self.cycle, self.base_cycle} & self.data.synthetic_cycles)

    def distribution(self, variable: str, cycle: str | None = None) -> pd.Series:
        """Return the counts of every category of `variable` in this scope."""
        return _distribution(self.data, self.params.age_threshold, cycle or self.cycle, self.scope, variable)

    # -- shares and their change ------------------------------------------------------------
    @_kept
    def shares(self, variable: str) -> pd.DataFrame:
        """Return count, nobs, share and interval of every category of `variable`."""
        count = self.distribution(variable)
        rows = [stats.share_interval(int(c), int(count.sum()), self.params.alpha) for c in count]
        return pd.DataFrame({"count": count.to_numpy(), "nobs": [r.nobs for r in rows],
                             "share": [r.estimate for r in rows], "low": [r.low for r in rows],
                             "high": [r.high for r in rows]}, index=count.index)

    @_kept
    def baseline_of(self, variable: str, category: str) -> Baseline | None:
        """Return the baseline of one share: published where the source gives it, else records."""
        published = self.data.counts[(self.data.counts["cycle"] == self.base_cycle)
                                     & (self.data.counts["scope"] == self.scope)
                                     & (self.data.counts["universe"] == "akims")
                                     & (self.data.counts["variable"] == variable)
                                     & (self.data.counts["category"] == category)]
        if not published.empty:
            row = published.iloc[0]
            nobs = self.params.baseline_nobs if pd.isna(row["nobs"]) else int(row["nobs"])
            origin = "published" if pd.notna(row["nobs"]) else "published-assumed-nobs"
            if pd.notna(row["count"]):
                count = int(row["count"])
            else:  # only a share is published: the count it implies at the assumed total
                count = int(stats.parse_percent(row["percent"])[0] * nobs / 100 + 0.5)
            return Baseline(count, nobs, origin, row["percent"])
        base = self.distribution(variable, self.base_cycle) if not self.records_base.empty else None
        if base is None or base.sum() == 0:
            return None
        return Baseline(int(base.get(category, 0)), int(base.sum()), "records")

    @_kept
    def comparison(self, variable: str, category: str) -> Comparison | None:
        """Return the change of one share against the baseline, or None without a baseline."""
        baseline = self.baseline_of(variable, category)
        if baseline is None:
            return None
        count = self.distribution(variable)
        result = stats.share_difference(int(count.get(category, 0)), int(count.sum()),
                                        baseline.count, baseline.nobs, self.params.alpha)
        return Comparison(variable, category, baseline, result)

    @_kept
    def distribution_test(self, variable: str) -> stats.DistributionTest | None:
        """Return the test of the whole distribution of `variable` against the baseline records."""
        if self.records_base.empty:
            return None
        return stats.compare_distribution_counts(
            self.distribution(variable), self.distribution(variable, self.base_cycle),
            seed=self.params.seed)

    # -- families ---------------------------------------------------------------------------
    @cached_property
    def age(self) -> stats.AgeSummary:
        return stats.age_summary(self.records["age"], self.params.age_threshold, self.params.alpha)

    @cached_property
    def age_change(self) -> stats.AgeDifference | None:
        if self.records_base.empty:
            return None
        return stats.age_difference(self.records["age"], self.records_base["age"], self.params.alpha)

    @cached_property
    def diversity(self) -> stats.Diversity:
        return stats.diversity(self.distribution("ethnicity"))

    @cached_property
    def representation(self) -> pd.DataFrame:
        """Representation ratio of each ethnicity against its share of the 2009 population."""
        population = self.data.population[self.data.population["variable"] == "ethnicity"]
        shares = population.set_index("category")["percent"] / 100
        return stats.representation_ratios(self.distribution("ethnicity"), shares,
                                           self.params.alpha, others="other")

    @cached_property
    def census_test(self) -> stats.DistributionTest:
        """Goodness of fit of the ethnic mix to the 2009 census shares of the population."""
        population = self.data.population[self.data.population["variable"] == "ethnicity"]
        shares = population.set_index("category")["percent"] / 100
        return stats.compare_distribution_shares(self.distribution("ethnicity"), shares / shares.sum(),
                                                 seed=self.params.seed, others="other")

    @cached_property
    def ethnicity_table(self) -> pd.DataFrame:
        """Counts of each ethnicity present, small counts suppressed when the variable is sensitive.

        Suppression is done on the whole region x ethnicity table with its national margins, so
        that no suppressed cell of this report can be worked out from the other reports either.
        """
        protected = _protected(self.data, self.cycle, self.params.age_threshold,
                               tuple(self.params.sensitive_variables), self.params.suppression_threshold)
        if "ethnicity" not in self.params.sensitive_variables:
            protected = self.counts[(self.counts["cycle"] == self.cycle)
                                    & (self.counts["variable"] == "ethnicity")].assign(suppression="")
        mine = protected[(protected["scope"] == self.scope)
                         & (protected["variable"] == "ethnicity")].set_index("category")
        present = self.distribution("ethnicity") > 0
        return mine.loc[present[present].index, ["count", "suppression"]]

    @cached_property
    def renewal(self) -> stats.Share | None:
        """Share of this cycle's akims who were in office in the baseline corps (person ids link
        them), out of this cycle's akims: the complement is what the press calls renewal."""
        if self.records_base.empty or self.records["person_id"].isna().all():
            return None
        now = pd.Index(self.records["person_id"].dropna().unique())
        kept = now.isin(self.records_base["person_id"].dropna().unique())
        return stats.share_interval(int(kept.sum()), len(now), self.params.alpha)

    def regions(self, variable: str, category: str) -> stats.RegionComparison:
        """Return every region's share of `category` against the national share."""
        return _regions(self.data, self.params.age_threshold, self.cycle, variable, category,
                        self.params.alpha)

    def region_changes(self, variable: str, category: str) -> pd.DataFrame:
        """Return each region's change of a share against the baseline records, by region."""
        return _region_changes(self.data, self.params.age_threshold, self.cycle, self.base_cycle,
                               variable, category, self.params.alpha)

    @cached_property
    def districts(self) -> pd.DataFrame:
        """Akims, women and those under the threshold per district (regional reports)."""
        grouped = self.records.groupby("district")
        return pd.DataFrame({"akims": grouped.size(),
                             "women": grouped["sex"].apply(lambda s: int((s == "female").sum())),
                             "under": grouped["age_under"].apply(lambda s: int((s == "under").sum()))})

    # -- the published tables of this cycle --------------------------------------------------
    @_kept
    def published(self, variable: str, universe: str = "akims") -> pd.DataFrame:
        """Return the published table of `variable` for this cycle and scope: the rows of the
        source that gives the most of them (other sources are corroboration, see `corroborating`)."""
        rows = self._published_rows(variable, universe)
        if rows.empty:
            return rows.set_index("category")
        main = rows["source"].value_counts().sort_index().idxmax()
        return rows[rows["source"] == main].set_index("category")

    def _published_rows(self, variable: str, universe: str = "akims") -> pd.DataFrame:
        counts = self.data.counts
        return counts[(counts["cycle"] == self.cycle) & (counts["scope"] == self.scope)
                      & (counts["universe"] == universe) & (counts["variable"] == variable)]

    @_kept
    def corroborating(self, variable: str, category: str, count: int) -> list[str]:
        """Return the ids of other sources that publish `count` for this category."""
        rows = self._published_rows(variable)
        main = self.published(variable)["source"].iloc[0]
        same = rows[(rows["category"] == category) & (rows["count"] == count) & (rows["source"] != main)]
        return sorted(same["source"].unique())

    @_kept
    def audit(self, variable: str) -> stats.TableAudit | None:
        """Return the audit of the published table of `variable`, or None if none is published."""
        table = self.published(variable).dropna(subset=["count"])
        if len(table) < 2:
            return None
        return stats.audit_table(list(table.index), table["count"].astype(int).tolist(),
                                 table["percent"].tolist(), int(table["nobs"].iloc[0]))

    @_kept
    def published_figure(self, key: str, cycle: str | None = None) -> float | None:
        """Return a published single figure of this scope (posts, candidates, ...), or None."""
        figures = self.data.figures
        rows = figures[(figures["cycle"] == (cycle or self.cycle)) & (figures["scope"] == self.scope)
                       & (figures["key"] == key)]
        return None if rows.empty else float(rows["value"].iloc[0])

    @_kept
    def published_check(self) -> pd.DataFrame:
        """Return every published figure of this cycle and scope that the records can reproduce,
        beside the value computed from them: (item, source, published, computed, agrees).

        A published count is compared with the records' count of its category; a published
        single figure with the statistic it names. Figures the records cannot give (candidates,
        posts, population) are left out.
        """
        rows = []
        counts = self.data.counts
        mine = counts[(counts["cycle"] == self.cycle) & (counts["scope"] == self.scope)
                      & (counts["universe"] == "akims") & counts["count"].notna()]
        for _, row in mine.iterrows():
            computed = int(self.distribution(row["variable"]).get(row["category"], 0))
            rows.append((f"{row['variable']}.{row['category']}", row["source"], int(row["count"]), computed))
        for key, compute in self._computable_figures().items():
            figures = self.data.figures
            found = figures[(figures["cycle"] == self.cycle) & (figures["scope"] == self.scope)
                            & (figures["key"] == key)]
            for _, row in found.iterrows():
                rows.append((key, row["source"], float(row["value"]), compute()))
        frame = pd.DataFrame(rows, columns=["item", "source", "published", "computed"])
        return frame.assign(agrees=frame["published"] == frame["computed"])

    def _computable_figures(self) -> dict:
        """Published single figures and how to compute each from the records."""
        kept = lambda: self.renewal.count if self.renewal else None  # noqa: E731
        return {
            "elected": lambda: len(self.records),
            "ethnicities": lambda: self.diversity.represented,
            "mean_age": lambda: round(self.age.mean),
            "youngest_age": lambda: int(self.age.youngest),
            "incumbents_kept": kept,
            "new_akims": lambda: len(self.records) - kept() if self.renewal else None,
            "renewal_percent": lambda: round(100 * (1 - self.renewal.estimate), 1) if self.renewal else None,
        }
