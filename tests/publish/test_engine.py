"""The warm-kernel engine gives the same executed notebook as a cold papermill run."""

import difflib
import os
from pathlib import Path

import nbformat
import papermill

from akimstat.publish import engine
from akimstat.publish.job import Job
from akimstat.publish.notebook import normalised

NOTEBOOKS = Path(__file__).resolve().parents[1] / "fixtures" / "notebooks"


def run(notebook, cwd, engine_name="akimstat", **params):
    nb = papermill.execute_notebook(
        str(NOTEBOOKS / notebook), None, parameters={"region": "Қазақстан", **params},
        engine_name=engine_name, kernel_name="python3", progress_bar=False, cwd=str(cwd),
        request_save_on_cell_execute=False,
    )
    return normalised(nb, Job(NOTEBOOKS / notebook, {}, "x", "kk", "t"))


def diff(a, b) -> str:
    return "".join(difflib.unified_diff(nbformat.writes(a).splitlines(True), nbformat.writes(b).splitlines(True)))


def test_reused_kernel_matches_a_cold_kernel(tmp_path, monkeypatch):
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
    engine.shutdown_kernels()
    warm_first = run("report.ipynb", tmp_path / "a")
    # Dirty the kernel: other parameters, then a failing notebook.
    run("report.ipynb", tmp_path / "b", region="Алматы")
    try:
        run("failing.ipynb", tmp_path / "b")
    except papermill.PapermillExecutionError:
        pass
    warm_again = run("report.ipynb", tmp_path / "c")
    engine.shutdown_kernels()
    assert warm_again == warm_first, diff(warm_first, warm_again)
    assert (tmp_path / "c" / "figures.csv").read_bytes() == (tmp_path / "a" / "figures.csv").read_bytes()

    for key, value in engine.KERNEL_ENV.items():
        monkeypatch.setenv(key, value)
    cold = run("report.ipynb", tmp_path / "a", engine_name="nbclient", record_timing=False)
    assert [c.get("outputs") for c in cold.cells] == [c.get("outputs") for c in warm_first.cells]
    assert [c.get("execution_count") for c in cold.cells] == [c.get("execution_count") for c in warm_first.cells]

def test_socket_folders_of_dead_processes_are_removed(tmp_path, monkeypatch):
    import subprocess
    import tempfile

    from akimstat.publish import engine

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.Popen(["true"])  # a process that has ended: its pid is free
    gone.wait()
    dead, mine, other = (tmp_path / f"akimstat-kernel-{gone.pid}-x1", tmp_path / f"akimstat-kernel-{os.getpid()}-x2",
                         tmp_path / "akimstat-kernel-notapid")
    for folder in (dead, mine, other):
        folder.mkdir()
    engine.remove_stale_sockets()
    assert not dead.exists() and mine.exists() and other.exists()
