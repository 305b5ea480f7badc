"""What executes the notebooks: worker processes, each with its warm kernel, started before the first
report comes and kept until `close_workers`; or, with one worker, this process's own kernel."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from akimstat.publish.engine import KERNEL_NAME


_pool: ProcessPoolExecutor | None = None


def start_workers(count: int) -> ProcessPoolExecutor | None:
    """Start what executes the notebooks, so that it is warm when the first one comes: `count`
    worker processes, each starting its kernel, or, when `count` is 1, this process's kernel.
    Return the pool (None for this process's kernel); it serves every later render of this
    process until `close_workers`.

    `render_reports` calls it when nothing is started; the command line calls it earlier for a
    single report (see `akimstat.cli.render`).
    """
    global _pool
    if _pool is None and count > 1:
        _pool = ProcessPoolExecutor(count, get_context("spawn"), initializer=_start_worker,
                                    initargs=(os.getpid(),))
        for _ in range(count):  # each submit starts a worker, which starts its kernel
            _pool.submit(int)
    elif _pool is None:
        from akimstat.publish import engine

        engine.warm_kernel(KERNEL_NAME).start()
    return _pool


def close_workers(now: bool = False) -> None:
    """Stop the worker processes, this process's kernel and the browser; with `now`, kill the
    workers instead of waiting for the notebooks they run (their kernels follow them)."""
    global _pool
    if _pool is not None and now:
        # The executor has no public way to stop running tasks: end its processes.
        processes = list(getattr(_pool, "_processes", {}).values())
        for process in processes:
            process.kill()
        _pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.join(5)
        _pool = None
    if _pool is not None:
        _pool.shutdown(cancel_futures=True)  # each worker stops its kernel as it ends
        _pool = None
    export = sys.modules.get("akimstat.publish.export")
    closing = export.close_printer(wait=False) if export else None
    if "akimstat.publish.engine" in sys.modules:  # while the browser closes
        sys.modules["akimstat.publish.engine"].shutdown_kernels()
    if closing is not None:
        closing.result()


def die_with_parent(parent: int) -> None:
    """Have Linux kill this process when `parent`, the process that started it, ends
    (``PR_SET_PDEATHSIG``), even by SIGKILL; end now if it already has."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the worker's pipe ends it as before
        return
    if os.getppid() != parent:  # the parent died before prctl
        os._exit(1)


PR_SET_PDEATHSIG = 1


def _start_worker(parent: int | None = None) -> None:
    """Start the worker's kernel at once, and stop it when the worker ends."""
    if parent is not None:
        # A worker waits on a queue it holds both ends of: it would outlive a killed parent.
        # Its kernel watches the worker (ipykernel's parent poller) and ends within a second.
        die_with_parent(parent)
    # Worker processes end with os._exit: atexit never runs, multiprocessing finalizers do.
    from multiprocessing.util import Finalize

    from akimstat.publish import engine

    Finalize(None, close_workers, exitpriority=10)
    engine.warm_kernel(KERNEL_NAME).start()
