"""A papermill engine that keeps one warm kernel per process and reuses it between notebooks.

Starting a kernel and importing pandas, seaborn, scipy and statsmodels costs about 2.5 s of
CPU per notebook; for 45 reports on 2 cores that alone is close to a minute. This engine
starts the kernel and imports those libraries once, and before each notebook puts the
kernel back into the state of a fresh one: empty namespace, execution count 1, matplotlib
rcParams and inline-backend settings, pandas options, warnings filters, ``sys.path``,
environment and working directory as they were. Imported modules stay imported, so a
library a notebook imports must not keep state between notebooks that changes results.
``tests/test_engine.py`` checks the outputs are byte-identical to a cold papermill run.

Registered with papermill as ``akimstat`` (pyproject entry point). papermill loads its
entry points while importing itself, so this module must not import papermill at the top
(importing it first would be circular): the engine borrows papermill's methods lazily.
"""

from __future__ import annotations

import os
import queue
import shutil
import tempfile
import time
from pathlib import Path

from akimstat.errors import AkimstatError

#: Imported once per kernel, before the first notebook; missing ones are skipped. What the
#: reports import, not more (``statsmodels.api`` alone would add ~1 s), and nothing that changes
#: the kernel's state on import (akimstat never sets a backend or a theme: tests/test_charts.py).
PRELOAD = ("numpy", "pandas", "matplotlib.pyplot", "seaborn", "scipy.stats", "statsmodels.stats.proportion",
           "statsmodels.stats.multitest", "akimstat.report")

#: Set in every kernel so outputs don't depend on the run: set and dict-of-str ordering,
#: and the date matplotlib writes into SVG and PDF figures.
KERNEL_ENV = {"PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0")}

#: No input history: nothing reads it, and keeping it writes to SQLite on every cell and reset.
KERNEL_NAME = "python3"  # the Jupyter kernel every report runs in
KERNEL_ARGS = ["--HistoryManager.enabled=False"]

# Runs silently (no history, no output) once in a new kernel: import, then remember the
# pristine state that `_akimstat_reset` restores before every notebook.
_PREPARE = """
def _akimstat_prepare(preload):
    import gc, importlib, os, sys, warnings
    for name in preload:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    import matplotlib
    from matplotlib_inline.backend_inline import InlineBackend
    ip = get_ipython()
    inline = InlineBackend.instance()
    saved = dict(rc=matplotlib.rcParams.copy(), filters=list(warnings.filters),
                 path=list(sys.path), environ=dict(os.environ),
                 inline={k: getattr(inline, k) for k in ("figure_formats", "print_figure_kwargs", "close_figures")})

    try:  # no notebook writes into the output folder outside its own (akimstat.publish.guard)
        from akimstat.publish import guard
        guard.install()
    except ImportError:
        guard = None

    def reset(cwd):
        import matplotlib.pyplot as plt
        os.chdir(cwd)  # first: the folder of the notebook before is gone when its render failed
        if guard is not None:
            guard.protect(cwd)
        ip.reset(new_session=True)  # also restarts the execution count and history session
        plt.close("all")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matplotlib.rcParams.update(saved["rc"])
            if "pandas" in sys.modules:
                sys.modules["pandas"].reset_option("all")
        for key, value in saved["inline"].items():
            setattr(inline, key, value)
        warnings.filters[:] = saved["filters"]
        sys.path[:] = saved["path"]
        os.environ.clear()
        os.environ.update(saved["environ"])
        os.chdir(cwd)
        # What survives a reset (modules, the data and statistics caches) lives as long as the
        # kernel: keep it out of later collections, which otherwise walk it all every time
        # (IPython's reset and statsmodels' Holm call gc.collect: ~0.1 s each).
        gc.collect()
        gc.freeze()

    ip._akimstat_reset = reset
_akimstat_prepare(PRELOAD)
del _akimstat_prepare
"""


class WarmKernel:
    """One kernel of this process, started lazily and prepared with `PRELOAD`."""

    def __init__(self, kernel_name: str):
        from jupyter_client.manager import AsyncKernelManager

        # Unix sockets in a private folder, not TCP on localhost: nothing listens on the
        # network, and the kernel does not warn about unencrypted TCP on every start.
        remove_stale_sockets()
        self.sockets = tempfile.mkdtemp(prefix=f"{SOCKETS_PREFIX}{os.getpid()}-")
        # The connection file beside the sockets: a killed render leaves one folder, which the
        # next render removes (`remove_stale_sockets`), not a stray /tmp/tmp*.json.
        self.km = AsyncKernelManager(kernel_name=kernel_name, transport="ipc",
                                     ip=os.path.join(self.sockets, "k"),
                                     connection_file=os.path.join(self.sockets, "kernel.json"))
        self.kc = None  # one client for the kernel's life: a new one costs ~0.2 s of handshake
        self.pending = None  # id of the preparation request sent by `start`, until answered
        self.uses = 0

    def start(self) -> None:
        """Start the kernel and send it `PRELOAD` without waiting: it imports while this process
        does other work, and `ready` collects the answer. Nothing to do if it is running."""
        from jupyter_core.utils import run_sync

        if self.pending is not None or run_sync(self.km.is_alive)():
            return
        self.shutdown()
        run_sync(self.km.start_kernel)(env={**os.environ, **KERNEL_ENV}, cwd=os.getcwd(), extra_arguments=KERNEL_ARGS)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.allow_stdin = False
        code = _PREPARE.replace("PRELOAD", repr(PRELOAD))
        self.pending = self.kc.execute(code, silent=True, store_history=False)

    def ready(self, cwd: str, timeout: float = 60) -> None:
        """Start the kernel if needed, then reset it to a fresh state in `cwd`."""
        from jupyter_core.utils import run_sync

        self.start()
        if self.pending is not None:
            run_sync(self._prepared)(timeout)
        run_sync(self._run)(f"get_ipython()._akimstat_reset({cwd!r})", timeout)
        self.uses += 1

    async def _prepared(self, timeout: float) -> None:
        """Wait for the answer to the preparation `start` sent, then for the kernel's channels."""
        deadline = time.monotonic() + timeout
        while True:
            if time.monotonic() > deadline or not await self.km.is_alive():
                raise AkimstatError(f"the kernel did not start within {timeout:.0f} s")
            try:
                reply = await self.kc.get_shell_msg(timeout=1)
            except queue.Empty:
                continue
            if reply["parent_header"].get("msg_id") == self.pending:
                break
        self.pending = None
        _check(reply)
        await self.kc.wait_for_ready(timeout=timeout)  # iopub connected before the first notebook

    async def _run(self, code: str, timeout: float) -> None:
        # Reads the kernel's messages up to its idle status, so none is left for the notebook.
        _check(await self.kc.execute_interactive(
            code, silent=True, store_history=False, timeout=timeout, output_hook=lambda msg: None))

    def shutdown(self) -> None:
        """Stop the kernel; safe to call twice."""
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        self.pending = None
        if self.km.has_kernel:
            # Kill and reap it here: after its own kill, jupyter_client polls for the end every
            # 0.1 s. The kernel holds nothing to save (executed notebooks are written by us).
            process = getattr(self.km.provisioner, "process", None)
            if process is not None:
                process.kill()
                process.wait()
            run_sync(self.km.shutdown_kernel)(now=True)
        self.uses = 0


SOCKETS_PREFIX = "akimstat-kernel-"


def remove_stale_sockets() -> None:
    """Remove the socket folders of processes that are gone (a killed render leaves its own)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SOCKETS_PREFIX}*-*"):
        pid = folder.name[len(SOCKETS_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _check(reply: dict) -> None:
    if reply["content"]["status"] != "ok":
        content = reply["content"]
        raise AkimstatError(f"could not prepare the kernel: {content['ename']}: {content['evalue']}")


_kernels: dict[str, WarmKernel] = {}


def warm_kernel(kernel_name: str) -> WarmKernel:
    """Return this process's kernel for `kernel_name`, creating it on first use."""
    if kernel_name not in _kernels:
        _kernels[kernel_name] = WarmKernel(kernel_name)
    return _kernels[kernel_name]


def shutdown_kernels() -> None:
    """Stop every kernel this process started (call at the end of a run)."""
    while _kernels:
        kernel = _kernels.popitem()[1]
        kernel.shutdown()
        shutil.rmtree(kernel.sockets, ignore_errors=True)


class WarmKernelEngine:
    """papermill engine ``akimstat``: runs each notebook in this process's reset warm kernel.

    The kernel's working directory is the process's at call time (papermill's ``cwd``).
    Per-cell timing (``record_timing``) is off so executed notebooks are reproducible.
    """

    @classmethod
    def execute_notebook(cls, nb, kernel_name, **kwargs):
        from papermill.engines import Engine

        return Engine.execute_notebook.__func__(cls, nb, kernel_name, **kwargs)

    @classmethod
    def nb_kernel_name(cls, nb, name=None):
        from papermill.utils import nb_kernel_name

        return nb_kernel_name(nb, name)

    @classmethod
    def nb_language(cls, nb, language=None):
        from papermill.utils import nb_language

        return nb_language(nb, language)

    @classmethod
    def execute_managed_notebook(
        cls, nb_man, kernel_name, log_output=False, start_timeout=60, execution_timeout=None, **kwargs
    ):
        from papermill.clientwrap import PapermillNotebookClient

        kernel = warm_kernel(kernel_name)
        kernel.ready(os.getcwd(), timeout=start_timeout)
        kwargs.pop("input_path", None)
        client = PapermillNotebookClient(
            nb_man,
            km=kernel.km,
            kernel_name=kernel_name,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            record_timing=False,
            log_output=log_output,
            **kwargs,
        )
        client.kc = kernel.kc  # nbclient then skips its own client and handshake
        return client.execute()
