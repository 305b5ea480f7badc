"""Render report notebooks into an output folder: execute, export, publish atomically.

`render_reports` is the entry point. For each job whose cache key changed it executes the
notebook with papermill (engine ``akimstat``, see `akimstat.publish.engine`) in a temporary
folder inside the output folder, exports HTML and PDF there (`akimstat.publish.export`), and
renames the folder into place, so a reader never sees a half-written report and a failed
render leaves the previous one untouched. One lock per output folder keeps two renders
from writing at once; ``index.html`` lists what the folder holds.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from akimstat.errors import AkimstatError, ReportError
from akimstat.files import replace_file, umask, usable_output
from akimstat.provenance import sha256_of
from akimstat.publish.tools import check_tools
from akimstat.publish.engine import KERNEL_NAME
from akimstat.publish.index import write_index
from akimstat.publish.notebook import normalised, record_of
from akimstat.publish.output import FAILED_DIR, _has_link, cache_key, output_lock, portable_names, publish, real_folder, recorded_key, remove_leftovers, write_record
from akimstat.publish.workers import close_workers, start_workers
from akimstat.publish.job import Job

CELL_SECONDS = 600  # a report cell takes seconds; one that runs for ten minutes is stuck
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
            _render_stale(list(jobs), output_dir, formats, show_code, workers, progress, summary)
            write_index(output_dir)
    finally:  # after the index: closing the browser and kernel takes ~0.3 s
        if not keep_warm:
            close_workers()
    if summary.failed:
        error = ReportError("\n".join(summary.failed.values()))
        error.summary = summary
        raise error
    return summary


def _render_stale(jobs: list[Job], output_dir: Path, formats, show_code: bool, workers: int,
                  progress: bool, summary: RenderSummary) -> None:
    """Render the jobs whose cache key changed (we hold the lock), noting each in `summary`."""
    jobs = with_published_languages(jobs, output_dir)
    digest, names = functools.cache(sha256_of), functools.cache(portable_names)  # once per render
    keys = {job.output: cache_key(job, formats, show_code, digest, names) for job in jobs}
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


def with_published_languages(jobs, output_dir: Path) -> list[Job]:
    """Return `jobs`, each knowing every language its report is in: those rendered now and those
    already published beside it (so that its page links to them), in the reports' order."""
    from akimstat.params import LANGUAGES

    jobs = list(jobs)
    planned: dict[str, set] = {}
    for job in jobs:
        planned.setdefault(str(Path(job.output).parent), set()).update({job.language, *job.languages})

    def languages(job: Job) -> tuple[str, ...]:
        parent = Path(job.output).parent
        found = planned[str(parent)] | {p.parent.name for p in (output_dir / parent).glob("*/render.json")}
        return tuple(sorted(found, key=lambda lang: (LANGUAGES.index(lang) if lang in LANGUAGES else 99, lang)))

    return [dataclasses.replace(job, languages=languages(job)) for job in jobs]


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

    from akimstat.publish import export

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
        pool = start_workers(min(workers, len(tasks)))
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
    from akimstat.publish import export

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
    from akimstat.publish import export

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
    if recorded is not None:  # the page and the PDF carry it too (akimstat.report.record)
        nb.metadata["akimstat"] = recorded
    nbformat.write(nb, path)
    return nb


    # After an exchange `work` holds the old report; the caller removes it.


@contextmanager
def timed(seconds: dict, stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds[stage] = seconds.get(stage, 0.0) + time.perf_counter() - start


