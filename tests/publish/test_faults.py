"""Faults: a render killed at random moments, two renders at once, a failing cell, missing tools.

What "no partial files" means here
----------------------------------
Readers look at the published folders ``<cycle>/<scope>/<lang>/`` and ``index.html``. A render
writes a report into ``.tmp-*`` inside the output folder and renames it into place, and
writes ``index.html`` through ``.tmp-index-*``. So after a SIGKILL at any moment:

* every file outside ``.tmp-*``/``.old-*`` belongs wholly to one complete version: each report
  folder is byte for byte either the report as it was before the run or the report the run
  was making (when the kill came after its rename), never a mix and never a half-written
  ``report.*``, ``figures.csv`` or ``tables/*.csv``; ``index.html`` is the old one or the new;
* reports the run did not touch are byte-identical;
* ``.tmp-*``/``.old-*`` leftovers may exist, and the next render (even one with nothing to do)
  removes them; the lock of the killed run does not block it (flock dies with its process);
* the kernel and browser of the killed run do not outlive it.

The trials run this file as a small driver (``python test_faults.py NOTEBOOK OUT NOTE``)
rendering one tiny report (a bare kernel, HTML, figures.csv, tables/) to HTML and PDF in its own process group, print a line when each stage starts,
and kill the group with SIGKILL at a seeded random moment inside a chosen stage.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

if __name__ == "__main__":  # run as the render a trial kills: the fixtures are in tests/
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from fixtures.helpers import write_notebook  # noqa: E402
from fixtures.hostile.shared import once  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "notebooks"
ROOT = Path(__file__).resolve().parents[2]
TRIALS = 20
SEED = 2013
#: Stage a kill is aimed at -> trials aimed at it (the execution stage is the longest).
STAGES = {"execute": 7, "html": 4, "pdf": 6, "publish": 1, "index": 2}
KEPT, REMADE = "2013/national/kk", "2013/KZ-PAV/kk"


#: A notebook that does what a report does (HTML output, figures.csv, tables/) in no time:
#: the trials are about the files a render writes, not what the notebook computes.
TINY_CELLS = [
    ("parameters", 'note = ""'),
    ("", "import csv, html, os\n"
         "from IPython.display import HTML\n"
         "os.makedirs('tables', exist_ok=True)\n"
         "with open('figures.csv', 'w', newline='', encoding='utf-8') as f:\n"
         "    csv.writer(f).writerows([['key', 'text'], ['note', note]])\n"
         "with open('tables/x.csv', 'w', newline='', encoding='utf-8') as f:\n"
         "    csv.writer(f).writerows([['облыс', 'әкімдер'], ['Павлодар', 146]])\n"
         "HTML(f'<h1>Әкімдер туралы есеп</h1><p>Қазақстан: {html.escape(note)}</p>')"),
]


def tiny_notebook(path: Path) -> Path:
    import nbformat

    cells = [nbformat.v4.new_code_cell(source, metadata={"tags": [tag]} if tag else {}) for tag, source in TINY_CELLS]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                          "language": "python"}})
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index}"
    nbformat.write(nb, path)
    return path


def tiny_job(notebook: Path, output: str, note: str):
    from akimstat.publish.job import Job

    return Job(notebook, {"note": note}, output, "kk", "Қазақстан әкімдері, 2013", ())


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def visible(out: Path) -> dict[str, bytes]:
    """Files a reader can see: everything but temporary folders and the lock."""
    return {name: data for name, data in files(out).items()
            if not name.split("/")[0].startswith((".tmp-", ".old-")) and name != ".lock"}


# -- the driver -------------------------------------------------------------------------------
def _drive(notebook: str, out: str, note: str) -> None:
    """Render the REMADE report into `out`, printing ``stage NAME`` as each stage starts."""
    from akimstat.publish import engine, export, render

    engine.PRELOAD = ()  # the tiny notebook imports nothing heavy: start its kernel bare

    pause = os.environ.get("PAUSE_AT_STAGE")  # then wait there for a line on stdin

    def marked(module, name, stage):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            print(f"stage {stage}", flush=True)
            if stage == pause:
                sys.stdin.readline()
            return original(*args, **kwargs)

        setattr(module, name, wrapper)

    marked(render, "execute", "execute")
    marked(export, "notebook_to_html", "html")
    marked(export, "html_to_pdf", "pdf")
    marked(render, "publish", "publish")
    marked(render, "write_index", "index")
    render.render_reports([tiny_job(Path(notebook), REMADE, note)], out, formats=("html", "pdf"), workers=1, progress=False)
    print("stage done", flush=True)


def driver(notebook: Path, out: Path, note: str) -> list[str]:
    return [sys.executable, __file__, str(notebook), str(out), note]


def start_driver(notebook: Path, out: Path, note: str, pause: str | None = None) -> subprocess.Popen:
    """Start the driver; with `pause`, it stops when that stage starts until a line is written
    to its stdin."""
    env = {**os.environ, **({"PAUSE_AT_STAGE": pause} if pause else {})}
    return subprocess.Popen(driver(notebook, out, note), cwd=ROOT, stdout=subprocess.PIPE, env=env,
                            stdin=subprocess.PIPE if pause else None, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)


def descendants(pid: int) -> set[int]:
    """Return the processes started, directly or not, by `pid` (from /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pids) -> set[int]:
    out = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.add(pid)
    return out


# -- fixtures ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def made(tmp_path_factory):
    return once(tmp_path_factory, "faults", make_folders)


def make_folders(folder: Path) -> None:
    """The tiny notebook; ``before``: an output folder holding two reports (the trials re-render
    one of them with a changed note); ``after``: the same after an uninterrupted driver run,
    with the seconds of each stage in ``stages.json``."""
    from akimstat.publish.render import render_reports

    tiny = tiny_notebook(folder / "tiny.ipynb")
    render_reports([tiny_job(tiny, KEPT, "old"), tiny_job(tiny, REMADE, "old")], folder / "before",
                   formats=("html", "pdf"), workers=1, progress=False)
    shutil.copytree(folder / "before", folder / "after")
    driver = start_driver(tiny, folder / "after", "new")
    marks, start = {}, time.monotonic()
    for line in driver.stdout:
        marks[line.split()[1]] = time.monotonic() - start
    assert driver.wait(timeout=120) == 0 and "done" in marks, marks
    order = ["execute", "html", "pdf", "publish", "index", "done"]
    stages = {stage: marks[nxt] - marks[stage] for stage, nxt in zip(order, order[1:])}
    (folder / "stages.json").write_text(json.dumps(stages))


@pytest.fixture(scope="module")
def tiny(made):
    return made / "tiny.ipynb"


@pytest.fixture(scope="module")
def before(made):
    return made / "before"


@pytest.fixture(scope="module")
def after(made):
    return made / "after", json.loads((made / "stages.json").read_text())


# -- tests ------------------------------------------------------------------------------------
@pytest.mark.render
def test_sigkill_at_random_moments_loses_nothing(tiny, before, after, tmp_path):
    """20 seeded SIGKILLs of a render's process group across execution, HTML, PDF, the rename
    and the index: see the module docstring for what must hold after each."""
    from akimstat.publish.render import render_reports

    done, durations = after
    old, new = visible(before), visible(done)
    old_report = {k: v for k, v in old.items() if k.startswith(REMADE + "/")}
    new_report = {k: v for k, v in new.items() if k.startswith(REMADE + "/")}
    assert old_report and new_report and old_report != new_report
    rng = random.Random(SEED)
    plan = [stage for stage, n in STAGES.items() for _ in range(n)]
    rng.shuffle(plan)
    # A stage can end before its delay on a busy machine (the render then finishes unkilled):
    # such a trial still checks the folder, and a second pass with shorter delays makes up
    # the number of kills.
    retries = [(stage, 0.5) for stage in plan]
    killed, outcomes, leaked = {}, [], []
    for trial, (stage, share) in enumerate([(stage, 1.0) for stage in plan] + retries):
        if sum(killed.values()) >= TRIALS and set(killed) == set(STAGES):
            break
        out = tmp_path / f"trial-{trial}"
        shutil.copytree(before, out)
        delay = rng.uniform(0, durations[stage] * share)
        driver = start_driver(tiny, out, "new")
        reached = None
        for line in driver.stdout:
            reached = line.split()[1]
            if reached == stage:
                time.sleep(delay)
                children = descendants(driver.pid)
                os.killpg(driver.pid, signal.SIGKILL)
                break
        code = driver.wait(timeout=120)
        driver.stdout.close()
        if code == -signal.SIGKILL:
            killed[stage] = killed.get(stage, 0) + 1
            deadline = time.monotonic() + 10
            while alive(children) and time.monotonic() < deadline:
                time.sleep(0.2)
            survivors = alive(children)
            for pid in survivors:  # ours: started by the driver above
                os.kill(pid, signal.SIGKILL)
            leaked += sorted(survivors)

        seen = visible(out)
        report = {k: v for k, v in seen.items() if k.startswith(REMADE + "/")}
        assert report in (old_report, new_report), (trial, stage, delay)
        assert seen.get("index.html") in (old["index.html"], new["index.html"]), (trial, stage)
        others = {k: v for k, v in seen.items() if not k.startswith(REMADE + "/") and k != "index.html"}
        assert others == {k: v for k, v in old.items() if not k.startswith(REMADE + "/") and k != "index.html"}
        outcomes.append("new" if report == new_report else "old")

        render_reports([], out, progress=False)  # the next render: nothing to do but tidy up
        assert not list(out.glob(".tmp-*")) and not list(out.glob(".old-*")), (trial, stage)
        assert visible(out) == {**seen, "index.html": visible(out)["index.html"]}
        shutil.rmtree(out)
    assert sum(killed.values()) >= TRIALS, killed
    assert set(killed) == set(STAGES), killed
    assert not leaked, f"processes outlived the killed render: {leaked}"
    print(f"SIGKILL trials: {killed}; report afterwards: {outcomes.count('old')} old, {outcomes.count('new')} new")


@pytest.mark.render
def test_two_renders_at_once_one_is_refused_and_the_folder_is_whole(tiny, before, after, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(before, out)
    first = start_driver(tiny, out, "new", pause="execute")
    assert first.stdout.readline().split() == ["stage", "execute"]  # it holds the lock, and waits
    second = subprocess.run(driver(tiny, out, "other"), cwd=ROOT, capture_output=True, text=True, timeout=120)
    first.stdin.write("go on\n")
    first.stdin.close()
    rest = first.stdout.read()
    first.stdout.close()
    assert first.wait(timeout=120) == 0 and "stage done" in rest
    assert second.returncode != 0
    assert f"another render is writing to {out} (pid {first.pid})" in second.stderr
    assert visible(out) == visible(after[0])


def test_lock_message_from_the_command_line(tmp_path):
    from akimstat.publish.output import output_lock

    with output_lock(tmp_path):
        result = subprocess.run([sys.executable, "-m", "akimstat.cli", "render", "--scope", "KZ-PAV", "--lang",
                                 "en", "--format", "html", "--output", str(tmp_path), "--quiet"],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip() == f"akimstat: error: another render is writing to {tmp_path} (pid {os.getpid()})"


def test_failing_cell_names_report_cell_and_cause_and_keeps_the_notebook(tmp_path):
    import nbformat

    from akimstat.errors import ReportError
    from akimstat.publish.job import Job
    from akimstat.publish.render import render_reports

    job = Job(NOTEBOOKS / "failing.ipynb", {"region": "Қазақстан", "note": ""}, "2013/KZ-PAV/ru", "ru",
              "Павлодарская область", ())
    with pytest.raises(ReportError) as caught:
        render_reports([job], tmp_path, formats=("html",), workers=1, progress=False)
    message = str(caught.value)
    assert message.startswith("report 2013/KZ-PAV/ru (Павлодарская область) failed in cell 3")
    assert "ZeroDivisionError: division by zero" in message
    kept = tmp_path / "_failed/2013/KZ-PAV/ru/report.ipynb"
    assert str(kept) in message
    nb = nbformat.read(kept, as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert [e.ename for e in errors] == ["ZeroDivisionError"]
    assert not (tmp_path / "2013/KZ-PAV/ru").exists() and not list(tmp_path.glob(".tmp-*"))
    assert "2013/KZ-PAV/ru" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_missing_chromium_names_the_debian_package(monkeypatch):
    from akimstat.errors import ToolMissingError
    from akimstat.publish.tools import check_tools

    monkeypatch.setenv("AKIMSTAT_CHROMIUM", "/nonexistent")
    with pytest.raises(ToolMissingError, match="Chromium not found at /nonexistent: install the Debian package chromium"):
        check_tools(("html", "pdf"))
    check_tools(("html",))  # HTML alone needs no browser


@pytest.mark.render
def test_missing_chromium_in_a_render_names_the_package_and_keeps_the_old_report(tiny, before, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(before, out)
    env = {**os.environ, "AKIMSTAT_CHROMIUM": "/nonexistent"}
    result = subprocess.run(driver(tiny, out, "new"), cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode != 0
    assert "Chromium not found at /nonexistent: install the Debian package chromium" in result.stderr
    assert visible(out) == visible(before)


def test_missing_font_names_the_debian_package(monkeypatch, tmp_path):
    from akimstat.publish import tools
    from akimstat.errors import ToolMissingError

    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "fc-list").write_text("#!/bin/sh\nexit 0\n")  # fontconfig that knows no fonts
    (fake / "fc-list").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(ToolMissingError, match="font DejaVu Sans not found by fontconfig .*"
                                               "install the Debian package fonts-dejavu-core"):
        tools.check_tools(("pdf",))
    tools.check_tools(("html",))  # matplotlib has its own copy; fontconfig only matters to Chromium
    with pytest.raises(ToolMissingError, match="not found by matplotlib"):
        tools.check_chart_font("No Such Sans")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(ToolMissingError, match="install the Debian package fontconfig"):
        tools.check_system_font()


def test_chart_font_is_found_in_matplotlib_without_importing_it_else_matplotlib_is_asked(monkeypatch, tmp_path):
    code = ("import sys; from akimstat.publish.tools import check_chart_font; check_chart_font(); "
            "print('matplotlib' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"

    from akimstat.publish import tools

    asked = []
    monkeypatch.setattr(tools, "_bundled_font", lambda name: tmp_path / name)  # a matplotlib without it
    from matplotlib import font_manager
    monkeypatch.setattr(font_manager, "findfont", lambda *a, **k: asked.append(a) or "DejaVuSans.ttf")
    tools.check_chart_font()
    assert len(asked) == 1


def test_font_and_chromium_present_here():
    from akimstat.publish.tools import check_tools

    check_tools(("html", "pdf"))


# -- the output folder: never written through a link, published for others to read -----------
def _target(tmp_path: Path) -> Path:
    """A file outside the output folder that a planted link points to."""
    target = tmp_path / "victim.txt"
    target.write_text("precious", encoding="utf-8")
    return target


def test_lock_that_is_a_link_is_refused_and_its_target_kept(tmp_path):
    from akimstat.errors import AkimstatError
    from akimstat.publish.render import render_reports

    out, target = tmp_path / "out", _target(tmp_path)
    out.mkdir()
    (out / ".lock").symlink_to(target)
    with pytest.raises(AkimstatError, match=r"lock: it is a symbolic link .* remove it"):
        render_reports([], out, progress=False)
    assert target.read_text(encoding="utf-8") == "precious" and not (out / "index.html").exists()


def test_lock_that_is_a_folder_is_refused_from_the_command_line(tmp_path):
    out = tmp_path / "out"
    (out / ".lock").mkdir(parents=True)
    result = subprocess.run([sys.executable, "-m", "akimstat.cli", "render", "--output", str(out),
                             "--quiet", "--format", "html"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"cannot use {out / '.lock'} as the output folder's lock: it is a folder" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [".lock"]


def test_folder_on_the_way_that_is_a_link_is_refused(tmp_path):
    from akimstat.errors import AkimstatError
    from akimstat.publish.output import publish

    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "2013").symlink_to(elsewhere)
    work = out / ".tmp-x"
    work.mkdir()
    (work / "report.html").write_text("new", encoding="utf-8")
    with pytest.raises(AkimstatError, match=r"2013 is a symbolic link; a render never writes through"):
        publish(work, out, "2013/national/kk")
    assert not list(elsewhere.iterdir())


def test_leftover_that_is_a_link_is_removed_without_touching_its_target(tmp_path):
    from akimstat.publish.render import render_reports

    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (elsewhere / "inner").mkdir(parents=True)
    (elsewhere / "inner" / "keep.txt").write_text("precious", encoding="utf-8")
    out.mkdir()
    (out / ".tmp-planted").symlink_to(elsewhere)
    render_reports([], out, progress=False)
    assert not (out / ".tmp-planted").is_symlink()
    assert (elsewhere / "inner" / "keep.txt").read_text(encoding="utf-8") == "precious"


@pytest.mark.render
def test_failed_folder_that_is_a_link_is_not_written_through(tmp_path):
    from akimstat.errors import ReportError
    from akimstat.publish.job import Job
    from akimstat.publish.render import render_reports

    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "_failed").symlink_to(elsewhere)
    job = Job(NOTEBOOKS / "failing.ipynb", {"region": "Қазақстан", "note": ""}, "2013/KZ-PAV/ru", "ru",
              "Павлодарская область", ())
    with pytest.raises(ReportError, match=r"_failed is a symbolic link"):
        render_reports([job], out, formats=("html",), workers=1, progress=False)
    assert not list(elsewhere.iterdir()) and not list(out.glob(".tmp-*"))


@pytest.mark.render
def test_published_report_has_the_permissions_of_the_umask(made, tmp_path):
    from akimstat.publish.render import render_reports

    old = os.umask(0o002)
    try:
        render_reports([tiny_job(made / "tiny.ipynb", KEPT, "x")], tmp_path / "out", formats=("html",),
                       workers=1, progress=False)
    finally:
        os.umask(old)
    folder = tmp_path / "out" / KEPT
    assert oct(folder.stat().st_mode & 0o777) == oct(0o775)
    assert oct((folder / "report.html").stat().st_mode & 0o777) == oct(0o664)
    assert oct((tmp_path / "out" / "index.html").stat().st_mode & 0o777) == oct(0o664)


def test_corrupted_render_record_leaves_the_index_whole(tmp_path):
    from akimstat.publish.output import recorded_key
    from akimstat.publish.render import render_reports

    out = tmp_path / "out"
    for name, text in (("2013/national/kk", '{"key": "k", "title": "ok", "language": "kk", '
                        '"files": ["report.html"]}'), ("2013/KZ-PAV/kk", '{"key": [1], "files": 3'),
                       ("2013/KZ-PAV/ru", "[1, 2]")):
        (out / name).mkdir(parents=True)
        (out / name / "render.json").write_text(text, encoding="utf-8")
    render_reports([], out, progress=False)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "2013/national/kk/report.html" in index and "KZ-PAV" not in index
    assert recorded_key(out / "2013/KZ-PAV/kk") is None and recorded_key(out / "2013/KZ-PAV/ru") is None


def test_full_disk_while_writing_the_index_says_so_and_leaves_nothing(tmp_path, monkeypatch):
    import errno

    from akimstat import files
    from akimstat.errors import AkimstatError
    from akimstat.publish.index import write_index

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(files.os, "replace", full)
    with pytest.raises(AkimstatError, match=r"cannot write .*index.html: No space left on device"):
        write_index(out)
    assert sorted(p.name for p in out.iterdir()) == []


@pytest.mark.parametrize("name, output, says", [
    ("output_a_file", "file.txt", "not a folder (it is a file or a device)"),
    ("output_dev_null", "/dev/null", "not a folder (it is a file or a device)"),
    ("output_under_a_file", "file.txt/out", "is a file, not a folder"),
    ("output_in_proc", "/proc/1", "cannot write in /proc/1 (no permission, or a read-only file system)"),
])
def test_output_that_cannot_hold_reports_is_refused_before_anything_starts(name, output, says, tmp_path,
                                                                          monkeypatch):
    from click.testing import CliRunner

    from akimstat.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "file.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["render", "--params", str(ROOT / "parameters/default.yaml"),
                                       "--data", str(ROOT / "data"), "--output", output, "--quiet"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"akimstat: error: --output {output}: ") and says in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]
    assert "akimstat.publish.engine" not in sys.modules or not sys.modules["akimstat.publish.engine"]._kernels


# -- children die with the parent; Ctrl-C leaves nothing behind --------------------------------
SLEEPY_CELLS = [("parameters", 'note = ""'), ("", "import time\nprint('sleeping', flush=True)\ntime.sleep(120)")]


def _drive_two(notebook: str, out: str) -> None:
    """Render two sleeping reports with two workers (for the kill tests)."""
    from akimstat.publish import engine, render

    engine.PRELOAD = ()
    jobs = [tiny_job(Path(notebook), f"2013/{scope}/kk", "x") for scope in ("national", "KZ-PAV")]
    render.render_reports(jobs, out, formats=("html",), workers=2, progress=False)


def sleepy_notebook(path: Path) -> Path:
    return write_notebook(path, [([tag] if tag else [], source) for tag, source in SLEEPY_CELLS])


def _arguments_after(pid: int, flag: str) -> list[str]:
    """Return the argument after `flag` in the command line of process `pid`, if any."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_text(errors="replace").split("\0")
    except OSError:
        return []
    return [args[i + 1] for i, arg in enumerate(args[:-1]) if arg == flag]


def _kill_all(pids) -> None:
    """Kill what a failed test left running."""
    for pid in alive(pids):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _kernels_running(pid: int) -> set[int]:
    """Return the descendants of `pid` once both workers' kernels run (60 s at most)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = alive(descendants(pid))
        kernels = [p for p in found if "ipykernel" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")]
        if len(kernels) >= 2:
            time.sleep(1)  # the notebooks start
            return alive(descendants(pid))
        time.sleep(0.2)
    raise AssertionError("the two kernels did not start within 60 s")


@pytest.mark.render
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_killing_only_the_main_process_ends_every_process_of_the_render(signum, tmp_path):
    """Only the main process is killed, not its group: the workers, their kernels and the
    resource tracker must end by themselves."""
    notebook = sleepy_notebook(tmp_path / "sleepy.ipynb")
    main = subprocess.Popen([sys.executable, __file__, "--two", str(notebook), str(tmp_path / "out")],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    children = set()
    try:
        children = _kernels_running(main.pid)
        assert len(children) >= 4, children  # two workers, two kernels (and the tracker)
        connection_files = [Path(arg) for pid in children for arg in _arguments_after(pid, "-f")]
        os.kill(main.pid, signum)
        main.wait(timeout=10)
        time.sleep(5)
        assert alive(children) == set(), [Path(f"/proc/{p}/cmdline").read_text(errors="replace")
                                          for p in alive(children)]
        from akimstat.publish import engine

        engine.remove_stale_sockets()  # as the next render does
        assert connection_files and not [f for f in connection_files if f.exists()], connection_files
    finally:
        _kill_all(children | {main.pid})


@pytest.mark.render
def test_interrupt_removes_the_temporary_folders_and_ends_the_workers(tmp_path):
    notebook = sleepy_notebook(tmp_path / "sleepy.ipynb")
    out = tmp_path / "out"
    main = subprocess.Popen([sys.executable, __file__, "--two", str(notebook), str(out)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    children = set()
    try:
        children = _kernels_running(main.pid)
        deadline = time.monotonic() + 60
        while len(list(out.glob(".tmp-*"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(list(out.glob(".tmp-*"))) == 2  # both notebooks are running
        os.kill(main.pid, signal.SIGINT)
        main.wait(timeout=30)
        assert list(out.glob(".tmp-*")) == [] and not (out / "2013").exists()
        time.sleep(2)
        assert alive(children) == set()
    finally:
        _kill_all(children | {main.pid})


@pytest.mark.render
def test_browser_that_never_answers_is_given_up_with_a_message(made, tmp_path, monkeypatch):
    from akimstat.publish import export
    from akimstat.errors import ReportError
    from akimstat.publish.render import render_reports

    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\nexec sleep 1000\n", encoding="utf-8")
    browser.chmod(0o755)
    monkeypatch.setenv("AKIMSTAT_CHROMIUM", str(browser))
    monkeypatch.setattr(export, "LAUNCH_SECONDS", 3)
    start = time.monotonic()
    with pytest.raises(ReportError, match=rf"Chromium at {browser} did not start within 3 s"):
        render_reports([tiny_job(made / "tiny.ipynb", KEPT, "x"), tiny_job(made / "tiny.ipynb", REMADE, "x")],
                       tmp_path / "out", formats=("pdf",), workers=1, progress=False)
    assert time.monotonic() - start < 120  # Playwright's own default waits 180 s per launch
    assert not (tmp_path / "out" / "2013").exists() and not list((tmp_path / "out").glob(".tmp-*"))
    assert not [p for p in alive(descendants(os.getpid()))
                if "sleep" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")]


if __name__ == "__main__":
    if sys.argv[1] == "--two":
        _drive_two(*sys.argv[2:4])
    else:
        _drive(*sys.argv[1:4])
