"""Render report notebooks into an output folder: execute, export, publish atomically.

`render_reports` is the entry point. For each job whose cache key changed it executes the
notebook with papermill (engine ``akimstat``, see `akimstat.engine`) in a temporary
folder inside the output folder, exports HTML and PDF there (`akimstat.export`), and
renames the folder into place, so a reader never sees a half-written report and a failed
render leaves the previous one untouched. One lock per output folder keeps two renders
from writing at once; ``index.html`` lists what the folder holds.
"""

from __future__ import annotations

import ctypes
import dataclasses
import errno
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from . import __version__
from .errors import AkimstatError, ReportError
from .provenance import ROOT, sha256_of
from .tools import check_tools

TEMPLATES = ROOT / "templates"
KERNEL_NAME = "python3"
FAILED_DIR = "_failed"
CELL_SECONDS = 600  # a report cell takes seconds; one that runs for ten minutes is stuck
OBJECT_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+>")


@dataclass(frozen=True)
class Job:
    """One report: a notebook, its parameters, and where it goes.

    `output` is the folder relative to the output folder, ``cycle/scope/language``
    (e.g. ``2013/national/kk``); `inputs` are the data files the notebook reads, whose
    contents are part of the cache key. `languages` are the languages the same report is
    published in (the page links to them); `scope_name` and `cycle_name`, in the report's
    language, label it in the index.
    """

    notebook: Path
    parameters: dict
    output: str
    language: str
    title: str
    inputs: tuple[Path, ...] = ()
    languages: tuple[str, ...] = ()
    scope_name: str = ""
    cycle_name: str = ""


@dataclass
class RenderSummary:
    """What a run did: reports rendered, skipped as up to date, failed; seconds per stage."""

    rendered: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def render_reports(jobs, output_dir, formats=("html", "pdf"), show_code=False, workers=2, progress=True,
                   keep_warm=False):
    """Render the stale reports among `jobs` into `output_dir` and rewrite its index.

    Parameters
    ----------
    jobs : iterable of Job
    output_dir : str or Path
    formats : tuple of {"html", "pdf"}
        The executed ``report.ipynb`` and the CSVs the notebook wrote are always kept.
    show_code : bool
        Show code cells in HTML and PDF (for academics).
    workers : int
        Processes executing notebooks, each with its own warm kernel (one browser prints every PDF).
    progress : bool
        Show a progress bar (only on a terminal).
    keep_warm : bool
        Keep this process's kernel and browser for the next call (``--watch``); the caller
        ends them with `close_workers`.

    Returns
    -------
    RenderSummary

    Raises
    ------
    ReportError
        After the other reports were rendered, if any failed; ``.summary`` holds the summary.
    """
    # Absolute: with one worker, the printer thread publishes a report while this process's
    # kernel executes the next one in its temporary folder (the working directory then).
    output_dir = usable_output(output_dir).absolute()
    summary = RenderSummary()
    try:
        with output_lock(output_dir):
            remove_leftovers(output_dir)
            jobs = with_published_languages(jobs, output_dir)
            digest = functools.cache(sha256_of)
            keys = {job.output: cache_key(job, formats, show_code, digest) for job in jobs}
            stale = [job for job in jobs if recorded_key(output_dir / job.output) != keys[job.output]]
            summary.skipped = [job.output for job in jobs if job not in stale]
            tasks = [(job, keys[job.output], output_dir, tuple(formats), show_code) for job in stale]
            try:
                results = run_tasks(tasks, workers, progress)
            except (KeyboardInterrupt, SystemExit):
                # Ctrl-C or `kill`: stop every process writing here, then remove what they left.
                close_workers(now=True)
                remove_leftovers(output_dir)
                raise
            for result in results:
                if result["error"]:
                    summary.failed[result["output"]] = result["error"]
                else:
                    summary.rendered.append(result["output"])
                for stage, seconds in result["seconds"].items():
                    summary.seconds[stage] = summary.seconds.get(stage, 0.0) + seconds
            write_index(output_dir)
    finally:  # after the index: closing the browser and kernel takes ~0.3 s
        if not keep_warm:
            close_workers()
    if summary.failed:
        error = ReportError("\n".join(summary.failed.values()))
        error.summary = summary
        raise error
    return summary


def with_published_languages(jobs, output_dir: Path) -> list[Job]:
    """Return `jobs`, each knowing every language its report is in: those rendered now and those
    already published beside it (so that its page links to them), in the reports' order."""
    from .params import LANGUAGES

    jobs = list(jobs)
    planned: dict[str, set] = {}
    for job in jobs:
        planned.setdefault(str(Path(job.output).parent), set()).update({job.language, *job.languages})

    def languages(job: Job) -> tuple[str, ...]:
        parent = Path(job.output).parent
        found = planned[str(parent)] | {p.parent.name for p in (output_dir / parent).glob("*/render.json")}
        return tuple(sorted(found, key=lambda lang: (LANGUAGES.index(lang) if lang in LANGUAGES else 99, lang)))

    return [dataclasses.replace(job, languages=languages(job)) for job in jobs]


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


def run_tasks(tasks, workers, progress) -> list[dict]:
    """Return the result of each task, in the order they finish.

    Notebooks are executed and exported to HTML in worker processes, each with a warm kernel
    (or in this process when `workers` is 1 or there is one task); every PDF is printed, and
    every report published, on this process's `export.printer` thread, by one browser.
    """
    if not tasks:  # before the imports: nbconvert alone takes ~0.6 s
        return []
    from concurrent.futures import as_completed

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from . import export

    if any("pdf" in task[3] for task in tasks):
        export.launch_browser()
    show = progress and Console(stderr=True).is_terminal
    columns = (TextColumn("rendering"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), disable=not show) as bar:
        done = bar.add_task("reports", total=len(tasks))

        def finish(prepared: dict) -> dict:
            result = _finish_task(prepared)
            bar.advance(done)
            return result

        formats = {f for task in tasks for f in task[3]}
        pool = _pool or start_workers(min(workers, len(tasks)))
        check_tools(formats)  # while the kernels import; a missing Chromium or font, named first
        finishing = []
        try:
            if pool is not None:
                futures = [pool.submit(_prepare_task, task) for task in tasks]
                for prepared in as_completed(futures):
                    finishing.append(export.printer().submit(finish, prepared.result()))
            else:
                export.warm_up(tasks[0][0].language, tasks[0][4])  # while the kernel imports
                for task in tasks:
                    finishing.append(export.printer().submit(finish, _prepare_task(task)))
            return [f.result() for f in finishing]
        except BaseException:
            for future in finishing:  # interrupted: the report being published completes, no other starts
                future.cancel()
            raise


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
        from . import engine

        engine.warm_kernel(KERNEL_NAME).start()
    return _pool


def _prepare_task(task) -> dict:
    """Execute a task's notebook and export its HTML in a temporary folder (in a worker)."""
    job, key, output_dir, formats, show_code = task
    result = {"task": task, "error": None, "seconds": {}, "work": None, "html": None}
    try:
        result["work"], result["html"] = prepare(job, output_dir, formats, show_code, result["seconds"])
    except Exception as err:
        result["error"] = _message(job, err)
    return result


def _finish_task(prepared: dict) -> dict:
    """Print the PDF of a prepared task and publish the report (on the printer thread)."""
    job, key, output_dir, formats, show_code = prepared["task"]
    error, work = prepared["error"], prepared["work"]
    try:
        if error is None:
            finish(job, key, work, output_dir, formats, prepared["html"], prepared["seconds"])
    except Exception as err:
        error = _message(job, err)
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    return {"output": job.output, "error": error, "seconds": prepared["seconds"]}


def _message(job: Job, err: Exception) -> str:
    if isinstance(err, AkimstatError):
        return str(err)
    return f"{job.output}: {type(err).__name__}: {err}"  # a bug or a broken tool, named


def prepare(job: Job, output_dir: Path, formats, show_code: bool, seconds: dict) -> tuple[Path, str | None]:
    """Execute the notebook and export HTML into a new temporary folder inside `output_dir`;
    return the folder and the HTML (None when neither HTML nor PDF is asked for)."""
    from . import export

    work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=output_dir))
    os.chmod(work, 0o777 & ~umask())  # mkdtemp's 0700 would be published: others could not read
    try:
        with timed(seconds, "execute"):
            nb = execute(job, work, output_dir)
        html = None
        if "html" in formats or "pdf" in formats:
            with timed(seconds, "html"):
                links = export.page_links(job.output, job.language, job.languages, work, formats)
                html = export.notebook_to_html(nb, job.language, show_code, links)
            if "html" in formats:
                (work / "report.html").write_text(html, encoding="utf-8")
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return work, html


def finish(job: Job, key: str, work: Path, output_dir: Path, formats, html: str | None, seconds: dict) -> None:
    """Print the PDF into `work`, record the key, and publish `work` at ``output_dir/job.output``."""
    from . import export

    if "pdf" in formats:
        with timed(seconds, "pdf"):
            (work / "report.pdf").write_bytes(export.html_to_pdf(html, job.title, job.language))
    write_record(work, job, key)
    publish(work, output_dir, job.output)
    if not _has_link(output_dir, Path(FAILED_DIR, job.output)):
        shutil.rmtree(output_dir / FAILED_DIR / job.output, ignore_errors=True)


def execute(job: Job, work: Path, output_dir: Path):
    """Execute the notebook in `work`; save and return the executed, normalised notebook.

    Raises
    ------
    ReportError
        Naming the cell and cause; the failed notebook is kept under ``_failed/``.
    """
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    path = work / "report.ipynb"
    try:
        nb = papermill.execute_notebook(
            str(job.notebook),
            str(path),
            parameters=job.parameters,
            engine_name="akimstat",
            kernel_name=KERNEL_NAME,
            request_save_on_cell_execute=False,
            progress_bar=False,
            execution_timeout=CELL_SECONDS,
            cwd=str(work),
        )
    except PapermillExecutionError as err:
        failed = real_folder(output_dir, Path(FAILED_DIR, job.output)) / "report.ipynb"
        text = nbformat.writes(normalised(nbformat.read(path, as_version=4), job))
        replace_file(failed, text.encode("utf-8"))
        first_line = err.source.strip().splitlines()[0] if err.source.strip() else ""
        raise ReportError(
            f"report {job.output} ({job.title}) failed in cell {err.cell_index} ({first_line!r}): "
            f"{err.ename}: {err.evalue}; the executed notebook is in {failed}"
        ) from None
    except Exception as err:
        raise ReportError(f"report {job.output} ({job.title}) failed: {type(err).__name__}: {err}") from None
    nb = normalised(nb, job)
    recorded = record_of(work)
    if recorded is not None:  # the page and the PDF carry it too (akimstat.record)
        nb.metadata["akimstat"] = recorded
    nbformat.write(nb, path)
    return nb


def record_of(work: Path) -> dict | None:
    """Return the record of the run the notebook wrote in `work`'s datapackage.json, or None."""
    from .record import from_package

    try:
        return from_package(json.loads((work / "datapackage.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, AttributeError):
        return None


def normalised(nb, job: Job):
    """Return `nb` without what changes from run to run: times, temporary paths, random ids."""
    meta = nb.metadata.papermill
    for name in ("start_time", "end_time", "duration"):
        meta.pop(name, None)
    notebook = Path(job.notebook).resolve()  # no absolute path in a published notebook
    meta["input_path"] = (notebook.relative_to(ROOT) if notebook.is_relative_to(ROOT) else Path(notebook.name)).as_posix()
    meta["output_path"] = "report.ipynb"
    nb.metadata["title"] = job.title
    _portable_data_dir(nb, job)
    _stored_parameters(nb)
    for index, cell in enumerate(nb.cells):
        for name in ("start_time", "end_time", "duration"):
            cell.metadata.get("papermill", {}).pop(name, None)
        for output in cell.get("outputs", []):  # e.g. "<Styler at 0x7f3...>" beside the table
            if "text/plain" in output.get("data", {}):
                output.data["text/plain"] = OBJECT_ADDRESS.sub(" at 0x0>", output.data["text/plain"])
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell.id = "injected-parameters"
        elif "papermill-error-cell-tag" in tags:
            cell.id = f"papermill-error-{index}"
    return nb


def _portable_data_dir(nb, job: Job) -> None:
    """Show the data folder in the executed notebook as the provenance shows it (relative to the
    project, else by its name), never as the absolute path the kernel was given: that path is
    often a home folder, so a user's name."""
    from papermill.translators import PythonTranslator

    from .provenance import portable

    given = job.parameters.get("data_dir")
    if not isinstance(given, str) or not Path(given).is_absolute():
        return
    shown = portable("data_dir", given)
    parameters = nb.metadata.get("papermill", {}).get("parameters", {})
    if parameters.get("data_dir") == given:
        parameters["data_dir"] = shown
    old, new = (PythonTranslator.translate_escaped_str(p) for p in (given, shown))
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.source = cell.source.replace(f"data_dir = {old}", f"data_dir = {new}")


STORED = ("Parameters of this report's render: papermill with one -p changes only that one. "
          "output_dir '' writes nowhere; name a folder to write figures.csv and tables/ into.")


def _stored_parameters(nb) -> None:
    """Make the executed notebook safe to run again: its `parameters` cell holds every
    parameter it was rendered with (plain papermill replaces only the injected cell, so one
    ``-p`` changes only that parameter), and ``output_dir`` is '' in both cells, so a rerun in
    place writes nowhere near the published files unless it is given a folder."""
    from papermill.translators import translate_parameters

    meta = nb.metadata.get("papermill", {})
    given = meta.get("parameters")
    if not isinstance(given, dict):
        return
    if "output_dir" in given:
        given["output_dir"] = ""
    parameters = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    if not parameters or not injected:
        return
    values = {**_assigned(parameters[0].source), **given}
    parameters[0].source = translate_parameters(KERNEL_NAME, "python", values, STORED).rstrip("\n")
    injected[0].source = translate_parameters(KERNEL_NAME, "python", given, "Parameters").rstrip("\n")


def _assigned(source: str) -> dict:
    """Return the names a parameters cell assigns literal values to, with those values."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return values


def write_record(work: Path, job: Job, key: str) -> None:
    """Write ``render.json``: the cache key, what the index needs, and every parameter (the
    report says them in words only)."""
    from .provenance import portable

    files = sorted(p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file())
    parameters = {name: portable(name, value) for name, value in job.parameters.items() if name != "output_dir"}
    record = {"key": key, "title": job.title, "language": job.language, "scope_name": job.scope_name,
              "cycle_name": job.cycle_name, "parameters": parameters, "files": files}
    (work / "render.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")


def recorded_key(folder: Path) -> str | None:
    """Return the cache key recorded beside a published report, or None."""
    try:
        key = json.loads((folder / "render.json").read_text(encoding="utf-8"))["key"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return key if isinstance(key, str) else None


def cache_key(job: Job, formats, show_code: bool, digest) -> str:
    """Return the hash of everything a report depends on."""
    template_dir = TEMPLATES / "akimstat"
    parts = {
        "akimstat": __version__,
        "notebook": digest(Path(job.notebook)),
        "inputs": {name: digest(Path(p)) for name, p in portable_names(job.inputs).items()},
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
    # After an exchange `work` holds the old report; the caller removes it.


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
        f.truncate(0)
        f.write(str(os.getpid()))
        f.flush()
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


def write_index(output_dir: Path) -> None:
    """Write ``index.html`` listing every report in `output_dir`, atomically."""
    import jinja2

    reports = []
    # By cycle, the nation before its regions, then scope and language as they sort.
    records = sorted(output_dir.glob("**/render.json"), key=lambda p: _index_order(p.relative_to(output_dir)))
    for record_path in records:
        folder = record_path.parent.relative_to(output_dir)
        if folder.parts[0] in (FAILED_DIR,) or folder.parts[0].startswith("."):
            continue
        record = _record(record_path)
        if record is None:
            continue
        parts = folder.parts
        reports.append({
            "cycle": parts[0] if len(parts) > 1 else "",
            "scope": "/".join(parts[1:-1]) if len(parts) > 2 else (parts[-1] if len(parts) == 2 else ""),
            "language": record["language"],
            "title": record["title"],
            "scope_name": record.get("scope_name", ""),
            "cycle_name": record.get("cycle_name", ""),
            "page": f"{folder.as_posix()}/report.html" if "report.html" in record["files"] else None,
            "links": [(label, f"{folder.as_posix()}/{name}") for label, name in INDEX_FILES
                      if name in record["files"]],
        })
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    from itertools import groupby

    cycles = []
    for cycle, in_cycle in groupby(reports, lambda r: r["cycle"]):
        in_cycle = list(in_cycle)
        names = {r["language"]: r["cycle_name"] for r in in_cycle if r["cycle_name"]}
        cycles.append((cycle, names, [(scope, list(rows)) for scope, rows in groupby(in_cycle, lambda r: r["scope"])]))
    html = env.get_template("index.html.j2").render(cycles=cycles)
    replace_file(output_dir / "index.html", html.encode("utf-8"))
    write_run_reconciliation(output_dir, [output_dir / r["page"] for r in reports if r["page"]])


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


def _record(path: Path) -> dict | None:
    """Return a report's render.json, or None if it is unreadable (that report is left out of
    the index, and rendered again next time: its key no longer matches)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if (isinstance(record, dict) and isinstance(record.get("files"), list)
                and all(isinstance(record.get(k), str) for k in ("title", "language"))):
            return record
    except (OSError, ValueError):
        pass
    return None


def write_run_reconciliation(output_dir: Path, pages: list[Path]) -> Path | None:
    """Write ``reconciliation.csv`` beside the index: the contradictions every listed report
    names in its ``tables/reconciliation.csv`` (each language has the same rows), once each,
    atomically. None (and no file) when no report has the table."""
    import io

    import pandas as pd

    found = [page.parent / "tables" / "reconciliation.csv" for page in pages]
    frames = [pd.read_csv(path, dtype=str, keep_default_na=False) for path in found if path.is_file()]
    if not frames:
        return None
    # Every report writes reconcile.COLUMNS; that module is not imported here, since it brings
    # scipy into the main process at the end of every render.
    frame = pd.concat(frames, ignore_index=True).reindex(columns=frames[0].columns).drop_duplicates()
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    replace_file(output_dir / "reconciliation.csv", buffer.getvalue().encode("utf-8"))
    return output_dir / "reconciliation.csv"


#: The files the index links to beside each report's page, by their label.
INDEX_FILES = (("PDF", "report.pdf"), ("XLSX", "report.xlsx"), ("ipynb", "report.ipynb"), ("BibTeX", "citation.bib"))


def _index_order(record: Path) -> tuple:
    """By cycle, the nation before its regions, then scope, then language as the reports list
    them (kk, ru, en)."""
    from .params import LANGUAGES

    folders = record.parts[:-1]  # cycle/scope/language/render.json
    language = folders[-1] if folders else ""
    return (folders[:1], record.parent.parent.name != "national", folders[:-1],
            LANGUAGES.index(language) if language in LANGUAGES else len(LANGUAGES), language)


@contextmanager
def timed(seconds: dict, stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - start


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
    export = sys.modules.get("akimstat.export")
    closing = export.close_printer(wait=False) if export else None
    if "akimstat.engine" in sys.modules:  # while the browser closes
        sys.modules["akimstat.engine"].shutdown_kernels()
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

    from . import engine

    Finalize(None, close_workers, exitpriority=10)
    engine.warm_kernel(KERNEL_NAME).start()
