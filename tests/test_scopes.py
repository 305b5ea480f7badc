"""Scopes and the parameter file on the command line, as ministry staff type them (issue 16)."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from akimstat.cli import main
from akimstat.dataset import load_dataset
from akimstat.errors import ParameterError
from akimstat.names import resolve_scopes
from akimstat.project import data_folder, parameter_file, project_of
from akimstat.provenance import ROOT

from conftest import DATA


@pytest.fixture(scope="module")
def shipped():
    data = load_dataset(DATA)
    return data, ["national", *data.regions_of("2013")]


@pytest.mark.parametrize("typed, code", [
    ("KZ-PAV", "KZ-PAV"), ("kz-pav", "KZ-PAV"), ("Kz-Pav", "KZ-PAV"),
    ("Павлодарская область", "KZ-PAV"), ("павлодар облысы", "KZ-PAV"),
    ("Pavlodar Region", "KZ-PAV"), ("NATIONAL", "national"), ("Республика Казахстан", "national"),
    ("Қазақстан Республикасы", "national"),
])
def test_scopes_in_any_case_or_by_name(shipped, typed, code):
    data, available = shipped
    assert resolve_scopes([typed], data.codes, available, "2013") == [code]


def test_a_mistyped_scope_gets_did_you_mean(shipped):
    data, available = shipped
    with pytest.raises(ParameterError) as info:
        resolve_scopes(["KZ-PAW"], data.codes, available, "2013")
    assert "scope 'KZ-PAW': not national, a region code or a region's name; did you mean " \
           "KZ-PAV (Pavlodar Region)?" == str(info.value)
    assert "возможно, имелось в виду KZ-PAV (Павлодарская область)?" in info.value.message("ru")


def test_a_region_without_records_is_told_apart_from_an_unknown_one(shipped):
    data, available = shipped
    with pytest.raises(ParameterError) as info:
        resolve_scopes(["KZ-10"], data.codes, available, "2013")
    assert str(info.value).startswith("scope 'KZ-10' (Abai Region): no records in cycle 2013; "
                                      "the scopes of this cycle: national, KZ-AKM")
    with pytest.raises(ParameterError, match="did you mean KZ-PAV"):  # the same oblast, recoded
        resolve_scopes(["KZ-55"], data.codes, available, "2013")
    with pytest.raises(ParameterError, match="not national, a region code"):
        resolve_scopes(["Марс"], data.codes, available, "2013")


def test_scopes_command_lists_names_and_counts():
    result = CliRunner().invoke(main, ["scopes", "--cycle", "2013", "--lang", "ru",
                                       "--data", str(DATA)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Охваты цикла 2013 (Выборы акимов 2013 года): 2 454 записи"
    assert any(line.split()[:3] == ["KZ-PAV", "Павлодарская", "область"] for line in lines)
    assert len(lines) == 1 + 1 + 14  # title, national, the 14 oblasts of 2013


def test_parameter_file_and_data_are_found_from_another_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert parameter_file() == ROOT / "parameters" / "default.yaml"
    assert data_folder("data", project_of(parameter_file())) == ROOT / "data"
    project = tmp_path / "ministry"
    shutil.copytree(ROOT / "parameters", project / "parameters")
    (project / "data").mkdir()
    assert parameter_file(project / "data") == project / "parameters" / "default.yaml"


def test_render_from_another_folder_finds_its_parameters(tmp_path, monkeypatch):
    """Before: "parameters/default.yaml: no such parameter file". Now the parameters and data
    are found, and the first problem is the one typed: a scope with a typo."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["render", "--scope", "kz-paw", "--lang", "ru",
                                       "--output", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "no such parameter file" not in result.output
    assert "возможно, имелось в виду KZ-PAV (Павлодарская область)?" in result.output
    assert not (tmp_path / "out" / "2013").exists()
