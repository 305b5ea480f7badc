"""A report in one language: sections as HTML, every figure it shows recorded under a stable key.

The notebooks in `reports/` build a `Report` from their parameters and display its sections in
order; `save` writes `figures.csv` and `tables/*.csv` beside the report. All numbers come from
`Analysis`, all words from `Labels`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import pandas as pd
from IPython.display import HTML
from markdown_it import MarkdownIt
from markupsafe import Markup

from akimstat import __version__, charts, stats
from akimstat import html as h
from akimstat.analysis import NATIONAL, analysis_for
from akimstat.dataset import Dataset, load_dataset
from akimstat.labels import Labels
from akimstat.params import ReportParameters, parameters_from
from akimstat.provenance import ROOT, code_version, data_hash, git_commit

UNIT_DECIMALS = {"share": 1, "points": 1, "years": 1, "pvalue": 3, "ratio": 2, "number": 1}


@dataclass(frozen=True)
class Figure:
    """One figure a report shows: a stable key, its value and unit, and the text shown."""

    key: str
    scope: str
    cycle: str
    value: float
    unit: str
    text: str


def _data_root(path: str) -> Path:
    """Return the data folder: as given when it exists, else relative to the project, so that a
    notebook opened in JupyterLab from reports/ finds data/ with the default parameters."""
    given = Path(path)
    project = ROOT / given
    return project if not given.exists() and not given.is_absolute() and project.exists() else given


def _dataset(root: str) -> Dataset:
    """Load a data package once per process and content: a warm kernel renders many reports
    from the same files, and reloads them when any file changed."""
    files_now = tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                             for p in Path(root).rglob("*") if p.is_file()))
    return _dataset_of(root, files_now)


@lru_cache(maxsize=2)  # a kernel kept warm by --watch sees the data change many times
def _dataset_of(root: str, files_now: tuple) -> Dataset:
    return load_dataset(root)


class Report:
    """Sections of one report (cycle, scope, language), and the figures and tables they show."""

    def __init__(self, params: ReportParameters, data: Dataset | None = None):
        self.params = params
        self.data = data if data is not None else _dataset(str(_data_root(params.data_dir)))
        self.a = analysis_for(self.data, params)
        self.t = Labels(params.language, self.data.codes)
        self.figures: dict[str, Figure] = {}
        self.tables: dict[str, pd.DataFrame] = {}

    @classmethod
    def from_parameters(cls, **values) -> "Report":
        """Build a report from the notebook's parameters (checked like a YAML file's)."""
        return cls(parameters_from(values, source="notebook parameters"))

    # -- figures ----------------------------------------------------------------------------
    def fig(self, key: str, value: float, unit: str, decimals: int | None = None,
            text: str | None = None) -> str:
        """Return `value` formatted for this language (or `text`, when the sentence words it
        differently), and record it under `key`."""
        decimals = UNIT_DECIMALS.get(unit, 0) if decimals is None else decimals
        if text is not None:
            pass
        elif unit == "share":
            text = self.t.percent(value, decimals)
        elif unit == "points":
            text = self.t.points(value, decimals)
        elif unit == "pvalue":
            text = self.t.p(value)
        else:
            text = self.t.number(value, decimals)
        self.figures.setdefault(key, Figure(key, self.a.scope, self.a.cycle, float(value), unit, text))
        return text

    def _interval(self, key: str, low: float, high: float, unit: str = "share") -> str:
        return self.t.plain("interval", level=self.t.number(100 * (1 - self.params.alpha)),
                            low=self.fig(f"{key}.low", low, unit), high=self.fig(f"{key}.high", high, unit))

    def _change(self, key: str, result, unit: str = "points") -> Markup:
        """Return 'up 1.3 points (95% interval ...; p = ...)' for a ShareDifference-like result."""
        direction = "change.up" if result.estimate > 0 else "change.down" if result.estimate < 0 else "change.none"
        size = self.t.points(result.estimate).lstrip("+-") if unit == "points" else self.t.number(abs(result.estimate), 1)
        self.fig(f"{key}.change", result.estimate, unit, text=size)
        return self.t.text(direction, size=size,
                           interval=self._interval(f"{key}.change", result.low, result.high, unit),
                           p=self.fig(f"{key}.change.pvalue", result.pvalue, "pvalue"))

    @property
    def _scope_name(self) -> str:
        return self.t.plain("scope.national") if self.a.scope == NATIONAL else self.t.name("region", self.a.scope)

    def _cycle_name(self, cycle: str) -> str:
        return self.t.name("cycle", cycle)

    # -- sections ---------------------------------------------------------------------------
    def title_page(self) -> HTML:
        """Title, what the report covers, and the synthetic-data notice when it applies."""
        parts = [h.tag("h1", self.t.text("title", scope=self._scope_name,
                                         cycle=self._cycle_name(self.a.cycle))),
                 h.tag("p", self.t.text("subtitle", baseline=self._cycle_name(self.a.base_cycle),
                                        date=self.t.date(self.data.codes.cycles.at[self.a.cycle, "date"])),
                       class_="subtitle")]
        if self.a.synthetic:
            parts.append(h.note(self.t.text("synthetic.notice"), kind="warning"))
        return HTML(h.join(parts))

    def headline(self) -> HTML:
        """The key figures of the cycle."""
        a, t = self.a, self.t
        women = a.shares("sex").loc["female"]
        items = [(self.fig("akims", len(a.records), "count"), t.text("headline.akims")),
                 (self.fig("women.share", women["share"], "share"),
                  t.text("headline.women", count=self.fig("women.count", women["count"], "count"))),
                 (self.fig("under.share", a.age.under.estimate, "share"),
                  t.text("headline.under", threshold=self.fig("age.threshold", a.params.age_threshold, "years", 0))),
                 (self.fig("age.mean.rounded", a.age.mean, "years", 0), t.text("headline.mean_age")),
                 (self.fig("age.youngest", a.age.youngest, "years", 0), t.text("headline.youngest")),
                 (self.fig("ethnicities.represented", a.diversity.represented, "count"),
                  t.text("headline.ethnicities"))]
        if a.renewal is not None:
            items.append((self.fig("incumbents.share", a.renewal.estimate, "share"),
                          t.text("headline.incumbents", count=self.fig("incumbents.count", a.renewal.count, "count"))))
        return HTML(h.section(t.text("headline.title"), h.headline_list(items), id="headline"))

    def context(self) -> HTML:
        """The election in numbers, from the published figures of this scope (if any)."""
        a, t = self.a, self.t
        sentences = []
        keys = {"posts": "count", "share_of_all_akims": "number", "population_in_units": "count",
                "nominated": "count", "registered": "count", "won_by_one_vote": "count",
                "ties_rerun": "count", "extra_staff_units": "count", "state_functions": "count"}
        values = {k: a.published_figure(k) for k in keys}
        if values["posts"] is not None:
            sentences.append(t.text("context.posts", elected=self.fig("akims", len(a.records), "count"),
                                    posts=self.fig("context.posts", values["posts"], "count")))
        if values["share_of_all_akims"] is not None:
            sentences.append(t.text("context.share_of_all", share=self.fig(
                "context.share_of_all_akims", values["share_of_all_akims"] / 100, "share")))
        if values["population_in_units"] is not None:
            sentences.append(t.text("context.population", millions=self.fig(
                "context.population_millions", values["population_in_units"] / 1e6, "number", 3)))
        if values["nominated"] is not None and values["registered"] is not None and values["posts"]:
            sentences.append(t.text(
                "context.candidates", nominated=self.fig("context.nominated", values["nominated"], "count"),
                registered=self.fig("context.registered", values["registered"], "count"),
                per_seat=self.fig("context.registered_per_post", values["registered"] / values["posts"], "number")))
        if values["won_by_one_vote"] is not None and values["ties_rerun"] is not None:
            sentences.append(t.text("context.close", one_vote=self.fig(
                "context.won_by_one_vote", values["won_by_one_vote"], "count"),
                ties=self.fig("context.ties_rerun", values["ties_rerun"], "count")))
        if values["extra_staff_units"] is not None:
            sentences.append(t.text("context.staff", units=self.fig(
                "context.extra_staff_units", values["extra_staff_units"], "count"),
                functions=self.fig("context.state_functions", values["state_functions"], "count")))
        if not sentences:
            return HTML("")
        parts = [h.tag("p", h.join(Markup(" ").join(sentences)))]
        history = {k: a.published_figure(k) for k in (
            "candidate_min_age", "declaration_check_days", "secondary_education_before",
            "experiment_2005_districts", "experiment_2005_electors", "experiment_2005_voters",
            "experiment_2006_cities", "experiment_2006_districts", "experiment_2006_electors")}
        if all(v is not None for v in history.values()):
            parts.append(h.tag("p", t.text("context.rules", **{
                k: self.fig(f"context.{k}", v, "count") for k, v in history.items()
                if not k.startswith("experiment")})))
            parts.append(h.tag("p", t.text("context.history", **{
                k: self.fig(f"context.{k}", v, "count") for k, v in history.items()
                if k.startswith("experiment")})))
        return HTML(h.section(t.text("context.title"), *parts, id="context"))

    def professions(self) -> HTML:
        """The profession mix, against the baseline and the published table."""
        a, t = self.a, self.t
        shares = a.shares("profession")
        base = a.distribution("profession", a.base_cycle) if not a.records_base.empty else None
        header = [t.plain("col.profession"), t.plain("col.count"), t.plain("col.share"),
                  t.plain("col.interval", level=self.t.number(100 * (1 - self.params.alpha)))]
        if base is not None:
            header += [t.plain("col.share_base"), t.plain("col.change_points")]
        rows, chart_rows = [], []
        for code, row in shares.iterrows():
            key = f"profession.{code}"
            cells = [t.name("profession", code), self.fig(f"{key}.count", row["count"], "count"),
                     self.fig(f"{key}.share", row["share"], "share"),
                     f"{self.fig(f'{key}.share.low', row['low'], 'share')} – {self.fig(f'{key}.share.high', row['high'], 'share')}"]
            chart_rows.append({"label": t.name("profession", code), "cycle": self._cycle_name(a.cycle),
                               "share": row["share"], "low": row["low"], "high": row["high"]})
            if base is not None:
                comparison = a.comparison("profession", code)
                cells += [self.fig(f"{key}.share_base", comparison.result.share_base.estimate, "share"),
                          self.fig(f"{key}.change", comparison.result.estimate, "points")]
                sb = comparison.result.share_base
                chart_rows.append({"label": t.name("profession", code), "cycle": self._cycle_name(a.base_cycle),
                                   "share": sb.estimate, "low": sb.low, "high": sb.high})
            rows.append(cells)
        self.tables["professions"] = shares.rename_axis("profession").reset_index()
        caption = t.text("professions.caption", cycle=self._cycle_name(a.cycle), scope=self._scope_name)
        parts = [h.table(caption, header, rows)]
        test = a.distribution_test("profession")
        if test is not None:
            parts.append(h.tag("p", self._distribution_sentence("profession", test)))
        title = t.plain("professions.chart", scope=self._scope_name)
        parts.append(h.figure(charts.shares_chart(pd.DataFrame(chart_rows), title, t.plain("axis.share")),
                              title, t.plain("professions.alt")))
        parts += self._published_table("profession")
        return HTML(h.section(t.text("professions.title"), *parts, id="professions"))

    def _distribution_sentence(self, variable: str, test) -> Markup:
        key = f"{variable}.test"
        text = self.t.text("distribution.test", statistic=self.fig(f"{key}.statistic", test.statistic, "number", 2),
                           df=self.fig(f"{key}.df", test.df, "count"),
                           p=self.fig(f"{key}.pvalue", test.pvalue, "pvalue"),
                           v=self.fig(f"{key}.cramers_v", test.cramers_v, "number", 3),
                           baseline=self._cycle_name(self.a.base_cycle))
        if test.merged:
            text += Markup(" ") + self.t.text("distribution.merged", categories=", ".join(
                self.t.name(variable, c) for c in test.merged), into=self.t.name(variable, test.merged_into))
        return text

    def _published_table(self, variable: str) -> list:
        """The published table of `variable` beside the records, and the audit's finding."""
        a, t = self.a, self.t
        published = a.published(variable).dropna(subset=["count"])
        if published.empty:
            return []
        audit = a.audit(variable)
        counts = a.distribution(variable)
        header = [t.plain(f"col.{variable}"), t.plain("col.published_count"), t.plain("col.published_percent"),
                  t.plain("col.count"), t.plain("col.agrees")]
        rows = []
        for code, row in published.iterrows():
            ours = int(counts.get(code, 0))
            rows.append([t.name(variable, code),
                         self.fig(f"published.{variable}.{code}.count", row["count"], "count"),
                         self._published_percent(row["percent"]),
                         t.number(ours), t.plain("yes") if ours == row["count"] else t.plain("no")])
        total = int(published["nobs"].iloc[0])
        rows.append([t.plain("total"), t.number(published["count"].sum()), "", t.number(counts.sum()), ""])
        parts = [h.table(t.text("published.caption", source=self._source_name(published["source"].iloc[0])),
                         header, rows)]
        if audit is not None and not audit.consistent:
            parts.append(self._audit_note(variable, audit, total))
        return parts

    def _source_name(self, source: str) -> str:
        """Return a source as 'publisher, date' (the address is in data/published/sources.csv)."""
        row = self.a.data.sources.loc[source]
        return f"{row['title']} ({row['publisher']}, {row['date']})"

    def _published_percent(self, text) -> str:
        """Return a published percentage in this language, with the decimals it was printed with."""
        parsed = stats.parse_percent(text)
        return "" if parsed is None else self.t.number(float(parsed[0]), parsed[1]) + "%"

    def _audit_note(self, variable: str, audit, total: int) -> Markup:
        """The data note on an inconsistent published table, written from the audit's result."""
        t = self.t
        sentences = []
        for issue in audit.inconsistencies:
            if issue.kind == "sum":
                sentences.append(t.text("audit.sum", total=t.number(total), sum=self.fig(
                    f"audit.{variable}.sum", issue.expected, "count")))
            else:
                sentences.append(t.text("audit.percent", category=t.name(variable, issue.category),
                                        percent=self._published_percent(issue.published),
                                        expected=self._published_percent(issue.expected)))
        best = audit.best
        if best is not None and best.size == 1 and best.changes[0].item == "count":
            change = best.changes[0]
            key = "audit.correction.unique" if audit.unique else "audit.correction.likely"
            sentences.append(t.text(key, category=t.name(variable, change.category),
                                    published=t.number(change.published),
                                    proposed=self.fig(f"audit.{variable}.{change.category}.proposed",
                                                      change.proposed, "count")))
            if change.typo:
                sentences.append(t.text("audit.typo"))
            for source in self.a.corroborating(variable, change.category, change.proposed):
                sentences.append(t.text("audit.corroborated", source=self._source_name(source),
                                        proposed=t.number(change.proposed)))
            if int(self.a.distribution(variable).get(change.category, -1)) == change.proposed:
                sentences.append(t.text("audit.used", proposed=t.number(change.proposed)))
        elif best is None:
            sentences.append(t.text("audit.no_correction"))
        return h.note(Markup(" ").join(sentences))

    def _share_section(self, name: str, variable: str, category: str) -> list:
        """Sentences on one share and its change against the baseline."""
        a, t = self.a, self.t
        share = a.shares(variable).loc[category]
        parts = [t.text(f"{name}.now", count=self.fig(f"{name}.count", share["count"], "count"),
                        nobs=self.fig("akims", share["nobs"], "count"),
                        share=self.fig(f"{name}.share", share["share"], "share"),
                        interval=self._interval(f"{name}.share", share["low"], share["high"]),
                        threshold=t.number(a.params.age_threshold))]
        comparison = a.comparison(variable, category)
        if comparison is not None:
            r, b = comparison.result, comparison.baseline
            parts.append(t.text(f"{name}.before", baseline=self._cycle_name(a.base_cycle),
                                count=self.fig(f"{name}.base.count", b.count, "count"),
                                share=self.fig(f"{name}.base.share", r.share_base.estimate, "share"),
                                difference=self.fig(f"{name}.change.count", r.count_change, "count"),
                                threshold=t.number(a.params.age_threshold)))
            parts.append(self._change(name, r))
            if b.origin == "published-assumed-nobs":
                parts.append(t.text("baseline.assumed", nobs=self.fig("baseline.nobs", b.nobs, "count")))
            elif b.origin == "published":
                parts.append(t.text("baseline.published"))
        return parts

    def gender(self) -> HTML:
        """Women's share, its change, and (nationally) the regions side by side."""
        a, t = self.a, self.t
        parts = [h.tag("p", Markup(" ").join(self._share_section("women", "sex", "female")))]
        if a.scope == NATIONAL:
            parts += self._regions_parts("women", "sex", "female")
            changes = a.region_changes("sex", "female")
            if not changes.empty:
                grew = changes[changes["change"] > 0].sort_values("change", ascending=False).head(3)
                parts.append(h.tag("p", t.text("women.grew_most", regions=", ".join(
                    f"{t.name('region', code)} ({self.fig(f'region.{code}.women.change', row['change'], 'points')})"
                    for code, row in grew.iterrows()))))
                frame = changes.assign(label=[t.name("region", c) for c in changes.index])
                title = t.plain("women.change_chart", baseline=self._cycle_name(a.base_cycle))
                parts.append(h.figure(charts.change_chart(frame, title, t.plain("axis.points")), title,
                                      t.plain("women.change_alt")))
                self.tables["women_change_by_region"] = changes.rename_axis("region").reset_index()
        else:
            parts.append(self._versus_nation("women", "sex", "female"))
        return HTML(h.section(t.text("women.title"), *parts, id="women"))

    def _versus_nation(self, name: str, variable: str, category: str) -> Markup:
        """This region's share against the national one, with the region's funnel-plot position."""
        a, t = self.a, self.t
        comparison = a.regions(variable, category)
        row = comparison.table.loc[a.scope]
        flag = row["flag_95"]
        return h.tag("p", t.text(f"versus_nation.{flag}", share=self.fig(f"{name}.share", row["share"], "share"),
                                 national=self.fig(f"nation.{name}.share", comparison.p0, "share"),
                                 p=self.fig(f"{name}.versus_nation.pvalue", row["pvalue"], "pvalue")))

    def _regions_parts(self, name: str, variable: str, category: str) -> list:
        """Funnel plot and table of every region's share (national reports). No ranking."""
        a, t = self.a, self.t
        comparison = a.regions(variable, category)
        table = comparison.table
        labels = [t.name("region", c) for c in table.index]
        limits = stats.funnel_limits(
            comparison.p0, sorted(set(range(20, int(table["nobs"].max() * 1.15), 2))),
            comparison.levels, phi=comparison.overdispersion.phi if comparison.adjustment == "multiplicative" else 1.0,
            tau2=comparison.overdispersion.tau2 if comparison.adjustment == "additive" else 0.0)
        level_names = {lv: t.plain("funnel.limit", level=t.number(lv * 100, 1 if lv * 100 % 1 else 0))
                       for lv in comparison.levels}
        title = t.plain(f"{name}.funnel_title")
        svg = charts.funnel_chart(table.assign(label=[c.replace("KZ-", "") for c in table.index]), limits,
                                  comparison.p0, title, t.plain("axis.akims"), t.plain("axis.share"), level_names)
        header = [t.plain("col.region"), t.plain("col.akims"), t.plain("col.share"),
                  t.plain("col.funnel_95"), t.plain("col.p_holm"), t.plain("col.p_bh")]
        rows = [[label, t.number(r["nobs"]), self.fig(f"region.{code}.{name}.share", r["share"], "share"),
                 t.plain(f"flag.{r['flag_95']}"), t.pvalue(r["pvalue_holm"]), t.pvalue(r["pvalue_bh"])]
                for label, (code, r) in zip(labels, table.iterrows())]
        self.tables[f"{name}_by_region"] = table.rename_axis("region").reset_index()
        od = comparison.overdispersion
        key = "overdispersion.applied" if comparison.adjustment != "none" else "overdispersion.none"
        return [h.figure(svg, title, t.plain("funnel.alt")),
                h.tag("p", t.text(key, phi=self.fig(f"{name}.overdispersion.phi", od.phi, "number", 2),
                                  p=self.fig(f"{name}.overdispersion.pvalue", od.pvalue, "pvalue"),
                                  method=t.plain(f"adjustment.{comparison.adjustment}"))),
                h.table(t.text(f"{name}.regions_caption"), header, rows)]

    def age(self) -> HTML:
        """Age: share under the threshold and its change, mean, youngest, the distribution."""
        a, t = self.a, self.t
        s = a.age
        parts = [h.tag("p", Markup(" ").join(self._share_section("under", "age_under", "under")))]
        parts.append(h.tag("p", t.text(
            "age.summary", mean=self.fig("age.mean", s.mean, "years"), median=self.fig("age.median", s.median, "years", 0),
            youngest=self.fig("age.youngest", s.youngest, "years", 0), oldest=self.fig("age.oldest", s.oldest, "years", 0))))
        d = a.age_change
        if d is not None:
            parts.append(h.tag("p", t.text(
                "age.change", baseline=self._cycle_name(a.base_cycle), mean_base=self.fig("age.base.mean", d.mean_base, "years"),
                difference=self.fig("age.change", d.estimate, "number"),
                interval=self._interval("age.change", d.low, d.high, "number"),
                p=self.fig("age.change.pvalue", d.pvalue, "pvalue"),
                p_mw=self.fig("age.mannwhitney.pvalue", d.mannwhitney_pvalue, "pvalue"))))
            ages = pd.concat([a.records[["age"]].assign(cycle=self._cycle_name(a.cycle)),
                              a.records_base[["age"]].assign(cycle=self._cycle_name(a.base_cycle))])
        else:
            ages = a.records[["age"]].assign(cycle=self._cycle_name(a.cycle))
        bands = a.distribution_test("age_band")
        if bands is not None:
            parts.append(h.tag("p", self._distribution_sentence("age_band", bands)))
        title = t.plain("age.chart", scope=self._scope_name)
        parts.append(h.figure(charts.age_chart(ages, a.params.age_threshold, title, t.plain("axis.age"),
                                               t.plain("axis.percent_of_corps")),
                              title, t.plain("age.alt", threshold=t.number(a.params.age_threshold))))
        if a.scope == NATIONAL:
            parts += self._regions_parts("under", "age_under", "under")
        else:
            parts.append(self._versus_nation("under", "age_under", "under"))
        self.tables["age_bands"] = a.distribution("age_band").rename("count").rename_axis("age_band").reset_index()
        return HTML(h.section(t.text("age.title"), *parts, id="age"))

    def ethnicity(self) -> HTML:
        """Ethnicities represented, diversity, representation against the census; small counts hidden."""
        a, t = self.a, self.t
        d = a.diversity
        parts = [h.tag("p", t.text("ethnicity.summary",
                                   represented=self.fig("ethnicities.represented", d.represented, "count"),
                                   simpson=self.fig("ethnicities.effective_simpson", d.effective_simpson, "number", 2),
                                   shannon=self.fig("ethnicities.effective_shannon", d.effective_shannon, "number", 2)))]
        table = a.ethnicity_table
        rows = []
        for code, row in table.iterrows():
            if pd.isna(row["count"]):
                rows.append([t.name("ethnicity", code), t.plain("suppressed")])
            else:
                rows.append([t.name("ethnicity", code), self.fig(f"ethnicity.{code}.count", row["count"], "count")])
        parts.append(h.table(t.text("ethnicity.caption", scope=self._scope_name),
                             [t.plain("col.ethnicity"), t.plain("col.count")], rows))
        if table["suppression"].ne("").any():
            parts.append(h.note(t.text("ethnicity.suppressed", threshold=t.number(a.params.suppression_threshold))))
        # Say only that a cell is hidden: "primary" would tell a reader it is below the threshold.
        self.tables["ethnicity"] = table.assign(suppressed=table["suppression"] != "").drop(
            columns="suppression").rename_axis("ethnicity").reset_index()
        if a.scope == NATIONAL:
            test = a.census_test
            parts.append(h.tag("p", t.text(
                "ethnicity.census_test", statistic=self.fig("ethnicity.census_test.statistic", test.statistic, "number", 1),
                df=self.fig("ethnicity.census_test.df", test.df, "count"),
                p=self.fig("ethnicity.census_test.pvalue", test.pvalue, "pvalue"),
                v=self.fig("ethnicity.census_test.cramers_v", test.cramers_v, "number", 3))))
            rep = a.representation
            rows = [[t.name("ethnicity", code), self.fig(f"ethnicity.{code}.share", r["share"], "share"),
                     t.number(r["population_share"] * 100, 1) + "%",
                     self.fig(f"ethnicity.{code}.ratio", r["ratio"], "ratio"),
                     f"{t.number(r['ratio_low'], 2)} – {t.number(r['ratio_high'], 2)}"]
                    for code, r in rep.iterrows()]
            header = [t.plain("col.ethnicity"), t.plain("col.share"), t.plain("col.population_share"),
                      t.plain("col.ratio"), t.plain("col.interval", level=t.number(100 * (1 - a.params.alpha)))]
            parts.append(h.table(t.text("ethnicity.representation_caption"), header, rows))
            parts.append(h.tag("p", t.text("ethnicity.representation_note")))
            self.tables["ethnicity_representation"] = rep.rename_axis("ethnicity").reset_index()
        return HTML(h.section(t.text("ethnicity.title"), *parts, id="ethnicity"))

    def districts(self) -> HTML:
        """Regional reports: akims, women and those under the threshold in each district."""
        a, t = self.a, self.t
        if a.scope == NATIONAL:
            return HTML("")
        d = a.districts
        rows = [[code, t.number(r["akims"]), t.number(r["women"]), t.number(r["under"])] for code, r in d.iterrows()]
        header = [t.plain("col.district"), t.plain("col.akims"), t.plain("col.women"),
                  t.plain("col.under", threshold=t.number(a.params.age_threshold))]
        self.tables["districts"] = d.rename_axis("district").reset_index()
        return HTML(h.section(t.text("districts.title"), h.table(t.text("districts.caption", scope=self._scope_name),
                                                                header, rows), id="districts"))

    def data_notes(self) -> HTML:
        """What the reader must know about the data: synthetic records, the published figures
        beside the records, caveats."""
        t = self.t
        notes = []
        if self.a.synthetic:
            notes.append(h.tag("li", t.text("notes.synthetic")))
        notes.append(h.tag("li", t.text("notes.population")))
        notes.append(h.tag("li", t.text("notes.caveats")))
        parts = [h.tag("ul", h.join(notes))]
        check = self.a.published_check()
        if not check.empty:
            parts.append(self._published_check_table(check))
        return HTML(h.section(t.text("notes.title"), *parts, id="notes"))

    def _published_check_table(self, check: pd.DataFrame) -> Markup:
        """Every published figure of this scope the records can give, and whether they agree.
        Small counts of sensitive variables are not shown, only whether they agree."""
        t = self.t
        variables = check["item"].str.partition(".")[0]
        hidden = (variables.isin(self.params.sensitive_variables)
                  & (check[["published", "computed"]].min(axis=1) < self.params.suppression_threshold))
        rows = []
        for row, secret in zip(check.itertuples(), hidden):
            variable, _, category = row.item.partition(".")
            if category:
                name = t.plain(f"col.{variable}") if t.has(f"col.{variable}") else variable
                label = f"{name}: {t.name(variable, category)}"
            else:
                label = t.plain(f"figure.{row.item}")
            shown = [t.plain("suppressed")] * 2 if secret else [
                t.number(v, 0 if float(v).is_integer() else 1) for v in (row.published, row.computed)]
            rows.append([label, self.a.data.sources.at[row.source, "publisher"], *shown,
                         t.plain("yes") if row.agrees else t.plain("no")])
        header = [t.plain("col.figure"), t.plain("col.source"), t.plain("col.published"),
                  t.plain("col.records"), t.plain("col.agrees")]
        self.tables["published_check"] = check.assign(
            published=check["published"].mask(hidden), computed=check["computed"].mask(hidden))
        return h.table(t.text("published_check.caption"), header, rows, numeric_from=2)

    def methods(self) -> HTML:
        """The methods text, in this language."""
        text = files("akimstat").joinpath(f"locales/methods.{self.t.lang}.md").read_text(encoding="utf-8")
        body = Markup(MarkdownIt("commonmark", {"html": False}).render(text))
        return HTML(h.tag("section", body, id="methods"))

    def provenance(self) -> HTML:
        """Data hashes, parameters, code version and a suggested citation."""
        t = self.t
        commit, date = git_commit()
        fingerprint = data_hash(self.data.hashes)
        files_rows = [[path, h.tag("code", digest)] for path, digest in self.data.hashes.items()]
        param_rows = [[name, h.tag("code", repr(_portable(name, value)))]
                      for name, value in self.params.as_dict().items()]
        citation = t.plain("citation", year=date[:4] or "n.d.", scope=self._scope_name,
                           cycle=self._cycle_name(self.a.cycle), version=__version__, commit=commit[:12],
                           data=fingerprint[:16], language=t.plain("language.name"))
        parts = [h.tag("p", t.text("provenance.code", version=code_version(), date=date or "—")),
                 h.tag("p", t.text("provenance.data", hash=fingerprint)),
                 h.table(t.text("provenance.files"), [t.plain("col.file"), "SHA-256"], files_rows),
                 h.table(t.text("provenance.parameters"), [t.plain("col.parameter"), t.plain("col.value")], param_rows),
                 h.tag("p", h.join([h.tag("strong", t.text("provenance.cite")), " ", citation]), class_="citation")]
        return HTML(h.section(t.text("provenance.title"), *parts, id="provenance"))

    # -- outputs ----------------------------------------------------------------------------
    def figures_frame(self) -> pd.DataFrame:
        """Return every figure shown, sorted by key."""
        rows = sorted(self.figures.values(), key=lambda f: f.key)
        return pd.DataFrame([f.__dict__ for f in rows], columns=list(Figure.__dataclass_fields__))

    def save(self, folder: str | Path = ".") -> None:
        """Write figures.csv and tables/*.csv into `folder` (the report's folder when rendering)."""
        folder = Path(folder)
        (folder / "tables").mkdir(parents=True, exist_ok=True)
        _write_csv(self.figures_frame(), folder / "figures.csv")
        for name, table in sorted(self.tables.items()):
            _write_csv(table, folder / "tables" / f"{name}.csv")


def _portable(name: str, value):
    """Return a parameter as a reader should see it: the data folder relative to the project
    when it is inside it, so that the same report from another clone has the same bytes."""
    if name == "data_dir":
        path = Path(value).resolve()
        return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else value
    return value


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write CSV bytes that are the same on every run: UTF-8, \\n, fixed float format."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", float_format="%.10g", quoting=csv.QUOTE_MINIMAL)
    path.write_text(buffer.getvalue(), encoding="utf-8")
