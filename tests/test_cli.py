"""The command line: help on everything, one-line errors, non-zero exits."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from akimstat.cli import main

from conftest import GOOD_RECORD, RECORD_HEADER


def _commands():
    return [(name, cmd) for name, cmd in main.commands.items()]


@pytest.mark.parametrize("name, command", _commands())
def test_every_command_and_option_has_help(name, command):
    assert command.help, f"command {name} has no help"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"option {param.name} of {name} has no help"


def test_validate_reports_file_row_column_and_exits_1(write_csv, published_only):
    path = write_csv(f"{RECORD_HEADER}\n{GOOD_RECORD.replace('kazakh', 'martian')}\n")
    result = CliRunner().invoke(main, ["validate", str(path), "--data", str(published_only)])
    assert result.exit_code == 1
    assert f"{path}, row 2, column 'ethnicity': got 'martian'" in result.output
    assert "Traceback" not in result.output


def test_validate_good_file(write_csv, published_only):
    path = write_csv(f"{RECORD_HEADER}\n{GOOD_RECORD}\n")
    result = CliRunner().invoke(main, ["validate", str(path), "--data", str(published_only)])
    assert result.exit_code == 0, result.output
    assert "records, 1 row" in result.output


def test_validate_unknown_file_kind(write_csv, published_only):
    path = write_csv("colour,size\nred,3\n")
    result = CliRunner().invoke(main, ["validate", str(path), "--data", str(published_only)])
    assert result.exit_code == 1 and "columns of one kind of file: records: " in result.output
    # the expected columns are listed, not only named as a kind (issue 16)
    assert "records: record_id, person_id (optional), cycle, region, district" in result.output
    assert f"akimstat map --suggest {path}" in result.output


def test_params_prints_table():
    result = CliRunner().invoke(main, ["params"])
    assert result.exit_code == 0 and "| `alpha` |" in result.output


@pytest.mark.parametrize("args", [["--workers", "1", "--scope", "KZ-XXX"],
                                  ["--scope", "KZ-PAV", "--lang", "kk", "--cycle", "1999"]],
                         ids=["one worker, unknown scope", "one report, unknown cycle"])
def test_render_that_fails_after_starting_its_kernels_leaves_none_running(tmp_path, args):
    """`render` starts kernels before checking the data (a head start); on an error they stop."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    runtime = tmp_path / "runtime"  # kernels are started with their connection file in here
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "TMPDIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "akimstat.cli", "render", "--output", str(tmp_path / "out"), *args],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 1 and result.stderr.startswith("akimstat: error: "), result.stderr
    running = [p for p in Path("/proc").glob("[0-9]*/cmdline") if str(runtime) in _read(p)]
    assert running == []
    assert list(tmp_path.glob("akimstat-kernel-*")) == []  # socket folders removed too


def _read(path) -> str:
    try:
        return path.read_bytes().decode(errors="replace")
    except OSError:  # the process ended meanwhile
        return ""
