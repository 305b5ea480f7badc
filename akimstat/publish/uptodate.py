"""Nothing changed: a render answered from the record of the last one, before the data is loaded.

Importing pandas and pandera and loading and validating the data package were 0.9 s of an
up-to-date render's 1.2 s. After a render that succeeded, `remember` writes what it read (the
SHA-256 of the parameter file, every file of the data folder, the code, the templates and the
notebook) and what the output folder then held (every ``render.json``, ``index.html``,
``reconciliation.csv``). The next render with the same arguments has nothing to do when every
one of them is unchanged (`unchanged`); anything else (no record, one file changed, added or
removed) goes the whole way, which decides for itself.

The record lives in the user's cache, one file per output folder, not in the output folder:
that is published as it is, and the record names absolute paths.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from akimstat import __version__
from akimstat.provenance import code_files, sha256_of
from akimstat.publish.output import TEMPLATES

INDEX_FILES = ("index.html", "reconciliation.csv")  # what `write_index` writes beside the reports


def record_path(output_dir: Path) -> Path:
    """Return where the record of renders into `output_dir` is kept (the user's cache)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "akimstat" / "renders"
    return cache / f"{hashlib.sha256(str(Path(output_dir).resolve()).encode()).hexdigest()}.json"


def arguments_key(**arguments) -> str:
    """Return the hash of a render's arguments (as given, before any file is read), with the
    working folder that resolves their relative paths and the code's version."""
    text = json.dumps({**arguments, "cwd": os.getcwd(), "akimstat": __version__}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def input_files(params_file: Path | None, data_root: Path, notebook: Path) -> list[Path]:
    """Return every file a render reads: the parameter file, each file of the data folder, the
    package's code and messages (`provenance.code_files`), the templates and the notebook."""
    data = sorted(p for p in Path(data_root).resolve().rglob("*") if p.is_file())
    templates = sorted(p for p in TEMPLATES.rglob("*") if p.is_file())
    return [*([Path(params_file)] if params_file else []), *data, *code_files(), *templates, Path(notebook)]


def output_files(output_dir: Path) -> list[Path]:
    """Return what a render leaves in `output_dir` that says what it holds: each report's
    ``render.json`` (its cache key and the SHA-256 of its files) and the index's files."""
    index = [output_dir / name for name in INDEX_FILES if (output_dir / name).is_file()]
    return sorted(output_dir.glob("**/render.json")) + index


def state(output_dir: Path, inputs) -> dict:
    """Return the SHA-256 of each input and output file, by path."""
    output_dir = Path(output_dir)
    return {"inputs": {str(p): sha256_of(p) for p in inputs},
            "outputs": {p.relative_to(output_dir).as_posix(): sha256_of(p) for p in output_files(output_dir)}}


def remember(output_dir: Path, key: str, data_root: Path, inputs, reports: int, warnings=()) -> None:
    """Record a render that succeeded; a cache that cannot be written only costs the next run time."""
    record = {"key": key, "data_root": str(Path(data_root).resolve()), "reports": reports,
              "warnings": list(warnings), **state(output_dir, inputs)}
    path = record_path(output_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(record), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass


def unchanged(output_dir: Path, key: str, params_file: Path | None, notebook: Path) -> dict | None:
    """Return the record of the last render into `output_dir` if a render with arguments `key`
    has nothing to do (every file it reads and every file it left is as it was), else None."""
    try:
        record = json.loads(record_path(output_dir).read_text(encoding="utf-8"))
        if record.get("key") != key:
            return None
        now = state(output_dir, input_files(params_file, Path(record["data_root"]), notebook))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return record if now == {"inputs": record["inputs"], "outputs": record["outputs"]} else None
