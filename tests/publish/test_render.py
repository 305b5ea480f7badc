"""The rendering engine end to end, on the fixture notebooks (tests/fixtures/notebooks)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from akimstat.errors import AkimstatError, ReportError
from akimstat.publish.job import Job
from akimstat.publish.output import output_lock
from akimstat.publish.render import render_reports

NOTEBOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "notebooks"
HOSTILE = '"); import os #\'\\'


def job(notebook="report.ipynb", output="2013/national/kk", inputs=(), title="Қазақстан әкімдері, 2013", **params):
    return Job(NOTEBOOKS / notebook, {"region": "Қазақстан", "note": HOSTILE, **params}, output, "kk", title, tuple(inputs))


def files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def html_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    render_reports([job()], out, formats=("html",), workers=1, progress=False)
    return out


def test_html_is_accessible_self_contained_and_codeless(html_out):
    html = (html_out / "2013/national/kk/report.html").read_text(encoding="utf-8")
    assert '<html lang="kk">' in html
    assert "<title>Қазақстан әкімдері, 2013</title>" in html
    assert "jp-CodeMirrorEditor" not in html and "sns.barplot" not in html
    assert "<script" not in html
    assert not re.search(r"<(script|link|img)\b[^>]*\b(src|href)=[\"']?https?:", html)
    assert re.search(r'<img alt="Облыстар бойынша [^"]+" src="data:image/svg\+xml;base64,', html)
    assert "<caption>1-кесте. Әкімдер мен әйелдер, 2013</caption>" in html
    assert "@media print" in html and "size: A4" in html


def test_outputs_and_hostile_parameter_is_a_literal(html_out):
    folder = html_out / "2013/national/kk"
    assert (folder / "tables/x.csv").read_text(encoding="utf-8").startswith("облыс,")
    assert HOSTILE in (folder / "figures.csv").read_text(encoding="utf-8")
    assert {"report.ipynb", "report.html", "render.json", "figures.csv"} <= set(files(folder))
    assert not list(html_out.glob(".tmp-*"))


def test_index_lists_reports_with_relative_links_escaped(tmp_path):
    render_reports([job(title="<b>Қ</b> & co", formats_note=1)], tmp_path, formats=("html",), workers=1, progress=False)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="2013/national/kk/report.html"' in index
    assert "&lt;b&gt;Қ&lt;/b&gt; &amp; co" in index and "<b>Қ" not in index
    assert not re.search(r"https?://", index)


def test_cache_skips_up_to_date_reports_and_sees_changed_inputs(tmp_path):
    data = tmp_path / "data.csv"
    data.write_text("a\n1\n")
    out = tmp_path / "out"
    first = render_reports([job(inputs=[data])], out, formats=("html",), workers=1, progress=False)
    again = render_reports([job(inputs=[data])], out, formats=("html",), workers=1, progress=False)
    data.write_text("a\n2\n")
    changed = render_reports([job(inputs=[data])], out, formats=("html",), workers=1, progress=False)
    assert (first.rendered, again.skipped, changed.rendered) == ([job().output],) * 3
    assert again.rendered == []


def test_failed_render_keeps_the_previous_report(tmp_path, html_out):
    out = tmp_path / "out"
    render_reports([job()], out, formats=("html",), workers=1, progress=False)
    before = files(out / "2013/national/kk")
    with pytest.raises(ReportError) as caught:
        render_reports([job("failing.ipynb")], out, formats=("html",), workers=1, progress=False)
    message = str(caught.value)
    assert "2013/national/kk" in message and "# step 2: divide by the number of akims" in message
    assert "ZeroDivisionError: division by zero" in message and "cell 3" in message
    failed = out / "_failed/2013/national/kk/report.ipynb"
    assert failed.is_file() and str(failed) in message
    assert files(out / "2013/national/kk") == before
    assert not list(out.glob(".tmp-*")) and not list(out.glob(".old-*"))


def test_lock_refuses_a_second_writer(tmp_path):
    with output_lock(tmp_path):
        with pytest.raises(AkimstatError, match=r"another render is writing to .* \(pid \d+\)"):
            render_reports([job()], tmp_path, workers=1, progress=False)


@pytest.mark.render
def test_two_renders_give_identical_bytes_and_a_real_pdf(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    render_reports([job()], one, workers=1, progress=False)
    render_reports([job()], two, workers=1, progress=False)
    first, second = files(one / "2013/national/kk"), files(two / "2013/national/kk")
    assert {"report.pdf", "report.html", "report.ipynb", "figures.csv", "tables/x.csv"} <= set(first)
    assert first == second
    assert files(one)["index.html"] == files(two)["index.html"]

    pdf = one / "2013/national/kk/report.pdf"
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert "Қазақстан" in text and "Әкімдер туралы есеп" in text
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info and "CreationDate" not in info


def test_nothing_to_render_imports_neither_nbconvert_nor_a_kernel(tmp_path):
    """The 'nothing changed' path stays cheap: no kernel, browser, nbconvert or matplotlib."""
    out = tmp_path / "out"
    render_reports([job()], out, formats=("html",), workers=1, progress=False)
    code = (f"import sys; sys.path[:0] = [{str(Path(__file__).parent)!r}, {str(Path(__file__).resolve().parents[1])!r}]; "
            f"from test_render import job; from akimstat.publish.render import render_reports; "
            f"s = render_reports([job()], {str(out)!r}, formats=('html',), workers=1, progress=False); "
            f"print(s.skipped, sorted(m for m in ('nbconvert', 'papermill', 'matplotlib', 'jupyter_client', "
            f"'playwright') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['2013/national/kk'] []", result.stdout + result.stderr


def test_index_lists_the_nation_first_then_regions_each_in_kk_ru_en(tmp_path):
    import json

    from akimstat.publish.index import write_index

    for folder in ("2013/KZ-AKM/en", "2013/KZ-AKM/kk", "2013/national/ru", "2013/national/en", "2013/national/kk"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "render.json").write_text(json.dumps(
            {"key": "k", "title": folder, "language": folder[-2:], "files": ["report.html"]}))
    write_index(tmp_path)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    by_cycle = index.split('id="by-region"')[0]  # then the same reports again, by region
    order = re.findall(r'<a class="page" href="([^"]+)/report.html"', by_cycle)
    assert order == ["2013/national/kk", "2013/national/ru", "2013/national/en", "2013/KZ-AKM/kk", "2013/KZ-AKM/en"]
    assert '<span lang="kk">есептер</span>' in index and '<span lang="en">reports</span>' in index


def test_workers_kept_warm_serve_the_next_render_and_stop_when_closed(tmp_path):
    """`--watch` keeps its worker processes (and their kernels) between renders."""
    from akimstat.publish import workers as running

    jobs = [job(output="2013/national/kk"), job(output="2013/national/ru")]
    try:
        render_reports(jobs, tmp_path, formats=("html",), workers=2, progress=False, keep_warm=True)
        pool = running._pool
        workers = dict(pool._processes)  # pid -> process
        changed = [job(output=j.output, note="changed") for j in jobs]
        summary = render_reports(changed, tmp_path, formats=("html",), workers=2, progress=False, keep_warm=True)
        assert len(summary.rendered) == 2 and running._pool is pool and dict(pool._processes) == workers
    finally:
        running.close_workers()
    assert running._pool is None and workers and not any(p.is_alive() for p in workers.values())


@pytest.mark.render
def test_one_worker_into_a_relative_folder_makes_every_pdf(tmp_path, monkeypatch):
    """Issue 31: with --workers 1 and a relative --output, every PDF after the first failed
    (the temporary folder was resolved against the kernel's folder, not the user's)."""
    from click.testing import CliRunner

    from akimstat.cli import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render", "--data", str(Path(__file__).resolve().parents[2] / "data"),
                                       "--cycle", "2013", "--scope", "KZ-PAV", "--scope", "KZ-MAN", "--lang", "en",
                                       "--workers", "1", "--output", "out", "--quiet"])
    assert result.exit_code == 0, result.output
    assert sorted(p.parent.parent.name for p in Path("out").rglob("report.pdf")) == ["KZ-MAN", "KZ-PAV"]
    assert not list(Path("out").glob(".tmp-*")) and not Path("out/_failed").exists()
