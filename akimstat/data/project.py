"""Where the parameter file and the data folder are when the command line does not name them.

`akimstat render` run from another folder used to stop with "parameters/default.yaml: no such
parameter file". The default parameter file is looked for beside the data folder named with
`--data` (a project laid out as this one: ``data/`` and ``parameters/`` side by side), then in
the current folder, then in the project akimstat is installed from; a relative data folder is
looked for in the current folder, then beside the parameter file's project, then in
akimstat's project.
"""

from __future__ import annotations

from pathlib import Path

from akimstat.provenance import ROOT

DEFAULT_PARAMETERS = Path("parameters") / "default.yaml"
DESCRIPTOR = "datapackage.json"


def parameter_file(data_dir: str | Path | None = None) -> Path | None:
    """Return the default parameter file for the data folder `data_dir`, or None if none is
    found (the parameters' own defaults then apply)."""
    candidates = [Path.cwd() / DEFAULT_PARAMETERS, ROOT / DEFAULT_PARAMETERS]
    if data_dir is not None:
        candidates.insert(0, Path(data_dir).resolve().parent / DEFAULT_PARAMETERS)
    return next((path for path in candidates if path.is_file()), None)


def project_of(parameter_file: Path | None) -> Path | None:
    """Return the project folder of a parameter file: the parent of its ``parameters/``."""
    if parameter_file is None:
        return None
    folder = Path(parameter_file).resolve().parent
    return folder.parent if folder.name == "parameters" else folder


def data_folder(named: str | Path, project: Path | None = None) -> Path:
    """Return the data folder `named`: as given when it is absolute or holds a data package
    here; else the same relative folder in `project`, then in akimstat's project; else as
    given (loading it then names what is missing)."""
    path = Path(named)
    if path.is_absolute() or (path / DESCRIPTOR).is_file():
        return path
    for base in (project, ROOT):
        if base is not None and (base / path / DESCRIPTOR).is_file():
            return base / path
    return path


def output_outside_data(output_dir: str | Path, data_dir: str | Path) -> None:
    """Raise `AkimstatError` when the output folder is the data folder or inside it: reports
    and their record-level inputs would be published as one folder, a render's leftovers would
    sit among the data files, and ``render --watch``, which watches the data folder, would
    render again every time it wrote a report."""
    from akimstat.errors import AkimstatError

    output, data = Path(output_dir).absolute().resolve(), Path(data_dir).absolute().resolve()
    if output == data or output.is_relative_to(data):
        raise AkimstatError(f"--output {output_dir}: inside the data folder {data_dir}; name a "
                            "folder outside it (the default is ./output)")
