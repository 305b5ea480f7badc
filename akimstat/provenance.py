"""Which data, parameters and code made a report: hashes, version, commit, and a citation."""

from __future__ import annotations

import hashlib
import re
import subprocess
from functools import cache
from pathlib import Path

from akimstat import __version__

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent  # the project: reports/, templates/, data/


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


def sha256_of(path: str | Path) -> str:
    """Return the SHA-256 of a file's bytes, as hex."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def data_hash(hashes: dict[str, str]) -> str:
    """Return one SHA-256 over every data file's path and SHA-256 (the data's fingerprint)."""
    lines = "".join(f"{path} {digest}\n" for path, digest in sorted(hashes.items()))
    return hashlib.sha256(lines.encode()).hexdigest()


def code_version() -> str:
    """Return 'akimstat VERSION (commit HASH)'."""
    commit, _ = git_commit()
    return f"akimstat {__version__} (commit {commit[:12]}{'+modified' if commit.endswith('+modified') else ''})"


def data_fingerprint(root: str | Path) -> str:
    """Return the data fingerprint of the data folder `root` (`data_hash` of the SHA-256 of
    every file its ``datapackage.json`` lists, by the path it lists), without reading the data."""
    from akimstat.dataset import read_descriptor

    root = Path(root)
    hashes = {r["path"]: sha256_of(root / r["path"]) if (root / r["path"]).is_file() else ""
              for r in read_descriptor(root).get("resources", []) if "path" in r}
    return data_hash(hashes)


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


def _printed(record: str) -> list[str]:
    """Return the parts of a recorded fingerprint or code version that the page must print: the
    page words the code version in its language ("akimstat 0.1.0, commit 1a2b…"), so its
    version and commit are looked for, not the record's English wording."""
    found = re.fullmatch(r"(akimstat \S+) \(commit (\w+)(?:\+modified)?\)", record)
    return list(found.groups()) if found else [record]


def verify_report(page: str | Path, data_dir: str | Path | None = None) -> tuple[bool, list[str]]:
    """Recompute the data fingerprint and the code version of a published report and compare
    them with what the report records; return (whether both match, lines to print).

    The report's record is its ``datapackage.json`` (written beside ``report.html``), whose
    fingerprint and code version must also be the ones the page prints. The data folder is
    `data_dir`, else the report's ``data_dir`` parameter (relative to the project).

    Raises
    ------
    ParameterError
        When the page has no data package beside it, or the data folder has no descriptor.
    """
    import html
    import json

    from akimstat.errors import ParameterError

    page = Path(page)
    package_path = page.parent / "datapackage.json"
    try:
        package = json.loads(package_path.read_text(encoding="utf-8"))
        recorded = {"data": package["akimstat:data_sha256"], "code": package["akimstat:code"]}
        folder = Path(data_dir or package["akimstat:parameters"]["data_dir"])
    except (OSError, ValueError, KeyError) as err:
        raise ParameterError(f"{page}: no readable datapackage.json beside it to verify against ({err})") from None
    shown = html.unescape(page.read_text(encoding="utf-8"))
    if not folder.is_absolute() and not folder.exists():
        folder = ROOT / folder
    if not (folder / "datapackage.json").is_file():
        raise ParameterError(f"{folder}: no datapackage.json (give the report's data folder with --data)")
    now = {"data": data_fingerprint(folder), "code": code_version()}
    lines, ok = [], True
    for name, label in (("data", f"data fingerprint ({folder})"), ("code", "code version")):
        same = now[name] == recorded[name] and all(part in shown for part in _printed(recorded[name]))
        ok &= same
        lines.append(f"{label}: {'matches' if same else 'does not match'}: report {recorded[name]}"
                     + ("" if same else f", now {now[name]}"))
    lines.append(f"{page}: {'matches' if ok else 'does not match'} the data and code it names")
    return ok, lines
