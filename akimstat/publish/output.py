"""The output folder: one render at a time (the lock), a report moved in whole (an atomic exchange
with the old one), never through a symbolic link, and the cache key recorded beside each report."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

from akimstat import __version__
from akimstat.errors import AkimstatError
from akimstat.provenance import ROOT
from akimstat.publish.job import Job


FAILED_DIR = "_failed"  # a failed report's executed notebook, kept for reading
TEMPLATES = ROOT / "templates"


def write_record(work: Path, job: Job, key: str) -> None:
    """Write ``render.json``: the cache key, what the index needs, every parameter (the report
    says them in words only) and the SHA-256 of each file (which `akimstat verify` compares a
    file with: akimstat.publish.written)."""
    from akimstat.provenance import portable
    from akimstat.publish.written import KEY, digests

    files = sorted(p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file())
    parameters = {name: portable(name, value) for name, value in job.parameters.items() if name != "output_dir"}
    record = {"key": key, "title": job.title, "language": job.language, "scope_name": job.scope_name,
              "cycle_name": job.cycle_name, "scope_order": job.scope_order, "parameters": parameters, "files": files, KEY: digests(work, files)}
    (work / "render.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")


def recorded_key(folder: Path) -> str | None:
    """Return the cache key recorded beside a published report, or None."""
    try:
        key = json.loads((folder / "render.json").read_text(encoding="utf-8"))["key"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return key if isinstance(key, str) else None


def cache_key(job: Job, formats, show_code: bool, digest, names=None) -> str:
    """Return the hash of everything a report depends on; `digest` hashes a file, `names`
    (`portable_names`, or a cache of it for one render's many reports of the same inputs) names
    the inputs."""
    names = names or portable_names
    template_dir = TEMPLATES / "akimstat"
    parts = {
        "akimstat": __version__,
        "notebook": digest(Path(job.notebook)),
        "inputs": {name: digest(Path(p)) for name, p in names(job.inputs).items()},
        "parameters": job.parameters,
        "title": job.title,
        "language": job.language,
        "languages": job.languages,
        "names": [job.scope_name, job.cycle_name],
        "templates": {str(p.relative_to(template_dir)): digest(p) for p in sorted(template_dir.rglob("*.*"))},
        "formats": sorted(formats),
        "show_code": show_code,
    }
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def portable_names(paths) -> dict[str, Path]:
    """Return `paths` by a name that is the same in every clone: relative to the project when
    inside it, else relative to the folder the others share (the user's data folder)."""
    paths = [Path(p).resolve() for p in paths]
    outside = [p for p in paths if not p.is_relative_to(ROOT)]
    base = Path(os.path.commonpath(outside)) if outside else ROOT
    base = base.parent if len(outside) == 1 else base
    return {(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p.relative_to(base)).as_posix(): p for p in paths}


def publish(work: Path, output_dir: Path, relative: str) -> None:
    """Move `work` to ``output_dir/relative``, replacing an older report there without a moment
    of half a report, and without going through a symbolic link."""
    final = real_folder(output_dir, Path(relative).parent) / Path(relative).name
    if final.is_symlink():
        raise AkimstatError(f"{final} is a symbolic link; a render never writes through a link "
                            "in its output folder: remove it")
    if not final.exists():
        os.rename(work, final)
    elif not exchange(work, final):  # no renameat2: two renames, undone if the second fails
        old = Path(tempfile.mkdtemp(prefix=".old-", dir=work.parent))
        os.rename(final, old / "report")
        try:
            os.rename(work, final)
        except OSError:
            os.rename(old / "report", final)
            raise
        shutil.rmtree(old)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    at_fdcwd, rename_exchange = -100, 2
    return renameat2 is not None and renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


@contextmanager
def output_lock(output_dir: Path):
    """Hold ``output_dir/.lock`` (fcntl.flock); refuse at once if another render holds it.

    The lock file is opened without following a symbolic link: a link planted there would
    otherwise have its target overwritten with our process id. The file is removed when the
    render ends (still held, so no other render took it): the output folder is published as
    it is. One a killed render left is taken over.
    """
    path = output_dir / ".lock"
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            raise AkimstatError(f"cannot use {path} as the output folder's lock: {_why(exc, path)}") from None
        f = os.fdopen(fd, "r+")
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            pid = re.sub(r"\D", "", f.read(20)) or "unknown"  # the file holds digits, if anything
            f.close()
            raise AkimstatError(f"another render is writing to {output_dir} (pid {pid})") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            f.close()
            raise AkimstatError(f"cannot use {path} as the output folder's lock: not a regular file")
        try:  # the file we hold may have been removed by the render that just ended: open anew
            if os.stat(path, follow_symlinks=False).st_ino == os.fstat(fd).st_ino:
                break
        except FileNotFoundError:
            pass
        f.close()
    with f:
        try:  # unbuffered: a full disk fails here, not again when the file is closed
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
        except OSError as exc:
            path.unlink(missing_ok=True)
            raise AkimstatError(f"cannot write {path}: {exc.strerror or exc}") from None
        try:
            yield
        finally:
            path.unlink(missing_ok=True)


def _why(exc: OSError, path: Path) -> str:
    """Say in words why `path` could not be used."""
    if exc.errno == errno.ELOOP or path.is_symlink():
        return "it is a symbolic link (a render never follows links in its output folder): remove it"
    if exc.errno == errno.EISDIR or path.is_dir():
        return "it is a folder: remove it"
    return exc.strerror or str(exc)


def real_folder(output_dir: Path, relative: str | Path) -> Path:
    """Return ``output_dir/relative``, creating each missing folder (with the umask's permissions)
    and refusing a symbolic link or a file on the way: a render never writes through a link."""
    path = output_dir
    for part in Path(relative).parts:
        path = path / part
        try:
            os.mkdir(path)
        except FileExistsError:
            pass
        except OSError as exc:
            raise AkimstatError(f"cannot create the folder {path}: {exc.strerror}") from None
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            raise AkimstatError(f"{path} is a symbolic link; a render never writes through a link "
                                "in its output folder: remove it")
        if not stat.S_ISDIR(mode):
            raise AkimstatError(f"{path} is a file where a folder belongs: remove it")
    return path


def _has_link(output_dir: Path, relative: str | Path) -> bool:
    path = output_dir
    for part in Path(relative).parts:
        path = path / part
        if path.is_symlink():
            return True
    return False


def remove_leftovers(output_dir: Path) -> None:
    """Remove temporary folders a killed render left behind (we hold the lock)."""
    for path in list(output_dir.glob(".tmp-*")) + list(output_dir.glob(".old-*")):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
