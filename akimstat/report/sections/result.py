"""What a section computes (`Result`, language-free) and what it shows in one language (`View`).

A `Result` holds the section's frames (publishable: suppressed cells are already NA), its
values (each under a stable key, with a unit and what it rests on) and the facts its words
need. A `View` is the result presented in one language: HTML parts and matplotlib Figures,
which stay Figures (an analyst may change them) until the view is displayed or exported.
Both display in Jupyter through ``_repr_html_``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup

from akimstat.report import html as h
from akimstat.report.methods_used import methods_of


@dataclass(frozen=True)
class Value:
    """One number a section gives: its key (the same in every language), value, unit, and the
    data it rests on ('records', 'synthetic records', 'published: <source>', 'parameter', ...),
    and, for a national figure summed from some regions' tables, the regions it covers."""

    key: str
    value: float
    unit: str
    rests_on: str = "records"
    coverage: object = None  # akimstat.report.coverage.Coverage


@dataclass
class Result:
    """The language-free result of one section for one cycle, scope and parameters."""

    id: str
    kind: str
    values: dict[str, Value] = field(default_factory=dict)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    facts: dict = field(default_factory=dict)
    methods: list[str] = field(default_factory=list)  # akimstat/locales/methods.yaml, as used

    def uses(self, *used) -> None:
        """Record the methods of `used` (statistics' results, or methods by name) as used here."""
        for one in used:
            self.methods.extend(name for name in methods_of(one) if name not in self.methods)

    def add(self, key: str, value: float, unit: str, rests_on: str = "records", coverage=None) -> Value:
        """Record `value` under `key` (covering `coverage`, when some regions) and return it."""
        self.values[key] = Value(key, float(value), unit, rests_on, coverage)
        return self.values[key]

    def covering(self, rests_on: str, coverage) -> None:
        """Mark every value resting on `rests_on` (alone) as covering `coverage`: the figures
        of a national table summed from some regions' tables (not the figures of one region,
        keyed region.<code>.…, which cover that region)."""
        if coverage is None:
            return
        for key, value in self.values.items():
            if value.rests_on == rests_on and value.coverage is None and not key.startswith("region."):
                self.values[key] = Value(value.key, value.value, value.unit, value.rests_on, coverage)

    def __getitem__(self, key: str) -> Value:
        return self.values[key]

    def values_frame(self) -> pd.DataFrame:
        """Return the values as a frame (key, value, unit, rests_on)."""
        return pd.DataFrame([v.__dict__ for v in self.values.values()],
                            columns=["key", "value", "unit", "rests_on"])

    def __repr__(self) -> str:  # short: a notebook keeps it beside the HTML (no frames, no paths)
        return f"Result({self.id!r}, kind={self.kind!r}, values={len(self.values)}, frames={list(self.frames)})"

    def _repr_html_(self) -> str:
        parts = [h.tag("h3", f"{self.id} ({self.kind})"), Markup(self.values_frame().to_html(index=False))]
        for name, frame in self.frames.items():
            parts += [h.tag("h4", name), Markup(frame.to_html())]
        return str(h.join(parts))


@dataclass
class Chart:
    """A chart of a view: the matplotlib Figure, its caption (the chart's title, shown once:
    the exported chart leaves its drawn title out and shows it as the caption), its text
    alternative, and its data as a
    table (`h.table`) disclosed under the chart with `data_label`, when the page does not show
    the same numbers in a table of its own."""

    figure: object  # matplotlib.figure.Figure
    caption: str
    alt: str
    data: Markup | None = None
    data_label: str = ""
    exported: tuple[str, str] | None = field(default=None, repr=False, compare=False)  # (caption, SVG)

    def export(self) -> tuple[str, str]:
        """Return the caption and the SVG (without the drawn title) of the chart as it is now,
        and keep them: the report's page and its chart file show the same drawing."""
        from akimstat.report.charts import svg_of

        # The title drawn on the chart, as it is now (an analyst may have changed it), is the caption.
        caption = next((ax.get_title() for ax in self.figure.axes if ax.get_title()), self.caption)
        self.exported = caption, svg_of(self.figure, title=False)
        return self.exported

    def html(self) -> Markup:
        data = None if self.data is None else h.tag("details", h.join([h.tag("summary", self.data_label), self.data]))
        caption, svg = self.export()
        return h.figure(svg, caption, self.alt, data)


@dataclass
class View:
    """A section presented in one language: a heading, HTML parts and charts, in order."""

    result: Result
    title: str | None
    parts: list = field(default_factory=list)  # Markup or Chart
    wrap: bool = True  # inside <section id=...> with an <h2>; False for the title page

    @property
    def id(self) -> str:
        return self.result.id

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        return self.result.frames

    @property
    def values(self) -> dict:
        return self.result.values

    @property
    def charts(self) -> list[Chart]:
        return [p for p in self.parts if isinstance(p, Chart)]

    def html(self) -> Markup:
        """Return the section's HTML, charts exported as SVG now."""
        parts = [p.html() if isinstance(p, Chart) else p for p in self.parts]
        if not self.wrap:
            return h.join(parts)
        return h.section(self.title, *parts, id=self.id) if self.title else h.tag("section", h.join(parts), id=self.id)

    def __repr__(self) -> str:  # short: a notebook keeps it beside the HTML (no frames, no paths)
        return f"View({self.id!r}, title={self.title!r}, frames={list(self.frames)}, charts={len(self.charts)})"

    def _repr_html_(self) -> str:
        return str(self.html())
