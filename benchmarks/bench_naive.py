"""The naive way the benchmark compares with: for each document the ``papermill`` command, then
``jupyter nbconvert --to html`` and ``jupyter nbconvert --to webpdf``, each a program starting
cold, one document after another."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from bench_runs import BIN, ROOT


def naive_jobs(cycle: str = "", baseline: str = ""):
    """Return the jobs of the render timed: the default parameters', or `cycle` against `baseline`."""
    from akimstat.data.dataset import load_dataset
    from akimstat.data.parameter_file import read_parameters
    from akimstat.publish.plan import plan_jobs

    params = read_parameters(ROOT / "parameters/default.yaml").replace(data_dir=str(ROOT / "data"))
    if cycle:
        params = params.replace(cycle=cycle, **({"baseline": baseline} if baseline else {}))
    return plan_jobs(params, load_dataset(params.data_dir))


def naive_one(job, work: Path, env: dict) -> None:
    """Render one document the naive way: the papermill command, then ``jupyter nbconvert`` for
    HTML and for PDF (``--to webpdf``), each a program starting cold."""
    from akimstat.publish.export import CHROMIUM_ARGS

    executed = work / "report.ipynb"
    params = [arg for key, value in job.parameters.items() for arg in ("-y", json.dumps({key: value}))]
    subprocess.run([BIN / "papermill", job.notebook, executed, "--cwd", work, "--no-progress-bar", *params],
                   check=True, capture_output=True)
    ours = ["--no-input", "--template", "akimstat", f"--TemplateExporter.extra_template_basedirs={ROOT / 'templates'}",
            "--TagRemovePreprocessor.enabled=True", "--TagRemovePreprocessor.remove_cell_tags=remove-cell"]
    subprocess.run([BIN / "jupyter", "nbconvert", "--to", "html", *ours, executed], check=True, capture_output=True)
    browser_args = [f"--WebPDFExporter.browser_args={arg}" for arg in CHROMIUM_ARGS]
    subprocess.run([BIN / "jupyter", "nbconvert", "--to", "webpdf", *ours, *browser_args, executed],
                   check=True, capture_output=True, env=env)


def playwright_browsers(folder: Path) -> dict:
    """Return an environment in which Playwright (under ``nbconvert --to webpdf``) finds Debian's
    Chromium where it looks for the browser it would download: `folder`, holding a link named as
    its ``browsers.json`` says (``playwright install`` downloads from outside the registries)."""
    import playwright
    from akimstat.publish.tools import chromium_path

    listed = json.loads((Path(playwright.__file__).parent / "driver/package/browsers.json").read_text())
    revision = next(b["revision"] for b in listed["browsers"] if b["name"] == "chromium-headless-shell")
    for layout in ("chrome-headless-shell-linux64/chrome-headless-shell", "chrome-linux/headless_shell"):
        link = folder / f"chromium_headless_shell-{revision}" / layout
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(shutil.which(chromium_path()) or chromium_path())
    return {**os.environ, "PLAYWRIGHT_BROWSERS_PATH": str(folder)}


def naive(jobs, out: Path, sample: int | None) -> tuple[float, int]:
    """Return the seconds the naive way takes for all `jobs` (timed on `sample` of them and scaled
    when given), and how many were timed."""
    timed = jobs if sample is None else jobs[:: max(1, len(jobs) // sample)][:sample]
    env = playwright_browsers(out / "playwright")
    start = time.perf_counter()
    for i, job in enumerate(timed):
        work = out / f"naive-{i:02d}"
        work.mkdir(parents=True)
        naive_one(job, work, env)
        assert (work / "report.html").stat().st_size and (work / "report.pdf").stat().st_size
    return (time.perf_counter() - start) * len(jobs) / len(timed), len(timed)

