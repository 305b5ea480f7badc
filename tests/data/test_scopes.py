"""Scopes and the parameter file on the command line, as ministry staff type them (issue 16)."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from akimstat.cli import main
from akimstat.data.dataset import load_dataset
from akimstat.errors import ParameterError
from akimstat.data.names import resolve_scopes
from akimstat.data.project import data_folder, parameter_file, project_of
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


# -- issue 24: a region by any code or name it had, in any cycle ------------------------------
@pytest.mark.parametrize("cycle, code", [("2013", "KZ-PAV"), ("2017", "KZ-PAV"), ("2021", "KZ-55")])
@pytest.mark.parametrize("typed", ["KZ-PAV", "Павлодарская область", "KZ-55", "55", "550000000",
                                   "Pavlodar", "павлодар облысы"])
def test_a_region_by_any_of_its_codes_or_names_in_every_cycle(shipped, typed, cycle, code):
    from akimstat.params import ReportParameters
    from akimstat.publish.plan import plan_jobs

    data, _ = shipped
    jobs = plan_jobs(ReportParameters(cycle=cycle, data_dir=str(DATA)), data, [typed], ["ru"])
    assert [j.output for j in jobs] == [f"{cycle}/{code}/ru"]


def test_lineage_of_2018_and_2022(shipped):
    from akimstat.params import ReportParameters
    from akimstat.publish.plan import plan_jobs

    data, _ = shipped
    jobs = plan_jobs(ReportParameters(cycle="2021", data_dir=str(DATA)), data,
                     ["KZ-VOS", "Akmola"], ["en"])  # East Kazakhstan before Abai left it
    assert [j.output for j in jobs] == ["2021/KZ-63/en", "2021/KZ-11/en"]
    with pytest.raises(ParameterError) as info:  # South Kazakhstan is no single region after 2018
        plan_jobs(ReportParameters(cycle="2021", data_dir=str(DATA)), data, ["KZ-YUZ"], ["en"])
    assert "возможно, имелось в виду KZ-61 (Туркестанская область)?" in info.value.message("ru")


def test_each_territory_is_listed_once(shipped):
    from akimstat.data.territory import territories

    data, _ = shipped
    assert territories(data, "2017", ["national", "KZ-VOS", "KZ-PAV", "KZ-63"]) == [
        ["national"], ["KZ-VOS", "KZ-63"], ["KZ-PAV"]]


def test_scopes_says_what_each_scope_has():
    result = CliRunner().invoke(main, ["scopes", "--cycle", "2021", "--lang", "ru",
                                       "--data", str(DATA)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    pavlodar = next(line for line in lines if line.split()[0] == "KZ-55")
    figures = load_dataset(DATA).figures
    shown = ((figures["cycle"] == "2021") & (figures["scope"] == "KZ-55")).sum()
    assert shown == 7  # the figures of data/published/figures.csv for Pavlodar oblast, 2021
    assert ("0 записей; опубликованные таблицы: Тип единицы, Место работы, Образование; "
            f"{shown} опубликованных цифр") in pavlodar
    codes = [line.split()[0] for line in lines[1:]]
    assert len(codes) == len(set(codes)) == 15


@pytest.mark.parametrize("command", [["scopes", "--cycle", "13"],
                                     ["render", "--cycle", "13", "--scope", "national"]])
def test_a_cycle_typo_gets_a_suggestion_in_the_users_language(command, tmp_path):
    result = CliRunner().invoke(main, [*command, "--lang", "ru", "--data", str(DATA),
                                       *(["--output", str(tmp_path)] if command[0] == "render" else [])])
    assert result.exit_code == 1
    assert "нет данных цикла '13'" in result.output and "возможно, имелся в виду 2013?" in result.output


@pytest.mark.render
@pytest.mark.parametrize("cycle, code", [("2013", "KZ-PAV"), ("2017", "KZ-PAV"), ("2021", "KZ-55")])
def test_pavlodar_renders_in_every_cycle_by_code_and_by_name(tmp_path, cycle, code):
    result = CliRunner().invoke(main, ["render", "--data", str(DATA), "--cycle", cycle, "--scope",
                                       "KZ-PAV", "--scope", "Павлодарская область", "--lang", "ru",
                                       "--format", "html", "--output", str(tmp_path), "--quiet"])
    assert result.exit_code == 0, result.output
    assert [p.parent.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("report.html")] == [
        f"{cycle}/{code}/ru"]
