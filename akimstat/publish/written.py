"""Whether a file of a report still has the bytes its render wrote (`akimstat verify`).

The record of a run (`akimstat.report.record`) says what data, code and parameters made a report, and
`verify` recomputes the figures and CSV files from them; but a page, a PDF, a workbook or a
notebook whose text was edited after the render still carries its record unchanged. So the
render writes, in ``render.json`` beside the report, the SHA-256 of every file it wrote
(`digests`), and `written_item` compares the file verified with it. A file copied alone has no
``render.json`` to compare with, and is checked by its record only; and one who edits
``render.json`` too can hide an edit from this check (it proves integrity, not authorship).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

RECORD = "render.json"
KEY = "sha256"  # render.json's key: {file's path in the report's folder: its SHA-256}


def digests(work: Path, files: list[str]) -> dict[str, str]:
    """Return the SHA-256 of each of `files` (paths in the report's folder `work`)."""
    return {name: _sha256(work / name) for name in files}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(2**20):
            digest.update(chunk)
    return digest.hexdigest()


def written_item(path: Path) -> tuple[bool, str] | None:
    """Return (matches, line) for the bytes of `path` against the render.json of its report's
    folder, or None when no render.json beside it records them."""
    for folder in (path.parent, path.parent.parent):
        try:
            recorded = json.loads((folder / RECORD).read_text(encoding="utf-8"))[KEY]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not isinstance(recorded, dict):
            continue
        try:
            name = path.absolute().relative_to(folder.absolute()).as_posix()
        except ValueError:
            continue
        if name not in recorded:
            continue
        if _sha256(path) == recorded[name]:
            return True, f"file: matches: the bytes {RECORD} records for {name}"
        return False, (f"file: does not match: {name} has changed since it was rendered (its "
                       f"SHA-256 differs from the one {RECORD} records)")
    return None
