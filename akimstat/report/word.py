"""The report as a Word document (``report.docx``), for the editors of a ministry who edit and
circulate a report in Word before it is published.

It holds what the page holds, section by section: the HTML of each section's parts becomes
Word headings, paragraphs, lists and tables (`akimstat.report.word_html`), and each chart a
picture, the PNG of the same matplotlib figure the page shows as SVG (`charts.png_of`: Word
before 2016 and LibreOffice's older versions show no SVG), with the chart's text alternative
as the picture's description (``wp:docPr/@descr``, what a screen reader says and Word's "Alt
Text" shows), kept with its caption (Caption) and followed by its data table when the page
shows one. The document's language is the report's (``kk-KZ``, ``ru-RU``, ``en-GB``: Word's
spelling, hyphenation and quotes follow it); the page is A4 with numbered pages, as the PDF.

Same inputs, same bytes: the parts are zipped again in the order python-docx writes them, each
dated as the spreadsheet's are (`outputs.created_at`: ``$SOURCE_DATE_EPOCH``, else the code's
commit date), and so are the document's created and modified dates, never the time of the run.
Like every file of a report it carries the record of its run (`akimstat.report.record`), in a
custom document property as the spreadsheet does, for `akimstat verify report.docx`.
"""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape
import struct
import zipfile
from pathlib import Path

from markupsafe import Markup

from akimstat.report import html as h
from akimstat.report.charts import PNG_DPI, png_of
from akimstat.report.word_html import add_html, set_language, word_language

DOCX_FILE = "report.docx"
#: A4 with margins of 2 cm, as the PDF's page (mm).
PAGE_MM, MARGIN_MM = (210, 297), 20
CUSTOM = "docProps/custom.xml"


def write_docx(report, path: Path, citation: dict, when: dt.datetime, record: str) -> Path:
    """Write the report's Word document at `path`; `citation` is its CSL-JSON item (title,
    author, language), `when` its date, `record` the record of the run as text."""
    path.write_bytes(docx_bytes(report, citation, when, record))
    return path


def docx_bytes(report, citation: dict, when: dt.datetime, record: str) -> bytes:
    """Return the report as the bytes of a .docx: every section, then reproducibly zipped."""
    document = new_document(report.params.language)
    for view in report.views.values():
        if view.wrap and view.title:  # the section's heading, and the place its links go
            add_html(document, h.section(view.title, id=view.id))
        for part in view.parts:
            if isinstance(part, Markup) or isinstance(part, str):
                add_html(document, part)
            else:
                add_chart(document, part)
    describe(document, citation, when)
    out = io.BytesIO()
    document.save(out)
    return reproducible_zip(out.getvalue(), when, report.params.language, record)


def new_document(language: str):
    """Return an empty A4 document whose text is in `language`, with the styles the report uses."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_language(defaults, word_language(language))
    document.settings.element.find(qn("w:themeFontLang")).set(qn("w:val"), word_language(language))
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.underline, link.font.color.rgb = True, RGBColor(0x1F, 0x5F, 0x8B)
    code = styles.add_style("HTML Code", WD_STYLE_TYPE.CHARACTER)
    code.font.name, code.font.size = "Courier New", Pt(9)
    for name in ("Quote", "Intense Quote"):  # a note and a warning: set off, upright, in the text's colour
        styles[name].font.italic = styles[name].font.bold = False
        styles[name].font.color.rgb = RGBColor(0, 0, 0)
        styles[name].paragraph_format.left_indent = styles[name].paragraph_format.right_indent = Mm(5)
    styles["Table Grid"].font.size = Pt(9)
    page_numbers(section)
    return document


def page_numbers(section) -> None:
    """Number the pages in the footer (a PAGE field, centred)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field)


def add_chart(document, chart) -> None:
    """Add a chart: its picture (described by its text alternative) kept with its caption, then
    its data table as the page discloses it."""
    from docx.shared import Mm

    caption, _ = chart.exported or chart.export()  # the caption the page shows
    png = png_of(chart.figure, title=False)
    width_px, _ = struct.unpack(">II", png[16:24])  # the PNG's IHDR: width, height
    width = min(Mm(width_px / PNG_DPI * 25.4), Mm(PAGE_MM[0] - 2 * MARGIN_MM))
    picture = document.add_paragraph()
    picture.paragraph_format.keep_with_next = True
    shape = picture.add_run().add_picture(io.BytesIO(png), width=width)
    shape._inline.docPr.set("descr", chart.alt)
    add_html(document, h.tag("figure", h.tag("figcaption", caption)))
    if chart.data is not None:
        add_html(document, h.tag("details", h.join([h.tag("summary", chart.data_label), chart.data])))


def describe(document, citation: dict, when: dt.datetime) -> None:
    """Set the document's properties from the report's citation: title, author, language; its
    date `when`; and nothing of the program that wrote it."""
    properties = document.core_properties
    properties.title = citation["title"]
    properties.author = properties.last_modified_by = citation["author"][0]["literal"]
    properties.language = word_language(citation["language"])
    properties.comments = properties.subject = properties.keywords = properties.category = ""
    properties.revision = 1
    properties.created = properties.modified = when


def reproducible_zip(blob: bytes, when: dt.datetime, language: str, record: str) -> bytes:
    """Return the package `blob` zipped again, every part dated `when` with fixed permissions,
    with the record of the run as a custom property; the template's other copy of the styles
    (Word 2010's ``stylesWithEffects.xml``) gets the report's language too."""
    stamp = when.timetuple()[:6] if when.year >= 1980 else (1980, 1, 1, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        members = [(info.filename, source.read(info.filename)) for info in source.infolist()]
        for name, data in [*members, (CUSTOM, custom_properties(record))]:
            if name == "word/stylesWithEffects.xml":
                data = data.replace(b'w:lang w:val="en-US"', f'w:lang w:val="{word_language(language)}"'.encode())
            elif name == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/{CUSTOM}" ContentType="application/'
                                    'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>'.encode())
            elif name == "_rels/.rels":
                data = data.replace(b"</Relationships>", f'<Relationship Id="rIdAkimstat" Type="http://schemas.'
                                    'openxmlformats.org/officeDocument/2006/relationships/custom-properties" '
                                    f'Target="{CUSTOM}"/></Relationships>'.encode())
            fixed = zipfile.ZipInfo(name, date_time=stamp)
            fixed.compress_type, fixed.external_attr, fixed.create_system = zipfile.ZIP_DEFLATED, 0o644 << 16, 3
            target.writestr(fixed, data)
    return out.getvalue()


def custom_properties(record: str) -> bytes:
    """Return ``docProps/custom.xml`` holding `record` as the property ``akimstat:record``."""
    from akimstat.report.record import NAME

    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.'
            'openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats'
            '.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
            f'pid="2" name="{NAME}"><vt:lpwstr>{escape(record)}</vt:lpwstr></property></Properties>').encode()
