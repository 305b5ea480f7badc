"""The benchmark's printed figures: one tree as lines (as it always printed them), or every
tree in a table, one column per tree (``--against``), and the byte check between trees."""

from __future__ import annotations

from bench_runs import LANGUAGE, REGION

#: How many sections the section tables show (those taking longest in the last tree).
TOP_SECTIONS = 10
#: The outputs of `Report.save` in the order it writes them (`bench_sections.OUTPUTS`' labels).
OUTPUT_ORDER = ["CSVs (figures, tables)", "charts/*.svg", "report.xlsx", "datapackage.json", "report.docx",
                "  of which charts as PNG", "citation"]
#: The phases of a report after the first language, as the section tables name them.
PHASES = {"built": "Report built (statistics kept)", "presented": "sections presented",
          "html": "HTML (SVG export included)", "saved": "Report.save", "report": "the report in all"}
#: How many differing files the byte check lists.
LISTED = 20


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def walls(runs, decimals: int, sep: str = " ") -> str:
    """Return 'wall (CPU)' seconds of each run."""
    return sep.join(f"{r['wall']:.{decimals}f} (CPU {r['cpu']:.{decimals}f})" for r in runs)


def best(r: dict) -> dict:
    """Return the fastest cold render of a tree (the full cycle's; in a smoke run, one region's)."""
    return min(r["cold"] or r["one"], key=lambda run: run["wall"])


def table(header: list[str], rows: list[tuple[str, list[str]]]) -> str:
    """Return a Markdown table, its columns padded to their widths."""
    lines = [header, *([label, *cells] for label, cells in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    fmt = ["| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths)) + " |" for line in lines]
    return "\n".join([fmt[0], "|" + "|".join("-" * (w + 2) for w in widths) + "|", *fmt[1:]])


# -- one tree -----------------------------------------------------------------------------------
def print_single(r: dict, naive) -> None:
    """Print one tree's figures, one line each."""
    print("\nwall-clock seconds (CPU seconds of the process tree)")
    if r["cold"]:
        print(f"full cycle, cold       {walls(r['cold'], 1)} s  "
              f"({best(r)['rendered']} reports: each cycle's nation and regions x kk/ru/en, HTML and PDF)")
        print(f"nothing changed (warm) {walls(r['warm'], 2)} s  ({r['warm'][0]['skipped']} up to date)")
    print(f"one region, one lang.  {walls(r['one'], 1)} s  "
          f"({REGION} {LANGUAGE}, HTML and PDF, from a cold start: new process, kernel and browser)")
    if not r["cold"]:
        print(f"nothing changed (warm) {walls(r['warm'], 2)} s  ({r['warm'][0]['skipped']} up to date)")
    if r["loops"]:
        print(f"  same, kept warm      {' '.join(f'{s:.2f}' for loop in r['loops'] for s in loop)} s  "
              f"(render --watch: from saving a new age threshold to the report written; the last one back to 55)")
        print(f"  same bytes as in the full cycle: {r['same'][0]}, and after the watch's changes back to 55: "
              f"{r['same'][1]}")
    if r["memory"]:
        print(f"peak memory (PSS, whole process tree) {mib(r['memory'][0])} full cycle, "
              f"{mib(r['memory'][1])} one region")
    fastest, stats = best(r), r["stats"]
    what = "cold cycle" if r["cold"] else "cold region"
    print(f"\nstages of the fastest {what} (seconds summed over workers; per report):")
    if stats:
        stage = stats["stage"]
        print(f"  load data             {stage['load']:6.2f} s once per process (main, and each kernel)")
        print(f"  suppression           {stage['suppression']:6.2f} s once per kernel (all regions at once)")
        print(f"  statistics            {stage['statistics']:6.2f} s for {stage['scopes']} scopes, computed once "
              f"per scope (in-process, part of execution below)")
    for name, seconds in fastest["stages"].items():
        print(f"  {name:21s} {seconds:6.1f} s  {seconds / fastest['rendered']:5.2f} s per report")
    if naive:
        print(f"\nnaive way              {naive['seconds']:.1f} s ({naive['how']}; one document after another): "
              f"{naive['seconds'] / fastest['wall']:.1f}x the cold cycle")
    if stats and stats["sizes"]:
        print(f"\nstatistics alone (counts + families, national and {REGION})")
        for row in stats["sizes"]:
            print(f"  {row['n']:>9,} records  {row['total']:6.2f} s  "
                  f"(counts {row['counts']:.2f} s, families {row['families']:.2f} s)")


# -- every tree, side by side -----------------------------------------------------------------
def figure_rows(r: dict, naive) -> list[tuple[str, str]]:
    """Return one tree's figures as (figure, cell) rows, in the table's order."""
    fastest, rows = best(r), []
    if r["cold"]:
        rows += [(f"full cycle, cold ({fastest['rendered']} reports)", walls(r["cold"], 1, ", ") + " s")]
    warm, one = ("nothing changed", walls(r["warm"], 2, ", ") + " s"), \
        (f"one region, one language, cold ({REGION} {LANGUAGE})", walls(r["one"], 1, ", ") + " s")
    rows += [warm, one] if r["cold"] else [one, warm]
    if r["loops"]:
        rows += [("the same kept warm (--watch)", " ".join(f"{s:.2f}" for loop in r["loops"] for s in loop) + " s"),
                 ("region alone, after the watch = full cycle's bytes", f"{r['same'][0]}, {r['same'][1]}")]
    if r["memory"]:
        rows += [("peak memory (PSS), full cycle", mib(r["memory"][0])),
                 ("peak memory (PSS), one region", mib(r["memory"][1]))]
    for name, seconds in fastest["stages"].items():
        rows.append((f"{name}, per report (summed)", f"{seconds / fastest['rendered']:.2f} s ({seconds:.1f} s)"))
    if naive:
        rows.append(("against the naive way", f"{naive['seconds'] / fastest['wall']:.1f}x"))
    if r["stats"]:
        stage = r["stats"]["stage"]
        rows += [("load data (in-process)", f"{stage['load']:.2f} s"),
                 ("suppression (in-process)", f"{stage['suppression']:.2f} s"),
                 (f"statistics, {stage['scopes']} scopes (in-process)", f"{stage['statistics']:.2f} s")]
        rows += [(f"statistics on {row['n']:,} records", f"{row['total']:.2f} s (counts {row['counts']:.2f}, "
                  f"families {row['families']:.2f})") for row in r["stats"]["sizes"]]
    return rows


def print_table(results: dict[str, dict], naive) -> None:
    """Print every tree's figures in one table, a column per tree."""
    columns = [dict(figure_rows(r, naive)) for r in results.values()]
    labels = list(dict.fromkeys(label for column in columns for label in column))
    print("\nwall-clock seconds (CPU seconds of the process tree); runs in the order they were made")
    print(table(["figure", *results], [(label, [c.get(label, "") for c in columns]) for label in labels]))
    if naive:
        print(f"naive way: {naive['seconds']:.1f} s ({naive['how']}; one document after another)")


def print_bytes(check: dict, before: str, after: str) -> None:
    """Print how many output files the two trees wrote with the same bytes, and which differ."""
    print(f"\nsame bytes ({before} against {after}, sha256 of every output file, render.json aside): "
          f"{check['identical']} of {check['files']} files identical")
    if check["differ"]:
        print(f"  {len(check['differ'])} differ: " + ", ".join(f"{name} {n}" for name, n in check["by_name"].items()))
        for path in check["differ"][:LISTED]:
            where = " (before only)" if path in check["only_before"] else " (after only)" if path in check[
                "only_after"] else ""
            print(f"    {path}{where}")
        if len(check["differ"]) > LISTED:
            print(f"    ... and {len(check['differ']) - LISTED} more")


# -- sections and outputs, in-process -----------------------------------------------------------
def section_rows(scope: dict, ranked: list[str]) -> list[tuple[str, str]]:
    """Return one tree's rows for one scope: the report's phases, the sections `ranked` (compute
    + present + SVG), and each output of `Report.save`."""
    rows = [("Report built, first language (statistics)", f"{scope['built_first']:.2f} s"),
            ("  of which sections.compute", f"{sum(scope['compute'].values()):.2f} s")]
    rows += [(PHASES.get(name, name), f"{seconds:.2f} s") for name, seconds in scope["phases"].items()]
    for section in ranked:
        parts = [scope[kind].get(section, 0.0) for kind in ("compute", "present", "svg")]
        rows.append((f"section {section}", " + ".join(f"{p:.2f}" for p in parts) + f" = {sum(parts):.2f} s"))
    outputs = {**scope["output"], **scope["png"]}
    for label in sorted(outputs, key=lambda label: OUTPUT_ORDER.index(label) if label in OUTPUT_ORDER else 99):
        rows.append((label if label.startswith(" ") else f"output {label}", f"{outputs[label]:.3f} s"))
    return rows


def ranked_sections(scopes: list[dict]) -> list[str]:
    """Return the sections taking longest (compute + present + SVG) in the last tree, longest first."""
    last = scopes[-1]
    total = {s: sum(last[k].get(s, 0.0) for k in ("compute", "present", "svg"))
             for s in dict.fromkeys([*last["compute"], *last["present"]])}
    return sorted(total, key=total.get, reverse=True)[:TOP_SECTIONS]


def print_sections(timed: dict[str, dict]) -> None:
    """Print, per scope, where a report's time goes in each tree (from ``--sections-only``)."""
    timed = {label: t for label, t in timed.items() if t}  # a tree whose timing failed is left out
    first = next(iter(timed.values()))
    languages = first["scopes"][next(iter(first["scopes"]))]["languages"]
    print(f"\nin-process, per report: statistics in {languages[0]} (computed once per scope), the rest the mean of "
          f"{', '.join(languages[1:]) or languages[0]}; a section's seconds are compute + present + SVG export "
          f"(the first section computed in a process also pays for what every scope shares)")
    print("data loaded once per process: " + ", ".join(f"{label} {t['load']:.2f} s" for label, t in timed.items()))
    for scope in first["scopes"]:
        per_tree = [t["scopes"][scope] for t in timed.values()]
        ranked = ranked_sections(per_tree)
        columns = [dict(section_rows(s, ranked)) for s in per_tree]
        labels = list(dict.fromkeys(label for column in columns for label in column))
        print(f"\n{scope}")
        print(table(["per report", *timed], [(label, [c.get(label, "") for c in columns]) for label in labels]))
