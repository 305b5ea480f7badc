"""A data package composed from another and a register: what `akimstat render --map` reads.

The reports' kernels load a data folder by itself (`load_dataset(data_dir)`), so a register
given on the command line with its mapping file becomes part of a data folder: the base
folder's files, copied, with the register and its mapping as the records of the register's
cycle, in place of the base's records of that cycle (the synthetic 2013 corps, say). Same
inputs give the same files, so reports already rendered from them stay up to date.

The folder is written to the user's cache (`composed_folder`), not to the output folder: the
register holds record-level data, perhaps columns the mapping drops (names), and an output
folder is what gets published.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from akimstat.data.package import DESCRIPTOR, MAPPING, read_descriptor
from akimstat.data.dataset import load_dataset
from akimstat.data.records import read_register
from akimstat.errors import InputError, Problem
from akimstat.data.mapping import read_mapping

REGISTER = "register"  # folder of the composed package holding the register and its mapping


def composed_folder(mapping_path: str | Path) -> Path:
    """Return the folder to compose a mapping's data package in: in the user's cache
    (``$XDG_CACHE_HOME/akimstat``, else ``~/.cache/akimstat``), one per mapping file."""
    mapping_path = Path(mapping_path).resolve()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "akimstat"
    key = hashlib.sha256(str(mapping_path).encode("utf-8")).hexdigest()[:12]
    return cache / "registers" / f"{mapping_path.stem}-{key}"


def package_with_register(base: str | Path, mapping_path: str | Path, folder: str | Path,
                          encoding: str | None = None) -> tuple[Path, list[str]]:
    """Write the data package `folder`: `base` with the register of `mapping_path` as records.

    Returns the folder and the register's cycles. The register is checked first (every
    problem at once, naming its own headers); nothing is written unless it is valid.
    """
    base, folder, mapping_path = Path(base), Path(folder), Path(mapping_path)
    mapping = read_mapping(mapping_path)
    if mapping.file is None:
        raise InputError([Problem(str(mapping_path), None, "file", None,
                                  "the register's file (file: register.xlsx)")])
    data = load_dataset(base)
    register = read_register(mapping.file, mapping, data.codes, encoding)
    cycles = [c for c in data.codes.cycles.index if c in set(register["cycle"])]
    descriptor = read_descriptor(base)
    resources = []
    for resource in descriptor.get("resources", []):
        if resource.get("akimstat:role") == "records":
            held = set(data.records.loc[data.records["file"] == str(base / resource["path"]),
                                        "cycle"])
            if held & set(cycles):
                continue  # the register replaces the base's records of its cycle
        resources.append(resource)
    staging = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for resource in resources:
        for key in ("path", MAPPING):
            if resource.get(key):
                _copy(base / resource[key], staging / resource[key])
    register_path = f"{REGISTER}/{mapping.file.name}"
    mapping_copy = f"{REGISTER}/{mapping_path.name}"
    _copy(mapping.file, staging / register_path)
    _copy(mapping_path, staging / mapping_copy)
    resources.append({
        "name": "register", "path": register_path, "akimstat:role": "records",
        "akimstat:status": "official", MAPPING: mapping_copy,
        "description": f"Register {mapping.file.name}, read through {mapping_path.name}",
        **({"encoding": encoding} if encoding else {})})
    (staging / DESCRIPTOR).write_text(json.dumps({**descriptor, "resources": resources},
                                                 ensure_ascii=False, indent=2) + "\n",
                                      encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging.rename(folder)
    return folder, cycles


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
