"""The benchmark's runs of ``akimstat render`` as a user runs it: the trees rendered from (a copy
of the working tree, and of a git ref for ``--against``), the machine, peak memory of a process
tree, the analyst's loop under ``--watch``, and the byte checks between outputs."""

from __future__ import annotations

import datetime
import hashlib
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REGION, LANGUAGE = "KZ-PAV", "kk"
#: ``--cycle`` options every render gets (empty: the default parameters' cycles).
CYCLE: list[str] = []
#: What a tree holds: the code, notebooks, templates, data and parameters a render reads.
TREE = ("akimstat", "reports", "templates", "data", "parameters")


# -- the machine ----------------------------------------------------------------------------
def machine() -> str:
    """Return date, CPU, cores, memory, Python, Chromium and commit, one line each."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    chromium = subprocess.run(["chromium", "--version"], capture_output=True, text=True).stdout.strip()
    return "\n".join([
        f"date       {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"machine    {platform.node()}: {cpu}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, {platform.system()} {platform.release()}",
        f"software   Python {platform.python_version()}, {chromium}, akimstat {describe()}",
    ])


def describe(ref: str | None = None) -> str:
    """Return ``git describe --always`` of `ref`, or of the working tree with "+dirty" when it
    has uncommitted changes."""
    args = [ref] if ref else ["--dirty=+dirty"]
    done = subprocess.run(["git", "-C", ROOT, "describe", "--always", *args], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"git describe {ref or ''} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def load() -> str:
    """Return the 1-minute load average: on 2 cores anything above ~0.5 slows what is timed."""
    return f"load {os.getloadavg()[0]:.2f}"


# -- the trees rendered from ------------------------------------------------------------------
def snapshot(folder: Path) -> Path:
    """Copy the code, notebooks, templates, data and parameters into `folder` and return it.

    Renders run from the copy (first on PYTHONPATH, for the kernels too), so an edit made in the
    working tree during the benchmark neither changes what is timed nor makes every report stale.
    """
    for name in TREE:
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def snapshot_of(ref: str, folder: Path) -> Path:
    """Write the same folders as `snapshot`, as they are at the git ref `ref`, into `folder`.
    Neither tree is a git repository, so both record the commit 'unknown' in their outputs."""
    folder.mkdir(parents=True)
    archive = subprocess.Popen(["git", "-C", ROOT, "archive", ref, *TREE], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    untar = subprocess.run(["tar", "-x", "-C", folder], stdin=archive.stdout, capture_output=True)
    archive.stdout.close()
    error = archive.stderr.read().decode()
    if archive.wait() or untar.returncode:
        raise SystemExit(f"git archive {ref} failed: {error or untar.stderr.decode()}")
    return folder


def tree_env(tree: Path) -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(tree), os.environ.get("PYTHONPATH", "")]),
            "PYTHONUNBUFFERED": "1"}


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
        raise SystemExit(f"akimstat render failed in {tree}:\n{out}\n{err}")
    stages = {name: float(s) for name, s in re.findall(r"(\w+) ([\d.]+) s", out)}
    counts = re.search(r"(\d+) report\(s\) rendered, (\d+) up to date", out)
    return {"wall": wall, "cpu": cpu, "peak": sampler.peak if memory else None, "stages": stages,
            "rendered": int(counts.group(1)), "skipped": int(counts.group(2))}


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


# -- bytes ----------------------------------------------------------------------------------------
def same_bytes(a: Path, b: Path) -> bool:
    """True if two report folders hold the same files with the same bytes (render.json aside:
    it records the cache key, which names the formats asked for; and the page's links to its
    other languages, which a run of one language does not render)."""
    def files(folder):
        return {p.relative_to(folder): LANGUAGE_LINKS.sub(b"", p.read_bytes()) for p in folder.rglob("*")
                if p.is_file() and p.name != "render.json"}
    return files(a) == files(b)


LANGUAGE_LINKS = re.compile(rb'<li class="languages">.*?</li>\s*', re.S)


def digests(folder: Path) -> dict[str, str]:
    """Return the sha256 of every file under `folder` by its path there (render.json aside)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "render.json"}


def compare_bytes(before: Path, after: Path) -> dict:
    """Compare two render outputs file by file: how many files have the same sha256, which
    differ (or are in one output only), and how many differ by file name."""
    a, b = digests(before), digests(after)
    differ = sorted(path for path in a.keys() | b.keys() if a.get(path) != b.get(path))
    return {"files": len(a.keys() | b.keys()), "identical": len(a.keys() | b.keys()) - len(differ),
            "differ": differ, "only_before": sorted(a.keys() - b.keys()), "only_after": sorted(b.keys() - a.keys()),
            "by_name": dict(Counter(kind_of(path) for path in differ).most_common())}


def kind_of(path: str) -> str:
    """Return a file's name (report.docx), or its folder and suffix for a folder of many
    (charts/*.svg, tables/*.csv)."""
    p = Path(path)
    return f"{p.parent.name}/*{p.suffix}" if p.parent.name in ("charts", "tables") else p.name
