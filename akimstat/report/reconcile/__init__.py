"""Reconciliation: every contradiction between the numbers of a data package, found and named.

Published sources contradict themselves (parts that do not sum to the total they state, a
percentage its count does not give, a mean age its own age bands cannot give) and each other
(two pages on one round, regional figures against the national one); they can also contradict
the code lists (a region that did not exist at the cycle's date, a breakdown larger than the
posts up for election) and the records. `reconcile` finds each such contradiction and returns
one row per contradiction, language-free: the two figures, their sources (with title and date,
so that two pages of one publisher are told apart), the size of the difference, the smallest
correction that reconciles them where the audit finds one (and how sure it is), and which
figure the reports use and why. A consistent data package gives an empty frame.

Sources are compared as they are transcribed: a published table keeps its errors (data/README.md),
and the reports word what this module finds (akimstat/report/sections/about.py).
"""

from __future__ import annotations

import dataclasses
from itertools import groupby

import pandas as pd

from akimstat.data import pages


from akimstat.data.dataset import Dataset
from akimstat.params import NATIONAL
from akimstat.report.reconcile.across import across_sources, regions_against_nation
from akimstat.report.reconcile.codes import against_code_lists, records_against_published
from akimstat.report.reconcile.rows import _existing, _framed, _number, _row, _territory, _text
from akimstat.report.reconcile.within import figures_against_tables, mean_age_against_bands, within_sources

def reconcile(data: Dataset) -> pd.DataFrame:
    """Return every contradiction between the published figures, the code lists and the records.

    Parameters
    ----------
    data : Dataset
        A loaded, validated data package.

    Returns
    -------
    pandas.DataFrame
        One row per contradiction, with the columns of `COLUMNS`: the cycle and scope; `check`
        (one of `CHECKS`); the `value` of `source` against the `other_value` of `other_source`
        (a source id, 'records', 'sum of parts', 'cycles.csv', ...) and their `difference`
        (other - value); the smallest `correction` that reconciles them and its `certainty`
        ('unique', 'likely' or 'unresolved'; empty when no correction applies); the figure the
        reports `used` and why (`used_because`: 'records', 'main_source', 'rule' (the rule of
        `akimstat.report.choice`), 'unresolved' (a tie under it), 'unresolved_table', 'sum_of_regions',
        'code_list' or 'not_shown'); and each source's title and date.
        Empty (with these columns) when every figure agrees.
    """
    if "_reconciliation" not in data._cache:
        rows = [*within_sources(data), *figures_against_tables(data), *mean_age_against_bands(data),
                *across_sources(data), *regions_against_nation(data), *pages.group_totals(data, _row),
                *pages.partial_national(data, _row, lambda c: _existing(data, c), lambda c, s: _territory(data, c, s)),
                *against_code_lists(data),
                *records_against_published(data)]
        data._cache["_reconciliation"] = _framed(data, rows)
    return data._cache["_reconciliation"].copy()


def of_cycle(data: Dataset, cycle: str) -> pd.DataFrame:
    """Return the rows of `reconcile(data)` about one cycle, from that cycle's figures alone:
    every check compares figures of one cycle, so a report's kernel need not check every round
    (tests/test_reconcile.py holds the two equal for every shipped cycle)."""
    key = ("_reconciliation", cycle)
    if key not in data._cache:
        if "_reconciliation" in data._cache:
            full = data._cache["_reconciliation"]
            data._cache[key] = full[full["cycle"] == cycle].reset_index(drop=True)
        else:
            part = dataclasses.replace(data, **{name: frame[frame["cycle"] == cycle] for name, frame in
                                                (("counts", data.counts), ("figures", data.figures),
                                                 ("records", data.records))})
            data._cache[key] = reconcile(part)
    return data._cache[key].copy()


def for_report(frame: pd.DataFrame, data: Dataset, cycle: str, scope: str) -> pd.DataFrame:
    """Return the contradictions of one report: its cycle, and its scope under any of its codes
    (KZ-VOS and KZ-63 name one oblast in 2021)."""
    scopes = {scope} if scope == NATIONAL else {scope, *data.same_territory(scope, cycle)}
    mine = frame["scope"].isin(scopes)
    if scope == NATIONAL:  # the groups of regions a page gives are the nation's (pages.is_group)
        mine |= frame["scope"].map(pages.is_group).astype(bool)
    return frame[(frame["cycle"] == cycle) & mine].reset_index(drop=True)


def contradicted(frame: pd.DataFrame, items) -> pd.DataFrame:
    """Return the rows of `frame` about any of `items`: a variable ('sex') names its table and
    every category of it ('sex.female'); a figure key ('elected') names itself."""
    items = tuple(items)
    if frame.empty:
        return frame
    head = frame["item"].str.partition(".")[0]
    figure = frame["item"].str.partition("/")[0]
    found = frame["item"].isin(items) | head.isin(items) | figure.isin(items)
    if "elected" in items:  # a table of the akims states the number elected as its total,
        # contradicted unless the one correction changes parts only (the article's economists)
        total_in_doubt = frame["correction"].str.contains("total ") | (frame["correction"] == "")
        found |= (frame["check"] == "parts_total") & (frame["universe"] == "akims") & total_in_doubt
    return frame[found]



def summary_lines(frame: pd.DataFrame) -> list[str]:
    """Return one plain line per contradiction, for `akimstat validate` and logs."""
    lines = []
    for cycle, rows in groupby(frame.itertuples(), lambda r: r.cycle):
        for r in rows:
            lines.append(line_of(r))
    return lines


def line_of(r) -> str:
    """Return one contradiction as a line of text (English; figures as the sources give them)."""
    def shown(value, source, title, date):
        number = "" if not _number(value) else _text(value)
        name = f"{source}" + (f" «{title}», {date}" if title else "")
        return f"{number} ({name})".strip()

    text = (f"{r.cycle} {r.scope} {r.check} {r.item}: "
            f"{shown(r.value, r.source, r.source_title, r.source_date)} vs "
            f"{shown(r.other_value, r.other_source, r.other_source_title, r.other_source_date)}")
    if _number(r.difference):
        text += f"; difference {'+' if r.difference > 0 else ''}{_text(r.difference)}"
    if r.detail:
        text += f"; {r.detail}"
    if r.correction:
        text += f"; correction: {r.correction} ({r.certainty})"
    elif r.certainty:
        text += f"; {r.certainty}"
    if r.used_because:
        used = f"{_text(r.used)} " if _number(r.used) else ""
        text += f"; reports use {used}({r.used_because.replace('_', ' ')})"
    return text
