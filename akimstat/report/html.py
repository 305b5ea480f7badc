"""Small HTML builders for report sections. Every value passes through `markupsafe.escape`,
so text from data or parameters can never become markup."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from markupsafe import Markup, escape

#: The smallest text a chart may show, in CSS pixels: below the width this gives, a chart
#: scrolls in its box on a phone instead of shrinking its labels.
LEGIBLE_PX = 11


def tag(name: str, content, **attributes) -> Markup:
    """Return `<name attr="...">content</name>`; content is escaped unless it is Markup."""
    attrs = "".join(Markup(' {}="{}"').format(k.rstrip("_").replace("_", "-"), v)
                    for k, v in attributes.items() if v is not None)
    return Markup("<{}{}>{}</{}>").format(Markup(name), Markup(attrs), content, Markup(name))


def join(parts: Sequence) -> Markup:
    """Return the parts one after another, each escaped unless it is Markup."""
    return Markup("").join(escape(p) for p in parts)


def table(caption, header: Sequence, rows: Sequence[Sequence], numeric_from: int = 1,
          css: str = "data") -> Markup:
    """Return an accessible table: a caption, column headers, and a row header per row.

    Columns from `numeric_from` on are right-aligned numbers.
    """
    head = tag("tr", join(tag("th", h, scope="col") for h in header))
    body = []
    for row in rows:
        cells = [tag("th", row[0], scope="row")]
        cells += [tag("td", c, class_="num" if i >= numeric_from else None)
                  for i, c in enumerate(row[1:], start=1)]
        body.append(tag("tr", join(cells)))
    table_ = tag("table", join([tag("caption", caption), tag("thead", head), tag("tbody", join(body))]),
                 class_=css)
    # A box of its own scrolls a wide table on a phone; focusable, so a keyboard scrolls it too.
    return tag("div", table_, class_="table-scroll", role="region", tabindex="0",
               aria_label=Markup(escape(caption)).striptags())


def legible_width(svg: str) -> float | None:
    """Return the width in CSS pixels at which the SVG's smallest text is `LEGIBLE_PX` (None
    when it has no sized text)."""
    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)', svg)
    sizes = [float(size) for size in re.findall(r"font-size: ?([\d.]+)px", svg)]
    return float(box.group(1)) * LEGIBLE_PX / min(sizes) if box and sizes else None


def figure(svg: str, caption, alt: str, data=None) -> Markup:
    """Return a chart with its caption and, when given, its data as a table in a disclosure;
    the SVG gets role=img and the alt text as its label, and a minimum width that keeps its
    text legible (`legible_width`); its box scrolls below that width."""
    width = legible_width(svg)
    style = Markup(' style="min-width: {}px"').format(math.ceil(width)) if width else Markup("")
    labelled = svg.replace("<svg ", Markup('<svg role="img" aria-label="{}"{} ').format(alt, style), 1)
    parts = [tag("div", Markup(labelled), class_="chart-scroll", tabindex="0"), tag("figcaption", caption)]
    if data is not None:
        parts.append(data)
    return tag("figure", join(parts), class_="chart")


def section(title, *parts, id: str | None = None) -> Markup:
    """Return a section with a heading and its parts."""
    return tag("section", join([tag("h2", title), *parts]), id=id)


def note(content, kind: str = "note") -> Markup:
    """Return a boxed note (kind: note, warning)."""
    return tag("div", content, class_=f"akimstat-{kind}", role="note")


def headline_list(items: Sequence[tuple]) -> Markup:
    """Return key figures as a description list of (value, meaning) pairs."""
    return tag("dl", join(tag("div", join([tag("dt", value), tag("dd", meaning)]))
                          for value, meaning in items), class_="headline")
