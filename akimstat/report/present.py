"""Presenting section results in one language: values formatted by the language's rules, and
every figure a report shows recorded under its key (for ``figures.csv``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup, escape

from akimstat.report import coverage
from akimstat.report.choice import CONTEXT_UNIVERSES

from akimstat import stats
from akimstat.labels import Labels
from akimstat.params import NATIONAL
from akimstat.report.scope import ScopeData
from akimstat.report.sections.result import Value

UNIT_DECIMALS = {"share": 1, "points": 1, "years": 1, "pvalue": 3, "ratio": 2, "number": 1}


@dataclass(frozen=True)
class Figure:
    """One figure a report shows: a stable key, its value and unit, the text shown, the data
    it rests on, what it covers (national, a region, or some regions of how many: see
    `akimstat.report.coverage.columns`), its universe, its status and its sources."""

    key: str
    scope: str
    cycle: str
    value: float
    unit: str
    text: str
    rests_on: str
    coverage: str = "national"
    regions_covered: str = ""
    regions_of: int | None = None
    universe: str = "akims"
    status: str = "records"
    sources: str = ""


def universe_of(key: str) -> str:
    """Return what a figure counts, by its key: a context figure's (`choice.CONTEXT_UNIVERSES`),
    else posts or candidates when its key names them, else the akims."""
    if key in CONTEXT_UNIVERSES:
        return CONTEXT_UNIVERSES[key]
    return next((u for u in ("posts", "candidates") if u in re.split(r"[._]", key)), "akims")


def _cell(row, column: str) -> str:
    """Return a text cell of a row, '' when the column is absent or the cell empty."""
    value = row.get(column)
    return value.strip() if isinstance(value, str) else ""


class Writer:
    """Words and numbers of one language for the sections of one report."""

    def __init__(self, t: Labels, data: ScopeData, params=None):
        # The report's own parameters (its language): `data` is shared by every language.
        self.t, self.data, self.params = t, data, data.params if params is None else params
        self.figures: dict[str, Figure] = {}

    # -- numbers ----------------------------------------------------------------------------
    def fig(self, value: Value, decimals: int | None = None, text: str | None = None) -> str:
        """Return `value` formatted for this language (or `text`, when the sentence words it
        differently), and record it as a figure the report shows."""
        if text is None:
            text = self.format(value.value, value.unit, decimals)
        if value.key not in self.figures:
            self.figures[value.key] = Figure(
                value.key, self.data.scope, self.data.cycle, value.value, value.unit, text, value.rests_on,
                **coverage.columns(value.key, self.data.scope, value.coverage, NATIONAL),
                universe=universe_of(value.key), status=coverage.status(value.rests_on, self._records_status(value.key)),
                sources=coverage.sources(value.rests_on))
        return text

    def modelled(self, r, text) -> Markup:
        """Return `text` (a sentence or paragraph of the result `r`) opening with the synthetic
        label when any of r's figures rests on synthetic records: a breakdown of invented akims
        is never read as a finding (the label is in the sentence, not only in a note)."""
        if r.facts.get("synthetic_records") or any("synthetic records" in v.rests_on for v in r.values.values()):
            return self.t.text("synthetic.modelled") + Markup(" ") + text
        return Markup(text)

    def decimals_of(self, value: Value, decimals: int) -> int:
        """Return the decimals to print `value` with: a published figure's own (46 stays 46,
        46.7 stays 46.7), else `decimals`. A share is printed as a share, in `decimals`."""
        if value.rests_on.startswith("published: ") and value.unit != "share":
            from akimstat.report.choice import decimals as published

            return published(value.value)
        return decimals

    def _records_status(self, key: str) -> str:
        """The data package's status of the records a figure of `key` rests on: those of the
        cycle its key ends with (trend.women.2013), else of this report's cycle."""
        data, cycle = self.data.data, key.rsplit(".", 1)[-1]
        return data.status_of(cycle if cycle in data.codes.cycles.index else self.data.cycle)

    def format(self, number: float, unit: str, decimals: int | None = None) -> str:
        """Return a number of `unit` in this language's form."""
        decimals = UNIT_DECIMALS.get(unit, 0) if decimals is None else decimals
        if unit == "share":
            return self.t.percent(number, decimals)
        if unit == "points":
            return self.t.points(number, decimals)
        if unit == "pvalue":
            return self.t.p(number)
        return self.t.number(number, decimals)

    def level(self) -> str:
        """Return the confidence level of intervals, in per cent (95)."""
        return self.t.number(100 * (1 - self.params.alpha))

    def interval(self, r, key: str, unit: str = "share") -> str:
        """Return '95% interval LOW to HIGH' from the values `key`.low and `key`.high of `r`."""
        return self.t.plain("interval", level=self.level(), low=self.fig(r[f"{key}.low"]),
                            high=self.fig(r[f"{key}.high"]))

    def change(self, r, key: str, unit: str = "points") -> Markup:
        """Return 'up 1.3 points (95% interval ...; p = ...)' from the values `key`.change, its
        .low and .high, and .pvalue."""
        estimate = r[f"{key}.change"].value
        direction = "change.up" if estimate > 0 else "change.down" if estimate < 0 else "change.none"
        size = self.t.number(abs(estimate) * 100 if unit == "points" else abs(estimate), 1)
        self.fig(r[f"{key}.change"], text=size)
        return self.t.text(direction, size=size, interval=self.interval(r, f"{key}.change", unit),
                           p=self.fig(r[f"{key}.change.pvalue"]))

    def published_percent(self, text) -> str:
        """Return a published percentage in this language, with the decimals it was printed with."""
        parsed = stats.parse_percent(text)
        return "" if parsed is None else self.t.number(float(parsed[0]), parsed[1]) + "%"

    def coverage(self, found) -> Markup:
        """Return the sentence saying a national figure is the sum of some regions' tables,
        naming them."""
        covered, regions = found
        return self.t.text("coverage.note", covered=self.t.number(covered), regions=self.t.number(regions),
                           names=self.region_names(found))

    def region_names(self, found) -> str:
        """Return the short names of the regions a coverage sums, in code-list order."""
        return ", ".join(coverage.short_region(self.t, code) for code in found.codes)

    # -- names ------------------------------------------------------------------------------
    @property
    def scope_name(self) -> str:
        return self.t.scope_name(self.data.scope)

    def scope_of(self, found=None) -> str:
        """Return the name of what a figure covering `found` describes: the republic or this
        region, or '4 of 14 oblasts (...)' for a national figure of some regions."""
        return coverage.scope_label(self.t, self.data.scope, found)

    def cycle_name(self, cycle: str | None = None) -> str:
        return self.t.name("cycle", cycle or self.data.cycle)

    def cycle_names(self, cycles) -> str:
        """Return the names of `cycles`, each in the language's quotes, joined by commas."""
        left, right = ("“", "”") if self.t.lang == "en" else ("«", "»")
        return ", ".join(f"{left}{self.cycle_name(c)}{right}" for c in cycles)

    def source_name(self, source: str) -> Markup:
        """Return a source as 'title [its translation] (publisher, date)' (the address is in
        sources.csv): the original title marked with its language when that is not the
        report's, followed by its translation into the report's language where sources.csv
        gives one (``title_kk``, ``title_ru``, ``title_en``)."""
        row = self.data.data.sources.loc[source]
        title = self.quoted(row["title"], row.get("language"))
        translation = _cell(row, f"title_{self.t.lang}")
        if translation and row.get("language") != self.t.lang:
            title = Markup("{} [{}]").format(title, translation)
        return Markup("{} ({}, {})").format(title, self.publisher(row), row["date"])

    def publisher(self, row) -> Markup:
        """Return a source's publisher in the report's language (``publisher_kk`` ...), else as
        sources.csv names it, marked with the source's language."""
        name = _cell(row, f"publisher_{self.t.lang}")
        return escape(name) if name else self.quoted(row["publisher"], row.get("language"))

    def quoted(self, text: str, lang) -> Markup:
        """Return words quoted from a source in language `lang`, marked with ``lang`` when it
        is not the report's (WCAG 3.1.2), so that a screen reader speaks them as written. A
        trailing ``[...]`` is the English translation given in sources.csv."""
        if not isinstance(lang, str) or not lang.strip() or lang == self.t.lang:
            return escape(text)
        words, bracket, translation = text.partition(" [")
        if not (bracket and translation.endswith("]")):
            return Markup('<span lang="{}">{}</span>').format(lang, text)
        english = escape(translation[:-1]) if self.t.lang == "en" else Markup('<span lang="en">{}</span>').format(
            translation[:-1])
        return Markup('<span lang="{}">{}</span> [{}]').format(lang, words, english)

    def source_short(self, source: str) -> Markup:
        """Return a source as 'publisher, date', for table cells; with its title when another
        source has the same publisher and date, so that two pages are told apart."""
        sources = self.data.data.sources
        row = sources.loc[source]
        short = Markup("{}, {}").format(self.publisher(row), row["date"])
        twins = (sources["publisher"] == row["publisher"]) & (sources["date"].astype(str) == str(row["date"]))
        return short + Markup(": {}").format(row["title"]) if twins.sum() > 1 else short

    def rests_on(self, rests_on: str) -> str:
        """Return what a figure rests on in words: records, synthetic records, or its sources."""
        if rests_on.startswith("published: "):
            return Markup("; ").join(self.source_short(i) for i in rests_on.removeprefix("published: ").split(", "))
        return self.t.plain(f"rests_on.{rests_on.replace(' ', '_')}") if self.t.has(
            f"rests_on.{rests_on.replace(' ', '_')}") else rests_on

    def sources(self, rests_on: str) -> Markup:
        """Return the sentence naming the published sources a figure rests on."""
        ids = rests_on.removeprefix("published: ").split(", ")
        return self.t.text("rests_on.published", source=Markup("; ").join(self.source_name(i) for i in ids))

    def category(self, variable: str, code: str) -> str:
        """Return the name of a category of `variable` in this language."""
        return self.t.name(variable, code)

    def table_cell(self, value, unit: str = "count", decimals: int | None = None) -> str:
        """Return a table cell: the number, or the word for a suppressed cell."""
        return self.t.plain("suppressed") if pd.isna(value) else self.format(value, unit, decimals)
