"""Executed notebook -> self-contained HTML and reproducible PDF, through nbconvert.

HTML comes from nbconvert's `HTMLExporter` with our template ``templates/akimstat``
(lab's cell markup, our stylesheet, no scripts, images as data URIs with alt text).
PDF is that same HTML printed by Chromium through `ChromiumPDFExporter`, nbconvert's
`WebPDFExporter` pointed at Debian's Chromium and keeping one browser and one page open:
launching a browser costs ~1.1 s, and a new page for every document ~0.9 s of CPU more than
loading the next document into the same page (a new renderer process, fonts loaded again).
One browser serves every report of a render, from one thread of the main process
(`printer`): a browser per worker would cost ~270 MiB more (Chromium and Playwright's
driver). pikepdf then removes what Chromium writes that changes from run to run (dates,
document ID). Exporters are made once per process and language: nbconvert compiles its
templates on first use (~0.15 s) and keeps them.
"""

from __future__ import annotations

import functools
import io
import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

from nbconvert import HTMLExporter
from nbconvert.exporters.webpdf import WebPDFExporter

from akimstat.report.cite import read_meta_tags
from akimstat.errors import ToolMissingError
from akimstat.labels import publish_words as words
from akimstat.provenance import ROOT
from akimstat.publish.pdftags import map_roles, renumber_structure_ids
from akimstat.publish.tools import chromium_path

TEMPLATES = ROOT / "templates"
TEMPLATE_NAME = "akimstat"
#: Seconds Chromium may take to start, and to load or print one report, before it is given up.
LAUNCH_SECONDS = 30
PRINT_SECONDS = 120
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def html_exporter(language: str, show_code: bool = False, exporter_class=HTMLExporter):
    """Return an exporter for our template; code cells and prompts hidden unless `show_code`."""
    from traitlets.config import Config

    # Cells tagged remove-cell (notes for whoever opens the notebook) never reach a report.
    config = Config({"TagRemovePreprocessor": {"enabled": True, "remove_cell_tags": ["remove-cell"]}})
    return exporter_class(
        config=config,
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES)],
        language_code=language,
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


@functools.cache
def cached_exporter(language: str, show_code: bool = False, exporter_class=HTMLExporter):
    """Return this process's `html_exporter` for these arguments (made on first use)."""
    return html_exporter(language, show_code, exporter_class)


def notebook_to_html(nb, language: str, show_code: bool = False, links: dict | None = None) -> str:
    """Return the report page for an executed notebook (its title is ``nb.metadata.title``).

    `links` (from `page_links`) adds the page's navigation: the way back to the index, the
    same report in other languages, its files, and a table of contents of its sections.
    """
    resources = {"akimstat": {**links, "contents": contents(nb)}} if links else None
    html, _ = cached_exporter(language, show_code).from_notebook_node(nb, resources=resources)
    return html


def page_links(output: str, language: str, languages, folder: Path, formats) -> dict:
    """Return the navigation of the report published at `output` (``cycle/scope/lang``).

    Parameters
    ----------
    output : str
        The report's folder relative to the output folder; the index is that many levels up.
    language : str
        The report's language.
    languages : sequence of str
        Languages this report is published in (its own included), in the order to list them.
    folder : Path
        Where the report's files are now: the links name only files that exist there, and
        the PDF when `formats` asks for it (it is printed after the page).
    formats : collection of str
    """
    w = words(language)
    downloads = [(w["file.pdf"], "report.pdf")] if "pdf" in formats else []
    downloads += [(w[label], name) for label, name in (
        ("file.docx", "report.docx"), ("file.xlsx", "report.xlsx"), ("file.figures", "figures.csv"),
        ("file.datapackage", "datapackage.json"), ("file.notebook", "report.ipynb"),
        ("file.bibtex", "citation.bib"), ("file.csl", "citation.json"))
        if (folder / name).exists() or name == "report.ipynb"]
    tables = table_links(folder)
    return {
        "words": w,
        "index": "../" * len(Path(output).parts) + "index.html",
        "languages": [(lang, f"../{lang}/report.html", words(lang)["language.autonym"])
                      for lang in languages if lang != language],
        "downloads": downloads,
        "tables": tables,
        "meta": read_meta_tags(folder),
    }


def table_links(folder: Path) -> list[tuple[str, str]]:
    """Return (title, path) of the report's tables/*.csv in the report's order, each named by
    its title in the data package (the report's language), not by its file name (issue 29)."""
    import json

    try:
        resources = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    except (OSError, ValueError, KeyError):
        resources = []
    titles = {r.get("path"): r.get("title") for r in resources if isinstance(r, dict)}
    found = sorted(p.relative_to(folder).as_posix() for p in (folder / "tables").glob("*.csv"))
    in_order = [path for path in titles if path in found] + [path for path in found if path not in titles]
    return [(titles.get(path) or Path(path).stem, path) for path in in_order]  # the report's order


def _retitle_outline(doc, titles: list[str]) -> None:
    """Give the outline's entries, in document order, the `titles` whose letters they have."""
    with doc.open_outline() as outline:
        entries, stack = [], list(reversed(outline.root))
        while stack:
            item = stack.pop()
            entries.append(item)
            stack.extend(reversed(item.children))
        same = lambda a, b: "".join(a.split()) == "".join(b.split())  # noqa: E731
        if len(entries) == len(titles) and all(same(e.title, t) for e, t in zip(entries, titles)):
            for entry, text in zip(entries, titles):
                entry.title = text


class _Headings(HTMLParser):
    """Collects the text of the h1-h6 headings of a page that are printed (not the navigation)."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._text: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "header":
            self._skip += 1
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6") and not self._skip:
            self._text = []

    def handle_endtag(self, tag):
        if tag == "header":
            self._skip -= 1
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self._text is not None:
            self.found.append(" ".join("".join(self._text).split()))
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def headings(html: str) -> list[str]:
    """Return the text of the printed headings of a page, in order."""
    parser = _Headings()
    parser.feed(html)
    return parser.found


class _Sections(HTMLParser):
    """Collects (id, heading) of every ``<section id=...>`` whose first heading is an h2."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._id: str | None = None
        self._text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self._id = dict(attrs).get("id")
        elif tag == "h2" and self._id:
            self._text = []

    def handle_endtag(self, tag):
        if tag == "h2" and self._text is not None:
            self.found.append((self._id, " ".join("".join(self._text).split())))
            self._id, self._text = None, None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def contents(nb) -> list[tuple[str, str]]:
    """Return the (id, title) of every titled section the notebook's outputs show, in order."""
    parser = _Sections()
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parser.feed(output.get("data", {}).get("text/html", ""))
    return parser.found


class ChromiumPDFExporter(WebPDFExporter):
    """`WebPDFExporter` that prints with `chromium_path` in one browser page kept per process.

    Playwright's sync API works only on the thread that started it: call it on `printer`.
    """

    _browser = None  # (playwright, browser, page), shared by every instance in this process
    _failed: str | None = None  # why the browser did not start: said again at once, not retried

    def run_playwright(self, html: str) -> bytes:
        page = self.page()
        page.set_content(html, wait_until="load")  # replaces the previous document
        # Tagged (a structure tree for screen readers) and with an outline of the headings.
        return page.pdf(print_background=True, prefer_css_page_size=True, tagged=True, outline=True)

    @classmethod
    def page(cls):
        """Return this process's browser page, launching the browser on first use."""
        if cls._browser is None or not cls._browser[1].is_connected():
            from playwright.sync_api import sync_playwright

            from playwright.sync_api import Error

            if cls._failed:
                raise ToolMissingError(cls._failed)
            cls.close()
            executable = chromium_path()
            playwright = sync_playwright().start()
            try:
                browser = playwright.chromium.launch(
                    executable_path=executable,
                    args=CHROMIUM_ARGS,
                    handle_sigint=False,
                    handle_sigterm=False,
                    handle_sighup=False,
                    timeout=LAUNCH_SECONDS * 1000,
                )
            except Error as exc:
                playwright.stop()
                first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                cls._failed = (f"Chromium at {executable} did not start within {LAUNCH_SECONDS} s "
                               f"({first_line[:200]}); check $AKIMSTAT_CHROMIUM or install the "
                               "Debian package chromium")
                raise ToolMissingError(cls._failed) from None
            except BaseException:
                playwright.stop()  # else the next start on this thread finds its loop running
                raise
            cls._browser = (playwright, browser, cls._new_page(browser))
        elif cls._browser[2].is_closed():  # e.g. the renderer crashed
            cls._browser = (*cls._browser[:2], cls._new_page(cls._browser[1]))
        return cls._browser[2]

    @staticmethod
    def _new_page(browser):
        page = browser.new_page()
        page.set_default_timeout(PRINT_SECONDS * 1000)  # a document that never loads or prints
        return page

    @classmethod
    def close(cls) -> None:
        """Close this process's browser, if any."""
        cls._failed = None
        if cls._browser is not None:
            from playwright.sync_api import Error

            playwright, browser, _ = cls._browser
            cls._browser = None
            try:
                browser.close()
            except Error:  # already gone (crashed or killed)
                pass
            playwright.stop()


_printer: ThreadPoolExecutor | None = None


def printer() -> ThreadPoolExecutor:
    """Return this process's PDF thread (started on first use); everything that touches the
    browser runs on it, e.g. ``printer().submit(html_to_pdf, html, title, language)``."""
    global _printer
    if _printer is None:
        _printer = ThreadPoolExecutor(1, thread_name_prefix="akimstat-pdf")
    return _printer


def launch_browser() -> None:
    """Start the browser on `printer` without waiting (it starts while kernels do)."""
    printer().submit(ChromiumPDFExporter.page)


def close_printer(wait: bool = True) -> Future | None:
    """Close the browser and stop `printer`, if they were started. Without `wait`, return at once
    the future of the closing (None if there was nothing to close)."""
    global _printer
    if _printer is None:
        return None
    closing = _printer.submit(ChromiumPDFExporter.close)
    _printer.shutdown(wait=wait)
    _printer = None
    return closing


def warm_up(language: str, show_code: bool = False) -> None:
    """Make this process's exporter for `language` and export a small notebook with it, so the
    first report does not wait for nbconvert to compile its templates (~0.15 s)."""
    import nbformat.v4 as nbf

    cell = nbf.new_code_cell(outputs=[nbf.new_output("display_data", {
        "text/markdown": "**a**", "text/html": "<p>a</p>",
        "image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg"/>'})])
    nb = nbf.new_notebook(cells=[nbf.new_markdown_cell("# a"), cell], metadata={"title": "warm-up"})
    cached_exporter(language, show_code).from_notebook_node(nb)


def html_to_pdf(html: str, title: str, language: str) -> bytes:
    """Print a report page to PDF (A4, page numbers from its ``@page`` rules), reproducibly:
    tagged, with an outline (bookmarks) of its headings, fonts embedded, title and language set."""
    pdf = cached_exporter(language, exporter_class=ChromiumPDFExporter).run_playwright(html)
    from akimstat.report.record import in_html

    return reproducible_pdf(pdf, title, language, headings(html), in_html(html))


def reproducible_pdf(pdf: bytes, title: str, language: str, outline: list[str] | None = None,
                     record: dict | None = None) -> bytes:
    """Return `pdf` with the same bytes on every run: fixed dates and a content-derived ID.

    The dates are ``$SOURCE_DATE_EPOCH`` when set, else left out (absent, not invented).
    `outline` is the text of the page's headings in order: Chromium's outline loses the space
    where a heading wraps ("localakims"), so its entries are given their words back. `record`
    is the record of the run (`akimstat.report.record`), kept in the document information.
    """
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        info = doc.docinfo
        for key in ("/CreationDate", "/ModDate"):
            if key in info:
                del info[key]
        if "SOURCE_DATE_EPOCH" in os.environ:
            stamp = time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime(int(os.environ["SOURCE_DATE_EPOCH"])))
            info["/CreationDate"] = info["/ModDate"] = stamp
        info["/Title"] = title
        if record is not None:  # what `akimstat verify report.pdf` reads (akimstat.report.record)
            from akimstat.report.record import PDF_KEY, as_text

            info[PDF_KEY] = as_text(record)
        doc.Root.Lang = language
        # A viewer shows the title (not the file name) and opens the outline beside the pages.
        doc.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        if "/Outlines" in doc.Root:
            doc.Root.PageMode = pikepdf.Name.UseOutlines
            if outline:
                _retitle_outline(doc, outline)
        if "/Metadata" in doc.Root:
            del doc.Root.Metadata
        if "/StructTreeRoot" in doc.Root:
            renumber_structure_ids(doc)
            map_roles(doc.Root.StructTreeRoot)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
    return out.getvalue()
