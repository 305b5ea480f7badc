"""The record of a run, carried by every file of a report: the data fingerprint, the code
version, the parameters and the SHA-256 of figures.csv that made it (issue 23).

`akimstat verify` reads it from any one file of a report, copied alone anywhere:
``report.html`` in a ``<meta name="akimstat:record">``, ``report.pdf`` in its document
information, ``report.xlsx`` and ``report.docx`` in a custom document property, ``report.ipynb`` in its metadata
and ``datapackage.json`` in its ``akimstat:`` keys (the CSV and SVG files by the
``datapackage.json`` beside them).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from akimstat.errors import ParameterError

NAME = "akimstat:record"  # the HTML meta element's and the XLSX property's name
PDF_KEY = "/AkimstatRecord"
KEYS = ("data_sha256", "code", "parameters", "figures_sha256")


def as_text(record: dict) -> str:
    """Return the record as one line of JSON, keys sorted (the same bytes in every file)."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def from_package(package: dict) -> dict | None:
    """Return the record that a report's ``datapackage.json`` holds, or None."""
    record = {key: package.get(f"akimstat:{key}") for key in KEYS}
    return record if all(record[key] is not None for key in KEYS[:3]) else None


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.content = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == NAME and self.content is None:
            self.content = attrs.get("content")


def in_html(page: str) -> dict | None:
    """Return the record a report page carries in its head, or None."""
    parser = _Meta()
    parser.feed(page[: page.find("</head>") if "</head>" in page else None])
    return json.loads(parser.content) if parser.content else None


def read_record(path: Path) -> tuple[dict, Path | None]:
    """Return the record a file of a report carries and the report's folder when the file is
    in it beside its ``datapackage.json`` (else None).

    Raises
    ------
    ParameterError
        When the file carries no readable record, naming it and what was looked for.
    """
    path = Path(path)
    folder = next((f for f in (path.parent, path.parent.parent) if (f / "datapackage.json").is_file()), None)
    try:
        record = _read(path, folder)
    except ParameterError:
        raise
    except Exception as err:  # a damaged or foreign file: named, never a traceback
        raise ParameterError(f"{path}: cannot read the record of the run in it "
                             f"({type(err).__name__}: {err})") from None
    if not isinstance(record, dict) or not all(isinstance(record.get(k), (str, dict)) for k in KEYS[:3]):
        raise ParameterError(f"{path}: no record of the run in it (the data fingerprint, code version and "
                             f"parameters of an akimstat report); is it a file of an akimstat report?")
    return record, folder


def _read(path: Path, folder: Path | None) -> dict | None:
    suffix = path.suffix.lower()
    if suffix == ".html":
        return in_html(path.read_bytes().decode("utf-8", errors="replace"))
    if suffix == ".pdf":
        import pikepdf

        with pikepdf.open(path) as doc:
            text = doc.docinfo.get(PDF_KEY)
            return json.loads(str(text)) if text is not None else None
    if suffix in (".xlsx", ".docx"):  # both keep it in a custom document property
        return _xlsx_record(path)
    if suffix == ".ipynb":
        return json.loads(path.read_bytes().decode("utf-8")).get("metadata", {}).get("akimstat")
    if path.name == "datapackage.json":
        return from_package(json.loads(path.read_bytes().decode("utf-8")))
    if folder is not None:  # figures.csv, tables/*.csv, charts/*.svg, render.json
        return from_package(json.loads((folder / "datapackage.json").read_text(encoding="utf-8")))
    return None


def _xlsx_record(path: Path) -> dict | None:
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as archive:
        if "docProps/custom.xml" not in archive.namelist():
            return None
        root = ElementTree.fromstring(archive.read("docProps/custom.xml"))
    for prop in root:
        if prop.get("name") == NAME:
            return json.loads("".join(prop.itertext()))
    return None
