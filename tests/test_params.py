"""Report parameters: defaults, checks with clear messages, YAML files and the README table."""

from __future__ import annotations

from pathlib import Path

import pytest

from akimstat.errors import ParameterError
from akimstat.params import ReportParameters, parameter_table, parameters_from
from akimstat.data.parameter_file import read_parameters

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_are_valid():
    params = ReportParameters()
    assert params.cycle == "2013" and params.alpha == 0.05


@pytest.mark.parametrize("values, fragment", [
    ({"colour": "red"}, "unknown parameter(s) colour"),
    ({"alpha": "0.05"}, "'alpha' must be float"),
    ({"age_threshold": True}, "'age_threshold' must be int"),
    ({"language": "de"}, "'language' must be one of kk, ru, en"),
    ({"alpha": 0.9}, "between 0 and 0.5"),
])
def test_bad_parameters_are_named(values, fragment):
    with pytest.raises(ParameterError) as info:
        parameters_from(values, source="p.yaml")
    assert fragment in str(info.value) and str(info.value).startswith("p.yaml")


def test_yaml_files_in_parameters_folder_are_valid():
    files = sorted((ROOT / "parameters").glob("*.yaml"))
    assert files
    for path in files:
        read_parameters(path)


def test_bad_yaml(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("alpha: [0.05\n")
    with pytest.raises(ParameterError, match="not valid YAML"):
        read_parameters(path)


def test_readme_lists_every_parameter():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert parameter_table() in readme, "regenerate the table with `akimstat params`"
