"""One report to render: a notebook, its parameters, and where it goes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Job:
    """One report: a notebook, its parameters, and where it goes.

    `output` is the folder relative to the output folder, ``cycle/scope/language``
    (e.g. ``2013/national/kk``); `inputs` are the data files the notebook reads, whose
    contents are part of the cache key. `languages` are the languages the same report is
    published in (the page links to them); `scope_name` and `cycle_name`, in the report's
    language, label it in the index.
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
