"""The data of one report: a cycle, a scope and parameters, read from a `Dataset`.

`ScopeData` answers the questions every section asks (the counts of a variable, its published
table, the baseline of a share, which records are synthetic) and keeps the section results
computed from it, so the reports in three languages compute each statistic once. Statistics
that are the same for every scope (all regions against the nation) are kept per data set.
"""

from __future__ import annotations

from functools import cached_property, lru_cache

import pandas as pd

from akimstat import stats

from akimstat.report import tables
from akimstat.report.choice import chosen_figure, in_code_order, main_source
from akimstat.data.counts import VARIABLES, counts_from_records, distribution
from akimstat.report.baseline import BaselineRules
from akimstat.data.dataset import Dataset
from akimstat.errors import ParameterError
from akimstat.params import NATIONAL, NO_BASELINE, ReportParameters, parameters_from

#: Variables derived from age, beside the categorical ones of the records.
AGE_VARIABLES = ("age_under", "age_band")


# The caches of this module are bounded: a kernel kept warm by `akimstat render --watch` lives
# through many data and parameter changes. The bounds hold a whole cycle's worth.
@lru_cache(maxsize=8)
def all_counts(data: Dataset, threshold: int) -> pd.DataFrame:
    """Tidy counts of all records, once per data set and age threshold (every scope uses them)."""
    return counts_from_records(data.records, data.codes, threshold)


@lru_cache(maxsize=8)
def _distributions(data: Dataset, threshold: int) -> dict:
    """The counts of each cycle, scope and variable, as `counts.distribution` gives them: one
    pass over all counts instead of filtering them again for every call."""
    counts = all_counts(data, threshold)
    series = counts.set_index("category")["count"].astype(int)
    return {key: series.iloc[rows]
            for key, rows in counts.groupby(["cycle", "scope", "variable"], sort=False).indices.items()}


def counts_of(data: Dataset, threshold: int, cycle: str, scope: str, variable: str) -> pd.Series:
    """Return the counts of every category of `variable` in one cycle and scope (records)."""
    found = _distributions(data, threshold).get((cycle, scope, variable))
    return found if found is not None else distribution(all_counts(data, threshold), cycle, scope, variable)


@lru_cache(maxsize=8)
def protected_counts(data: Dataset, cycle: str, threshold: int, sensitive: tuple, limit: int) -> pd.DataFrame:
    """Counts of the sensitive variables with small cells suppressed, over all regions at once.

    The national counts of the groups with a population share are published anyway (the
    representation table), and so are the counts a press report gives (shipped in the data):
    they are never hidden to protect another cell, and the others are protected knowing them.
    Every hidden cell keeps a range of at least three values (a protection interval, see
    docs/assumptions-and-caveats.md), or two with a limit of 2.
    """
    counts = all_counts(data, threshold)
    counts = counts[(counts["cycle"] == cycle) & counts["variable"].isin(sensitive)]
    population = data.population[data.population["variable"].isin(sensitive)]
    published = [(NATIONAL, c) for c in population["category"] if c != "other"]
    press = data.counts[(data.counts["cycle"] == cycle) & data.counts["variable"].isin(sensitive)
                        & (data.counts["universe"] == "akims") & data.counts["count"].notna()]
    published += list(zip(press["scope"], press["category"]))
    return stats.suppress_counts(counts, list(sensitive), limit, published=published,
                                 min_width=2 if limit > 2 else 1)


def published_on(data: Dataset, cycle: str, scope: str) -> str:
    """Return 'published: <sources>' of a cycle without records: the sources of its published
    tables and figures in `scope` (nationally, in every scope). Never 'records'."""
    sources = set()
    for table in (data.counts, data.figures):
        here = (table["cycle"] == cycle) & ((table["scope"] == scope) | (scope == NATIONAL))
        sources |= set(table.loc[here, "source"])
    return f"published: {', '.join(sorted(sources))}"


def synthetic_read(data: Dataset, cycle: str, baseline: str | None) -> list[str]:
    """Return the cycles whose synthetic records a report of `cycle` reads, in the data's
    order: `cycle`, the `baseline` (None when its records are refused) and the earlier cycles
    of its level that the trend shows. Empty when no figure rests on synthetic records: an
    official register is never called synthetic."""
    cycles, level = data.cycles(), data.codes.cycles.get("level", pd.Series(dtype=object))
    read = {c for c in cycles[: cycles.index(cycle) + 1] if level.get(c) == level.get(cycle)} | {baseline}
    return [c for c in cycles if c in read and c in data.synthetic_cycles]


def rows_of(counts: pd.DataFrame, cycle: str, scope: str, universe: str, variable: str) -> pd.DataFrame:
    """Return the published rows (counts.csv) of one cycle, scope, universe and variable."""
    return counts[(counts["cycle"] == cycle) & (counts["scope"] == scope)
                  & (counts["universe"] == universe) & (counts["variable"] == variable)]


def scope_data(data: Dataset, params: ReportParameters) -> "ScopeData":
    """Return the data of `params`' cycle and scope, shared by the reports in every language."""
    key = tuple((k, tuple(v) if isinstance(v, list) else v)
                for k, v in params.replace(language="en", output_dir="").as_dict().items())
    return _scope_data(data, key)


@lru_cache(maxsize=32)
def _scope_data(data: Dataset, key: tuple) -> "ScopeData":
    return ScopeData(data, parameters_from({k: list(v) if isinstance(v, tuple) else v for k, v in key}))


class ScopeData(BaselineRules):
    """The records, counts and published tables of one cycle and scope, and its baseline."""

    def __init__(self, data: Dataset, params: ReportParameters):
        cycles = data.cycles()
        for name in ("cycle", "baseline"):
            if getattr(params, name) not in cycles and (name, getattr(params, name)) != ("baseline", NO_BASELINE):
                raise ParameterError(f"parameter '{name}': no data for cycle "
                                     f"{getattr(params, name)!r}; the data has {', '.join(cycles)}")
        if params.scope != NATIONAL and params.scope not in data.scopes_of(params.cycle):
            what = "records" if data.has_records(params.cycle) else "published figures"
            raise ParameterError(f"parameter 'scope': no {what} for region {params.scope!r} in "
                                 f"cycle {params.cycle}; regions with {what}: "
                                 f"{', '.join(data.scopes_of(params.cycle)) or 'none'}")
        self.data, self.params = data, params
        self.scope, self.cycle, self.base_cycle = params.scope, params.cycle, params.baseline
        self.results: dict = {}  # section results, by spec entry (see akimstat.report.sections)

    @property
    def national(self) -> bool:
        return self.scope == NATIONAL

    # -- records and their counts -----------------------------------------------------------
    def records_of(self, cycle: str) -> pd.DataFrame:
        """Return the records of `cycle` in this scope, with age groups."""
        return self.data.records_of(cycle, None if self.national else self.scope, self.params.age_threshold)

    @cached_property
    def records(self) -> pd.DataFrame:
        return self.records_of(self.cycle)

    @cached_property
    def records_base(self) -> pd.DataFrame:
        return self.records.iloc[:0] if self.base_cycle == NO_BASELINE else self.records_of(self.base_cycle)

    @cached_property
    def linked_corps(self) -> stats.LinkedCorps:
        """The records of both cycles linked by person: once per scope, not once per variable
        and category that a section compares (a second each at a million records)."""
        return stats.link_corps(self.records, self.records_base)

    def rests_on(self, cycle: str | None = None) -> str:
        """Return what the figures of `cycle` in this scope rest on: 'synthetic records' or
        'records' for a cycle with records, else its published sources here (`published_on`)."""
        cycle = cycle or self.cycle
        if self.has_records(cycle):
            return "synthetic records" if cycle in self.data.synthetic_cycles else "records"
        return published_on(self.data, cycle, self.scope)

    @property
    def synthetic(self) -> list[str]:
        """Return the cycles whose synthetic records this report reads (`synthetic_read`)."""
        return synthetic_read(self.data, self.cycle, None if self.synthetic_baseline_refused else self.base_cycle)

    @cached_property
    def variables(self) -> tuple[str, ...]:
        """Return the variables a section can count: the records', the age groups, the code lists'."""
        return tuple(dict.fromkeys((*VARIABLES, *AGE_VARIABLES, *self.data.codes.categories["variable"])))

    def distribution(self, variable: str, cycle: str | None = None, scope: str | None = None) -> pd.Series:
        """Return the counts of every category of `variable` in this scope (or `scope`).

        Raises `ParameterError` naming the variables there are when `variable` is not one.
        """
        if variable not in self.variables:
            raise ParameterError(f"no variable {variable!r}; the variables are {', '.join(self.variables)}")
        return counts_of(self.data, self.params.age_threshold, cycle or self.cycle, scope or self.scope, variable)

    def has_base_records(self) -> bool:
        """Return whether the baseline is known from records this report may compare with."""
        return not self.synthetic_baseline_refused and not self.unlike_baseline and not self.records_base.empty

    def base_table(self, variable: str) -> tables.Table | None:
        """Return the baseline's table of `variable` (see `table`), or None when there is no
        baseline or its records are synthetic and this cycle's data is not."""
        if self.base_cycle == NO_BASELINE or self.unlike_baseline:
            return None
        found = self.table(variable, self.base_cycle)
        return None if found is not None and found.rests_on == "synthetic records" and \
            self.synthetic_baseline_refused else found

    def has_records(self, cycle: str | None = None) -> bool:
        """Return whether `cycle` (this one by default) is known from records."""
        return self.data.has_records(cycle or self.cycle)

    def table(self, variable: str, cycle: str | None = None, scope: str | None = None, universe: str = "akims"):
        """Return a `tables.Table` of the counts of `variable` as the data gives them: from the records of a cycle
        that has records (akims, and what the records hold); else the published table of the
        scope, or, nationally, the sum of the regions' published tables (with its coverage).
        `universe` is what is counted: akims, candidates or posts. None when the data has nothing."""
        cycle, scope = cycle or self.cycle, scope or self.scope
        found = self._table(variable, cycle, scope, universe)
        for other in self.data.same_territory(scope, cycle) if found is None and scope != NATIONAL else ():
            found = found or self._table(variable, cycle, other, universe)  # the region under its other code
        return found

    def _table(self, variable: str, cycle: str, scope: str, universe: str = "akims") -> tables.Table | None:
        if self.has_records(cycle) and universe == "akims" and variable in (*VARIABLES, *AGE_VARIABLES):
            counts = self.distribution(variable, cycle, scope)
            return tables.from_counts(variable, counts, self.rests_on(cycle)) if counts.sum() else None
        if variable not in self.variables:
            raise ParameterError(f"no variable {variable!r}; the variables are {', '.join(self.variables)}")
        found = self.published_table(variable, cycle, scope, universe)
        if found is None and scope == NATIONAL:
            regional = {code: self.published_table(variable, cycle, code, universe) for code in self.data.scopes_of(cycle)}
            found = tables.summed(variable, regional, self.data.regions_existing(cycle))
        return found

    def published_table(self, variable: str, cycle: str, scope: str, universe: str = "akims") -> tables.Table | None:
        """Return one source's published table of `variable` (the source `choice` chooses).
        A share under an age threshold is published for one threshold: only that of the
        parameter applies, as category 'under'."""
        rows = rows_of(self.data.counts, cycle, scope, universe, variable)
        if variable == "age_under":
            rows = rows[rows["category"] == f"under_{self.params.age_threshold}"].assign(category="under")
        chosen = rows[rows["source"] == main_source(self.data, rows)[0]] if len(rows) else rows
        return tables.from_published(variable, in_code_order(self.data, chosen))

    def sensitive(self, variable: str) -> bool:
        """Return whether small counts of `variable` are suppressed in published outputs."""
        return variable in self.params.sensitive_variables and self.params.suppression_threshold > 0

    def protected(self, variable: str, scope: str | None = None, universe: str = "akims") -> pd.DataFrame:
        """Return count (NA where suppressed) and suppression of every category of a
        sensitive variable in this scope (or `scope`); other variables pass unchanged.
        Candidates and posts are known from published tables only, suppressed as those of akims.

        Suppression runs over the whole region x category table with its national margins, so
        that no hidden cell of one report can be worked out from the other reports.
        """
        scope = scope or self.scope
        if not self.has_records() or universe != "akims":
            return self._protected_published(variable, scope, universe)
        if not self.sensitive(variable):
            counts = self.distribution(variable, scope=scope)
            return pd.DataFrame({"count": counts.astype("Int64"), "suppression": ""})
        table = protected_counts(self.data, self.cycle, self.params.age_threshold,
                                 tuple(self.params.sensitive_variables), self.params.suppression_threshold)
        mine = table[(table["scope"] == scope) & (table["variable"] == variable)]
        return mine.set_index("category")[["count", "suppression"]]

    def _protected_published(self, variable: str, scope: str, universe: str = "akims") -> pd.DataFrame:
        """A published table's counts, those of a sensitive variable below the threshold hidden:
        a press report may print them, a statistical report does not repeat them."""
        table = self.table(variable, scope=scope, universe=universe)
        counts = table.counts if table is not None else pd.Series(dtype=float)
        small = counts.lt(self.params.suppression_threshold) & counts.gt(0) & self.sensitive(variable)
        return pd.DataFrame({"count": counts.mask(small).astype("Int64"),
                             "suppression": small.map({True: "primary", False: ""})})

    def boundary_changed(self) -> bool:
        """Return whether this region was split or merged between the baseline and this cycle:
        its figures then describe different territories and are not compared."""
        if self.national or self.base_cycle == NO_BASELINE:
            return False
        codes = {self.scope, *self.data.same_territory(self.scope, self.cycle)}
        return any(self.data.boundary_changed(code, self.base_cycle, self.cycle) for code in codes)

    def regions(self) -> list[str]:
        """Return the regions with records in this cycle, in code-list order."""
        return self.data.scopes_of(self.cycle)

    # -- published tables and figures -------------------------------------------------------
    def published_rows(self, variable: str, universe: str = "akims", cycle: str | None = None) -> pd.DataFrame:
        """Return every published row of `variable` for this scope, from every source."""
        return rows_of(self.data.counts, cycle or self.cycle, self.scope, universe, variable)

    def published(self, variable: str, universe: str = "akims") -> pd.DataFrame:
        """Return the published table of `variable` for this cycle and scope: the rows of the
        source the rule of `akimstat.report.choice` chooses (other sources are corroboration)."""
        rows = self.published_rows(variable, universe)
        return in_code_order(self.data, rows if rows.empty else rows[rows["source"] == main_source(self.data, rows)[0]]
                             ).set_index("category")

    def published_figure(self, key: str, cycle: str | None = None) -> tuple[float, str] | None:
        """Return the published single figure of this scope in this cycle (or `cycle`) that the
        rule of `akimstat.report.choice` chooses, and its source; None when none is, or sources tie."""
        figures = self.data.figures
        row = chosen_figure(self.data, figures[(figures["cycle"] == (cycle or self.cycle)) & (
            figures["scope"] == self.scope) & (figures["key"] == key)])[0]
        return None if row is None else (float(row["value"]), row["source"])

    def source_year(self, variable: str) -> str:
        """Return the reference year of the population table of `variable` (the census): its
        `year` column, else the year of its source's date."""
        row = self.data.population.loc[self.data.population["variable"] == variable].iloc[0]
        if "year" in row and pd.notna(row["year"]):
            return str(int(row["year"]))
        return str(self.data.sources.at[row["source"], "date"])[:4]

    def population_shares(self, variable: str) -> pd.Series:
        """Return the population shares (0-1) of `variable`'s categories; empty if none."""
        population = self.data.population[self.data.population["variable"] == variable]
        return population.set_index("category")["percent"] / 100
