"""The data package's descriptor (`datapackage.json`, a Frictionless Data Package): read and checked,
its resources' paths kept inside the data folder, their encodings known, and the data fingerprint
over the files it lists."""

from __future__ import annotations

import codecs
import json
from pathlib import Path


from akimstat.errors import InputError, Problem
from akimstat.provenance import data_hash, sha256_of


DESCRIPTOR = "datapackage.json"


MAPPING = "akimstat:mapping"  # a resource's mapping file (akimstat.data.mapping), beside it


ROLES = ("regions", "region_lineage", "categories", "cycles", "districts", "sources", "counts",
         "figures", "population", "records")


#: Roles a data package has at most one file of: code lists are whole, and a second copy

#: would be read twice.

SINGLE_ROLES = ("regions", "region_lineage", "categories", "cycles", "districts", "sources")


MAX_DESCRIPTOR_BYTES = 16 * 2**20


def read_descriptor(root: Path) -> dict:
    """Return the data package descriptor of the folder `root`: a JSON object in UTF-8."""
    path = root / DESCRIPTOR
    where = str(path)
    try:
        if path.stat().st_size > MAX_DESCRIPTOR_BYTES:
            raise InputError([Problem(where, None, None, None, "a descriptor of at most "
                                      f"{MAX_DESCRIPTOR_BYTES // 2**20} MB")])
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(where, None, None, None, "a datapackage.json describing "
                                  "the data files (see data/README.md)")]) from None
    except IsADirectoryError:
        raise InputError([Problem(where, None, None, None, "a file (this is a folder)")]) from None
    except OSError as exc:
        raise InputError([Problem(where, None, None, None, f"a readable file ({exc.strerror})")]) from None
    try:
        text = data.decode("utf-8-sig")  # a BOM, as Notepad writes it, is harmless
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError([Problem(where, line, None, None, "JSON in UTF-8 (save the file as "
                                  "UTF-8)")]) from None
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([Problem(where, exc.lineno, None, None, f"valid JSON ({exc.msg})")]) from None
    except RecursionError:
        raise InputError([Problem(where, None, None, None, "JSON nested at most a few hundred "
                                  "levels deep")]) from None
    if not isinstance(descriptor, dict):
        raise InputError([Problem(where, None, None, type(descriptor).__name__,
                                  "a JSON object ({...}) with a \"resources\" list")])
    return descriptor


def data_fingerprint(root: str | Path) -> str:
    """Return the data fingerprint of the data folder `root` (`data_hash` of the SHA-256 of
    every file its ``datapackage.json`` lists, by the path it lists), without reading the data."""
    root = Path(root)
    hashes = {r["path"]: sha256_of(root / r["path"]) if (root / r["path"]).is_file() else ""
              for r in read_descriptor(root).get("resources", []) if "path" in r}
    return data_hash(hashes)


def _outside(root: Path, relative) -> str | None:
    """Return what a descriptor's path must be if `relative` leads out of the folder `root`
    (absolute, '..', or a symbolic link to a file outside), else None."""
    if not isinstance(relative, str) or not relative.strip():
        return "the path of a file, as text, relative to the data folder"
    if Path(relative).is_absolute() or ".." in Path(relative).parts or "\\" in relative:
        return "a path inside the data folder, relative to it, without '..' or a leading '/'"
    try:
        if not (root / relative).resolve().is_relative_to(root.resolve()):
            return "a file inside the data folder (this one is a symbolic link to a file outside it)"
    except (RuntimeError, OSError):  # RuntimeError: a symbolic link that leads to itself
        return "a file, not a symbolic link that leads to itself"
    return None


def resources_of(root: Path, descriptor: dict) -> list[tuple[dict, Path]]:
    """Return each resource of `descriptor` with the file it names, checked.

    Refused: a ``resources`` that is not a list of objects; a resource whose ``path`` is not
    one relative path (a list of parts is valid Frictionless but not supported); a path that is
    absolute, climbs out with ``..`` or leads out of `root` through a symbolic link; an
    ``encoding`` that is not text; the same file twice; a second file of a role in
    `SINGLE_ROLES`.
    """
    where = str(root / DESCRIPTOR)
    resources = descriptor.get("resources", [])
    if not isinstance(resources, list):
        raise InputError([Problem(where, None, "resources", type(resources).__name__,
                                  "a list of resources ([{...}, ...])")])
    problems, out, seen, roles = [], [], {}, {}
    for number, resource in enumerate(resources, start=1):
        place = f"resources[{number - 1}]"
        if not isinstance(resource, dict):
            problems.append(Problem(where, None, place, type(resource).__name__,
                                    "a resource: an object with a \"path\" and an \"akimstat:role\""))
            continue
        relative = resource.get("path")
        if isinstance(relative, list):
            problems.append(Problem(where, None, f"{place}.path", None, "one path as text (a "
                                    "list of parts is not supported: join the parts into one file)"))
            continue
        if not isinstance(relative, str) or not relative.strip():
            problems.append(Problem(where, None, f"{place}.path", relative,
                                    "the path of a file, as text, relative to the data folder"))
            continue
        if not isinstance(resource.get("encoding", "utf-8"), str):
            problems.append(Problem(where, None, f"{place}.encoding", resource["encoding"],
                                    "the name of a text encoding, such as \"utf-8\""))
            continue
        outside = [(key, resource[key], why) for key in ("path", MAPPING) if key in resource
                   for why in [_outside(root, resource[key])] if why]
        if outside:
            problems += [Problem(where, None, f"{place}.{key}", value, why)
                         for key, value, why in outside]
            continue
        path = root / relative
        resolved = path.resolve()
        role = resource.get("akimstat:role")
        if resolved in seen:
            problems.append(Problem(where, None, f"{place}.path", relative, "each file listed "
                                    f"once (resources[{seen[resolved]}] lists it too)"))
            continue
        if role in SINGLE_ROLES and isinstance(role, str) and role in roles:
            problems.append(Problem(where, None, f"{place}.akimstat:role", role, "one resource "
                                    f"with this role (resources[{roles[role]}] has it too)"))
            continue
        seen[resolved] = number - 1
        roles.setdefault(role, number - 1) if isinstance(role, str) else None
        out.append((resource, path))
    if problems:
        raise InputError(problems)
    return out


def _encoding_of(resource: dict, encoding: str | None) -> str | None:
    """Return the encoding to read a resource's file in: `encoding` when given, else the one
    the descriptor names; None for UTF-8, which `read_table` reads with or without a BOM."""
    named = encoding or resource.get("encoding")
    try:
        return None if named is None or codecs.lookup(named).name == "utf-8" else named
    except LookupError:
        return named  # read_table names it as unknown, with the file
