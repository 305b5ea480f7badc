"""Read the first sheet of an XLSX workbook with bounded work: memory, time and message sizes.

A workbook is a zip of XML files, and its XML can ask a reader for almost anything: a 5 KB file
whose one cell sits at ``XFD1048576`` makes a reader that pads rows build 17 billion cells, and
a 400 KB file can unpack to one 400 MB cell. This reader streams the XML with expat and keeps
only the cells that hold a value, so what it builds is proportional to what the sheet holds,
and it refuses, as soon as it meets them:

- a cell beyond `MAX_ROWS` (Excel's own limit) or `MAX_COLUMNS`;
- a cell longer than `MAX_CELL_CHARS` (Excel's own limit on a cell);
- more than `MAX_CELLS` cells, or a shared-string table larger than `MAX_SHARED_STRINGS`;
- a read that takes longer than `MAX_SECONDS`;
- a document type declaration (XLSX never has one; entities are how XML bombs grow).

A password-protected workbook is not a zip but an OLE file holding an encrypted package, and is
named as such. Values are text, as `pandas.read_excel(dtype=str)` gives them: whole numbers
without ``.0``, dates as ``2013-12-04 00:00:00``, booleans as ``True``/``False``.
"""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.parsers import expat

import pandas as pd

from akimstat.data.xlsx_cells import _SheetCells, _Text
from akimstat.data.xlsx_cells import MAX_ROWS, _problem

MAX_SHARED_STRINGS = 512 * 2**20  # bytes of XML, unpacked
MAX_SECONDS = 120.0
CHUNK = 2**20
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")
@dataclass(frozen=True)
class Sheet:
    """The cells of a sheet as text, row and column numbers counted from 0, and its name."""

    cells: pd.DataFrame  # indexed by sheet row - 1, only rows holding a value
    name: str
    names: tuple[str, ...]  # every sheet of the workbook, in its order


def read_first_sheet(path: str | Path, max_seconds: float | None = None) -> Sheet:
    """Return the first sheet of the workbook at `path`, or raise `InputError` saying why not.

    Parameters
    ----------
    path : an ``.xlsx`` or ``.xlsm`` file.
    max_seconds : time the read may take before it is refused (default `MAX_SECONDS`).
    """
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(len(OLE_MAGIC))
    if head == OLE_MAGIC:
        raise _problem(path, None, None, None, _ole_kind(path))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _problem(path, None, None, None,
                       f"a readable XLSX workbook (not a zip archive: {exc})") from None
    with archive:
        return _Reader(path, archive, MAX_SECONDS if max_seconds is None else max_seconds).first_sheet()


def _ole_kind(path: Path) -> str:
    """An OLE file named .xlsx is an encrypted workbook (or an old .xls renamed)."""
    with open(path, "rb") as handle:
        data = handle.read(64 * 2**20)
    if ENCRYPTED_MARK in data:
        return ("a workbook without a password: this one is encrypted (password-protected); "
                "save a copy without the password, or as CSV UTF-8")
    return "an XLSX workbook: this is an older Excel file (.xls); save it as .xlsx or CSV UTF-8"


class _Reader:
    """One pass over a workbook's parts, every step checked against the limits."""

    def __init__(self, path: Path, archive: zipfile.ZipFile, seconds: float):
        self.path, self.archive, self.seconds = path, archive, seconds
        self.deadline = time.monotonic() + seconds
        self.members = {info.filename: info for info in archive.infolist()}
        self.hidden: set[str] = set()  # names of the sheets hidden in Excel

    def first_sheet(self) -> Sheet:
        sheets, date1904 = self._sheets()
        if not sheets:
            raise _problem(self.path, None, None, None, "a workbook with at least one sheet")
        name, part = sheets[0]
        if name in self.hidden:  # the user reviews the sheets they see, not the one read
            from akimstat.labels import localised

            raise _problem(self.path, None, None, name, localised("expected.visible_sheet"))
        shared = self._shared_strings()
        dates = self._date_styles()
        cells = self._cells(part, name, shared, dates, date1904)
        return Sheet(cells=cells, name=name, names=tuple(n for n, _ in sheets))

    # -- the workbook's parts -----------------------------------------------------------------
    def _sheets(self) -> tuple[list[tuple[str, str]], bool]:
        """Return (name, zip member) of each sheet in workbook order, and the 1904 date flag."""
        sheets, targets, flags = [], {}, {"date1904": False}

        def workbook(tag, attrs):
            if tag == "sheet":
                rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
                sheets.append((attrs.get("name", ""), rid))
                if attrs.get("state") in ("hidden", "veryHidden"):
                    self.hidden.add(attrs.get("name", ""))
            elif tag == "workbookPr":
                flags["date1904"] = attrs.get("date1904", "0") in ("1", "true")

        def relations(tag, attrs):
            if tag == "Relationship":
                targets[attrs.get("Id")] = attrs.get("Target", "")

        book = self._part_name("xl/workbook.xml")
        self._parse(book, workbook)
        rels = str(PurePosixPath(book).parent / "_rels" / (PurePosixPath(book).name + ".rels"))
        if rels in self.members:
            self._parse(rels, relations)
        parts = []
        for name, rid in sheets:
            target = targets.get(rid, "")
            member = target.lstrip("/") if target.startswith("/") else str(
                PurePosixPath(book).parent / target)
            parts.append((name, _normalised(member)))
        return parts, flags["date1904"]

    def _part_name(self, default: str) -> str:
        if default in self.members:
            return default
        raise _problem(self.path, None, None, None, f"a readable XLSX workbook (it has no {default})")

    def _shared_strings(self) -> list[str]:
        member = "xl/sharedStrings.xml"
        if member not in self.members:
            return []
        size = self.members[member].file_size
        if size > MAX_SHARED_STRINGS:
            raise _problem(self.path, None, None, None,
                           f"a workbook whose shared text unpacks to at most "
                           f"{MAX_SHARED_STRINGS // 2**20} MB (this one declares {size // 2**20} MB)")
        strings: list[str] = []
        text = _Text(self, "shared text")
        state = {"in_si": False, "phonetic": 0}

        def start(tag, attrs):
            if tag == "si":
                state["in_si"] = True
                text.clear()
                text.where = (None, None, f"shared text number {len(strings) + 1}")
            elif tag == "rPh":  # phonetic guide: not part of the cell's text
                state["phonetic"] += 1
            elif tag == "t" and state["in_si"] and not state["phonetic"]:
                text.collect = True

        def end(tag):
            if tag == "t":
                text.collect = False
            elif tag == "rPh":
                state["phonetic"] -= 1
            elif tag == "si":
                state["in_si"] = False
                strings.append(text.value())

        self._parse(member, start, end, text.add)
        return strings

    def _date_styles(self) -> set[int]:
        """Return the indexes of cell styles whose number format is a date."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        member = "xl/styles.xml"
        if member not in self.members:
            return set()
        formats, styles, where = dict(BUILTIN_FORMATS), [], []

        def start(tag, attrs):
            if tag == "numFmt":
                formats[int(attrs.get("numFmtId", -1))] = attrs.get("formatCode", "")
            elif tag in ("cellXfs", "cellStyleXfs"):
                where.append(tag)
            elif tag == "xf" and where and where[-1] == "cellXfs":
                styles.append(int(attrs.get("numFmtId", 0)))

        def end(tag):
            if tag in ("cellXfs", "cellStyleXfs"):
                where.pop()

        self._parse(member, start, end)
        return {i for i, fmt in enumerate(styles) if is_date_format(formats.get(fmt, ""))}

    def _cells(self, member: str, sheet: str, shared: list[str], dates: set[int],
               date1904: bool) -> pd.DataFrame:
        """Stream the sheet's cells into a frame holding only the rows with a value."""
        if member not in self.members:
            raise _problem(self.path, None, None, None, f"a readable XLSX workbook (sheet "
                           f"{sheet!r} has no part {member})")
        cells = _SheetCells(self, sheet, shared, dates, date1904)
        self._parse(member, cells.start, cells.end, cells.text.add)
        return cells.frame()

    def _check_row(self, row: int) -> None:
        if row > MAX_ROWS:
            raise _problem(self.path, row, None, None, f"a sheet of at most {MAX_ROWS:,} rows "
                           "(Excel's limit)")

    def _check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise _problem(self.path, None, None, None, f"a workbook read within {self.seconds:g} s "
                           "(this one takes longer: save it as CSV UTF-8, which reads much faster)")

    # -- XML ------------------------------------------------------------------------------------
    def _parse(self, member: str, start, end=None, chars=None) -> None:
        """Stream `member` through expat, with tags stripped of namespace prefixes."""
        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = lambda tag, attrs: start(tag.rpartition(":")[2], attrs)
        if end is not None:
            parser.EndElementHandler = lambda tag: end(tag.rpartition(":")[2])
        if chars is not None:
            parser.CharacterDataHandler = chars

        def refuse(*_):
            raise _problem(self.path, None, None, None, f"a readable XLSX workbook ({member} "
                           "declares a document type, which XLSX never does)")

        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        try:
            with self.archive.open(member) as stream:
                while chunk := stream.read(CHUNK):
                    parser.Parse(chunk, False)
                    self._check_time()
                parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise _problem(self.path, None, None, None,
                           f"a readable XLSX workbook ({member} is not valid XML: {exc})") from None
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
            raise _problem(self.path, None, None, None,
                           f"a readable XLSX workbook ({member}: {exc})") from None


def _normalised(member: str) -> str:
    """Resolve '..' in a zip member name, as relationship targets may hold it."""
    parts: list[str] = []
    for part in member.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)
