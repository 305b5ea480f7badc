"""A render with nothing changed stops before loading the data (issue 26: 1.2 s, of which the
data's loading and checking were 0.9 s), and anything it read or wrote that changed, was
added or removed sends the next render the whole way (akimstat.publish.uptodate)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from akimstat.cli import main
from akimstat.publish import uptodate
from akimstat.publish.render import RenderSummary

from conftest import DATA

ARGS = ["--cycle", "2013", "--baseline", "pre-2013", "--scope", "KZ-PAV", "--lang", "en", "--format", "html"]


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run `akimstat render` into tmp_path/out from a copy of data/; the render itself is a
    stand-in that writes what a render leaves (render.json, index.html) and counts its calls."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data, out, calls = tmp_path / "data", tmp_path / "out", []
    shutil.copytree(DATA, data)

    def render_reports(jobs, output_dir, *args, **kwargs):
        jobs = list(jobs)
        calls.append([job.output for job in jobs])
        for job in jobs:
            (Path(output_dir) / job.output).mkdir(parents=True, exist_ok=True)
            (Path(output_dir) / job.output / "render.json").write_text(json.dumps({"key": len(calls)}))
        (Path(output_dir) / "index.html").write_text("index")
        return RenderSummary(rendered=[job.output for job in jobs])

    monkeypatch.setattr("akimstat.publish.render.render_reports", render_reports)

    def run(*extra):
        result = CliRunner().invoke(main, ["render", "--data", str(data), "--output", str(out), *ARGS, *extra])
        assert result.exit_code == 0, result.output
        return result.output

    return run, calls, data, out


def test_nothing_changed_is_answered_without_loading_the_data(cli, monkeypatch):
    run, calls, data, out = cli
    run()

    def refused(*args, **kwargs):
        raise AssertionError("the data was loaded")

    monkeypatch.setattr("akimstat.data.dataset.load_dataset", refused)
    assert run().startswith("0 report(s) rendered, 1 up to date")
    assert len(calls) == 1


@pytest.mark.parametrize("change", ["data file edited", "data file added", "data file removed",
                                    "report record edited", "report removed", "index removed"])
def test_a_change_to_what_a_render_read_or_wrote_goes_the_whole_way(cli, change):
    run, calls, data, out = cli
    run()
    report = out / "2013/KZ-PAV/en"
    if change == "data file edited":
        (data / "README.md").write_text((data / "README.md").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "data file added":
        (data / "notes.txt").write_text("new")
    elif change == "data file removed":
        (data / "README.md").unlink()
    elif change == "report record edited":
        (report / "render.json").write_text("{}")
    elif change == "report removed":
        shutil.rmtree(report)
    else:
        (out / "index.html").unlink()
    run()
    assert len(calls) == 2


@pytest.mark.parametrize("extra", [["-p", "age_threshold=50"], ["--lang", "kk"], ["--show-code"]])
def test_other_arguments_go_the_whole_way(cli, extra):
    run, calls, data, out = cli
    run()
    run(*extra)
    assert len(calls) == 2


def test_a_broken_or_missing_record_goes_the_whole_way(cli):
    run, calls, data, out = cli
    run()
    record = uptodate.record_path(out)
    record.write_text("{not json")
    run()
    record.unlink()
    run()
    assert len(calls) == 3


def test_the_record_is_kept_outside_the_output_folder(cli):
    """The output folder is published as it is; the record names absolute paths."""
    run, calls, data, out = cli
    run()
    record = uptodate.record_path(out)
    assert record.is_file() and not record.resolve().is_relative_to(out.resolve())
    assert str(data) in record.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == ["index.html", "render.json"]
