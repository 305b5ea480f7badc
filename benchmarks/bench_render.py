"""Time the rendering engine against the naive way, on the fixture or on your own jobs.

    .venv/bin/python benchmarks/bench_render.py [N] [--workers 2] [--naive 3]

Prints: cold render of N jobs, warm re-run (nothing changed), seconds per stage, peak
memory, and the naive way (papermill CLI, ``jupyter nbconvert --to html``, Chromium
``--print-to-pdf``, one process each per document) on a few documents, scaled to N.
To time the real notebooks, call `bench(jobs)` with your own list of `akimstat.render.Job`.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from akimstat.export import CHROMIUM_ARGS, chromium_path
from akimstat.render import Job, render_reports

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def fixture_jobs(n: int) -> list[Job]:
    """Return `n` jobs rendering the fixture notebook for made-up scopes in three languages."""
    notebook = ROOT / "tests/fixtures/notebooks/report.ipynb"
    return [
        Job(notebook, {"region": f"Облыс {i // 3}", "lang": lang}, f"2013/scope{i // 3:02d}/{lang}", lang, f"Есеп {i}")
        for i, lang in zip(range(n), ["kk", "ru", "en"] * n)
    ]


def naive_one(job: Job, work: Path) -> None:
    """Render one document the naive way: three command-line tools, each starting cold."""
    executed = work / "report.ipynb"
    params = [arg for key, value in job.parameters.items() for arg in ("-y", json.dumps({key: value}))]
    subprocess.run([BIN / "papermill", job.notebook, executed, "--cwd", work, "--no-progress-bar", *params], check=True, capture_output=True)
    subprocess.run([BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed], check=True, capture_output=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium_path(), "--headless", *CHROMIUM_ARGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
             f"--print-to-pdf={work / 'report.pdf'}", work / "report.html"],
            check=True, capture_output=True,
        )


def bench(jobs, workers: int = 2, naive: int = 3) -> None:
    """Print timings for rendering `jobs` cold, warm, per stage, and the naive way."""
    out = Path(tempfile.mkdtemp(prefix="akimstat-bench-"))
    try:
        start = time.perf_counter()
        summary = render_reports(jobs, out, workers=workers, progress=False)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        again = render_reports(jobs, out, workers=workers, progress=False)
        warm = time.perf_counter() - start
        print(f"cold: {len(summary.rendered)} reports in {cold:.1f} s ({cold / len(jobs):.2f} s each), {workers} workers")
        print(f"warm (nothing changed): {len(again.skipped)} skipped in {warm:.2f} s")
        for stage, seconds in summary.seconds.items():
            print(f"  {stage:8s} {seconds:6.1f} s summed over workers ({seconds / len(jobs):.2f} s per report)")
        peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        print(f"peak memory (largest single process, self or children): {peak / 1024:.0f} MiB")
        if naive:
            start = time.perf_counter()
            for job in jobs[:naive]:
                work = Path(tempfile.mkdtemp(dir=out))
                naive_one(job, work)
            each = (time.perf_counter() - start) / min(naive, len(jobs))
            print(f"naive: {each:.2f} s per report (measured on {min(naive, len(jobs))}), "
                  f"{each * len(jobs):.1f} s for {len(jobs)} sequentially: {each * len(jobs) / cold:.1f}x slower")
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=45)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--naive", type=int, default=3, help="documents to time the naive way (0: skip)")
    args = parser.parse_args()
    bench(fixture_jobs(args.n), args.workers, args.naive)
