"""Charts (seaborn) as matplotlib Figures, exported as SVG with real text labels in a font that
carries Kazakh letters.

Figures are made with `matplotlib.figure.Figure`, not pyplot, and styled inside a context
(`styled`): importing akimstat or drawing a chart never changes the user's backend, their open
figures or their seaborn theme. A Figure stays a Figure (an analyst may change it) until
`svg_of` exports it. SVG keeps labels as text (`svg.fonttype = none`), so they stay sharp,
searchable and real text in the PDF; a fixed hash salt and no date give the same bytes on
every run.
"""

from __future__ import annotations

import functools
import re
import io
import textwrap
from contextlib import contextmanager

import matplotlib
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, PercentFormatter

FONT = "DejaVu Sans"  # ships with matplotlib and Debian; has Қ Ә Ғ Ң Ө Ұ Ү Һ І
PALETTE = ["#1f5f8b", "#b0b7bf"]  # current cycle, baseline
STYLE = {
    "svg.fonttype": "none",
    "text.parse_math": False,  # names from data are text: "$" must not start a formula
    "svg.hashsalt": "akimstat",
    "font.family": FONT,
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titley": 1.0,  # where matplotlib would put it; a fixed place spares it measuring the axes per draw
    "figure.dpi": 100,
}


@functools.cache
def theme() -> dict:
    """Return the rcParams of our charts: what ``sns.set_theme(style="whitegrid", rc=STYLE)``
    would set globally (context, style, palette, then STYLE), as a dict to apply locally."""
    from cycler import cycler

    return {**sns.plotting_context("notebook"), **sns.axes_style("whitegrid"),
            "axes.prop_cycle": cycler(color=sns.color_palette("deep")), **STYLE}


@contextmanager
def styled():
    """Our theme, for the charts drawn (or exported) inside; the user's settings are restored."""
    with matplotlib.rc_context(theme()):
        yield


#: A tick label as matplotlib writes it: sign, digits, decimals, per cent.
TICK = re.compile(r"([\u2212-]?)(\d+)(?:\.(\d+))?(%?)")


def localise_ticks(fig: Figure, number) -> None:
    """Write the numbers of `fig`'s tick labels with `number(value, decimals)` (the report's
    locale: decimal comma and thin grouping in kk and ru), keeping the decimals matplotlib
    chose; labels that are not numbers (region names) stay as they are."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not isinstance(axis.get_major_formatter(), LocalisedTicks):
                axis.set_major_formatter(LocalisedTicks(axis.get_major_formatter(), number))


class LocalisedTicks(Formatter):
    """A tick formatter writing the numbers of another's labels in a locale."""

    def __init__(self, original: Formatter, number):
        self.original, self.number = original, number

    def set_locs(self, locs):  # the original chooses its decimals from the ticks shown
        self.original.set_locs(locs)
        super().set_locs(locs)

    def __call__(self, value, position=None) -> str:
        text = self.original(value, position)
        match = TICK.fullmatch(text.strip())
        if not match:
            return text
        sign, whole, decimals, percent = match.groups()
        shown = float(f"{'-' if sign else ''}{whole}.{decimals or 0}")
        return str(self.number(shown, len(decimals or ""))) + percent


def svg_of(fig: Figure, title: bool = True) -> str:
    """Return the figure as SVG text without the XML prolog; without its axes' titles when not
    `title` (a report's figure caption says it, and should not be said twice)."""
    buffer = io.StringIO()
    with untitled(fig, title), styled():
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


#: Dots per inch of a chart as PNG (the Word document's): sharp when printed at its width.
PNG_DPI = 200


def png_of(fig: Figure, title: bool = True, dpi: int = PNG_DPI) -> bytes:
    """Return the figure as PNG (the same drawing as `svg_of`, for programs that show no SVG),
    without the program's name or a date in it, so the same figure gives the same bytes."""
    buffer = io.BytesIO()
    with untitled(fig, title), styled():
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


@contextmanager
def untitled(fig: Figure, title: bool):
    """Inside, the figure's axes have no titles unless `title`; they get them back after."""
    titled = [] if title else [(ax, ax.get_title()) for ax in fig.axes if ax.get_title()]
    try:
        for ax, _ in titled:
            ax.set_title("")
        yield
    finally:
        for ax, text in titled:
            ax.set_title(text)


def _figure(width=6.4, height=3.2):
    fig = Figure(figsize=(width, height))
    return fig, fig.add_subplot()


def shares_chart(frame: pd.DataFrame, title: str, xlabel: str) -> Figure:
    """Horizontal bars of shares by category and cycle, with interval whiskers.

    `frame` has columns label, cycle (its display name), share, low, high; the first cycle in
    the frame's order is the current one.
    """
    with styled():
        fig, ax = _figure(6.4, 0.45 * frame["label"].nunique() + 1.0)
        cycles = list(dict.fromkeys(frame["cycle"]))
        sns.barplot(frame, x="share", y="label", hue="cycle", hue_order=cycles,
                    palette=PALETTE[: len(cycles)], ax=ax, errorbar=None)
        for container, cycle in zip(ax.containers, cycles):
            part = frame[frame["cycle"] == cycle]
            centres = [bar.get_y() + bar.get_height() / 2 for bar in container]
            ax.errorbar(part["share"], centres, xerr=[part["share"] - part["low"], part["high"] - part["share"]],
                        fmt="none", ecolor="#333333", elinewidth=0.8, capsize=2)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set(title=title, xlabel=xlabel, ylabel="")
        ax.legend(title="", loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.6 / len(frame)),
                  ncol=len(cycles), frameon=False)
    return fig


def age_chart(ages: pd.DataFrame, threshold: int, title: str, xlabel: str, ylabel: str) -> Figure:
    """Histogram of ages (share of each corps per year of age) by cycle, with the threshold."""
    with styled():
        fig, ax = _figure()
        cycles = list(dict.fromkeys(ages["cycle"]))
        sns.histplot(ages, x="age", hue="cycle", hue_order=cycles, stat="percent", common_norm=False,
                     binwidth=1, discrete=True, element="step", palette=PALETTE[: len(cycles)], ax=ax)
        ax.axvline(threshold - 0.5, color="#8b1f1f", linestyle="--", linewidth=1)
        ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
        if ax.get_legend() is not None:  # below the plot: inside it would cover the bars
            sns.move_legend(ax, "upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, title="", frameon=False)
    return fig


def funnel_chart(table: pd.DataFrame, limits: pd.DataFrame, p0: float, title: str,
                 xlabel: str, ylabel: str, level_names: dict) -> Figure:
    """Funnel plot: each region's share against its number of akims, with control limits.

    `table` has columns nobs, share, label; `limits` has nobs, level, low, high (a grid).
    """
    with styled():
        fig, ax = _figure(6.4, 4.2)
        styles = {0.95: ("#1f5f8b", "--"), 0.998: ("#8b1f1f", ":")}
        for level, part in limits.groupby("level"):
            colour, dash = styles.get(level, ("#555555", "-."))
            ax.plot(part["nobs"], part["low"], color=colour, linestyle=dash, linewidth=1,
                    label=level_names[level])
            ax.plot(part["nobs"], part["high"], color=colour, linestyle=dash, linewidth=1)
        ax.axhline(p0, color="#333333", linewidth=0.8)
        ax.scatter(table["nobs"], table["share"], color="#222222", s=14, zorder=3)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set(title=title, xlabel=xlabel, ylabel=ylabel,
               ylim=(max(0, ax.get_ylim()[0]), min(1, ax.get_ylim()[1])))
        legend = ax.legend(frameon=False, loc="upper right")
        place_labels(ax, list(zip(table["nobs"], table["share"])), list(table["label"]), avoid=[legend])
    return fig


#: Where a point's label may go, tried in order: (dx, dy) in points, horizontal and vertical
#: alignment. Right, left, above and below the point, then further out.
LABEL_PLACES = [(dx * k, dy * k, ha, va) for k in (1, 2.5) for dx, dy, ha, va in (
    (4, 2, "left", "bottom"), (4, -2, "left", "top"), (-4, 2, "right", "bottom"), (-4, -2, "right", "top"),
    (0, 5, "center", "bottom"), (0, -5, "center", "top"))]


def place_labels(ax, points, labels, size: float = 9, avoid=()) -> list:
    """Label each point where the label overlaps no other label, point or `avoid` artist, the
    first free place of `LABEL_PLACES` (the least crowded one when none is free); return the
    texts. Points are labelled left to right."""
    fig = ax.figure
    fig.draw_without_rendering()  # the limits, ticks and legend as they will be drawn
    renderer = fig._get_renderer()
    taken = [a.get_window_extent(renderer) for a in avoid]
    centres = [ax.transData.transform(p) for p in points]
    dots = [matplotlib.transforms.Bbox.from_bounds(x - 3, y - 3, 6, 6) for x, y in centres]
    inside = ax.get_window_extent(renderer)
    texts = []
    for i in sorted(range(len(points)), key=lambda i: points[i]):
        others = taken + dots[:i] + dots[i + 1:]
        best = None
        for dx, dy, ha, va in LABEL_PLACES:
            text = ax.annotate(labels[i], points[i], xytext=(dx, dy), textcoords="offset points",
                               fontsize=size, ha=ha, va=va)
            box = text.get_window_extent(renderer)
            crowd = sum(box.overlaps(o) for o in others) + (0 if inside.contains(box.x0, box.y0)
                                                              and inside.contains(box.x1, box.y1) else 1)
            if best is None or crowd < best[0]:
                if best is not None:
                    best[1].remove()
                best = (crowd, text, box)
            else:
                text.remove()
            if crowd == 0:
                break
        taken.append(best[2])
        texts.append(best[1])
    return texts


def change_chart(frame: pd.DataFrame, title: str, xlabel: str) -> Figure:
    """Dots with interval whiskers: the change of a share in each region, in percentage points.

    `frame` has columns label, change, low, high, in the order to show (the code list's, not
    a ranking).
    """
    with styled():
        fig, ax = _figure(6.4, 0.3 * len(frame) + 1.0)
        y = np.arange(len(frame))
        ax.errorbar(frame["change"] * 100, y, xerr=[(frame["change"] - frame["low"]) * 100,
                                                     (frame["high"] - frame["change"]) * 100],
                    fmt="o", color=PALETTE[0], ecolor="#555555", elinewidth=0.8, capsize=2, markersize=4)
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.set_yticks(y, frame["label"])
        ax.invert_yaxis()
        ax.set(title=title, xlabel=xlabel, ylabel="")
    return fig


def trend_chart(frame: pd.DataFrame, order: list[str], title: str, ylabel: str) -> Figure:
    """Shares across cycles: a line per series, broken where its mark changes, with interval
    whiskers where known.

    `frame` has columns label (the cycle's display name), series, value, low, high, mark (what
    the figure covers and rests on, printed beside each point), segment (a line joins only
    consecutive points of the same segment; the mark when absent) and hollow (synthetic
    records: an open circle); `order` is the cycles' display names in time order.
    """
    with styled():
        fig, ax = _figure(6.4, 3.2)
        x = {label: i for i, label in enumerate(order)}
        for (series, part), colour in zip(frame.groupby("series", sort=False), PALETTE + ["#8b1f1f", "#555555"]):
            part = part.assign(x=part["label"].map(x)).sort_values("x")
            segment = part["segment"] if "segment" in part else part["mark"]
            runs = (segment != segment.shift()).cumsum()
            for i, (_, run) in enumerate(part.groupby(runs, sort=True)):
                ax.plot(run["x"], run["value"], color=colour, label=series if i == 0 else None)
            for hollow, points in part.groupby("hollow", sort=True):
                ax.plot(points["x"], points["value"], "o", color=colour, markerfacecolor="white" if hollow else colour,
                        linestyle="none")
            for row in part.itertuples():
                ax.annotate(row.mark, (row.x, row.value), textcoords="offset points", xytext=(5, 4), fontsize=8,
                            color=colour)
            known = part["low"].notna()
            ax.errorbar(part["x"][known], part["value"][known], yerr=[(part["value"] - part["low"])[known],
                        (part["high"] - part["value"])[known]], fmt="none", ecolor=colour, capsize=2, elinewidth=0.8)
        ax.set_xticks(range(len(order)), [textwrap.fill(label, 22) for label in order])
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set(title=textwrap.fill(title, 70), ylabel=ylabel, xlabel="")
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2)
    return fig
