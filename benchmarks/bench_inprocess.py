"""The benchmark's in-process timings: load and statistics as a kernel does them, on the
shipped data and on synthetic corps. Each runs in a process of its own whose PYTHONPATH puts a
tree first (`in_tree`), so the package timed is that tree's, not the one importing this module."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench_runs import REGION, ROOT, tree_env

#: The cycle (and its baseline) timed in-process when the benchmark is given none.
CYCLE_TIMED = ("2013", "pre-2013")


def in_tree(tree: Path, mode: str, *args: str) -> dict | None:
    """Run this benchmark's hidden `mode` (``--statistics-only`` or ``--sections-only``) in a
    new process importing `tree`'s package; return the JSON it prints last, or None (saying
    why) when it fails: a tree older than this benchmark may lack a call it makes, and the
    renders timed before are still worth printing."""
    done = subprocess.run([sys.executable, ROOT / "benchmarks/bench_render.py", mode, tree, *args], cwd=tree,
                          env=tree_env(tree), capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode or not lines:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"  {mode} failed in {tree}, left out: {last}", flush=True)
        return None
    return json.loads(lines[-1])


def parameters(tree: Path, cycle: tuple[str, str] = CYCLE_TIMED):
    """Return the tree's default parameters for `cycle` (and its baseline), reading its data."""
    from akimstat.data.parameter_file import read_parameters

    return read_parameters(tree / "parameters/default.yaml").replace(data_dir=str(tree / "data"), cycle=cycle[0],
                                                                     baseline=cycle[1])


def statistics(tree: Path, sizes: list[int], cycle: tuple[str, str] = CYCLE_TIMED) -> dict:
    """Return the statistics stage and the statistics at each of `sizes` (``--statistics-only``)."""
    return {"stage": statistics_stage(tree, cycle), "sizes": statistics_at_scale(tree, sizes, cycle)}


def statistics_stage(tree: Path, cycle: tuple[str, str] = CYCLE_TIMED) -> dict:
    """Time what every report's kernel does before its sections: load the data package, count,
    suppress small cells over all regions (once per data set), and compute every family of
    statistics for the nation and every region (once per scope). Imports are not timed."""
    from akimstat.report import scope as scopes
    from akimstat.data.dataset import load_dataset
    from akimstat.params import NATIONAL

    params = parameters(tree, cycle)
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
    person ids (a person at most once per cycle; a quarter of a later cycle's akims in office in
    the cycle before) and a random region each."""
    rng = np.random.default_rng(seed)
    records = data.records.iloc[rng.integers(0, len(data.records), n)].reset_index(drop=True)
    regions = np.array(data.regions_of("2013"))[rng.integers(0, len(data.regions_of("2013")), n)]
    records["region"] = regions
    records["district"] = pd.Series(regions) + "-" + records["district"].str.rsplit("-", n=1).str[-1]
    records["record_id"] = [f"R{i:07d}" for i in range(n)]
    numbers, last, before = np.zeros(n, dtype=np.int64), 0, np.array([], dtype=np.int64)
    for cycle in sorted(records["cycle"].unique()):  # the linked tests refuse a person twice in one corps
        rows = np.flatnonzero(records["cycle"].to_numpy() == cycle)
        again = min(len(before), len(rows) // 4)
        numbers[rows] = np.concatenate([rng.choice(before, again, replace=False),
                                        np.arange(last, last + len(rows) - again)])
        last, before = last + len(rows) - again, numbers[rows]
    records["person_id"] = [f"P{i:07d}" for i in numbers]
    return records


def statistics_at_scale(tree: Path, sizes, cycle: tuple[str, str] = CYCLE_TIMED) -> list[dict]:
    """Time counts and the statistics families, national and one region, on synthetic corps."""
    from akimstat.data.dataset import load_dataset
    from akimstat.report.scope import all_counts

    params = parameters(tree, cycle)
    shipped = load_dataset(params.data_dir) if sizes else None
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
