"""One report to render: a notebook, its parameters, and where it goes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: The place in the index of a region whose code list gives none in the Bureau's order: after those.
UNORDERED = 1000


@dataclass(frozen=True)
class Job:
    """One report: a notebook, its parameters, and where it goes.

    `output` is the folder relative to the output folder, ``cycle/scope/language``
    (e.g. ``2013/national/kk``); `inputs` are the data files the notebook reads, whose
    contents are part of the cache key. `languages` are the languages the same report is
    published in (the page links to them); `scope_name` and `cycle_name`, in the report's
    language, label it in the index; `scope_order` places the scope there (0 the nation, then
    the regions in the Bureau of National Statistics' order, `akimstat.publish.plan.scope_order`).
    """

    notebook: Path
    parameters: dict
    output: str
    language: str
    title: str
    inputs: tuple[Path, ...] = ()
    languages: tuple[str, ...] = ()
    scope_name: str = ""
    cycle_name: str = ""
    scope_order: int = 0
