"""Time the default reporting cycle, its stages, its memory, the naive way, and the statistics.

    .venv/bin/python benchmarks/bench_render.py [--repeat 1] [--naive all|N|0] [--sizes 10000,100000,1000000]
        [--cycle 2013 --baseline pre-2013] [--against REF] [--smoke]

Prints, for the default data on this machine: the full cycle (national + every region x kk/ru/en,
HTML and PDF) cold, then again with nothing changed, one region in one language from a cold
start and kept warm by ``--watch``, each through ``akimstat render`` as a user runs it; seconds
per stage; peak memory of the whole process tree (proportional set size, so pages shared
between processes count once; sampled in runs of its own); the same cycle done the
naive way (for each document the ``papermill`` command line, ``jupyter nbconvert --to html``
and ``jupyter nbconvert --to webpdf``, one after the other) and the ratio; the statistics
alone (`counts_from_records` and the `Analysis` families, national and one region) on synthetic
corps resampled from the shipped 2013 records; and, in-process, where a report's time goes
(each section's statistics, presentation and SVG, each output file of `Report.save`; see
`bench_sections`). Targets are in docs/performance.md.

``--against REF`` times a copy of the git ref REF beside the copy of the working tree, every
figure for both, interleaved (REF, then the working tree, for each figure and each
``--repeat``, so that the machine's drift shows in the spread), prints them in a table with a
column per tree, and compares the sha256 of every file the two cold renders wrote.
``--smoke`` is the CI-sized run: one region in one language (of 2013 unless ``--cycle``),
cold then with nothing changed, and the sections of that region in two languages.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from bench_inprocess import CYCLE_TIMED, in_tree, statistics
from bench_naive import naive, naive_jobs
from bench_print import print_bytes, print_sections, print_single, print_table
from bench_runs import CYCLE, LANGUAGE, REGION, compare_bytes, describe, load, machine, render, same_bytes
from bench_runs import snapshot, snapshot_of, watched
from bench_sections import LANGUAGES, sections

ONE = ("--scope", REGION, "--lang", LANGUAGE)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of the cold, warm and one-region renders")
    parser.add_argument("--naive", default="all", help="'all', a number of documents to time and scale, or 0")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="synthetic corps sizes (empty: skip)")
    parser.add_argument("--cycle", default="", help="render this cycle only, against its baseline "
                        "(e.g. 2013 --baseline pre-2013); default: the default parameters' cycles")
    parser.add_argument("--baseline", default="", help="the baseline of --cycle")
    parser.add_argument("--against", metavar="REF", default="", help="time the git ref REF (e.g. main~3) too, "
                        "beside the working tree, interleaved, and compare their outputs' bytes")
    parser.add_argument("--smoke", action="store_true", help="CI-sized: one region, one language, cold then "
                        "nothing changed; no memory, naive way or sizes; the sections of that region only")
    # Hidden: the in-process timings, run in a process importing the tree given (bench_inprocess.in_tree).
    parser.add_argument("--statistics-only", metavar="TREE", default="", help=argparse.SUPPRESS)
    parser.add_argument("--sections-only", metavar="TREE", default="", help=argparse.SUPPRESS)
    parser.add_argument("--scopes", default=f"national,{REGION}", help=argparse.SUPPRESS)
    parser.add_argument("--languages", default=",".join(LANGUAGES), help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> None:
    args = arguments()
    timed_cycle = (args.cycle, args.baseline or CYCLE_TIMED[1]) if args.cycle else CYCLE_TIMED
    if args.statistics_only:
        sizes = [int(s) for s in args.sizes.split(",") if s]
        print(json.dumps(statistics(Path(args.statistics_only), sizes, timed_cycle)))
        return
    if args.sections_only:
        print(json.dumps(sections(Path(args.sections_only), tuple(args.scopes.split(",")),
                                  tuple(args.languages.split(",")), timed_cycle)))
        return
    if args.smoke and not args.cycle:
        args.cycle, args.baseline = CYCLE_TIMED
    CYCLE[:] = [*(["--cycle", args.cycle] if args.cycle else []),
                *(["--baseline", args.baseline] if args.baseline else [])]

    print(machine())
    out = Path(tempfile.mkdtemp(prefix="akimstat-bench-"))
    try:
        trees = {f"{describe(args.against)} ({args.against})": snapshot_of(args.against, out / "before")} \
            if args.against else {}
        trees[f"{describe()} (working tree)"] = snapshot(out / "tree")
        results = {label: {"cold": [], "warm": [], "one": [], "loops": [], "same": None, "memory": None,
                           "stats": None, "sections": None} for label in trees}
        check = (smoke_runs if args.smoke else cycle_runs)(trees, results, out, args)
        in_process(trees, results, args)
        timed_naive = None if args.smoke or args.naive == "0" else naive_way(args, out)
        if len(trees) == 1:
            print_single(next(iter(results.values())), timed_naive)
        else:
            print_table(results, timed_naive)
            print_bytes(check, *trees)
        if any(r["sections"] for r in results.values()):
            print_sections({label: r["sections"] for label, r in results.items()})
        print(f"\n[{load()}] end")
    finally:
        shutil.rmtree(out, ignore_errors=True)


def each(trees: dict[str, Path], what: str):
    """Yield (number, label, tree) of every tree, saying what is timed when there are two."""
    for k, (label, tree) in enumerate(trees.items()):
        if len(trees) > 1:
            print(f"[{load()}]   {what}: {label}", flush=True)
        yield k, label, tree


def cycle_runs(trees: dict[str, Path], results: dict, out: Path, args) -> dict | None:
    """Time the full cycle cold, nothing changed, one region cold and kept warm, `--repeat`
    times, every tree in turn for each; then each tree's peak memory in runs of its own.
    Return the byte check of the first two trees' first cold cycles."""
    check = None
    for i in range(args.repeat):
        print(f"\n[{load()}] full cycle, cold ...", flush=True)
        for k, label, tree in each(trees, "full cycle, cold"):
            results[label]["cold"].append(render(tree, out / f"t{k}-cycle-{i}"))
        if i == 0 and len(trees) > 1:
            check = compare_bytes(out / "t0-cycle-0", out / "t1-cycle-0")
        for k, label, tree in each(trees, "nothing changed"):
            results[label]["warm"].append(render(tree, out / f"t{k}-cycle-{i}"))
        for k, label, tree in each(trees, "one region, one language, cold"):
            results[label]["one"].append(render(tree, out / f"t{k}-one-{i}", *ONE))
        for k, label, tree in each(trees, "kept warm (--watch)"):
            results[label]["loops"].append(watched(tree, out / f"t{k}-watch-{i}"))
        print(f"[{load()}] done")
    cycle = args.cycle or CYCLE_TIMED[0]
    for k, label, tree in each(trees, "same bytes alone and in the cycle"):
        report = Path(cycle) / REGION / LANGUAGE
        results[label]["same"] = (same_bytes(out / f"t{k}-one-0" / report, out / f"t{k}-cycle-0" / report),
                                  same_bytes(out / f"t{k}-watch-0" / report, out / f"t{k}-cycle-0" / report))
    print(f"[{load()}] memory (sampled in runs of their own: sampling costs CPU) ...", flush=True)
    for k, label, tree in each(trees, "memory"):
        results[label]["memory"] = (render(tree, out / f"t{k}-memory-cycle", memory=True)["peak"],
                                    render(tree, out / f"t{k}-memory-one", *ONE, memory=True)["peak"])
    return check


def smoke_runs(trees: dict[str, Path], results: dict, out: Path, args) -> dict | None:
    """Time one region in one language cold, then with nothing changed, every tree in turn;
    return the byte check of the first two trees' first renders."""
    check = None
    for i in range(args.repeat):
        print(f"\n[{load()}] one region, one language, cold ...", flush=True)
        for k, label, tree in each(trees, "one region, one language, cold"):
            results[label]["one"].append(render(tree, out / f"t{k}-one-{i}", *ONE))
        if i == 0 and len(trees) > 1:
            check = compare_bytes(out / "t0-one-0", out / "t1-one-0")
        for k, label, tree in each(trees, "nothing changed"):
            results[label]["warm"].append(render(tree, out / f"t{k}-one-{i}", *ONE))
        print(f"[{load()}] done")
    return check


def in_process(trees: dict[str, Path], results: dict, args) -> None:
    """Time, in a process per tree importing that tree's package, the statistics (with the
    synthetic corps of `--sizes`) and where each report's time goes by section and output."""
    cycle = [*(["--cycle", args.cycle] if args.cycle else []), *(["--baseline", args.baseline] if args.baseline else [])]
    if not args.smoke:
        print(f"[{load()}] statistics, in-process ...", flush=True)
        for k, label, tree in each(trees, "statistics"):
            results[label]["stats"] = in_tree(tree, "--statistics-only", "--sizes", args.sizes, *cycle)
    print(f"[{load()}] sections and outputs, in-process ...", flush=True)
    scopes, languages = (REGION, ",".join(LANGUAGES[:2])) if args.smoke else (f"national,{REGION}", ",".join(LANGUAGES))
    for k, label, tree in each(trees, "sections"):
        results[label]["sections"] = in_tree(tree, "--sections-only", "--scopes", scopes, "--languages", languages,
                                             *cycle)


def naive_way(args, out: Path) -> dict:
    """Time the naive way once (on `--naive` documents, scaled, when a number is given)."""
    sample = None if args.naive == "all" else int(args.naive)
    jobs = naive_jobs(args.cycle, args.baseline)
    print(f"\n[{load()}] naive way ...", flush=True)
    seconds, timed = naive(jobs, out, sample)
    how = "timed" if timed == len(jobs) else f"timed on {timed}, scaled to {len(jobs)}"
    print(f"[{load()}] done")
    return {"seconds": seconds, "how": how}


if __name__ == "__main__":
    main()
