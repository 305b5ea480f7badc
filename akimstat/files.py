"""Files and folders written safely: an output folder checked before anything is written, and
files replaced whole (a temporary file renamed over the old one) or not at all. Used by every
layer that writes: synthetic records, reports, the index, revisions."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from akimstat.errors import AkimstatError


def usable_output(output_dir: str | Path, create: bool = True, option: str = "--output") -> Path:
    """Return `output_dir`, created if missing and `create`, or raise `AkimstatError` saying why
    it cannot hold reports (a file, a device, a folder not ours to write, a read-only file
    system).

    The command line calls it with ``create=False`` before anything starts or is written;
    `option` names the folder in messages.
    """
    output_dir = Path(output_dir)
    if output_dir.exists() and not output_dir.is_dir():
        raise AkimstatError(f"{option} {output_dir}: not a folder (it is a file or a device); "
                            "name a folder")
    if not create:
        existing = next(p for p in (output_dir.absolute(), *output_dir.absolute().parents)
                        if p.exists())
        if not existing.is_dir():
            raise AkimstatError(f"{option} {output_dir}: {existing} is a file, not a folder")
        if not os.access(existing, os.W_OK | os.X_OK):
            raise AkimstatError(f"{option} {output_dir}: cannot write in {existing} (no "
                                "permission, or a read-only file system)")
        return output_dir
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AkimstatError(f"{option} {output_dir}: cannot create the folder "
                            f"({exc.strerror or exc})") from None
    if not os.access(output_dir, os.W_OK | os.X_OK):
        raise AkimstatError(f"{option} {output_dir}: cannot write in this folder (no permission, "
                            "or a read-only file system)")
    return output_dir


def umask() -> int:
    """Return this process's umask, read without changing it (other threads may create files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def replace_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (a temporary file renamed over it, which replaces a link
    rather than writing through it), with the umask's permissions; nothing is left on failure."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~umask())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise AkimstatError(f"cannot write {path}: {exc.strerror or exc}") from None
