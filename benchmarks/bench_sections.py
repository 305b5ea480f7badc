"""Where a report's kernel time goes, section by section and output by output, timed in-process
(``bench_render.py --sections-only TREE``, in a process importing that tree's package).

For the national report and one region, in each language, a report is built, presented, shown
as HTML and saved as the notebook does it (`Report`, its views' HTML, `Report.save`). Light
wrappers around the package's public calls time `sections.compute` per section (in the first
language only: results are language-free and kept per scope), `sections.present` per section,
`Chart.export` (the SVG the page shows) per section, and in `Report.save` each output: the
CSVs, the chart files, the spreadsheet, the data package, the Word document (and in it each
chart drawn again as PNG, `charts.png_of`) and the citation. Presenting and saving are averaged
over the languages after the first, which pay once-per-process costs (fonts, templates) first.
A call the tree does not have is not timed (an older or newer tree may lack one).
"""

from __future__ import annotations

import functools
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench_inprocess import CYCLE_TIMED, parameters
from bench_runs import REGION

LANGUAGES = ("kk", "ru", "en")
#: (module, function, what it writes): the outputs of `Report.save`, in the order it writes them.
OUTPUTS = (
    ("akimstat.report.document", "_write_csv", "CSVs (figures, tables)"),
    ("akimstat.report.outputs", "write_charts", "charts/*.svg"),
    ("akimstat.report.outputs", "write_xlsx", "report.xlsx"),
    ("akimstat.report.outputs", "write_datapackage", "datapackage.json"),
    ("akimstat.report.word", "write_docx", "report.docx"),
    ("akimstat.report.word", "png_of", "  of which charts as PNG"),
    ("akimstat.report.charts", "png_of", "  of which charts as PNG"),
    ("akimstat.report.outputs", "citation_of", "citation"),
    ("akimstat.report.outputs", "write_citation", "citation"),
)


class Clock:
    """Seconds spent in wrapped calls, by (kind, label); a call inside another of its kind (a
    section computed for another, PNG drawing under two names) counts in the outer one only."""

    def __init__(self):
        self.seconds: dict[tuple[str, str], float] = defaultdict(float)
        self.section = ""  # the section whose HTML is being made (for its charts' SVG)
        self._inside: set[str] = set()

    def wrap(self, owner, name: str, kind: str, label) -> None:
        """Time `owner.name` under `kind`; `label(args, result)` names each call (or is a string)."""
        original = getattr(owner, name, None)
        if original is None:
            return

        @functools.wraps(original)
        def timed(*args, **kwargs):
            if kind in self._inside:
                return original(*args, **kwargs)
            self._inside.add(kind)
            start = time.perf_counter()
            try:
                result = original(*args, **kwargs)
            finally:
                self._inside.discard(kind)
            self.seconds[kind, label if isinstance(label, str) else label(args, result)] += time.perf_counter() - start
            return result

        setattr(owner, name, timed)

    def take(self) -> dict[str, dict[str, float]]:
        """Return the seconds kept, by kind and label, and start again from nothing."""
        taken: dict[str, dict[str, float]] = defaultdict(dict)
        for (kind, label), seconds in self.seconds.items():
            taken[kind][label] = seconds
        self.seconds.clear()
        return dict(taken)


def instrumented() -> Clock:
    """Return a clock timing the package's calls that a report's time is spent in."""
    import importlib

    from akimstat.report import sections
    from akimstat.report.sections.result import Chart

    clock = Clock()
    clock.wrap(sections, "compute", "compute", lambda args, result: section_name(args[1], result))
    clock.wrap(sections, "present", "present", lambda args, result: args[0].id)
    clock.wrap(Chart, "export", "svg", lambda args, result: clock.section)
    for module, name, label in OUTPUTS:
        try:
            owner = importlib.import_module(module)
        except ImportError:
            continue
        clock.wrap(owner, name, "png" if "PNG" in label else "output", label)
    return clock


def section_name(entry: dict, result) -> str:
    """Return a section's id, or its spec entry's words when it shows nothing here."""
    return result.id if result is not None else "-".join(str(v) for v in entry.values())


def sections(tree: Path, scopes=("national", REGION), languages=LANGUAGES,
             cycle: tuple[str, str] = CYCLE_TIMED) -> dict:
    """Time every report of `scopes` in `languages` (``--sections-only``); return, per scope,
    seconds per section and per output, and the report's phases."""
    from akimstat.data.dataset import load_dataset

    clock = instrumented()
    params = parameters(tree, cycle)
    start = time.perf_counter()
    data = load_dataset(params.data_dir)
    timed = {"load": time.perf_counter() - start, "scopes": {}}
    with tempfile.TemporaryDirectory(prefix="akimstat-bench-sections-") as out:
        for scope in scopes:
            runs = [one_report(clock, data, params.replace(scope=scope, language=language),
                               Path(out) / scope / language) for language in languages]
            timed["scopes"][scope] = per_report(runs, languages)
    return timed


def one_report(clock: Clock, data, params, folder: Path) -> dict:
    """Build, present, show and save one report as its notebook does; return the seconds of
    its phases and of the calls the clock timed."""
    from akimstat.report import Report

    clock.take()
    start = time.perf_counter()
    report = Report(params, data)
    built = time.perf_counter()
    views = report.views
    presented = time.perf_counter()
    for view_id, view in views.items():
        clock.section = view_id
        view.html()
    shown = time.perf_counter()
    clock.section = "(while saving)"
    report.save(folder)
    saved = time.perf_counter()
    return {**clock.take(), "phases": {"built": built - start, "presented": presented - built,
                                       "html": shown - presented, "saved": saved - shown, "report": saved - start}}


def per_report(runs: list[dict], languages) -> dict:
    """Return the first language's computing, and the mean of the others' presenting and
    saving (the first's when there is no other)."""
    later = runs[1:] or runs

    def mean(kind: str) -> dict[str, float]:
        labels = dict.fromkeys(label for run in later for label in run.get(kind, {}))
        return {label: sum(run.get(kind, {}).get(label, 0.0) for run in later) / len(later) for label in labels}

    return {"languages": list(languages), "compute": runs[0].get("compute", {}),
            "built_first": runs[0]["phases"]["built"],
            **{kind: mean(kind) for kind in ("present", "svg", "output", "png", "phases")}}
