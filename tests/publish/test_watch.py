"""`akimstat render --watch`: renders again on every change, keeps going after an error."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from akimstat.provenance import ROOT
from akimstat.publish.watch import snapshot, watch


def test_watch_renders_again_on_each_change_and_restarts_on_code_change(tmp_path):
    inputs, code = tmp_path / "inputs", tmp_path / "code.py"
    inputs.mkdir()
    (inputs / "params.yaml").write_text("age_threshold: 55\n")
    code.write_text("x = 1\n")
    calls = []

    def render_once():  # each render makes the next change (of another size: mtimes may tie)
        calls.append("render")
        if len(calls) == 1:
            (inputs / "params.yaml").write_text("age_threshold: 50\nalpha: 0.01\n")
        elif len(calls) == 2:
            code.write_text("x = 22\n")

    watch(render_once, lambda: [inputs], [code], restart=lambda: calls.append("restart"),
          echo=lambda line: None, interval=0.01, until=lambda: len(calls) >= 4)
    assert calls == ["render", "render", "restart", "render"]


def test_snapshot_sees_new_changed_and_removed_files(tmp_path):
    (tmp_path / "a.csv").write_text("1")
    before = snapshot([tmp_path, tmp_path / "missing.yaml"])
    (tmp_path / "b.csv").write_text("2")
    assert snapshot([tmp_path]) != before
    (tmp_path / "b.csv").unlink()
    assert snapshot([tmp_path]) == before
    (tmp_path / "a.csv").write_text("10")
    assert snapshot([tmp_path]) != before


def _wait_for(lines, proc, text, timeout=90):
    """Read `proc`'s output (queued by a thread, see below) until a line holds `text`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.queue.get(timeout=1)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        lines.append(line)
        if text in line:
            return line
    raise AssertionError(f"{text!r} not printed; output: {''.join(lines)}")


class Output(list):
    """Lines a process printed so far, read on a thread so that a wait can time out."""

    def __init__(self, proc):
        super().__init__()
        self.queue = queue.Queue()
        threading.Thread(target=lambda: [self.queue.put(line) for line in proc.stdout], daemon=True).start()


@pytest.mark.render
def watch_pavlodar(params, out) -> subprocess.Popen:
    """Start `akimstat render --watch` of Pavlodar in English (HTML) with the parameter file."""
    return subprocess.Popen(
        [sys.executable, "-m", "akimstat.cli", "render", "--watch", "--params", params, "--scope", "KZ-PAV",
         "--lang", "en", "--format", "html", "--output", out],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})


def test_watch_command_rerenders_after_a_parameter_change_and_reports_bad_input(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text((ROOT / "parameters" / "default.yaml").read_text(encoding="utf-8").replace(
        "cycle: all", 'cycle: "2013"').replace("baseline: previous", "baseline: pre-2013"), encoding="utf-8")
    out = tmp_path / "out"
    proc = watch_pavlodar(params, out)
    lines = Output(proc)
    try:
        _wait_for(lines, proc, "watching for changes")
        figures = out / "2013" / "KZ-PAV" / "en" / "figures.csv"
        assert "age.threshold,KZ-PAV,2013,55," in figures.read_text()
        params.write_text(params.read_text().replace("age_threshold: 55", "age_threshold: 50"))
        _wait_for(lines, proc, "changed: params.yaml")
        _wait_for(lines, proc, "1 report(s) rendered")
        params.write_text(params.read_text() + "bad: [\n")
        _wait_for(lines, proc, "not valid YAML")  # reported; the watch goes on
        assert "age.threshold,KZ-PAV,2013,50," in figures.read_text()  # the render before it
        params.write_text(params.read_text().replace("bad: [\n", "").replace("alpha: 0.05", "alpha: 0.01"))
        _wait_for(lines, proc, "1 report(s) rendered")
        proc.send_signal(signal.SIGTERM)  # as `kill` would; Ctrl-C takes the same way out
        assert proc.wait(timeout=30) == 0, "".join(lines)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    kernels = subprocess.run(["pgrep", "-s", str(proc.pid)], capture_output=True, text=True).stdout
    assert kernels == "", "a kernel outlived the watch"


@pytest.mark.render
def test_watch_goes_on_after_bad_edits_of_the_parameters_and_the_descriptor(tmp_path):
    """A parameter file saved in cp1251, a descriptor that becomes [1]: each error is printed,
    the watch goes on, and renders again once the file is right."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    params = tmp_path / "params.yaml"
    params.write_text(f"data_dir: {data}\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = watch_pavlodar(params, out)
    lines = Output(proc)
    descriptor = (data / "datapackage.json").read_bytes()
    try:
        _wait_for(lines, proc, "watching for changes")
        params.write_bytes(f"data_dir: {data}\n# Павлодар\n".encode("cp1251"))
        _wait_for(lines, proc, "not UTF-8 text")
        params.write_text(f"data_dir: {data}\nalpha: 0.01\n", encoding="utf-8")
        _wait_for(lines, proc, "1 report(s) rendered")
        (data / "datapackage.json").write_text("[1]", encoding="utf-8")
        _wait_for(lines, proc, "expected a JSON object")
        (data / "datapackage.json").write_bytes(descriptor + b"\n")
        _wait_for(lines, proc, "report(s) rendered")
        assert proc.poll() is None and "Traceback" not in "".join(lines)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, "".join(lines)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
