"""No merge conflict marker is ever committed (one was, in a merge of two branches)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_no_conflict_markers_in_tracked_files():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    marked = []
    for name in files:
        path = ROOT / name
        if path.suffix in {".py", ".yaml", ".md", ".csv", ".json", ".j2", ".css", ".sh", ".toml", ".yml", ".ipynb"}:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            if any(line.startswith(("<<<<<<< ", ">>>>>>> ")) for line in lines):
                marked.append(name)
    assert not marked
