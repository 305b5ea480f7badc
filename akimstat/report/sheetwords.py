"""The spreadsheet's words for readers (issue 29): each table's name in the report's language
(its sheet name and its title), the notes' labels, and the line naming the sources of the
data and the software that computed it. Codes (``women_by_region``, ``ethnicity``) stay in the
CSV files, the data package and each Excel table's name, never in the sheet's text."""

from __future__ import annotations

import html
import re

MAX_SHEET = 31  # Excel's longest sheet name


def table_label(w: dict, name: str, section_title: str | None) -> str:
    """Return the short name of table `name` in the words `w`: its own (``table.<name>``)
    where publish.yaml gives one, else the title of the section that shows it."""
    return w.get(f"table.{name}") or section_title or w["xlsx.description"]


def table_title(w: dict, name: str, section_title: str | None) -> str:
    """Return the title of table `name`: its section's title, and its own name when the
    section shows more than one table ("Women: Share of women by region")."""
    label = table_label(w, name, section_title)
    return label if not section_title or label == section_title else f"{section_title}: {label}"


def sheet_label(w: dict, name: str, section_title: str | None) -> str:
    """Return the sheet name of table `name` before it is made unique: its short name
    (``sheet.<name>``) where its own is long, at most 31 characters, none that Excel refuses."""
    label = w.get(f"sheet.{name}") or table_label(w, name, section_title)
    return re.sub(r"[\[\]:*?/\\]", "", label)[:MAX_SHEET].strip()


def note_label(w: dict, number: int) -> str:
    """Return the label of note `number` ("Примечание 1", "1-ескертпе")."""
    return w["xlsx.note_label"].format(n=number)


def sources_words(report) -> str:
    """Return the publishers of the sources the report's figures rest on, in the report's
    language and in the order of sources.csv, and the records when figures rest on them."""
    writer = report.writer
    frame = report.figures_frame()
    ids = {i for cell in frame["sources"].dropna() for i in str(cell).split(", ") if i}
    table = report.data.data.sources
    names = list(dict.fromkeys(_plain(writer.publisher(table.loc[i])) for i in table.index if i in ids))
    if report.data.synthetic:
        names.append(_words(report)["xlsx.records.synthetic"])
    elif frame["rests_on"].astype(str).str.contains("records").any():
        names.append(_words(report)["xlsx.no_sources"])
    return "; ".join(names) or _words(report)["xlsx.no_sources"]


def _words(report) -> dict:
    from akimstat.labels import publish_words

    return publish_words(report.params.language)


def _plain(markup) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", str(markup)))
