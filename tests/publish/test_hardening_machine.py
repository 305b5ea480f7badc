"""Faults of the machine and of the folders around a render (issue 31's hardening suite): a
notebook that writes outside its folder, a read-only output folder, a full disk, the output
inside the data folder, symbolic links in the data and in the output.

The renders are test_faults.py's tiny ones (a bare kernel, no data); SIGKILLs at random moments
and two renders into one folder are test_faults.py's. Each attack must end in one clear
error (exit 1 from the command line), leave the reports published before byte-identical and
publish nothing half-written.

--notebook: a notebook is code that runs with the user's rights, so nothing stops one that
starts a program to delete files. What akimstat guarantees (akimstat.publish.guard): inside the kernel,
Python refuses to write, remove or rename anything in the output folder outside the notebook's
own folder; the cell fails, the render stops naming the cell and the cause, and nothing of that
report is published.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from akimstat.cli import main
from akimstat.errors import AkimstatError
from conftest import DATA
from fixtures.helpers import write_notebook
from test_faults import KEPT, REMADE, before, made, tiny, tiny_job, visible  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True, scope="module")
def bare_kernel():
    """The tiny notebooks import nothing heavy: one bare kernel (as test_faults' driver starts),
    kept warm between this module's renders (`keep_warm`) and stopped at its end."""
    from akimstat.publish import engine
    from akimstat.publish.workers import close_workers

    preload, engine.PRELOAD = engine.PRELOAD, ()
    yield
    close_workers()
    engine.PRELOAD = preload


def hostile_notebook(path: Path, code: str) -> Path:
    """A notebook whose one cell, after the parameters, runs `code`."""
    return write_notebook(path, [(["parameters"], 'note = ""'), ([], code)])


OUTSIDE = [  # (attack, the cell's code; `KEPT` is a report published before)
    ("open-the-index", "open('../index.html', 'w').write('gone')"),
    ("open-a-report-by-absolute-path",
     f"import os\nopen(os.path.abspath('../{KEPT}/report.html'), 'w').write('gone')"),
    ("append-to-a-report", f"open('../{KEPT}/figures.csv', 'a').write('x,y\\n')"),
    ("remove-a-report", f"import os\nos.remove('../{KEPT}/report.html')"),
    ("remove-the-tree", "import shutil\nshutil.rmtree('../2013')"),
    ("rename-a-report", f"import os\nos.rename('../{KEPT}', '../stolen')"),
    ("pathlib-write", f"import pathlib\npathlib.Path('../{KEPT}/report.pdf').write_bytes(b'')"),
    ("pandas-to-csv", f"import pandas\npandas.DataFrame({{'a': [1]}}).to_csv('../{KEPT}/figures.csv')"),
    ("os-open-truncate", f"import os\nos.close(os.open('../{KEPT}/render.json', os.O_WRONLY | os.O_TRUNC))"),
    ("symlink-over-the-index", "import os\nos.symlink('/etc/passwd', '../index.html.new')"),
    ("through-a-link-in-its-folder",
     f"import os\nos.symlink('../{KEPT}', 'link')\nopen('link/report.html', 'w').write('gone')"),
]


def published(out: Path) -> dict[str, bytes]:
    """The files a reader sees, without the failed notebooks kept for the user in _failed/."""
    return {k: v for k, v in visible(out).items() if not k.startswith("_failed/")}


def _render_into_copy(before, tmp_path, notebook) -> Path:  # noqa: F811 (the fixture's name)
    from akimstat.publish.render import render_reports

    out = tmp_path / "out"
    shutil.copytree(before, out)
    with pytest.raises(AkimstatError) as info:
        render_reports([tiny_job(notebook, REMADE, "new")], out, formats=("html",), workers=1,
                       progress=False, keep_warm=True)
    assert "a report's notebook writes only into its own folder" in str(info.value), info.value
    assert "PermissionError" in str(info.value) and "cell 2" in str(info.value), info.value
    return out


@pytest.mark.parametrize("name, code", OUTSIDE, ids=[o[0] for o in OUTSIDE])
def test_a_notebook_cannot_change_reports_published_before(before, tmp_path, name, code):  # noqa: F811
    notebook = hostile_notebook(tmp_path / "hostile.ipynb", code)
    out = _render_into_copy(before, tmp_path, notebook)
    assert published(out) == visible(before)
    assert (out / "_failed" / REMADE / "report.ipynb").is_file()  # kept, as for any failing cell


def test_a_notebook_may_write_in_its_own_folder_and_outside_the_output(before, tmp_path):  # noqa: F811
    from akimstat.publish.render import render_reports

    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere.txt"
    shutil.copytree(before, out)
    notebook = hostile_notebook(tmp_path / "own.ipynb", (
        f"import os\nos.makedirs('tables', exist_ok=True)\nopen('tables/x.csv', 'w').write('a\\n1\\n')\n"
        f"open({str(elsewhere)!r}, 'w').write('mine')"))
    render_reports([tiny_job(notebook, REMADE, "new")], out, formats=("html",), workers=1, progress=False,
                   keep_warm=True)
    assert (out / REMADE / "tables/x.csv").read_text() == "a\n1\n" and elsewhere.read_text() == "mine"
    assert {k: v for k, v in visible(out).items() if k.startswith(KEPT)} == {
        k: v for k, v in visible(before).items() if k.startswith(KEPT)}


def test_render_notebook_from_the_command_line_names_the_refusal(before, tmp_path):  # noqa: F811
    out = tmp_path / "out"
    shutil.copytree(before, out)
    notebook = hostile_notebook(tmp_path / "hostile.ipynb", "open('../index.html', 'w').write('gone')")
    result = subprocess.run([sys.executable, "-m", "akimstat.cli", "render", "--notebook", str(notebook), "--cycle", "2013",
                             "--scope", "national", "--lang", "kk", "--format", "html",
                             "--output", str(out), "--quiet"], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "refused: open ../index.html" in result.stderr, result.stderr
    assert published(out) == visible(before)


# -- the disk: full, read-only -----------------------------------------------------------------
@pytest.fixture
def small_disk(tmp_path):
    """A 400 KB tmpfs (mounted as root; skipped where mount is not allowed), unmounted after."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.strip() or 'not root'}): "
                    "the full-disk and read-only attacks need one")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def fill(disk: Path, free: int) -> None:
    """Fill `disk` with one file, leaving `free` bytes."""
    import os

    stats = os.statvfs(disk)
    (disk / "filler").write_bytes(b"\0" * max(0, stats.f_bavail * stats.f_frsize - free))


#: Bytes left free: none (the lock cannot be written), a few KB (the notebook's files), more
#: (the HTML, the PDF, the rename): the render stops where the disk is full.
FREE = [0, 3_000, 45_000, 110_000]


@pytest.mark.parametrize("free", FREE, ids=[f"free-{f}" for f in FREE])
def test_a_full_disk_stops_the_render_and_keeps_the_earlier_reports(small_disk, before, tiny, free):  # noqa: F811
    from akimstat.publish.render import render_reports

    out = small_disk / "out"
    shutil.copytree(before, out)
    fill(small_disk, free)
    with pytest.raises(AkimstatError, match="No space left on device"):
        render_reports([tiny_job(tiny, REMADE, "new " * 5000)], out, formats=("html", "pdf"), workers=1,
                       progress=False)
    assert visible(out) == visible(before)
    assert not [p.name for p in out.iterdir() if p.name.startswith((".tmp-", ".old-", ".lock"))]


def test_a_read_only_output_folder_is_refused_before_anything_starts(small_disk, before, tmp_path):  # noqa: F811
    out = small_disk / "out"
    shutil.copytree(before, out)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = CliRunner().invoke(main, ["render", "--data", str(DATA), "--scope", "national", "--lang", "en",
                                       "--output", str(out), "--quiet"])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert f"--output {out}: cannot write in {out} (no permission, or a read-only file system)" in result.output
    assert visible(out) == visible(before)


def test_a_read_only_output_folder_is_refused_by_the_library_too(small_disk, before, tiny):  # noqa: F811
    from akimstat.publish.render import render_reports

    out = small_disk / "out"
    shutil.copytree(before, out)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    with pytest.raises(AkimstatError, match="read-only file system"):
        render_reports([tiny_job(tiny, REMADE, "new")], out, formats=("html",), workers=1, progress=False)
    assert visible(out) == visible(before)


# -- the output inside the data folder -----------------------------------------------------------
@pytest.mark.parametrize("inside", ["out", ".", "synthetic/out"])
def test_the_output_inside_the_data_folder_is_refused(tmp_path, inside):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    result = CliRunner().invoke(main, ["render", "--data", str(data), "--scope", "national", "--lang", "en",
                                       "--output", str(data / inside), "--quiet"])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert f"inside the data folder {data}; name a folder outside it" in result.output, result.output
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before


# -- symbolic links in the data ------------------------------------------------------------------
def _link(root: Path, name: str, target) -> None:
    (root / name).unlink()
    (root / name).symlink_to(target(root) if callable(target) else target)


DATA_LINKS = [  # (attack, the file of data/ replaced by a link, its target, the file named)
    ("records-to-etc-passwd", "synthetic/records-2013.csv", "/etc/passwd", "synthetic/records-2013.csv"),
    ("code-list-to-a-copy-outside", "codes/cycles.csv", lambda r: shutil.copy(r / "codes/cycles.csv",
                                                                              r.parent / "c.csv"),
     "codes/cycles.csv"),
    ("published-to-a-copy-outside", "published/counts.csv", lambda r: shutil.copy(
        r / "published/counts.csv", r.parent / "counts.csv"), "published/counts.csv"),
    ("records-to-itself", "synthetic/records-2013.csv", lambda r: r / "synthetic/records-2013.csv",
     "synthetic/records-2013.csv"),
    ("records-dangling", "synthetic/records-2013.csv", "/nonexistent/akims.csv", "synthetic/records-2013.csv"),
]


@pytest.mark.parametrize("name, file, target, named", DATA_LINKS, ids=[d[0] for d in DATA_LINKS])
def test_a_symbolic_link_in_the_data_is_answered(tmp_path, name, file, target, named):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    if callable(target):
        made_target = target(data)
        target = made_target if name != "records-to-itself" else data / file
    _link(data, file, target)
    result = CliRunner().invoke(main, ["validate", str(data)])
    assert "Traceback" not in result.output and (
        result.exception is None or isinstance(result.exception, SystemExit)), result.output
    assert result.exit_code == 1, result.output
    assert named in result.output.splitlines()[1], result.output


# -- symbolic links in the output ----------------------------------------------------------------
def test_an_index_that_is_a_link_is_replaced_and_its_target_kept(before, tmp_path):  # noqa: F811
    from akimstat.publish.render import render_reports

    out, victim = tmp_path / "out", tmp_path / "victim.html"
    shutil.copytree(before, out)
    victim.write_text("precious", encoding="utf-8")
    (out / "index.html").unlink()
    (out / "index.html").symlink_to(victim)
    render_reports([], out, progress=False)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not (out / "index.html").is_symlink() and (out / "index.html").read_bytes() == (
        before / "index.html").read_bytes()


def test_a_report_file_that_is_a_link_is_replaced_and_its_target_kept(before, tiny, tmp_path):  # noqa: F811
    from akimstat.publish.render import render_reports

    out, victim = tmp_path / "out", tmp_path / "victim.html"
    shutil.copytree(before, out)
    victim.write_text("precious", encoding="utf-8")
    (out / REMADE / "report.html").unlink()
    (out / REMADE / "report.html").symlink_to(victim)
    render_reports([tiny_job(tiny, REMADE, "new")], out, formats=("html",), workers=1, progress=False)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not (out / REMADE / "report.html").is_symlink()


def test_an_output_folder_that_is_a_link_is_written_where_it_points(before, tiny, tmp_path):  # noqa: F811
    from akimstat.publish.render import render_reports

    real, link = tmp_path / "real", tmp_path / "link"
    shutil.copytree(before, real)
    link.symlink_to(real)
    render_reports([tiny_job(tiny, KEPT, "old")], link, formats=("html", "pdf"), workers=1, progress=False)
    assert visible(real) == visible(before)  # up to date: nothing rewritten


def test_a_warm_kernel_renders_the_next_report_after_a_notebook_failed(before, tiny, tmp_path):  # noqa: F811
    """A kept-warm kernel (render --watch) whose notebook failed stayed in the folder the
    failed render removed, and every later render failed: "could not prepare the kernel:
    FileNotFoundError"."""
    from akimstat.publish.render import render_reports

    notebook = hostile_notebook(tmp_path / "hostile.ipynb", "open('../index.html', 'w')")
    out = _render_into_copy(before, tmp_path, notebook)
    render_reports([tiny_job(tiny, REMADE, "again")], out, formats=("html",), workers=1, progress=False,
                   keep_warm=True)
    assert "again" in (out / REMADE / "figures.csv").read_text(encoding="utf-8")
