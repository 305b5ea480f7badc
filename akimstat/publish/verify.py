"""`akimstat verify FILE`: does a file of a report still match the data, code and parameters it
names? Any file of a report will do (report.html, .pdf, .xlsx, .docx, .ipynb, datapackage.json,
figures.csv, tables/*.csv), in its folder or copied alone anywhere: its record of the run
(`akimstat.report.record`) names the data by its fingerprint, which is looked for in the folder given,
the report's data_dir in the project (or in a project above the file), and the project's data/.
The figures are recomputed from that data and those parameters.

One line per item, what matches and what does not; never a traceback.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

import pandas as pd

from akimstat.errors import AkimstatError
from akimstat.data.package import data_fingerprint
from akimstat.provenance import ROOT, code_version
from akimstat.publish.written import written_item
from akimstat.report.record import read_record

SHOWN = 5  # differing figures named before "…"


def verify_report(path: str | Path, data_dir: str | Path | None = None) -> tuple[bool, list[str]]:
    """Return (whether every item matches, the lines to print) for one file of a report.

    Raises
    ------
    ParameterError
        When the file carries no readable record of a run.
    """
    path = Path(path)
    record, folder = read_record(path)
    items = [data_item(record, path, data_dir), code_item(record)]
    data = items[0][2]
    written = written_item(path)
    if written is not None:
        items.append(written)
    if path.suffix.lower() == ".html":
        items.append(page_item(record, path))
    recomputed = _recomputed(record, data)
    items.append(figures_item(record, recomputed))
    for name, file in _csv_files(path, folder):
        items.append(csv_item(name, file, recomputed))
    ok = all(item[0] for item in items)
    lines = [item[1] for item in items]
    failed = [item[1].split(":")[0] for item in items if not item[0]]
    lines.append(f"{path}: matches the data, code and parameters it names" if ok else
                 f"{path}: does not match ({', '.join(failed)})")
    return ok, lines


def candidates(record: dict, path: Path, data_dir) -> list[Path]:
    """Return the data folders to look in, in order: the one given, else the report's data_dir
    in akimstat's project, in the current folder and in each folder above the file, then data/."""
    if data_dir is not None:
        return [Path(data_dir)]
    named = Path(str(record["parameters"].get("data_dir") or "data"))
    places = [ROOT, Path.cwd(), *path.resolve().parents]
    found = [place / name for name in dict.fromkeys([named, Path("data")]) for place in places]
    return [f for f in dict.fromkeys(found) if (f / "datapackage.json").is_file()]


def data_item(record: dict, path: Path, data_dir) -> tuple[bool, str, Path | None]:
    """Return (matches, line, the data folder to recompute from) of the data fingerprint."""
    wanted, looked = record["data_sha256"], candidates(record, path, data_dir)
    first = None
    for folder in looked:
        try:
            now = data_fingerprint(folder)
        except (AkimstatError, OSError, ValueError) as err:
            now = f"unreadable ({one_line(err)})"
        if now == wanted:
            return True, f"data fingerprint: matches: {wanted} ({folder})", folder
        first = first or (folder, now)
    if first is None:
        where = str(data_dir) if data_dir is not None else "the project's data folders"
        return False, (f"data fingerprint: not found: no data folder with fingerprint {wanted} in {where} "
                       "(give the report's data folder with --data)"), None
    folder, now = first
    return False, f"data fingerprint: does not match: report {wanted}, {folder} now {now}", folder


def one_line(err) -> str:
    """Return a message on one line (a data folder's problems come one a line)."""
    return " ".join(str(err).split())


def code_item(record: dict) -> tuple[bool, str]:
    now = code_version()
    if now == record["code"]:
        return True, f"code version: matches: {now}"
    return False, f"code version: does not match: report {record['code']}, now {now}"


def page_item(record: dict, path: Path) -> tuple[bool, str]:
    """Whether the page prints the fingerprint and code version it records. Its parameters
    are said in words for readers ("How this report was made", issue 29), not printed as a
    table: they are checked by recomputing the figures from the recorded ones."""
    shown = html.unescape(path.read_bytes().decode("utf-8", errors="replace"))
    missing = [part for part in (record["data_sha256"], *_printed(record["code"])) if part not in shown]
    if missing:
        return False, f"page: does not match: it does not print {', '.join(missing)}"
    return True, "page: matches: it prints the fingerprint and code version it records"


def _printed(code: str) -> list[str]:
    """Return the parts of a code version the page prints ("akimstat 0.1.0", the commit)."""
    found = re.fullmatch(r"(akimstat \S+) \(commit (\w+)(?:\+modified)?\)", code)
    return list(found.groups()) if found else [code]


def _recomputed(record: dict, data: Path | None):
    """Return the report recomputed from `data` and the recorded parameters, or the error."""
    if data is None:
        return "no data folder"
    from akimstat.params import parameters_from
    from akimstat.report.document import Report

    try:
        params = parameters_from({**record["parameters"], "data_dir": str(data), "output_dir": ""},
                                 source="the record's parameters")
        return Report(params)
    except AkimstatError as err:
        return one_line(err)


def figures_item(record: dict, report) -> tuple[bool, str]:
    """Whether the figures recomputed have the SHA-256 of the figures.csv the report shows."""
    from akimstat.safe import csv_text

    if isinstance(report, str):
        return False, f"figures: not recomputed: {report}"
    text = csv_text(report.figures_frame())
    count = len(report.figures)
    if hashlib.sha256(text.encode("utf-8")).hexdigest() == record.get("figures_sha256"):
        return True, f"figures: match: the {count} figures recomputed from the data and parameters"
    return False, f"figures: do not match: the {count} figures recomputed differ from those the report shows"


def _csv_files(path: Path, folder: Path | None) -> list[tuple[str, Path]]:
    """Return the CSV files to compare with the recomputed report: the file itself when it is a
    report's CSV, and the figures.csv in the report's folder."""
    found = []
    if path.suffix.lower() == ".csv":
        found.append(("figures" if path.name == "figures.csv" else path.stem, path))
    if folder is not None and (folder / "figures.csv").is_file() and path.name != "figures.csv":
        found.append(("figures", folder / "figures.csv"))
    return found


def csv_item(name: str, file: Path, report) -> tuple[bool, str]:
    """Compare a report's CSV file with the same table recomputed; name what differs."""
    from akimstat.safe import csv_text

    if isinstance(report, str):
        return False, f"{file.name}: not recomputed: {report}"
    frame = report.figures_frame() if name == "figures" else report.tables().get(name)
    if frame is None:
        return False, f"{file.name}: does not match: the recomputed report has no table {name!r}"
    mine = file.read_bytes().decode("utf-8", errors="replace")
    if mine == csv_text(frame):
        return True, f"{file.name}: matches the {len(frame)} rows recomputed"
    return False, f"{file.name}: does not match: {differences(mine, csv_text(frame))}"


def differences(mine: str, recomputed: str) -> str:
    """Return which rows of two CSV texts differ, by their first column (a figure's key), and
    in which columns: "women.share: value 0.12 in the file, 0.13 recomputed"."""
    import io

    def rows(text):
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
        except (ValueError, pd.errors.ParserError):
            return [], {}
        return list(frame.columns), {r[0]: dict(zip(frame.columns, r)) for r in frame.itertuples(index=False, name=None)}

    columns, a = rows(mine)
    _, b = rows(recomputed)
    differ = [key for key in dict.fromkeys([*a, *b]) if a.get(key) != b.get(key)]
    if not differ:
        return "the same rows, written differently"

    def said(key):
        if key not in a or key not in b:
            return f"{key}: {'only recomputed' if key in b else 'only in the file'}"
        changed = [c for c in columns if a[key].get(c) != b[key].get(c)]
        return f"{key}: " + ", ".join(f"{c} {a[key].get(c)!r} in the file, {b[key].get(c)!r} recomputed" for c in changed)

    named = "; ".join(said(key) for key in differ[:SHOWN])
    return f"{len(differ)} row(s) differ: {named}" + ("; …" if len(differ) > SHOWN else "")
