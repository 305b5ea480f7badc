"""Time the default reporting cycle, its stages, its memory, the naive way, and the statistics.

    .venv/bin/python benchmarks/bench_render.py [--repeat 1] [--naive all|N|0] [--sizes 10000,100000,1000000]

Prints, for the default data on this machine: the full cycle (national + every region x kk/ru/en,
HTML and PDF) cold, then again with nothing changed, one region in one language from a cold
start and kept warm by ``--watch``, each through ``akimstat render`` as a user runs it; seconds
per stage; peak memory of the whole process tree (proportional set size, so pages shared
between processes count once; sampled in runs of its own); the same cycle done the
naive way (for each document the ``papermill`` command line, ``jupyter nbconvert --to html``
and ``jupyter nbconvert --to webpdf``, one after the other) and the ratio; and the statistics
alone (`counts_from_records` and the `Analysis` families, national and one region) on synthetic
corps resampled from the shipped 2013 records. Targets are in docs/performance.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REGION, LANGUAGE = "KZ-PAV", "kk"
#: ``--cycle`` options every render gets (empty: the default parameters' cycles).
CYCLE: list[str] = []


# -- the machine ----------------------------------------------------------------------------
def machine() -> str:
    """Return date, CPU, cores, memory, Python, Chromium and commit, one line each."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    chromium = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"], capture_output=True,
                            text=True).stdout.strip()
    return "\n".join([
        f"date       {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"machine    {platform.node()}: {cpu}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, {platform.system()} {platform.release()}",
        f"software   Python {platform.python_version()}, {chromium}, akimstat {commit}",
    ])


def load() -> str:
    """Return the 1-minute load average: on 2 cores anything above ~0.5 slows what is timed."""
    return f"load {os.getloadavg()[0]:.2f}"


# -- peak memory of a process tree -----------------------------------------------------------
class TreeMemory:
    """Sample the summed PSS of a process and all its descendants every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.root, self.interval, self.peak = psutil.Process(pid), interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            self.peak = max(self.peak, sum(pss(p.pid) for p in procs))
            self._stop.wait(self.interval)


def pss(pid: int) -> int:
    """Return a process's proportional set size in bytes (0 if it is gone)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
    return int(match.group(1)) * 1024 if match else 0


# -- akimstat render, as a user runs it ---------------------------------------------------------
def snapshot(folder: Path) -> Path:
    """Copy the code, notebooks, templates, data and parameters into `folder` and return it.

    Renders run from the copy (first on PYTHONPATH, for the kernels too), so an edit made in the
    working tree during the benchmark neither changes what is timed nor makes every report stale.
    """
    for name in ("akimstat", "reports", "templates", "data", "parameters"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def render(tree: Path, output: Path, *args: str, memory: bool = False) -> dict:
    """Run ``akimstat render`` in `tree` into `output`; return wall seconds, CPU seconds of the
    process tree (user + system; on a busy machine wall time grows, this much less), seconds
    per stage, and with `memory` the peak PSS (sampling costs CPU: such a run is not timed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen([BIN / "akimstat", "render", "--output", output, *CYCLE, *args], cwd=tree, env=tree_env(tree),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if memory:
        with TreeMemory(proc.pid) as sampler:
            out, err = proc.communicate()
    else:
        out, err = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if proc.returncode:
        raise SystemExit(f"akimstat render failed:\n{out}\n{err}")
    stages = {name: float(s) for name, s in re.findall(r"(\w+) ([\d.]+) s", out)}
    counts = re.search(r"(\d+) report\(s\) rendered, (\d+) up to date", out)
    return {"wall": wall, "cpu": cpu, "peak": sampler.peak if memory else None, "stages": stages,
            "rendered": int(counts.group(1)), "skipped": int(counts.group(2))}


def tree_env(tree: Path) -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree), os.environ.get("PYTHONPATH", "")]),
            "PYTHONUNBUFFERED": "1"}


def watched(tree: Path, output: Path, changes=((55, 50), (50, 45), (45, 55))) -> list[float]:
    """Run ``akimstat render --watch`` for one region and language; after its first render,
    change the age threshold in its parameter file, one change after another, and return the
    seconds from each save to the end of the render it caused (the analyst's loop)."""
    params = output.parent / f"{output.name}.yaml"
    params.write_text((tree / "parameters/default.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.Popen([BIN / "akimstat", "render", "--watch", "--params", params, "--output", output,
                             "--scope", REGION, "--lang", LANGUAGE, *CYCLE], cwd=tree, env=tree_env(tree),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seconds = []
    try:
        until(proc, "watching for changes")
        for old, new in changes:
            text = params.read_text(encoding="utf-8")
            start = time.perf_counter()
            params.write_text(text.replace(f"age_threshold: {old}", f"age_threshold: {new}"), encoding="utf-8")
            until(proc, "report(s) rendered")
            seconds.append(time.perf_counter() - start)
    finally:
        proc.terminate()  # SIGTERM: stops the watch as Ctrl-C does (SIGINT may be ignored here)
        proc.wait(timeout=60)
    return seconds


def until(proc, text: str) -> None:
    for line in proc.stdout:
        if text in line:
            return
    raise SystemExit(f"akimstat render --watch ended before printing {text!r}")


def same_bytes(a: Path, b: Path) -> bool:
    """True if two report folders hold the same files with the same bytes (render.json aside:
    it records the cache key, which names the formats asked for; and the page's links to its
    other languages, which a run of one language does not render)."""
    def files(folder):
        return {p.relative_to(folder): LANGUAGE_LINKS.sub(b"", p.read_bytes()) for p in folder.rglob("*")
                if p.is_file() and p.name != "render.json"}
    return files(a) == files(b)


LANGUAGE_LINKS = re.compile(rb'<li class="languages">.*?</li>\s*', re.S)


# -- load and statistics, in this process ---------------------------------------------------
def statistics_stage() -> dict:
    """Time what every report's kernel does before its sections: load the data package, count,
    suppress small cells over all regions (once per data set), and compute every family of
    statistics for the nation and every region (once per scope). Imports are not timed."""
    from akimstat.report import scope as scopes
    from akimstat.data.dataset import load_dataset
    from akimstat.params import NATIONAL
    from akimstat.data.parameter_file import read_parameters

    params = read_parameters(ROOT / "parameters/default.yaml").replace(data_dir=str(ROOT / "data"), cycle="2013",
                                                                       baseline="pre-2013")
    start = time.perf_counter()
    data = load_dataset(params.data_dir)
    loaded = time.perf_counter()
    scopes.protected_counts(data, params.cycle, params.age_threshold, tuple(params.sensitive_variables),
                            params.suppression_threshold)
    suppressed = time.perf_counter()
    for scope in [NATIONAL, *data.regions_of(params.cycle)]:
        families(data, params.replace(scope=scope))
    return {"load": loaded - start, "suppression": suppressed - loaded,
            "statistics": time.perf_counter() - suppressed, "scopes": 1 + len(data.regions_of(params.cycle))}


def families(data, params) -> None:
    """Compute every section of one scope's report, as `akimstat.report` does (language-free)."""
    from akimstat.report import sections
    from akimstat.report.scope import scope_data
    from akimstat.report.spec import sections_of

    for entry in sections_of(params.scope):
        sections.compute(scope_data(data, params), entry)


def synthetic_corps(data, n: int, seed: int = 0) -> pd.DataFrame:
    """Return `n` records resampled from the shipped ones (both cycles), with new record and
    person ids (a quarter of persons in office twice) and a random region each."""
    rng = np.random.default_rng(seed)
    records = data.records.iloc[rng.integers(0, len(data.records), n)].reset_index(drop=True)
    regions = np.array(data.regions_of("2013"))[rng.integers(0, len(data.regions_of("2013")), n)]
    records["region"] = regions
    records["district"] = pd.Series(regions) + "-" + records["district"].str.rsplit("-", n=1).str[-1]
    records["record_id"] = [f"R{i:07d}" for i in range(n)]
    records["person_id"] = [f"P{i:07d}" for i in rng.integers(0, int(n * 0.75), n)]
    return records


def statistics_at_scale(sizes) -> list[dict]:
    """Time counts and the statistics families, national and one region, on synthetic corps."""
    from akimstat.data.dataset import load_dataset
    from akimstat.data.parameter_file import read_parameters
    from akimstat.report.scope import all_counts

    params = read_parameters(ROOT / "parameters/default.yaml").replace(data_dir=str(ROOT / "data"), cycle="2013",
                                                                       baseline="pre-2013")
    shipped = load_dataset(params.data_dir)
    rows = []
    for n in sizes:
        data = dataclasses.replace(shipped, records=synthetic_corps(shipped, n))
        start = time.perf_counter()
        all_counts(data, params.age_threshold)  # counts_from_records, kept for every scope
        counted = time.perf_counter()
        for scope in ("national", REGION):
            families(data, params.replace(scope=scope))
        done = time.perf_counter()
        rows.append({"n": n, "counts": counted - start, "families": done - counted, "total": done - start})
    return rows


# -- the naive way ------------------------------------------------------------------------------
def naive_jobs():
    from akimstat.data.dataset import load_dataset
    from akimstat.data.parameter_file import read_parameters
    from akimstat.publish.plan import plan_jobs

    params = read_parameters(ROOT / "parameters/default.yaml").replace(data_dir=str(ROOT / "data"))
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


# -- the report -------------------------------------------------------------------------------------
def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def walls(runs, decimals: int) -> str:
    """Return 'wall (CPU)' seconds of each run."""
    return " ".join(f"{r['wall']:.{decimals}f} (CPU {r['cpu']:.{decimals}f})" for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of the cold, warm and one-region renders")
    parser.add_argument("--naive", default="all", help="'all', a number of documents to time and scale, or 0")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="synthetic corps sizes (empty: skip)")
    parser.add_argument("--cycle", default="", help="render this cycle only, against its baseline "
                        "(e.g. 2013 --baseline pre-2013); default: the default parameters' cycles")
    parser.add_argument("--baseline", default="", help="the baseline of --cycle")
    args = parser.parse_args()
    CYCLE[:] = [*(["--cycle", args.cycle] if args.cycle else []),
                *(["--baseline", args.baseline] if args.baseline else [])]

    print(machine())
    out = Path(tempfile.mkdtemp(prefix="akimstat-bench-"))
    try:
        tree = snapshot(out / "tree")
        cold, warm, one, loops = [], [], [], []
        for i in range(args.repeat):
            folder = out / f"cycle-{i}"
            print(f"\n[{load()}] full cycle, cold ...", flush=True)
            cold.append(render(tree, folder))
            warm.append(render(tree, folder))
            one.append(render(tree, out / f"one-{i}", "--scope", REGION, "--lang", LANGUAGE))
            loops.append(watched(tree, out / f"watch-{i}"))
            print(f"[{load()}] done")
        print(f"[{load()}] memory (sampled in runs of their own: sampling costs CPU) ...", flush=True)
        memory_cycle = render(tree, out / "memory-cycle", memory=True)["peak"]
        memory_one = render(tree, out / "memory-one", "--scope", REGION, "--lang", LANGUAGE, memory=True)["peak"]
        best = min(cold, key=lambda r: r["wall"])
        n = best["rendered"]
        print("\nwall-clock seconds (CPU seconds of the process tree)")
        print(f"full cycle, cold       {walls(cold, 1)} s  "
              f"({n} reports: each cycle's nation and regions x kk/ru/en, HTML and PDF)")
        print(f"nothing changed (warm) {walls(warm, 2)} s  "
              f"({warm[0]['skipped']} up to date)")
        print(f"one region, one lang.  {walls(one, 1)} s  "
              f"({REGION} {LANGUAGE}, HTML and PDF, from a cold start: new process, kernel and browser)")
        print(f"  same, kept warm      {' '.join(f'{s:.2f}' for loop in loops for s in loop)} s  "
              f"(render --watch: from saving a new age threshold to the report written; "
              f"the last one back to 55)")
        print(f"  same bytes as in the full cycle: "
              f"{same_bytes(out / 'one-0/2013' / REGION / LANGUAGE, out / 'cycle-0/2013' / REGION / LANGUAGE)}"
              f", and after the watch's changes back to 55: "
              f"{same_bytes(out / 'watch-0/2013' / REGION / LANGUAGE, out / 'cycle-0/2013' / REGION / LANGUAGE)}")
        print(f"peak memory (PSS, whole process tree) {mib(memory_cycle)} full cycle, {mib(memory_one)} one region")

        stats = statistics_stage()
        print("\nstages of the fastest cold cycle (seconds summed over workers; per report):")
        print(f"  load data             {stats['load']:6.2f} s once per process (main, and each kernel)")
        print(f"  suppression           {stats['suppression']:6.2f} s once per kernel (all regions at once)")
        print(f"  statistics            {stats['statistics']:6.2f} s for {stats['scopes']} scopes, computed once "
              f"per scope (in-process, part of execution below)")
        for stage, seconds in best["stages"].items():
            print(f"  {stage:21s} {seconds:6.1f} s  {seconds / n:5.2f} s per report")

        if args.naive != "0":
            sample = None if args.naive == "all" else int(args.naive)
            jobs = naive_jobs()
            print(f"\n[{load()}] naive way ...", flush=True)
            seconds, timed = naive(jobs, out, sample)
            how = "timed" if timed == len(jobs) else f"timed on {timed}, scaled to {len(jobs)}"
            print(f"naive way              {seconds:.1f} s ({how}; one document after another): "
                  f"{seconds / best['wall']:.1f}x the cold cycle [{load()}]")

        sizes = [int(s) for s in args.sizes.split(",") if s]
        if sizes:
            print(f"\nstatistics alone (counts + families, national and {REGION}) [{load()}]")
            for row in statistics_at_scale(sizes):
                print(f"  {row['n']:>9,} records  {row['total']:6.2f} s  "
                      f"(counts {row['counts']:.2f} s, families {row['families']:.2f} s)")
        print(f"\n[{load()}] end")
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
