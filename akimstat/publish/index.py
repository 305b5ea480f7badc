"""The output folder's index page, and the reconciliation of the figures its reports show."""

from __future__ import annotations

import json
from pathlib import Path

from akimstat.files import replace_file
from akimstat.publish.output import FAILED_DIR, TEMPLATES


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

INDEX_FILES = (("PDF", "report.pdf"), ("XLSX", "report.xlsx"), ("ipynb", "report.ipynb"), ("BibTeX", "citation.bib"))


def _index_order(record: Path) -> tuple:
    """By cycle, the nation before its regions, then scope, then language as the reports list
    them (kk, ru, en)."""
    from akimstat.params import LANGUAGES

    folders = record.parts[:-1]  # cycle/scope/language/render.json
    language = folders[-1] if folders else ""
    return (folders[:1], record.parent.parent.name != "national", folders[:-1],
            LANGUAGES.index(language) if language in LANGUAGES else len(LANGUAGES), language)
