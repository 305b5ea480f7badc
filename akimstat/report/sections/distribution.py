"""The distribution of any categorical variable (profession, education, unit type, ethnicity):
counts and shares with intervals, the change against the baseline and its test, the published
tables beside the records (audited), and, where asked, diversity and representation against a
population table. Small counts of a sensitive variable are suppressed everywhere they show."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from akimstat.report import charts

from akimstat import stats
from akimstat.report import html as h
from akimstat.report.reconcile.rows import PARTIAL_VARIABLES
from akimstat.report.scope import ScopeData
from akimstat.report.sections import conclusion
from akimstat.report.sections.audit_note import audit_note
from akimstat.report.sections.result import Chart, Result
from akimstat.report.sections import region_changes
from akimstat.report.sections.share import baseline_of, linked


def compute(data: ScopeData, variable: str, shares: bool = True, diversity: str | None = None) -> Result:
    """Return the distribution of `variable` in this cycle and scope.

    Parameters
    ----------
    shares : also give each category's share, its interval and its change against the baseline.
    diversity : key prefix of the diversity values (e.g. 'ethnicities'), or None for none.
    """
    r = Result(variable, "distribution", facts={"variable": variable, "sensitive": data.sensitive(variable)})
    table = data.table(variable)
    if table is None:
        r.facts["no_data"] = True
        return r
    if r.facts["sensitive"]:
        r.uses("suppression")
    if not table.from_records:
        return compute_published(r, data, variable, table, shares)
    counts, rests = data.protected(variable), data.rests_on()
    present = data.distribution(variable) > 0
    compared = shares and data.has_base_records()
    if compared:
        present |= data.distribution(variable, data.base_cycle).reindex(present.index, fill_value=0) > 0
    counts = counts.loc[present[present].index]
    frame = counts[["count"]].assign(suppressed=counts["suppression"] != "") if r.facts["sensitive"] \
        else counts[["count"]]
    for code, count in counts["count"].items():
        if pd.notna(count):
            r.add(f"{variable}.{code}.count", count, "count", rests)
    if shares:
        frame = frame.join(add_shares(r, data, variable, counts["count"], compared))
    r.frames[variable] = frame.rename_axis(variable).reset_index()
    if compared and not r.facts["sensitive"]:
        add_test(r, data, variable)
    if diversity:
        add_diversity(r, data, variable, diversity)
    if data.national and not data.population_shares(variable).empty:
        add_representation(r, data, variable)
    add_published(r, data, variable)
    return r


def compute_published(r: Result, data: ScopeData, variable: str, table, shares: bool) -> Result:
    """The distribution of a cycle known from a published table: its counts (a sensitive
    variable's small ones hidden), percentages and shares as given, intervals where counts and
    the total are both published, and the test against the baseline that its data allows."""
    shown = data.protected(variable)["count"].astype(float)
    r.facts["coverage"], r.facts["rests_on"] = table.coverage, table.rests_on
    frame = pd.DataFrame({"count": shown, "published_percent": table.percents})
    for code, count in shown.items():
        if pd.notna(count):
            r.add(f"{variable}.{code}.count", count, "count", table.rests_on)
        share = table.share(code) if pd.notna(count) or pd.isna(table.counts.get(code)) else None
        if shares and share is not None:
            r.add(f"{variable}.{code}.share", share, "share", table.rests_on)
            frame.loc[code, "share"] = share
            if pd.notna(count) and table.nobs:
                interval = stats.share_interval(int(count), table.nobs, data.params.alpha)
                r.uses(interval)
                r.add(f"{variable}.{code}.share.low", interval.low, "share", table.rests_on)
                r.add(f"{variable}.{code}.share.high", interval.high, "share", table.rests_on)
    r.frames[variable] = frame.rename_axis(variable).reset_index()
    if shares and not r.facts["sensitive"]:
        add_published_test(r, data, variable, table)
    add_published(r, data, variable, beside_records=False)
    r.covering(table.rests_on, table.coverage)
    return r


def add_published_test(r: Result, data: ScopeData, variable: str, table) -> None:
    """Test the mix against the baseline: homogeneity when both give every count, goodness of
    fit against the baseline's shares when only they are known; nothing otherwise."""
    base = None if data.boundary_changed() else data.base_table(variable)
    if base is None or not table.has_counts or base.coverage != table.coverage:
        return
    both = f"{table.rests_on}; {base.rests_on}"
    if base.has_counts:
        test = stats.compare_distribution_counts(table.counts.astype(int), base.counts.astype(int), seed=data.params.seed)
    else:
        shares = pd.Series({code: base.share(code) for code in base.counts.index}).dropna()
        if shares.empty or not set(table.counts.index) <= set(shares.index):
            return
        test = stats.compare_distribution_shares(table.counts.astype(int), shares / shares.sum(), seed=data.params.seed)
    r.facts["test"] = test
    r.uses(test)
    r.add(f"{variable}.test.statistic", test.statistic, "number", both)
    r.add(f"{variable}.test.df", test.df, "count", both)
    r.add(f"{variable}.test.pvalue", test.pvalue, "pvalue", both)
    r.add(f"{variable}.test.cramers_v", test.cramers_v, "number", both)
    if "linked_test" in r.facts and not data.national:
        tests = region_changes.mix_tests_by_region(data.data, data.params.age_threshold, data.cycle, data.base_cycle,
                                                   variable, data.params.seed)
        region_changes.add_holm_entrants(r, data, tests, f"{variable}.test.pvalue")


def add_shares(r: Result, data: ScopeData, variable: str, counts: pd.Series, compared: bool) -> pd.DataFrame:
    """Add each visible category's share and interval (and its change); return them as columns."""
    nobs, alpha, rests = int(data.distribution(variable).sum()), data.params.alpha, data.rests_on()
    rows = {}
    for code, count in counts.items():
        if pd.isna(count):
            continue
        share = stats.share_interval(int(count), nobs, alpha)
        r.uses(share)
        key = f"{variable}.{code}"
        r.add(f"{key}.share", share.estimate, "share", rests)
        r.add(f"{key}.share.low", share.low, "share", rests)
        r.add(f"{key}.share.high", share.high, "share", rests)
        rows[code] = {"nobs": nobs, "share": share.estimate, "low": share.low, "high": share.high}
        base = baseline_of(data, variable, code) if compared else None
        if base is not None and base.count is not None:
            d = stats.share_difference(int(count), nobs, base.count, base.nobs, alpha)
            r.add(f"{key}.share_base", d.share_base.estimate, "share", base.rests_on)
            r.add(f"{key}.share_base.low", d.share_base.low, "share", base.rests_on)
            r.add(f"{key}.share_base.high", d.share_base.high, "share", base.rests_on)
            r.add(f"{key}.change", d.estimate, "points", f"{rests}; {base.rests_on}")
            rows[code] |= {"share_base": d.share_base.estimate, "change": d.estimate}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["nobs", "share", "low", "high"] + (
        ["share_base", "change"] if compared else []))


def add_test(r: Result, data: ScopeData, variable: str) -> None:
    """Add the test that the mix is the same as in the baseline records. Between corps that
    share people only newcomers and leavers can change the mix: they are tested against each
    other, and the stayers' own moves by Stuart-Maxwell (two independent corps would be tested
    as such, which the shared people make all but certain to find alike)."""
    both = f"{data.rests_on()}; {data.rests_on(data.base_cycle)}"
    if linked(data):
        change = stats.linked_distribution_change(data.records, data.records_base, variable, seed=data.params.seed,
                                                  parts=data.linked_corps)
        if change.entrants_vs_leavers is None:
            return
        test = change.entrants_vs_leavers
        r.facts["linked_test"] = change
        r.uses(change)
        if change.stayers is not None:
            r.add(f"{variable}.stayers.changed", change.stayers.changed, "count", both)
            r.add(f"{variable}.stayers.pvalue", change.stayers.pvalue, "pvalue", both)
    else:
        test = stats.compare_distribution_counts(data.distribution(variable),
                                                 data.distribution(variable, data.base_cycle), seed=data.params.seed)
        r.uses(test)
    r.facts["test"] = test
    r.add(f"{variable}.test.statistic", test.statistic, "number", both)
    r.add(f"{variable}.test.df", test.df, "count", both)
    r.add(f"{variable}.test.pvalue", test.pvalue, "pvalue", both)
    r.add(f"{variable}.test.cramers_v", test.cramers_v, "number", both)
    if "linked_test" in r.facts and not data.national:
        tests = region_changes.mix_tests_by_region(data.data, data.params.age_threshold, data.cycle, data.base_cycle,
                                                   variable, data.params.seed)
        region_changes.add_holm_entrants(r, data, tests, f"{variable}.test.pvalue")


def add_diversity(r: Result, data: ScopeData, variable: str, prefix: str) -> None:
    d = stats.diversity(data.distribution(variable))
    if r.facts["sensitive"]:  # from the published cells only: full indices give hidden cells away
        published = data.protected(variable)["count"]
        d = stats.published_diversity(published, d.nobs)
        # suppressed groups pooled into one: the effective numbers are lower bounds (Hill 1973)
        r.facts["diversity_bound"] = bool(published.isna().any())
        if r.facts["diversity_bound"]:
            r.uses("diversity_bound")
    r.uses(d)
    r.add(f"{prefix}.represented", d.represented, "count", data.rests_on())
    r.add(f"{prefix}.effective_simpson", d.effective_simpson, "number", data.rests_on())
    r.add(f"{prefix}.effective_shannon", d.effective_shannon, "number", data.rests_on())
    r.facts["diversity"] = prefix


def add_representation(r: Result, data: ScopeData, variable: str) -> None:
    """Add representation ratios against the population table, descriptively: the census counts
    the whole population (children and city dwellers too), no sample the corps was drawn from,
    so a goodness-of-fit test against it would test nothing meaningful."""
    shares = data.population_shares(variable)
    counts = data.distribution(variable)
    rep = stats.representation_ratios(counts, shares, data.params.alpha, others="other")
    r.uses("representation")
    source = f"{data.rests_on()}; published: {data.data.population.loc[data.data.population['variable'] == variable, 'source'].iloc[0]}"
    for code, row in rep.iterrows():
        r.add(f"{variable}.{code}.share", row["share"], "share", data.rests_on())
        r.add(f"{variable}.{code}.ratio", row["ratio"], "ratio", source)
    r.facts["census_year"] = data.source_year(variable)
    r.frames[f"{variable}_representation"] = rep.rename_axis(variable).reset_index()


def add_published(r: Result, data: ScopeData, variable: str, beside_records: bool = True) -> None:
    """Add the published tables of `variable` (akims; posts) and the audit of the akims' table.

    Not for a sensitive variable: a press report's small counts would show what the tables
    suppress (the notes' check of published figures says whether they agree, hiding them).
    """
    if r.facts["sensitive"]:
        return
    r.facts["beside_records"] = beside_records
    for universe in ("akims", "posts"):
        table = data.published(variable, universe).dropna(subset=["count"])
        if table.empty:
            continue
        r.facts[f"published.{universe}"] = table
        prefix = "published" if universe == "akims" else "published.posts"
        for code, row in table.iterrows():
            r.add(f"{prefix}.{variable}.{code}.count", row["count"], "count", f"published: {row['source']}")
    table = r.facts.get("published.akims")
    if table is None or len(table) < 2 or table["nobs"].isna().any():
        return
    if variable in PARTIAL_VARIABLES or not set(data.data.codes.category_codes(variable)) <= set(table.index):
        return  # some categories unpublished: audited with their remainder in About the data
    percents = [None if pd.isna(p) else p for p in table["percent"]]
    audit = stats.audit_table(list(table.index), table["count"].astype(int).tolist(), percents,
                              int(table["nobs"].iloc[0]))
    r.uses(audit)
    if audit.consistent:
        return
    r.facts["audit"] = audit
    source = f"published: {table['source'].iloc[0]}"
    for issue in audit.inconsistencies:
        if issue.kind == "sum":
            r.add(f"audit.{variable}.sum", issue.expected, "count", source)
    best = audit.best
    if best is not None and best.size == 1 and best.changes[0].item == "count":
        change = best.changes[0]
        r.add(f"audit.{variable}.{change.category}.proposed", change.proposed, "count", source)
        rows = data.published_rows(variable)
        same = rows[(rows["category"] == change.category) & (rows["count"] == change.proposed)
                    & (rows["source"] != table["source"].iloc[0])]
        r.facts["corroborating"] = sorted(same["source"].unique())
        r.facts["used"] = int(data.distribution(variable).get(change.category, -1)) == change.proposed


# -- presenting -------------------------------------------------------------------------------
def present(r: Result, w) -> tuple[str, list]:
    """Return the section's title and parts in the writer's language."""
    variable, t = r.id, w.t
    if r.facts.get("no_data"):
        return t.text(f"title.{variable}"), [h.tag("p", t.text("section.no_data", cycle=w.cycle_name()))]
    parts = [h.tag("p", w.modelled(r, diversity_sentence(r, w)))] if "diversity" in r.facts else []
    parts.append(published_counts_table(r, w) if "published_percent" in r.frames[variable] else counts_table(r, w))
    if r.facts.get("coverage"):
        parts.append(h.tag("p", w.coverage(r.facts["coverage"])))
    if r.facts["sensitive"] and r.frames[variable].get("suppressed", pd.Series(dtype=bool)).any():
        parts.append(h.note(t.text("suppressed.note", threshold=t.number(w.params.suppression_threshold))))
    if "test" in r.facts:
        parts.append(h.tag("p", w.modelled(r, test_sentence(variable, r.facts["test"], r, w))))
    if "share" in r.frames[variable]:
        parts.append(shares_chart(r, w))
    if f"{variable}_representation" in r.frames:
        parts += representation_parts(r, w)
    parts += published_parts(r, w)
    return t.text(f"title.{variable}"), parts


def counts_table(r: Result, w) -> Markup:
    variable, t = r.id, w.t
    frame = r.frames[variable].set_index(variable)
    shares, compared = "share" in frame, "change" in frame
    header = [t.plain(f"col.{variable}"), t.plain("col.count")]
    if shares:
        header += [t.plain("col.share"), t.plain("col.interval", level=w.level())]
    if compared:
        header += [t.plain("col.share_base"), t.plain("col.change_points")]
    rows = []
    for code, row in frame.iterrows():
        key = f"{variable}.{code}"
        if pd.isna(row["count"]):
            rows.append([w.category(variable, code)] + [t.plain("suppressed")] * (len(header) - 1))
            continue
        cells = [w.category(variable, code), w.fig(r[f"{key}.count"])]
        if shares:
            cells += [w.fig(r[f"{key}.share"]), f"{w.fig(r[f'{key}.share.low'])} – {w.fig(r[f'{key}.share.high'])}"]
        if compared and f"{key}.change" in r.values:
            cells += [w.fig(r[f"{key}.share_base"]), w.fig(r[f"{key}.change"])]
        rows.append(cells)
    return h.table(t.text(f"caption.{variable}", cycle=w.cycle_name(), scope=w.scope_of(r.facts.get("coverage"))), header, rows)


def published_counts_table(r: Result, w) -> Markup:
    """The table of a cycle known from a published table: what it gives, and only that."""
    variable, t = r.id, w.t
    frame = r.frames[variable].set_index(variable)
    header = [t.plain(f"col.{variable}"), t.plain("col.count"), t.plain("col.published_percent"),
              t.plain("col.share"), t.plain("col.interval", level=w.level())]
    rows = []
    for code, row in frame.iterrows():
        key = f"{variable}.{code}"
        interval = (f"{w.fig(r[f'{key}.share.low'])} – {w.fig(r[f'{key}.share.high'])}"
                    if f"{key}.share.low" in r.values else "")
        rows.append([w.category(variable, code),
                     w.fig(r[f"{key}.count"]) if f"{key}.count" in r.values else t.plain("not_published"),
                     "" if pd.isna(row["published_percent"]) else t.number(row["published_percent"], 1) + "%",
                     w.fig(r[f"{key}.share"]) if f"{key}.share" in r.values else "", interval])
    caption = t.text(f"caption.{variable}", cycle=w.cycle_name(), scope=w.scope_of(r.facts.get("coverage")))
    return h.join([h.table(caption, header, rows), h.tag("p", w.sources(r.facts["rests_on"]))])


def test_sentence(variable: str, test, r: Result, w) -> Markup:
    t = w.t
    key = "distribution.test_linked" if "linked_test" in r.facts else "distribution.test"
    simulated = getattr(test, "pvalue_method", "") == "monte-carlo" and test.pvalue_se > 0
    # A simulated p-value is printed with the decimals its simulation supports, and its error.
    p_text = f"p = {t.number(test.pvalue, test.pvalue_decimals)}" if simulated and test.pvalue > 0 else None
    text = t.text(key, statistic=w.fig(r[f"{variable}.test.statistic"], 2),
                  df=w.fig(r[f"{variable}.test.df"]), p=w.fig(r[f"{variable}.test.pvalue"], text=p_text),
                  v=w.fig(r[f"{variable}.test.cramers_v"], 3), baseline=w.cycle_name(w.data.base_cycle))
    adjusted, p = region_changes.holm_test_sentence(r, w, f"{variable}.test.pvalue")
    text += Markup(" ").join(["", *adjusted, conclusion.differ(w, "entrants_mix" if "linked_test" in r.facts else "mix", p)])
    if test.merged:
        text += Markup(" ") + t.text("distribution.merged", categories=", ".join(
            w.category(variable, c) for c in test.merged), into=w.category(variable, test.merged_into))
    if simulated:
        text += Markup(" ") + t.text("pvalue.simulated", draws=t.number(test.n_simulations),
                                     se=t.number(test.pvalue_se, test.pvalue_decimals + 1))
    if f"{variable}.stayers.pvalue" in r.values and not r[f"{variable}.stayers.changed"].value:
        text += Markup(" ") + t.text("distribution.stayers_none")
    elif f"{variable}.stayers.pvalue" in r.values:
        text += Markup(" ") + t.text("distribution.stayers", changed=w.fig(r[f"{variable}.stayers.changed"]),
                                     p=w.fig(r[f"{variable}.stayers.pvalue"]))
    return text


def shares_chart(r: Result, w) -> Chart:
    """Bars of each visible category's share, now and in the baseline, with intervals where
    they are known (a share published without its count has none)."""
    variable, t = r.id, w.t
    rows = []
    for code, row in r.frames[variable].set_index(variable).iterrows():
        if pd.isna(row["share"]):
            continue
        low, high = (row.get("low"), row.get("high"))
        rows.append({"label": w.category(variable, code), "cycle": w.cycle_name(), "share": row["share"],
                     "low": row["share"] if pd.isna(low) else low, "high": row["share"] if pd.isna(high) else high})
        if f"{variable}.{code}.share_base" in r.values:
            base = [r[f"{variable}.{code}.share_base{s}"].value for s in ("", ".low", ".high")]
            rows.append({"label": w.category(variable, code), "cycle": w.cycle_name(w.data.base_cycle),
                         "share": base[0], "low": base[1], "high": base[2]})
    title = t.plain(f"chart.{variable}", scope=w.scope_of(r.facts.get("coverage")))
    return Chart(charts.shares_chart(pd.DataFrame(rows), title, t.plain("axis.share")), title,
                 t.plain("distribution.alt"))


def diversity_sentence(r: Result, w) -> Markup:
    """The diversity in words; effective numbers of pooled suppressed groups as the bounds they
    are ("at least 1.00"), in the sentence and in figures.csv."""
    prefix, t = r.facts["diversity"], w.t
    bound = r.facts.get("diversity_bound", False)
    said = {}
    for name in ("simpson", "shannon"):
        value = r[f"{prefix}.effective_{name}"]
        said[name] = w.fig(value, 2, text=t.plain("bound.at_least", value=w.format(value.value, value.unit, 2))
                           if bound else None)
    key = "diversity.summary.bound" if bound else "diversity.summary"
    return t.text(key, represented=w.fig(r[f"{prefix}.represented"]), **said)


def representation_parts(r: Result, w) -> list:
    variable, t, year = r.id, w.t, r.facts["census_year"]
    rep = r.frames[f"{variable}_representation"].set_index(variable)
    rows = [[w.category(variable, code), w.fig(r[f"{variable}.{code}.share"]),
             t.number(row["population_share"] * 100, 1) + "%", w.fig(r[f"{variable}.{code}.ratio"]),
             f"{t.number(row['ratio_low'], 2)} – {t.number(row['ratio_high'], 2)}"]
            for code, row in rep.iterrows()]
    header = [t.plain(f"col.{variable}"), t.plain("col.share"), t.plain("col.population_share", year=year),
              t.plain("col.ratio"), t.plain("col.interval", level=w.level())]
    return [h.table(t.text("census.caption", year=year), header, rows),
            h.tag("p", t.text("census.note", year=year))]


def published_parts(r: Result, w) -> list:
    """The published tables beside the records, and the audit's finding."""
    variable, t, parts = r.id, w.t, []
    counts = w.data.distribution(variable)
    for universe in ("akims", "posts"):
        table = r.facts.get(f"published.{universe}")
        if table is None:
            continue
        if not r.facts["beside_records"]:
            if universe == "akims" and "audit" in r.facts:
                parts.append(audit_note(r, w, int(table["nobs"].iloc[0])))
            continue
        prefix = "published" if universe == "akims" else "published.posts"
        header = [t.plain(f"col.{variable}"), t.plain(f"col.published_{universe}"), t.plain("col.published_percent"),
                  t.plain("col.count")] + ([t.plain("col.agrees")] if universe == "akims" else [])
        rows = []
        for code, row in table.iterrows():
            ours = int(counts.get(code, 0))
            cells = [w.category(variable, code), w.fig(r[f"{prefix}.{variable}.{code}.count"]),
                     w.published_percent(row["percent"]), t.number(ours)]
            rows.append(cells + ([t.plain("yes") if ours == row["count"] else t.plain("no")]
                                 if universe == "akims" else []))
        rows.append([t.plain("total"), t.number(table["count"].sum()), "", t.number(counts.sum())]
                    + ([""] if universe == "akims" else []))
        caption = t.text(f"published.caption.{universe}", source=w.source_name(table["source"].iloc[0]))
        parts.append(h.table(caption, header, rows))
        if universe == "akims" and "audit" in r.facts:
            parts.append(audit_note(r, w, int(table["nobs"].iloc[0])))
    return parts
