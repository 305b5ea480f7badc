"""Inside a report's kernel: no notebook writes into the output folder outside its own folder.

A render executes each notebook (the report's, or yours with ``render --notebook``) in a
temporary folder inside the output folder, ``OUTPUT/.tmp-*``, and publishes that folder whole.
A notebook that wrote ``../index.html`` or ``../2013/national/kk/report.html`` would change
reports published earlier, which the render never sees. So the kernel (akimstat.publish.engine)
installs `install`'s audit hook (PEP 578), and before each notebook `protect` names its folder:
from then on Python refuses, with a `PermissionError` naming the path, to open for writing,
create, remove, rename, truncate or link any path inside the output folder but outside the
notebook's folder; the cell fails and the render stops with the cell and the cause, as for any
failing cell, publishing nothing of that report. Paths elsewhere (caches, /tmp) are untouched.

What it cannot stop: a notebook is code that runs with your rights, and one that starts a
program (``os.system("rm ...")``) or calls C directly gets past any Python hook. It guards
against mistakes and careless code, not against a notebook written to do harm; run only
notebooks you would run as scripts.
"""

from __future__ import annotations

import os
import sys

WORK_PREFIX = ".tmp-"  # the folders a render executes notebooks in (akimstat.publish.render.prepare)
#: Audit events that change the file system, and which of their arguments are paths.
WRITES = {"os.remove": (0,), "os.rename": (0, 1), "os.rmdir": (0,), "os.mkdir": (0,),
          "os.truncate": (0,), "os.symlink": (1,), "os.link": (1,), "os.chmod": (0,),
          "os.utime": (0,), "shutil.rmtree": (0,), "shutil.move": (0, 1),
          "shutil.copyfile": (1,)}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

_state = {"output": None, "work": None}


def protect(cwd: str) -> None:
    """Guard the output folder around `cwd` when `cwd` is a render's notebook folder (else
    guard nothing: the kernel runs a notebook outside a render)."""
    work = os.path.realpath(cwd)
    inside = os.path.basename(work).startswith(WORK_PREFIX)
    _state.update(output=os.path.dirname(work) if inside else None, work=work if inside else None)


def install() -> None:
    """Install the audit hook, once per process (audit hooks cannot be removed)."""
    if not _state.get("installed"):
        sys.addaudithook(_hook)
        _state["installed"] = True


def _writes(event: str, args: tuple) -> list:
    if event == "open":
        path, mode, flags = (args + (None, None, 0))[:3]
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & _WRITE_FLAGS)
        return [path] if writing else []
    return [args[i] for i in WRITES.get(event, ()) if i < len(args)]


def _hook(event: str, args: tuple) -> None:
    output = _state["output"]
    if output is None or (event != "open" and event not in WRITES):
        return
    for path in _writes(event, args):
        if isinstance(path, int) or path is None:
            continue  # a file descriptor: opened (and checked) before
        real = os.path.realpath(os.fsdecode(path))
        if _within(real, output) and not _within(real, _state["work"]):
            raise PermissionError(f"a report's notebook writes only into its own folder; "
                                  f"refused: {event} {os.fsdecode(path)} (in the output folder "
                                  f"{output}, outside the notebook's folder)")


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)
