"""The output folder's index page, and the reconciliation of the figures its reports show."""

from __future__ import annotations

import json
import re
from itertools import groupby
from pathlib import Path

from akimstat.files import replace_file
from akimstat.params import NATIONAL
from akimstat.publish.output import FAILED_DIR, TEMPLATES
from akimstat.publish.job import UNORDERED


def write_index(output_dir: Path) -> None:
    """Write ``index.html`` listing every report in `output_dir`, atomically: by cycle, each
    cycle's nation first and then its regions in the Bureau of National Statistics' order; and
    by region, each region's reports of every cycle together (one tap from the list of regions
    at the top). A filter box (a small script in the page) narrows both lists to the regions
    or cycles whose names hold what is typed; without scripts the page is the plain lists."""
    import jinja2

    reports = []
    for record_path in sorted(output_dir.glob("**/render.json")):
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
            "order": _order(record, parts),
            "language": record["language"],
            "title": record["title"],
            "scope_name": record.get("scope_name", ""),
            "cycle_name": record.get("cycle_name", ""),
            "page": f"{folder.as_posix()}/report.html" if "report.html" in record["files"] else None,
            "links": [(label, f"{folder.as_posix()}/{name}") for label, name in INDEX_FILES
                      if name in record["files"]],
        })
    reports.sort(key=_index_order)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    html = env.get_template("index.html.j2").render(cycles=by_cycle(reports), regions=by_region(reports))
    replace_file(output_dir / "index.html", html.encode("utf-8"))
    write_run_reconciliation(output_dir, [output_dir / r["page"] for r in reports if r["page"]])


def by_cycle(reports: list[dict]) -> list[tuple]:
    """Return (cycle, its names by language, [(scope, its reports)]) in the reports' order."""
    cycles = []
    for cycle, in_cycle in groupby(reports, lambda r: r["cycle"]):
        in_cycle = list(in_cycle)
        names = {r["language"]: r["cycle_name"] for r in in_cycle if r["cycle_name"]}
        cycles.append((cycle, names, [(scope, list(rows)) for scope, rows in groupby(in_cycle, lambda r: r["scope"])]))
    return cycles


def by_region(reports: list[dict]) -> list[dict]:
    """Return each region (the nation first, then the Bureau's order) with its reports of every
    cycle: a region's letter and numeric codes (KZ-PAV in 2013, KZ-55 later) are one region,
    having one place in that order. Its names are those of its latest cycle."""
    regions: dict = {}
    for report in sorted(reports, key=lambda r: (_region_key(r), _index_order(r))):
        region = regions.setdefault(_region_key(report), {"codes": [], "names": {}, "cycles": {}})
        if report["scope"] not in region["codes"]:
            region["codes"].append(report["scope"])
        if report["scope_name"]:
            region["names"][report["language"]] = report["scope_name"]
        region["cycles"].setdefault(report["cycle"], []).append(report)
    found = []
    for key, region in regions.items():
        cycles = [(cycle, {r["language"]: r["cycle_name"] for r in rows if r["cycle_name"]}, rows)
                  for cycle, rows in region["cycles"].items()]
        words = [*region["names"].values(), *region["codes"], *(n for _, names, _ in cycles for n in names.values())]
        found.append({"id": "region-" + re.sub(r"[^A-Za-z0-9-]", "-", region["codes"][0]), "names": region["names"],
                      "codes": [c for c in region["codes"] if c != NATIONAL], "cycles": cycles,
                      "filter": " ".join(words).lower()})
    return found


def _region_key(report: dict) -> tuple:
    """One key for a region's reports of every cycle: its place in the Bureau's order, or its
    code when the code list gives it none."""
    return (report["order"], "" if report["order"] < UNORDERED else report["scope"])
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
    # Every report writes reconcile.rows.COLUMNS; that module is not imported here, since it brings
    # scipy into the main process at the end of every render.
    frame = pd.concat(frames, ignore_index=True).reindex(columns=frames[0].columns).drop_duplicates()
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    replace_file(output_dir / "reconciliation.csv", buffer.getvalue().encode("utf-8"))
    return output_dir / "reconciliation.csv"


#: The files the index links to beside each report's page, by their label.

INDEX_FILES = (("PDF", "report.pdf"), ("DOCX", "report.docx"), ("XLSX", "report.xlsx"), ("ipynb", "report.ipynb"), ("BibTeX", "citation.bib"))


def _order(record: dict, parts: tuple) -> int:
    """Return the scope's place in the index its render.json gives (`plan.scope_order`); a
    record written before it had one goes after the regions that have one."""
    order = record.get("scope_order")
    if isinstance(order, int) and not isinstance(order, bool):
        return order
    return 0 if len(parts) > 2 and parts[1] == NATIONAL else UNORDERED


def _index_order(report: dict) -> tuple:
    """By cycle, the nation before its regions, the regions in the Bureau's order (then by code),
    then language as the reports list them (kk, ru, en)."""
    from akimstat.params import LANGUAGES

    language = report["language"]
    return (report["cycle"], report["order"], report["scope"],
            LANGUAGES.index(language) if language in LANGUAGES else len(LANGUAGES), language)
