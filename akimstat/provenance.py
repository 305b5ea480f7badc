"""Which data, parameters and code made a report: hashes, version, commit, and a citation."""

from __future__ import annotations

import hashlib
import subprocess
from functools import cache
from pathlib import Path

from akimstat import __version__

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent  # the project: reports/, templates/, data/
NOTEBOOK = ROOT / "reports" / "report.ipynb"  # one notebook; the scope is a parameter


def sha256_of(path: str | Path) -> str:
    """Return the SHA-256 of a file's bytes, as hex."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


@cache
def git_commit() -> tuple[str, str]:
    """Return (commit hash, commit date YYYY-MM-DD) of the code, or ('unknown', '') outside git.

    A work tree with uncommitted changes to the package gets '+modified' after the hash.
    """
    def git(*args):
        return subprocess.run(["git", *args], cwd=PACKAGE, capture_output=True, text=True,
                              timeout=10, check=True).stdout.strip()

    try:
        commit, date = git("log", "-1", "--format=%H %cs").split()
        modified = git("status", "--porcelain", "--", str(PACKAGE), str(PACKAGE.parent / "reports"))
    except (OSError, subprocess.SubprocessError, ValueError):
        return "unknown", ""
    return commit + ("+modified" if modified else ""), date


def data_hash(hashes: dict[str, str]) -> str:
    """Return one SHA-256 over every data file's path and SHA-256 (the data's fingerprint)."""
    lines = "".join(f"{path} {digest}\n" for path, digest in sorted(hashes.items()))
    return hashlib.sha256(lines.encode()).hexdigest()


def code_version() -> str:
    """Return 'akimstat VERSION (commit HASH)'."""
    commit, _ = git_commit()
    return f"akimstat {__version__} (commit {commit[:12]}{'+modified' if commit.endswith('+modified') else ''})"


def data_root(path: str | Path) -> Path:
    """Return the data folder `path` names: as given when it exists, else relative to the
    project, so that a notebook opened in JupyterLab from reports/, or a kernel working in a
    report's temporary folder, finds data/ with the default parameters."""
    given = Path(path)
    project = ROOT / given
    return project if not given.exists() and not given.is_absolute() and project.exists() else given


def portable(name: str, value):
    """Return a parameter as a reader should see it: the data folder relative to the project
    when it is inside it, else by its name, so that the same report from another clone, or
    rendered in another (temporary) folder, has the same bytes: never an absolute path."""
    if name == "data_dir":
        path = data_root(value).resolve()
        return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name  # never a home folder
    return value


def code_files() -> tuple[Path, ...]:
    """Return the package's code and message files: a change to any re-renders the reports."""
    return tuple(sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".yaml", ".md")
                        and "__pycache__" not in p.parts))
