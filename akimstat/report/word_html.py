"""The HTML of a report's sections as Word paragraphs, lists and tables (python-docx).

A section's parts are the same HTML the page shows (`akimstat.report.html`), so the document
says what the page says: h1-h4 become Word's Heading 1-4, paragraphs Normal (the subtitle
Subtitle, a note Quote, a warning Intense Quote), lists List Bullet and List Number, a table a
Word table in the Table Grid style with its caption above it (Caption), its header rows
repeated on every page, row headers and numbers aligned as on the page; ``<strong>``, ``<em>``
and ``<code>`` are the character styles Strong, Emphasis and HTML Code, a text in another
language (``<span lang="en">``) keeps its language, a link its address (or its section, by a
bookmark). Styles, not direct formatting, so an editor changes the look of every heading or
caption at once. Charts are not HTML here: `akimstat.report.word` places them.
"""

from __future__ import annotations

import re

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

#: The language of a text as Word knows it (a region with it): the report's and its quotations'.
WORD_LANGUAGES = {"kk": "kk-KZ", "ru": "ru-RU", "en": "en-GB", "kk-Latn": "kk-Latn-KZ"}
HEADINGS = {"h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3", "h4": "Heading 4"}
BLOCKS = {"p", "ul", "ol", "dl", "div", "section", "table", "figure", "details", "summary", "blockquote",
          "header", "footer", "main", "nav", "aside", *HEADINGS}
NOTE_STYLES = {"akimstat-note": "Quote", "akimstat-warning": "Intense Quote"}
INLINE_STYLES = {"strong": "Strong", "b": "Strong", "em": "Emphasis", "i": "Emphasis", "code": "HTML Code"}
SPACES = re.compile(r"\s+")
#: Never text of the document: drawings (the report's charts come as pictures), code, styles.
SKIPPED = {"svg", "script", "style", "template"}


def word_language(lang: str) -> str:
    """Return the language tag Word gives a text in `lang` ('ru' -> 'ru-RU')."""
    return WORD_LANGUAGES.get(lang, lang)


def style_id(part, name: str | None, kind=WD_STYLE_TYPE.PARAGRAPH) -> str | None:
    """Return the id of the style `name` as python-docx's ``part.get_style_id`` does (None for
    the default style), looked up once per document: python-docx walks every style on each call,
    a fifth of the time of writing a report's document."""
    if name is None:
        return None
    ids = part.__dict__.setdefault("_akimstat_style_ids", {})
    if (name, kind) not in ids:
        ids[name, kind] = part.get_style_id(name, kind)
    return ids[name, kind]


def text_width(container) -> int:
    """Return the width text has in `container` (EMU): the page's less its margins, or a cell's."""
    if hasattr(container, "sections"):
        section = container.sections[-1]
        return section.page_width - section.left_margin - section.right_margin
    return container.width or 0


def add_html(container, markup: str) -> None:
    """Add the blocks of an HTML fragment to `container` (a Document or a table cell)."""
    import lxml.html

    root = lxml.html.fragment_fromstring(str(markup), create_parent="div")
    Blocks(container).add(root)


class Blocks:
    """Adds the blocks of HTML elements to a container, paragraph by paragraph."""

    def __init__(self, container, style: str | None = None, first=None, width=None):
        self.container, self.style = container, style
        self.first = first  # an empty paragraph to fill before adding any (a table cell's)
        self.width = width if width is not None else text_width(container)

    def paragraph(self, style: str | None = None):
        style = style or self.style
        if self.first is None:
            paragraph = self.container.add_paragraph()
        else:
            paragraph, self.first = self.first, None
        if style:  # as python-docx's `paragraph.style = style`, by the id looked up once
            paragraph._p.style = style_id(paragraph.part, style)
        return paragraph

    def add(self, element) -> None:
        """Add `element`'s children: its loose text and inline elements gather in paragraphs."""
        loose = None
        if element.text and element.text.strip():
            loose = self.paragraph()
            Inline(loose).text(element.text)
        for child in element:
            if not isinstance(child.tag, str) or child.tag in SKIPPED:  # a comment, a drawing
                pass
            elif child.tag in BLOCKS:
                if loose is not None:
                    finish(loose)
                loose = None
                self.block(child)
            elif child.tag != "br" or loose is not None:
                loose = loose if loose is not None else self.paragraph()
                Inline(loose).element(child)
            if child.tail and child.tail.strip():
                loose = loose if loose is not None else self.paragraph()
                Inline(loose).text(child.tail)
        if loose is not None:
            finish(loose)

    def block(self, element) -> None:
        tag, classes = element.tag, set((element.get("class") or "").split())
        if tag in HEADINGS:
            paragraph = self.paragraph(HEADINGS[tag])
            Inline(paragraph).children(element)
            finish(paragraph)
            if element.getparent() is not None and element.getparent().get("id"):
                bookmark(paragraph, element.getparent().get("id"))
        elif tag in ("p", "summary", "dt", "dd"):
            paragraph = self.paragraph("Subtitle" if "subtitle" in classes else None)
            Inline(paragraph).children(element)
            finish(paragraph)
            if tag == "summary":  # the label of a chart's data, kept with the table it names
                paragraph.paragraph_format.keep_with_next = True
        elif tag in ("ul", "ol"):
            for item in element.iter("li"):
                paragraph = self.paragraph("List Bullet" if tag == "ul" else "List Number")
                Inline(paragraph).children(item)
                finish(paragraph)
        elif tag == "dl":
            self.description_list(element)
        elif tag == "table":
            add_table(self.container, element, self)
        elif tag == "figure":  # a chart drawn in HTML (the report's come as images): its caption
            for caption in element.iter("figcaption"):
                paragraph = self.paragraph("Caption")
                Inline(paragraph).children(caption)
                finish(paragraph)
        else:  # div, section, details...: their blocks, a note's in the note's style
            style = next((NOTE_STYLES[c] for c in classes if c in NOTE_STYLES), self.style)
            inner = Blocks(self.container, style, self.first, self.width)
            self.first = None
            inner.add(element)

    def description_list(self, element) -> None:
        """Key figures: each term (the figure, in Strong) and its meaning in one paragraph."""
        paragraph, after_term = None, False
        for term in element.iter("dt", "dd"):
            if term.tag == "dd" and after_term:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            else:
                paragraph = self.paragraph()
            Inline(paragraph, "Strong" if term.tag == "dt" else None).children(term)
            finish(paragraph)
            after_term = term.tag == "dt"


class Inline:
    """Adds an element's text as runs of one paragraph, in the character styles of its tags."""

    def __init__(self, paragraph, style: str | None = None, lang: str | None = None,
                 superscript: bool = False, link=None):
        self.paragraph, self.style, self.lang = paragraph, style, lang
        self.superscript, self.link = superscript, link

    def text(self, text: str) -> None:
        text = SPACES.sub(" ", text)
        if not text:
            return
        run = self.paragraph.add_run(text)
        if self.style:  # as python-docx's `add_run(text, style)`, by the id looked up once
            run._r.style = style_id(self.paragraph.part, self.style, WD_STYLE_TYPE.CHARACTER)
        if self.superscript:
            run.font.superscript = True
        if self.lang:
            set_language(run._r.get_or_add_rPr(), word_language(self.lang))
        if self.link is not None:
            self.link.append(run._r)

    def children(self, element) -> None:
        if element.text:
            self.text(element.text)
        for child in element:
            if isinstance(child.tag, str) and child.tag not in SKIPPED:
                self.element(child)
            if child.tail:
                self.text(child.tail)

    def element(self, element) -> None:
        tag = element.tag
        if tag == "br":
            self.paragraph.add_run().add_break(WD_BREAK.LINE)
            return
        inner = Inline(self.paragraph, INLINE_STYLES.get(tag, self.style), element.get("lang") or self.lang,
                       self.superscript or tag == "sup", self.link)
        if tag == "a" and element.get("href") and self.link is None:
            inner.link = hyperlink(self.paragraph, element.get("href"))
            inner.style = "Hyperlink"
        inner.children(element)


def finish(paragraph) -> None:
    """Strip the paragraph's leading and trailing space, as a browser does."""
    runs = [r for r in paragraph._p.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
    if runs:
        first, last = runs[0].find(qn("w:t")), runs[-1].findall(qn("w:t"))[-1]
        first.text = first.text.lstrip()
        last.text = last.text.rstrip()


def set_language(rpr, tag: str) -> None:
    """Give run (or default) properties `rpr` the language `tag`, for spelling and hyphenation."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def hyperlink(paragraph, href: str):
    """Return a new hyperlink at the end of `paragraph` (to a bookmark for ``#id``)."""
    link = OxmlElement("w:hyperlink")
    if href.startswith("#"):
        link.set(qn("w:anchor"), bookmark_name(href[1:]))
    else:
        link.set(qn("r:id"), paragraph.part.relate_to(href, RT.HYPERLINK, is_external=True))
    paragraph._p.append(link)
    return link


def bookmark_name(id: str) -> str:
    """Return a Word bookmark's name for a section's id (letters, digits, _; at most 40)."""
    return re.sub(r"\W", "_", id)[:40]


def bookmark(paragraph, id: str) -> None:
    """Mark `paragraph` as the place a link to ``#id`` goes."""
    number = str(sum(1 for _ in paragraph.part.element.iter(qn("w:bookmarkStart"))))
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), number)
    start.set(qn("w:name"), bookmark_name(id))
    end.set(qn("w:id"), number)
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def add_table(container, element, blocks: Blocks) -> None:
    """Add an HTML table: its caption (Caption, kept with the table), then a Word table."""
    caption = element.find("caption")
    if caption is not None:
        paragraph = blocks.paragraph("Caption")
        Inline(paragraph).children(caption)
        finish(paragraph)
        paragraph.paragraph_format.keep_with_next = True
    rows = [(tr, tr.getparent().tag == "thead") for tr in element.iter("tr")]
    width = max((sum(int(c.get("colspan") or 1) for c in tr if c.tag in ("th", "td")) for tr, _ in rows),
                default=0)
    if not width:
        return
    table = container.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    cells = table._cells  # once: python-docx's table.cell(row, column) reads them all each time
    for number, (tr, head) in enumerate(rows):
        column = 0
        for cell in (c for c in tr if c.tag in ("th", "td")):
            span = int(cell.get("colspan") or 1)
            target = cells[number * width + column]
            if span > 1:  # the cells merged into it are after it: `cells` still holds the later ones
                target = target.merge(cells[number * width + column + span - 1])
            fill_cell(target, cell, head)
            column += span
        row_properties = table.rows[number]._tr.get_or_add_trPr()
        row_properties.append(OxmlElement("w:cantSplit"))  # a row is kept whole on one page
        if head:  # repeated at the top of every page the table runs onto
            row_properties.append(OxmlElement("w:tblHeader"))
    set_widths(table, [[c for c in tr if c.tag in ("th", "td")] for tr, _ in rows], width, blocks.width)


#: A character of 9-point table text, and a cell's padding, in EMU (0.23 cm, 0.5 cm): enough for
#: bold Cyrillic, whose letters are wider than Latin ones.
CHARACTER, PADDING = 82_800, 180_000


def set_widths(table, rows: list[list], columns: int, total) -> None:
    """Share the text's width `total` among the columns as a browser lays out a table (python-docx
    gives every column the same width): each first gets its longest word, then the rest of the
    width goes to the columns by how much more text they hold (a mean cell's, at most 60 letters)."""
    least, wanted = [PADDING + 6 * CHARACTER] * columns, [PADDING + 6 * CHARACTER] * columns
    for column in range(columns):
        texts = [SPACES.sub(" ", row[column].text_content()).strip() for row in rows if len(row) == columns]
        if texts:
            longest = max((len(word) for text in texts for word in text.split()), default=1)
            least[column] = PADDING + longest * CHARACTER
            wanted[column] = max(least[column], PADDING + min(sum(map(len, texts)) / len(texts), 60) * CHARACTER)
    if sum(least) >= total:  # too narrow for every word: each column as wide as its words allow
        widths = [total * w / sum(least) for w in least]
    else:
        more = [w - m for w, m in zip(wanted, least)]
        widths = [m + (total - sum(least)) * (x / sum(more) if sum(more) else 1 / columns)
                  for m, x in zip(least, more)]
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = int(width)
        for cell in column.cells:
            cell.width = int(width)


def fill_cell(target, cell, head: bool) -> None:
    """Write an HTML cell's content into a Word cell: header cells of a header row in Strong,
    numbers aligned right as on the page."""
    paragraph = target.paragraphs[0]
    if "num" in (cell.get("class") or "").split():
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if any(isinstance(c.tag, str) and c.tag in BLOCKS for c in cell):
        Blocks(target, first=paragraph).add(cell)
        return
    Inline(paragraph, "Strong" if head and cell.tag == "th" else None).children(cell)
    finish(paragraph)
