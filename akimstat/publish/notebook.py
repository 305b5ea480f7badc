"""The executed notebook made fit to publish: nothing that changes from run to run (times, temporary
paths, object addresses), no absolute path, and a parameters cell that reruns the report as it
was rendered."""

from __future__ import annotations

import json
import re
from pathlib import Path

from akimstat.provenance import ROOT
from akimstat.publish.engine import KERNEL_NAME
from akimstat.publish.job import Job


OBJECT_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")


def record_of(work: Path) -> dict | None:
    """Return the record of the run the notebook wrote in `work`'s datapackage.json, or None."""
    from akimstat.report.record import from_package

    try:
        return from_package(json.loads((work / "datapackage.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, AttributeError):
        return None


def normalised(nb, job: Job):
    """Return `nb` without what changes from run to run: times, temporary paths, random ids."""
    meta = nb.metadata.papermill
    for name in ("start_time", "end_time", "duration"):
        meta.pop(name, None)
    notebook = Path(job.notebook).resolve()  # no absolute path in a published notebook
    meta["input_path"] = (notebook.relative_to(ROOT) if notebook.is_relative_to(ROOT) else Path(notebook.name)).as_posix()
    meta["output_path"] = "report.ipynb"
    nb.metadata["title"] = job.title
    _portable_data_dir(nb, job)
    _stored_parameters(nb)
    for index, cell in enumerate(nb.cells):
        for name in ("start_time", "end_time", "duration"):
            cell.metadata.get("papermill", {}).pop(name, None)
        for output in cell.get("outputs", []):  # e.g. "<Styler at 0x7f3...>" beside the table
            if "text/plain" in output.get("data", {}):
                output.data["text/plain"] = OBJECT_ADDRESS.sub(" at 0x0>", output.data["text/plain"])
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell.id = "injected-parameters"
        elif "papermill-error-cell-tag" in tags:
            cell.id = f"papermill-error-{index}"
    return nb


def _portable_data_dir(nb, job: Job) -> None:
    """Show the data folder in the executed notebook as the provenance shows it (relative to the
    project, else by its name), never as the absolute path the kernel was given: that path is
    often a home folder, so a user's name."""
    from papermill.translators import PythonTranslator

    from akimstat.provenance import portable

    given = job.parameters.get("data_dir")
    if not isinstance(given, str) or not Path(given).is_absolute():
        return
    shown = portable("data_dir", given)
    parameters = nb.metadata.get("papermill", {}).get("parameters", {})
    if parameters.get("data_dir") == given:
        parameters["data_dir"] = shown
    old, new = (PythonTranslator.translate_escaped_str(p) for p in (given, shown))
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = cell.source.replace(f"data_dir = {old}", f"data_dir = {new}")


STORED = ("Parameters of this report's render: papermill with one -p changes only that one. "
          "output_dir '' writes nowhere; name a folder to write figures.csv and tables/ into.")


def _stored_parameters(nb) -> None:
    """Make the executed notebook safe to run again: its `parameters` cell holds every
    parameter it was rendered with (plain papermill replaces only the injected cell, so one
    ``-p`` changes only that parameter), and ``output_dir`` is '' in both cells, so a rerun in
    place writes nowhere near the published files unless it is given a folder."""
    from papermill.translators import translate_parameters

    meta = nb.metadata.get("papermill", {})
    given = meta.get("parameters")
    if not isinstance(given, dict):
        return
    if "output_dir" in given:
        given["output_dir"] = ""
    parameters = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    if not parameters or not injected:
        return
    values = {**_assigned(parameters[0].source), **given}
    parameters[0].source = translate_parameters(KERNEL_NAME, "python", values, STORED).rstrip("\n")
    injected[0].source = translate_parameters(KERNEL_NAME, "python", given, "Parameters").rstrip("\n")


def _assigned(source: str) -> dict:
    """Return the names a parameters cell assigns literal values to, with those values."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return values
