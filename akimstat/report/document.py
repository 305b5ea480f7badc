"""A report in one language: the sections the report spec lists, computed once per scope and
presented in the report's language, and every figure it shows recorded under a stable key.

The notebook in `reports/` builds a `Report` from its parameters and displays it; `save` writes
``figures.csv`` and ``tables/*.csv`` where it is told. In JupyterLab, ``report["women"]`` is one
section: ``.frames``, ``.values``, ``.charts`` (matplotlib Figures) and its HTML.
"""

from __future__ import annotations

from dataclasses import fields
from functools import lru_cache
from pathlib import Path

import pandas as pd

from akimstat.report import sections
from akimstat.data.dataset import Dataset, load_dataset
from akimstat.errors import ParameterError
from akimstat.labels import Labels
from akimstat.params import ReportParameters, parameters_from
from akimstat.report.present import Figure, Writer
from akimstat.provenance import data_root
from akimstat.safe import csv_text  # formula-like cells made inert (OWASP CSV injection)
from akimstat.report.scope import scope_data
from akimstat.report.spec import sections_of


def _dataset(root: str) -> Dataset:
    """Load a data package once per process and content: a warm kernel renders many reports
    from the same files, and reloads them when any file changed."""
    files_now = tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                             for p in Path(root).rglob("*") if p.is_file()))
    return _dataset_of(root, files_now)


@lru_cache(maxsize=2)  # a kernel kept warm by --watch sees the data change many times
def _dataset_of(root: str, files_now: tuple) -> Dataset:
    return load_dataset(root)


class Report:
    """The sections of one report (cycle, scope, language), the figures and tables they show."""

    def __init__(self, params: ReportParameters, data: Dataset | None = None):
        dataset = data if data is not None else _dataset(str(data_root(params.data_dir)))
        self.params = params
        self.data = scope_data(dataset, params)  # shared by the three languages
        self.writer = Writer(Labels(params.language, dataset.codes), self.data, params)
        computed = (sections.compute(self.data, entry) for entry in sections_of(params.scope, self.data.variables))
        self.results = {r.id: r for r in computed if r is not None}
        self._views: dict[str, sections.View] | None = None

    @classmethod
    def from_parameters(cls, **values) -> "Report":
        """Build a report from parameters given by name (checked like a YAML file's)."""
        return cls(parameters_from(values, source="notebook parameters"))

    @classmethod
    def from_namespace(cls, namespace: dict) -> "Report":
        """Build a report from the notebook's variables named like parameters: the notebook's
        parameters cell (and what papermill injects after it) is the only list of them."""
        names = [f.name for f in fields(ReportParameters)]
        return cls.from_parameters(**{name: namespace[name] for name in names if name in namespace})

    @property
    def views(self) -> dict[str, sections.View]:
        """Every section presented in the report's language, in the spec's order."""
        if self._views is None:
            shown = (sections.present(result, self.writer) for result in self.results.values())
            self._views = {view.id: view for view in shown if view is not None}
        return self._views

    def section(self, id: str) -> sections.View:
        """Return the section `id` (e.g. 'women', 'profession', 'age') in the report's language."""
        if id not in self.views:
            raise ParameterError(f"no section {id!r} in this report; its sections are {', '.join(self.views)}")
        return self.views[id]

    __getitem__ = section

    def display(self) -> None:
        """Display every section, one output each (as the notebook does)."""
        from IPython.display import display

        for view in self.views.values():
            display(view)

    def _repr_html_(self) -> str:
        return "".join(view._repr_html_() for view in self.views.values())

    # -- outputs ----------------------------------------------------------------------------
    @property
    def figures(self) -> dict[str, Figure]:
        """Every figure the report shows, by key (after its sections are presented)."""
        self.views  # noqa: B018 - presenting records the figures
        return self.writer.figures

    def figures_frame(self) -> pd.DataFrame:
        """Return every figure shown, sorted by key."""
        rows = sorted(self.figures.values(), key=lambda f: f.key)
        frame = pd.DataFrame([f.__dict__ for f in rows], columns=[f.name for f in fields(Figure)])
        # No regions or sources to name is "not applicable" ([z] in the spreadsheet), not text.
        empty = frame[["regions_covered", "sources"]].replace("", None)
        return frame.assign(**empty).astype({"regions_of": "Int64"})

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return every table of the shown sections, by name (suppressed cells are empty)."""
        return {name: frame for view in self.views.values() for name, frame in view.frames.items()}

    def save(self, folder: str | Path) -> list[Path]:
        """Write figures.csv and tables/*.csv into `folder`, and beside them the spreadsheet,
        chart files and data package (`akimstat.report.outputs`); nothing when `folder` is empty
        (a notebook run by hand writes nowhere unless asked). Return the files written."""
        from akimstat.report import outputs as publish

        if not str(folder):
            return []
        folder = Path(folder)
        (folder / "tables").mkdir(parents=True, exist_ok=True)
        written = [_write_csv(self.figures_frame(), folder / "figures.csv")]
        for name, table in sorted(self.tables().items()):
            written.append(_write_csv(table, folder / "tables" / f"{name}.csv"))
        return written + publish.write_publication(self, folder)


def _write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write a table's `csv_text` as UTF-8."""
    path.write_text(csv_text(frame), encoding="utf-8")
    return path
