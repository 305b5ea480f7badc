"""How to cite a report: one citation record, written as CSL-JSON and BibTeX beside the report
and as Highwire Press (``citation_*``) and Dublin Core meta tags in its page.

The record is made in the kernel from the report itself (title, language, code commit, data
fingerprint), so the three forms cannot disagree: the page reads the tags from the CSL-JSON.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

CSL_FILE = "citation.json"
BIBTEX_FILE = "citation.bib"

# BibTeX's special characters, in the order they must be replaced (the backslash first).
_BIBTEX_SPECIAL = [("\\", r"\textbackslash{}"), ("{", r"\{"), ("}", r"\}"), ("&", r"\&"), ("%", r"\%"),
                   ("$", r"\$"), ("#", r"\#"), ("_", r"\_"), ("~", r"\textasciitilde{}"),
                   ("^", r"\textasciicircum{}")]


def citation_item(*, key: str, title: str, author: str, genre: str, date: str, language: str,
                  version: str, commit: str, data_sha256: str) -> dict:
    """Return the report's citation as a CSL-JSON item (``type: report``).

    `date` is the code's commit date (YYYY-MM-DD, or '' outside git): a report has no other
    date that the same inputs would give again.
    """
    item = {"id": key, "type": "report", "genre": genre, "title": title,
            "author": [{"literal": author}], "publisher": author, "language": language,
            "version": version, "note": f"akimstat {version}, commit {commit}; data SHA-256 {data_sha256}"}
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        item["issued"] = {"date-parts": [[int(part) for part in date.split("-")]]}
    return item


def bibtex(item: dict) -> str:
    """Return `item` (a CSL-JSON report) as one BibTeX ``@techreport`` entry."""
    fields = {"title": item["title"], "author": "{" + _escaped(item["author"][0]["literal"]) + "}",
              "institution": item["publisher"], "type": item["genre"], "language": item["language"],
              "version": item["version"], "note": item["note"]}
    if "issued" in item:
        year, month, day = item["issued"]["date-parts"][0]
        fields |= {"year": str(year), "date": f"{year:04d}-{month:02d}-{day:02d}"}
    lines = [f"  {name} = {{{value if name == 'author' else _escaped(value)}}}" for name, value in fields.items()]
    return f"@techreport{{{item['id']},\n" + ",\n".join(lines) + "\n}\n"


def _escaped(text: str) -> str:
    for char, replacement in _BIBTEX_SPECIAL:
        text = text.replace(char, replacement)
    return text


def meta_tags(item: dict) -> list[tuple[str, str]]:
    """Return the page's (name, content) meta tags for `item`: Highwire Press, read by Google
    Scholar and Zotero, and Dublin Core."""
    tags = [("citation_title", item["title"]), ("citation_author", item["author"][0]["literal"]),
            ("citation_publisher", item["publisher"]),
            ("citation_technical_report_institution", item["publisher"]),
            ("citation_language", item["language"])]
    if "issued" in item:
        year, month, day = item["issued"]["date-parts"][0]
        tags += [("citation_date", f"{year:04d}/{month:02d}/{day:02d}"),
                 ("citation_publication_date", f"{year:04d}/{month:02d}/{day:02d}")]
    tags += [("DC.title", item["title"]), ("DC.creator", item["author"][0]["literal"]),
             ("DC.publisher", item["publisher"]), ("DC.language", item["language"]), ("DC.type", "Text")]
    if "issued" in item:
        tags.append(("DC.date", "-".join(f"{p:02d}" for p in item["issued"]["date-parts"][0])))
    return tags


def write_citation(item: dict, folder: Path) -> list[Path]:
    """Write `item` as ``citation.json`` (CSL-JSON: a list of one item) and ``citation.bib``."""
    csl, bib = folder / CSL_FILE, folder / BIBTEX_FILE
    csl.write_text(json.dumps([item], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    bib.write_text(bibtex(item), encoding="utf-8")
    return [csl, bib]


def read_meta_tags(folder: Path) -> list[tuple[str, str]]:
    """Return the meta tags of the report in `folder` (none if it has no ``citation.json``)."""
    path = folder / CSL_FILE
    return meta_tags(json.loads(path.read_text(encoding="utf-8"))[0]) if path.is_file() else []
