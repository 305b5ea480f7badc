"""PDF pagination (issue 28): no chart on a page without its caption, no near-empty page before
the last (a note or table taller than the room left was pushed whole to the next page: the 2021
national ru report's first page held its title alone), and a structure tree that poppler reads
without a warning (Chromium tags <strong> as PDF 2.0's Strong, which PDF 1.7 readers refuse
unless the role map says what it is)."""

from __future__ import annotations

import subprocess

import pytest

from fixtures.hostile.shared import once
from fixtures.renders import render_2013

from conftest import DATA

pikepdf = pytest.importorskip("pikepdf")
pytestmark = pytest.mark.render

#: The part of an A4 page (297 mm) that a page's content must reach, unless it is the last:
#: its footer (the page number) is below 277 mm.
FOOTER_MM, LEAST_FILLED = 20, 0.5


def render_2021_ru(folder):
    from akimstat.data.dataset import load_dataset
    from akimstat.params import ReportParameters
    from akimstat.publish.plan import plan_jobs
    from akimstat.publish.render import render_reports

    params = ReportParameters(cycle="2021", baseline="2017", data_dir=str(DATA))
    render_reports(plan_jobs(params, load_dataset(DATA), ["national"], ["ru"]), folder, workers=1, progress=False)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = once(tmp_path_factory, "reports-2013", render_2013)  # the render test_reports.py uses
    found = sorted(out.glob("2013/*/*/report.pdf"))
    found.append(once(tmp_path_factory, "report-2021-ru", render_2021_ru) / "2021/national/ru/report.pdf")
    assert len(found) == 7
    return {str(p.relative_to(p.parents[3])): p for p in found}


NAMES = ["2013/KZ-PAV/en/report.pdf", "2013/KZ-PAV/kk/report.pdf", "2013/KZ-PAV/ru/report.pdf",
         "2013/national/en/report.pdf", "2013/national/kk/report.pdf", "2013/national/ru/report.pdf",
         "2021/national/ru/report.pdf"]


def kids(element) -> list:
    k = element.get("/K")
    return [] if k is None else list(k) if isinstance(k, pikepdf.Array) else [k]


def pages_of(element, pages: dict, page=None) -> set[int]:
    """Return the pages (from 1) on which the structure element's content is drawn."""
    page = element.get("/Pg", page)
    found = set()
    for kid in kids(element):
        if isinstance(kid, int):  # marked content on the element's page
            found.add(pages[page.objgen])
        elif isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") in ("/MCR", "/OBJR"):
                found.add(pages[kid.get("/Pg", page).objgen])
            else:
                found |= pages_of(kid, pages, page)
    return found


def charts(element):
    """Yield (chart, caption) of every figure in the structure tree that has a caption."""
    for kid in kids(element):
        if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
            continue
        captions = [c for c in kids(kid) if isinstance(c, pikepdf.Dictionary) and c.get("/S") == "/Caption"]
        if kid.S == "/Figure" and captions:
            drawn = [f for f in _descendants(kid) if f.get("/S") == "/Figure" and f is not kid]
            yield drawn, captions[0]
        else:
            yield from charts(kid)


def _descendants(element):
    for kid in kids(element):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _descendants(kid)


@pytest.mark.parametrize("name", NAMES)
def test_every_chart_is_on_the_page_of_its_caption(pdfs, name):
    with pikepdf.open(pdfs[name]) as doc:
        pages = {page.obj.objgen: number for number, page in enumerate(doc.pages, start=1)}
        found = list(charts(doc.Root.StructTreeRoot))
        assert found, "no captioned chart in the structure tree"
        for drawn, caption in found:
            chart_pages = set().union(*(pages_of(f, pages) for f in drawn))
            assert drawn and chart_pages and chart_pages == pages_of(caption, pages), (
                str(drawn[0].get("/Alt")), chart_pages, pages_of(caption, pages))


def filled(pdf) -> list[float]:
    """Return how far down each page (above its footer) its content reaches, as a share of the
    page, from the page drawn at 20 dpi."""
    import io

    from PIL import Image

    shares = []
    pages = int(next(line.split()[1] for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                                  check=True).stdout.splitlines() if line.startswith("Pages:")))
    for number in range(1, pages + 1):
        png = subprocess.run(["pdftoppm", "-r", "20", "-gray", "-png", "-f", str(number), "-l", str(number), str(pdf)],
                             capture_output=True, check=True).stdout
        image = Image.open(io.BytesIO(png)).convert("L")
        width, height = image.size
        body = int(height * (1 - FOOTER_MM / 297))
        inked = [y for y in range(body) if min(image.getpixel((x, y)) for x in range(width)) < 200]
        shares.append((max(inked) + 1) / height if inked else 0.0)
    return shares


@pytest.mark.parametrize("name", NAMES)
def test_no_page_before_the_last_is_nearly_empty(pdfs, name):
    shares = filled(pdfs[name])
    assert len(shares) > 1 and all(share >= LEAST_FILLED for share in shares[:-1]), [round(s, 2) for s in shares]


@pytest.mark.parametrize("name", NAMES)
def test_poppler_reads_the_pdf_and_its_structure_without_a_warning(pdfs, name):
    for command in (["pdfinfo", "-struct"], ["pdfinfo"], ["pdftotext"]):
        run = subprocess.run([*command, str(pdfs[name]), *(["-"] if command == ["pdftotext"] else [])],
                             capture_output=True, text=True)
        assert run.returncode == 0 and run.stderr == "", (command, run.stderr[:500])
