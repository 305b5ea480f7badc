"""Mapping files: a register's own headers and values read as akimstat's columns and codes
(issue 16)."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from click.testing import CliRunner

from akimstat.cli import main
from akimstat.data.dataset import load_dataset
from akimstat.data.records import read_register
from akimstat.errors import InputError
from akimstat.data.load import read_table
from akimstat.data.draft import suggest
from akimstat.data.mapping import mapped, read_mapping

from conftest import DATA

HEADER = "Область;Район;Тип единицы;Пол;Возраст;Профессия;Национальность;Образование;ФИО"
ROWS = ["Павлодарская обл.;Баянаульский;сельский округ;жен;41;педагог;казах;высшее;Иванова А.",
        "Павлодарская область;Баянаульский;село;Ж;52;агроном;русский;среднее специальное;Б",
        "Павлодар облысы;Майский;сельский округ;муж;38;юрист;кореец;высшее;В"]
MAPPING = """\
file: register.csv
columns:
  Область: region
  Район: district
  Тип единицы: unit_type
  Пол: sex
  Возраст: age
  Профессия: profession
  Национальность: ethnicity
  Образование: education
  ФИО: drop
values:
  region: {Павлодарская обл.: KZ-PAV}
  sex: {жен: female, ж: female, муж: male}
  unit_type: {сельский округ: rural_okrug, село: village}
  profession: {педагог: pedagogue, агроном: agriculture, юрист: lawyer}
  ethnicity: {казах: kazakh, русский: russian, кореец: korean}
  education: {высшее: higher}
supply:
  cycle: "2013"
  record_id: "R{row}"
"""


@pytest.fixture
def register(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    (tmp_path / "register.map.yaml").write_text(MAPPING, encoding="utf-8")
    return path


def test_a_register_read_through_its_mapping(register, codes):
    frame = read_register(register, read_mapping(register.with_suffix(".map.yaml")), codes)
    assert frame[["record_id", "cycle", "region", "sex", "unit_type", "profession", "ethnicity",
                  "education"]].values.tolist() == [
        ["R2", "2013", "KZ-PAV", "female", "rural_okrug", "pedagogue", "kazakh", "higher"],
        ["R3", "2013", "KZ-PAV", "female", "village", "agriculture", "russian", "secondary_special"],
        ["R4", "2013", "KZ-PAV", "male", "rural_okrug", "lawyer", "korean", "higher"]]
    assert "ФИО" not in frame.columns and frame["age"].tolist() == [41, 52, 38]


def test_problems_name_the_registers_own_headers(register, codes):
    mapping = read_mapping(register.with_suffix(".map.yaml"))
    del mapping.values["sex"]["муж"]
    with pytest.raises(InputError) as info:
        read_register(register, mapping, codes)
    [problem] = info.value.problems
    assert (problem.row, problem.column, problem.value) == (4, "Пол", "муж")


@pytest.mark.parametrize("change, line, says", [
    ("  Пол: sex\n", "  Пол: gender\n", "an akimstat column (record_id,"),
    ("  Пол: sex\n", "  Пол: \"?\"\n", "what the column is: an akimstat column"),
    ("  Возраст: age\n", "  Возраст: sex\n", "one header per akimstat column; 'Пол' is mapped"),
    ("  record_id: \"R{row}\"\n", "  record_id: \"R1\"\n", "a pattern holding the row, {row}"),
    ("  cycle: \"2013\"\n", "  cycle: \"?\"\n", "a value (map --suggest could not know it)"),
    ("supply:\n", "colours: {}\nsupply:\n", "one of the keys file, header_row"),
])
def test_a_bad_mapping_is_refused_naming_its_line(register, change, line, says):
    path = register.with_suffix(".map.yaml")
    text = MAPPING.replace(change[0] if isinstance(change, tuple) else change, line)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_mapping(path)
    [problem] = info.value.problems
    expected_line = text.splitlines().index(line.splitlines()[0]) + 1
    assert problem.row == expected_line and says in str(problem), str(problem)


def test_codes_the_lists_do_not_have_and_headers_the_register_lacks(register, codes):
    path = register.with_suffix(".map.yaml")
    path.write_text(MAPPING.replace("муж: male", "муж: man").replace("  Район: district\n",
                                                                   "  Районы: district\n"),
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        mapped(read_table(register), read_mapping(path), codes, str(register))
    says = sorted(str(p) for p in info.value.problems)
    assert any("column 'values.sex': got 'man'; expected a sex code: one of male, female" in s
               for s in says), says
    assert any("column 'Районы'" in s and "a column of the header of" in s for s in says), says
    assert any("column 'Район'" in s and "a column named under columns" in s for s in says), says


def test_invalid_yaml_is_named_with_its_line(tmp_path):
    path = tmp_path / "m.yaml"
    path.write_text("columns:\n  Пол: sex\n   bad: [\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"m.yaml, row 3; expected valid YAML"):
        read_mapping(path)


def test_suggested_mapping_marks_what_it_could_not_match(register, codes, tmp_path):
    register.write_text("\n".join([HEADER + ";Примечание", *(r + ";x" for r in ROWS)]) + "\n",
                        encoding="utf-8")
    frame = read_table(register)
    text, summary = suggest(frame, codes, register, tmp_path / "draft.yaml")
    draft = yaml.safe_load(text)
    assert draft["file"] == "register.csv"
    assert draft["columns"] == {"Область": "region", "Район": "district",
                                "Тип единицы": "unit_type", "Пол": "sex", "Возраст": "age",
                                "Профессия": "profession", "Национальность": "ethnicity",
                                "Образование": "education", "ФИО": "drop", "Примечание": "?"}
    assert draft["values"]["sex"] == {"Ж": "female", "жен": "female", "муж": "male"}
    assert draft["values"]["region"] == {"Павлодарская обл.": "KZ-PAV"}  # exact names need none
    assert draft["supply"] == {"cycle": "?", "record_id": "R{row}"}
    assert "# not matched: one of" in text and summary["unmatched"] == 2
    (tmp_path / "draft.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:  # unusable until a person decides
        read_mapping(tmp_path / "draft.yaml")
    assert {p.column for p in info.value.problems} == {"columns.Примечание", "supply.cycle"}


def test_map_command_writes_a_draft_and_never_overwrites_one(register, published_only):
    out = register.with_name("draft.map.yaml")
    args = ["map", "--suggest", str(register), "--data", str(published_only), "--cycle", "2013",
            "--output", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "9 of 9 columns and" in result.output and "0 to decide" in result.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["supply"]["cycle"] == "2013"
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1 and "is not overwritten" in again.output


def test_validate_with_a_mapping(register, published_only):
    mapping = register.with_suffix(".map.yaml")
    result = CliRunner().invoke(main, ["validate", "--map", str(mapping), "--data",
                                       str(published_only)])
    assert result.exit_code == 0, result.output
    assert "records (through" in result.output and "3 rows" in result.output


def test_a_mapping_beside_its_resource_in_the_data_package(tmp_path, register):
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    shutil.copy(register, root / "synthetic" / "register.csv")
    (root / "synthetic" / "register.map.yaml").write_text(MAPPING, encoding="utf-8")
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    records = [r for r in descriptor["resources"] if r["akimstat:role"] == "records"]
    records[-1].update({"path": "synthetic/register.csv",
                        "akimstat:mapping": "synthetic/register.map.yaml",
                        "akimstat:status": "official"})
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    data = load_dataset(root)
    assert set(data.records.loc[data.records["cycle"] == "2013", "sex"]) == {"female", "male"}
    assert "synthetic/register.map.yaml" in data.hashes  # a changed mapping re-renders


def test_render_map_composes_the_data_outside_the_output(register, tmp_path, monkeypatch):
    from akimstat.data.compose import composed_folder, package_with_register

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    mapping = register.with_suffix(".map.yaml")
    folder = composed_folder(mapping)
    assert folder.is_relative_to(tmp_path / "cache")
    got, cycles = package_with_register(DATA, mapping, folder)
    data = load_dataset(got)
    assert cycles == ["2013"] and len(data.records[data.records["cycle"] == "2013"]) == 3
    assert len(data.records[data.records["cycle"] == "pre-2013"]) == 2457  # the baseline kept
    assert data.synthetic_cycles == {"pre-2013"}  # the register is official
    assert {"register/register.csv", "register/register.map.yaml"} <= set(data.hashes)
    again, _ = package_with_register(DATA, mapping, folder)  # same inputs, same files
    assert load_dataset(again).hashes == data.hashes


# -- issue 24: what validate would suggest, districts spelt two ways --------------------------
def test_the_draft_says_what_an_unmatched_value_looks_like(register, codes, tmp_path):
    register.write_text("\n".join([HEADER, ROWS[0].replace("Павлодарская обл.",
                                                           "Северо-Казахская обл.")]) + "\n",
                        encoding="utf-8")
    text, _ = suggest(read_table(register), codes, register, tmp_path / "d.yaml", lang="ru")
    line = next(l for l in text.splitlines() if "Северо-Казахская обл." in l)
    assert '"?"' in line and "похоже на KZ-SEV (Северо-Казахстанская область)" in line, line
    assert "замените «?» на KZ-SEV" in line
    assert "not matched" not in text and "# заголовок реестра: столбец akimstat или drop" in text


def test_district_spellings_equal_after_normalising_are_drafted_as_one(register, codes, tmp_path):
    spellings = ["Баянаульский район", "баянаульский  р-н", "Баянаульский", "Баянаульский район",
                 "Майский"]
    register.write_text("\n".join([HEADER, *(ROWS[0].replace("Баянаульский", d) for d in spellings)])
                        + "\n", encoding="utf-8")
    text, _ = suggest(read_table(register), codes, register, tmp_path / "draft.yaml", lang="ru")
    draft = yaml.safe_load(text)
    assert draft["values"]["district"] == {"Баянаульский": "Баянаульский район",
                                           "баянаульский  р-н": "Баянаульский район"}
    assert "«Баянаульский район», без учёта регистра" in text
    draft["supply"]["cycle"] = "2013"
    draft["columns"]["ФИО"] = "drop"
    (tmp_path / "draft.yaml").write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    mapping = read_mapping(tmp_path / "draft.yaml")  # values: district: is accepted
    frame = read_register(register, mapping, codes)
    assert frame["district"].tolist() == ["Баянаульский район"] * 4 + ["Майский"]


@pytest.mark.parametrize("header, column", [
    ("№", "record_id"), ("Номер записи", "record_id"), ("Код лица", "person_id"),
    ("Дата рождения", "birth_date"), ("Туған күні", "birth_date"), ("Год рождения", "birth_year"),
])
def test_common_register_headers_in_ru_and_kk(header, column):
    from akimstat.data.draft import _suggested_column

    assert _suggested_column(header) == column
