"""SHA-256 of a file's bytes: below both the data layer (dataset) and provenance, so neither
imports the other for it (issue 25: the dataset <-> provenance import circle)."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_of(path: str | Path) -> str:
    """Return the SHA-256 of a file's bytes, as hex."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
