"""`akimstat render --watch`: render, then render again whenever an input changes.

An analyst trying parameters edits the parameter file or the data and sees the report again in
about a second: between renders the kernel (with its libraries imported and the data loaded)
and the browser stay warm, and the cache key re-renders only the reports whose inputs changed.
A change to the package's own code restarts the kernels, which imported the old code.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path


def snapshot(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Return the modification time and size of every file at or under `paths`."""
    state = {}
    for path in paths:
        try:
            files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        except OSError:  # unreadable or removed while we looked: seen again next time
            continue
        for file in files:
            try:
                stat = file.stat()
            except OSError:  # removed while we looked
                continue
            if file.is_file() and "__pycache__" not in file.parts:
                state[str(file)] = (stat.st_mtime_ns, stat.st_size)
    return state


def watch(render_once: Callable[[], None], inputs: Callable[[], list[Path]], code: list[Path],
          restart: Callable[[], None], echo: Callable[[str], None], interval: float = 0.3,
          until: Callable[[], bool] = lambda: False) -> None:
    """Call `render_once`, then again each time a file of `inputs()` or `code` changes.

    `inputs` is called again after each render (a new parameter file may name another data
    folder); `restart` is called before rendering when `code` changed. `until` ends the loop
    (tests); a user ends it with Ctrl-C.
    """
    seen, seen_code = snapshot(inputs()), snapshot(code)
    render_once()
    echo("watching for changes (Ctrl-C to stop)")
    while not until():
        time.sleep(interval)
        now, now_code = snapshot(inputs()), snapshot(code)
        if now == seen and now_code == seen_code:
            continue
        changed = sorted(k for k in now.keys() | seen.keys() if now.get(k) != seen.get(k))
        changed += sorted(k for k in now_code.keys() | seen_code.keys() if now_code.get(k) != seen_code.get(k))
        echo(f"changed: {', '.join(Path(c).name for c in changed[:5])}{' …' if len(changed) > 5 else ''}")
        if now_code != seen_code:
            restart()
        seen, seen_code = now, now_code
        render_once()
