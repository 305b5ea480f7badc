"""Report sections: each computes a language-free `Result` from one cycle, scope and parameters
(`compute`), and presents it in one language as a `View` (`present`).

A section is a pair of functions in one module of this package; `SECTIONS` names them for the
report spec (`akimstat/report/spec.yaml`), which says which sections a report carries, in what order,
with which arguments. Results are computed once per `ScopeData` and shared by the languages.
"""

from __future__ import annotations

import json

from akimstat.report import charts
from akimstat.report.scope import ScopeData
from akimstat.report.sections import (about, age, context, distribution, districts, front, methods, notes, path, share,
                                      trend, universe)
from akimstat.report.sections.result import Chart, Result, Value, View

#: Section kind -> (compute(data, **arguments) -> Result | None, present(result, writer)).
SECTIONS = {
    "title": (front.compute_title, front.present_title),
    "headline": (front.compute_headline, front.present_headline),
    "about": (about.compute, about.present),
    "context": (context.compute, context.present),
    "distribution": (distribution.compute, distribution.present),
    "share": (share.compute, share.present),
    "age": (age.compute, age.present),
    "universe": (universe.compute, universe.present),
    "path": (path.compute, path.present),
    "districts": (districts.compute, districts.present),
    "trend": (trend.compute, trend.present),
    "notes": (notes.compute, notes.present),
    "methods": (methods.compute_methods, methods.present_methods),
    "provenance": (methods.compute_provenance, methods.present_provenance),
}

__all__ = ["SECTIONS", "Chart", "Result", "Value", "View", "compute", "present"]


def compute(data: ScopeData, entry: dict) -> Result | None:
    """Return the result of the spec `entry` ({"section": kind, **arguments}) for `data`,
    computed on first use and kept with `data` (None when the section has nothing here)."""
    key = json.dumps(entry, sort_keys=True)
    if key not in data.results:
        arguments = {k: v for k, v in entry.items() if k != "section"}
        data.results[key] = SECTIONS[entry["section"]][0](data, **arguments)
    return data.results[key]


def present(result: Result, writer) -> View | None:
    """Return `result` presented in the writer's language, or None when it shows nothing."""
    shown = SECTIONS[result.kind][1](result, writer)
    if shown is None:
        return None
    title, parts = shown
    for part in parts:  # tick numbers as the tables print them: 7,5 and −2 in kk and ru
        if isinstance(part, Chart):
            charts.localise_ticks(part.figure, writer.t.number)
    return View(result, title, parts, wrap=result.kind != "title")
