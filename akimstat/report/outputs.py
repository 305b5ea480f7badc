"""Files published beside a report for reuse: an accessible spreadsheet (``report.xlsx``), the
charts as SVG files (``charts/*.svg``) and a Frictionless data package (``datapackage.json``)
describing ``figures.csv`` and ``tables/*.csv``, and the report's citation (``citation.json``,
``citation.bib``). `Report.save` calls `write_publication`.

The spreadsheet follows the UK Government Analysis Function's guidance on releasing statistics
in spreadsheets: a cover sheet, a table of contents linking to each sheet, a notes sheet, one
table per sheet (an Excel table with a title in A1, lines saying what the sheet holds, its
scope and source, units in the column headers), empty cells marked ``[c]`` (confidential),
``[x]`` (not published) or ``[z]`` (not applicable), each with a note (`akimstat.report.marks`).
It is written with openpyxl, not `gptables` (which implements the guidance): gptables 2.0
refuses any cell whose letters are all Cyrillic (its check for "cells of special characters
only" is ``^[^a-zA-Z0-9]*$``), so Kazakh and Russian tables cannot pass it, and it writes its
cover headings in English.

Every text cell of a CSV or the spreadsheet passes through `safe_text` (`akimstat.safe.inert_cell`): text that a spreadsheet
would run as a formula (``=``, ``+``, ``-``, ``@``, tab or CR first) gets a leading apostrophe,
as OWASP advises; numbers, and text that is a number as printed ("-1.3", "+2,0"), are kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

import pandas as pd

from akimstat import __version__
from akimstat.report.marks import CONFIDENTIAL, marked, marks_in  # [c], [x], [z]
from akimstat.report.cite import citation_item, write_citation
from akimstat.report.coverage import Coverage, coverage_name
from akimstat.params import NO_BASELINE
from akimstat.safe import inert as safe_frame  # formula-like cells made inert (OWASP)
from akimstat.safe import inert_cell as safe_text
from akimstat.report.sections.made import made_sentences
from akimstat.report.sheet_frames import reader_table
from akimstat.report.sheetwords import note_label, sheet_label, sources_words, table_title

SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


# -- units ------------------------------------------------------------------------------------
#: Unit of a table column, by its name: the tables' columns follow these conventions.
COLUMN_UNITS = (
    (re.compile(r"(.*_)?pvalue(_\w+)?"), "pvalue"),
    (re.compile(r"(population_)?share(_base)?|low(_[\d.]+)?|high(_[\d.]+)?"), "proportion"),
    (re.compile(r"change"), "difference"),
    (re.compile(r"ratio(_low|_high)?"), "ratio"),
    (re.compile(r"z"), "z"),
    (re.compile(r"count|nobs|akims|published|computed|women|under"), "count"),
)


# The statistics are open data under CC BY 4.0; the code that made them is MIT (LICENSE).
STATISTICS_LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}


def unit_of(column: str) -> str | None:
    """Return the unit key of a table column ('count', 'proportion', ...), or None."""
    return next((unit for pattern, unit in COLUMN_UNITS if pattern.fullmatch(str(column))), None)


def field_type(series: pd.Series) -> str:
    """Return the Table Schema type of a column as `figures.csv` and `tables/` write it."""
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    return "string"


# -- the publication --------------------------------------------------------------------------
def write_publication(report, folder: Path) -> list[Path]:
    """Write ``charts/*.svg``, ``report.xlsx``, ``datapackage.json``, ``report.docx`` (the
    report in Word, `akimstat.report.word`) and the citation beside the CSVs that `report.save`
    wrote into `folder`; return the files written."""
    from akimstat.report.word import DOCX_FILE, write_docx

    written = write_charts(report, folder)
    written.append(write_xlsx(report, folder / "report.xlsx"))
    written.append(write_datapackage(report, folder, charts=written[:-1]))
    citation = citation_of(report)
    from akimstat.report.record import as_text

    written.append(write_docx(report, folder / DOCX_FILE, citation, created_at(), as_text(provenance(report))))
    return written + write_citation(citation, folder)


def citation_of(report) -> dict:
    """Return the report's citation (CSL-JSON item): its title, language, code and data."""
    from akimstat.provenance import data_hash, git_commit

    w, p = words(report), report.params
    commit, date = git_commit()
    key = re.sub(r"[^a-z0-9-]", "-", f"akimstat-{p.cycle}-{p.scope}-{p.language}".lower())
    return citation_item(key=key, title=report_title(report), author=w["citation.author"],
                         genre=w["citation.genre"], date=date, language=p.language, version=__version__,
                         commit=commit.removesuffix("+modified"), data_sha256=data_hash(report.data.data.hashes))


def write_charts(report, folder: Path) -> list[Path]:
    """Write each chart of the report as ``charts/<section>-<n>.svg``: the drawing the page
    shows (exported once), its caption as the SVG's ``<title>`` and its text alternative as
    its ``<desc>``."""
    from markupsafe import Markup

    written = []
    for view in report.views.values():
        for number, chart in enumerate(view.charts, start=1):
            caption, svg = chart.exported or chart.export()
            start = svg.index(">", svg.index("<svg")) + 1
            labels = str(Markup("\n <title>{}</title>\n <desc>{}</desc>").format(caption, chart.alt))
            path = folder / "charts" / f"{view.id}-{number}.svg"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + svg[:start] + labels + svg[start:],
                            encoding="utf-8")
            written.append(path)
    return written


def words(report) -> dict[str, str]:
    from akimstat.labels import publish_words

    return publish_words(report.params.language)


def report_title(report) -> str:
    return report.writer.t.title(report.params.scope, report.params.cycle)


def provenance(report) -> dict:
    """Return the data fingerprint, code version and parameters that made the report."""
    from akimstat.provenance import code_version, data_hash
    from akimstat.provenance import portable

    from akimstat.safe import csv_text

    figures = csv_text(report.figures_frame()).encode("utf-8")
    return {"data_sha256": data_hash(report.data.data.hashes), "code": code_version(),
            "parameters": {name: portable(name, value) for name, value in report.params.as_dict().items()
                           if name != "output_dir"},
            "figures_sha256": hashlib.sha256(figures).hexdigest()}


def sheets_of(report) -> list[tuple[str, str, pd.DataFrame, str]]:
    """Return (name, title, frame, sheet label) of every table the report publishes: its
    figures, then its tables by section, in the report's order; the title and the label in
    the report's language, the name (the CSV's) a code."""
    w = words(report)
    sheets = [("figures", w["xlsx.figures"], report.figures_frame(), sheet_label(w, "figures", None))]
    for view in report.views.values():
        covers = view.result.facts.get("coverage")  # a national table of some regions names them
        where = f" ({coverage_name(report.writer.t, covers)})" if isinstance(covers, Coverage) else ""
        for name, frame in view.frames.items():
            title = table_title(w, name, str(view.title) if view.title else None)
            sheets.append((name, f"{title}{where}", frame, sheet_label(w, name, str(view.title) if view.title else None)))
    return sheets


def _sheet_name(name: str, taken: set) -> str:
    """Return an Excel sheet name for `name`: at most 31 characters, none of []:*?/\\, unique."""
    base = SHEET_NAME.sub("_", name)[:31]
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base[:28]}_{n}"
    taken.add(candidate.lower())
    return candidate


def source_line(w: dict, info: dict, sources: str) -> str:
    """Return the spreadsheet's source line in its language: the sources of the data, then
    the software that computed the tables (version, full commit) and the data hash."""
    from akimstat.provenance import git_commit

    commit = git_commit()[0]
    return w["xlsx.source"].format(version=__version__, data=info["data_sha256"], sources=sources,
                                   commit=commit.removesuffix("+modified"))


def write_xlsx(report, path: Path) -> Path:
    """Write the report's tables as an accessible spreadsheet (see the module's docstring)."""
    from openpyxl import Workbook
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.worksheet.hyperlink import Hyperlink

    from akimstat.report import record

    w, info = words(report), provenance(report)
    source = source_line(w, info, sources_words(report))
    variables = ", ".join(report.writer.t.plain(f"col.{v}").lower() for v in report.params.sensitive_variables)
    notes = [(1, w["xlsx.note.suppressed"].format(threshold=report.params.suppression_threshold,
                                                    variables=variables or "—")),
             (2, w["xlsx.note.units"])]
    if report.data.synthetic:
        notes.append((3, synthetic_note(report, w)))
    marks = {"[x]": len(notes) + 1, "[z]": len(notes) + 2}
    notes += [(n, w[f"xlsx.note.{mark[1]}"]) for mark, n in marks.items()]
    wb = Workbook()
    cover = wb.active
    cover.title = w["xlsx.cover"]
    contents = wb.create_sheet(w["xlsx.contents"])
    notes_sheet = wb.create_sheet(w["xlsx.notes"])
    taken = {cover.title.lower(), contents.title.lower(), notes_sheet.title.lower()}
    listed = []
    for name, title, frame, label in sheets_of(report):
        sheet = wb.create_sheet(_sheet_name(label, taken))
        found = marks_in(frame)
        lines = [w["xlsx.instructions"], f"{report.writer.scope_name}, {report.writer.cycle_name()}", source]
        if CONFIDENTIAL in found:
            lines.append(w["xlsx.suppressed_here"] + f" [{note_label(w, 1)}]")
        lines += [w[f"xlsx.marked_here.{m[1]}"] + f" [{note_label(w, marks[m])}]" for m in sorted(found - {CONFIDENTIAL})]
        if frame.empty:  # an Excel table keeps one blank row: say it is not a hidden one
            lines.append(w["xlsx.empty"])
        header, cells = reader_table(report, marked(frame), w, unit_of)
        header = [safe_text(h) for h in header]
        rows = safe_frame(cells).itertuples(index=False)
        write_sheet(sheet, title, lines, header, [list(r) for r in rows], re.sub(r"\W", "_", name))
        listed.append((sheet.title, title))
    write_sheet(contents, w["xlsx.contents"], [w["xlsx.contents_instructions"]],
                [w["xlsx.sheet"], w["xlsx.description"]], [list(r) for r in listed], "contents")
    for row, (sheet_name, _) in enumerate(listed, start=4):  # each sheet's name links to it
        cell = contents.cell(row=row, column=1)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet_name}'!A1", display=sheet_name)
        cell.style = "Hyperlink"
    write_sheet(notes_sheet, w["xlsx.notes"], [w["xlsx.notes_instructions"]],
                [w["xlsx.note_number"], w["xlsx.note_text"]], [[note_label(w, n), t] for n, t in notes], "notes")
    write_cover(cover, report, w, info)
    wb.properties.title = report_title(report)
    wb.properties.creator = "akimstat"
    wb.properties.language = report.params.language
    wb.custom_doc_props.append(StringProperty(name=record.NAME, value=record.as_text(info)))
    wb.save(path)
    reproducible_zip(path, created_at())
    return path


def synthetic_note(report, w: dict) -> str:
    """Return the note naming the cycles whose synthetic records the report reads."""
    return w["xlsx.note.synthetic"].format(cycles=report.writer.cycle_names(report.data.synthetic))


def write_sheet(sheet, title: str, lines: list[str], header: list[str], rows: list[list], table_name: str) -> None:
    """Write one table on its own sheet as the guidance asks: its title in A1, what the sheet
    holds and the source in the rows under it, then the table as an Excel table (named, with
    a header row, no blank rows or merged cells)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    sheet["A1"] = safe_text(title)
    sheet["A1"].font = Font(bold=True, size=15)
    for number, line in enumerate(lines, start=2):
        sheet.cell(row=number, column=1, value=safe_text(line))
    top = len(lines) + 2
    for column, name in enumerate(header, start=1):
        cell = sheet.cell(row=top, column=column, value=name)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=top + 1):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value.item() if hasattr(value, "item") else value)
    last = f"{get_column_letter(len(header))}{top + max(len(rows), 1)}"
    table = Table(displayName=f"t_{table_name}"[:250], ref=f"A{top}:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    sheet.add_table(table)
    for column, name in enumerate(header, start=1):
        values = [str(name)] + [str(row[column - 1]) for row in rows]
        width = max(len(line) for value in values for line in value.split("\n"))
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 10), 60)
    sheet.column_dimensions["A"].width = max(sheet.column_dimensions["A"].width, 12)


def write_cover(sheet, report, w: dict, info: dict) -> None:
    """Write the cover: the title, what the tables are about, source, parameters and notes."""
    from openpyxl.styles import Alignment, Font

    params, writer = report.params, report.writer
    corps = writer.t.level_words(params.cycle)["corps"]
    about = (w["xlsx.about_text.no_baseline"].format(scope=writer.scope_name, corps=corps, cycle=writer.cycle_name())
             if params.baseline == NO_BASELINE else
             w["xlsx.about_text"].format(scope=writer.scope_name, corps=corps, cycle=writer.cycle_name(),
                                         baseline=writer.cycle_name(params.baseline)))
    sections = [
        (w["xlsx.about"], [about]
         + ([synthetic_note(report, w)] if report.data.synthetic else [])),
        (w["xlsx.source_heading"], [source_line(w, info, sources_words(report))]),
        (w["xlsx.parameters"], made_sentences(writer, plain=True)),  # in full: the data package
        (w["xlsx.notes"], [w["xlsx.notes_text"]]),
    ]
    sheet["A1"] = safe_text(report_title(report))
    sheet["A1"].font = Font(bold=True, size=15)
    row = 2
    for title, lines in sections:
        sheet.cell(row=row, column=1, value=safe_text(title)).font = Font(bold=True, size=13)
        row += 1
        for line in lines:
            sheet.cell(row=row, column=1, value=safe_text(line)).alignment = Alignment(wrap_text=True)
            row += 1
    sheet.column_dimensions["A"].width = 100


def reproducible_zip(path: Path, when: dt.datetime) -> None:
    """Rewrite the XLSX at `path` with the same bytes on every run: every member dated `when`,
    and the document's created and modified dates `when` (openpyxl writes the time of saving)."""
    import zipfile

    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6] if when.year >= 1980 else (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)


def created_at() -> dt.datetime:
    """Return the spreadsheet's creation date: ``$SOURCE_DATE_EPOCH`` when set (and not 0, what
    the render's kernels get by default), else the code's commit date (the same on every render
    of one commit), else the epoch of ZIP files."""
    from akimstat.provenance import git_commit

    if int(os.environ.get("SOURCE_DATE_EPOCH") or 0) > 0:
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc).replace(tzinfo=None)
    date = git_commit()[1]
    return dt.datetime.fromisoformat(date) if date else dt.datetime(1980, 1, 1)


def write_datapackage(report, folder: Path, charts=()) -> Path:
    """Write ``datapackage.json`` (Frictionless Data Package) describing figures.csv, every
    tables/*.csv (columns, types, units, the suppression marker), the chart files, the
    parameters and the data fingerprint."""
    w, info = words(report), provenance(report)
    resources = [table_resource("figures", "figures.csv", w["xlsx.figures"], report.figures_frame(), w)]
    for name, title, frame, _ in sheets_of(report)[1:]:
        resources.append(table_resource(name, f"tables/{name}.csv", title, frame, w))
    for path in charts:
        relative = path.relative_to(folder).as_posix()
        resources.append({"name": "chart-" + path.stem.lower().replace("_", "-"), "path": relative,
                          "format": "svg", "mediatype": "image/svg+xml", "encoding": "utf-8"})
    package = {
        "profile": "data-package",
        "name": re.sub(r"[^a-z0-9._-]", "-", f"akimstat-{report.params.cycle}-{report.params.scope}-"
                                              f"{report.params.language}".lower()),
        "title": report_title(report),
        "description": w["datapackage.description"],
        "version": __version__,
        "licenses": [STATISTICS_LICENCE],
        "keywords": ["Kazakhstan", "akims", "official statistics"],
        "akimstat:language": report.params.language,
        "akimstat:data_sha256": info["data_sha256"],
        "akimstat:code": info["code"],
        "akimstat:parameters": info["parameters"],
        "akimstat:data_files": dict(report.data.data.hashes),  # SHA-256 of each (the page names none)
        "akimstat:figures_sha256": info["figures_sha256"],
        "akimstat:status": report.data.data.status_of(report.params.cycle),
        "akimstat:synthetic": report.data.data.status_of(report.params.cycle) == "synthetic",
        "akimstat:synthetic_cycles": report.data.synthetic,
        "resources": resources,
    }
    path = folder / "datapackage.json"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    return path


def table_resource(name: str, path: str, title: str, frame: pd.DataFrame, w: dict) -> dict:
    """Return the Data Resource of one CSV written from `frame`."""
    fields = []
    for column in frame.columns:
        field = {"name": str(column), "type": field_type(frame[column])}
        unit = unit_of(column)
        if f"field.{column}" in w:  # what a figure rests on: coverage, universe, status, sources
            field["description"] = w[f"field.{column}"]
        if unit:
            field["description"] = w[f"unit.{unit}"]
            field["akimstat:unit"] = unit
        fields.append(field)
    suppressed = bool(frame.isna().any().any())
    resource = {"name": re.sub(r"[^a-z0-9._-]", "-", name.lower()), "path": path, "title": title,
                "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv",
                "encoding": "utf-8", "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
                "schema": {"fields": fields, "missingValues": [""]}}
    if suppressed:
        resource["description"] = w["datapackage.suppressed"]
    return resource
