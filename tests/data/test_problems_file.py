"""`validate` shows every problem grouped by kind, writes them all to a CSV file on request,
and reports a mapping's problems with the register's in one pass (issue 24)."""

from __future__ import annotations

import csv

from click.testing import CliRunner

from akimstat.cli import main

from test_bad_inputs import record, records

MAPPING = """\
file: register.csv
columns:
  Пол: "?"
  Область: region
  Возраст: age
values:
  region: {Северо-Казахская обл.: "?", Павлодарская обл.: KZ-PAV}
supply:
  cycle: "?"
  record_id: "R{row}"
"""


def test_every_problem_to_a_csv_file_with_formulas_made_inert(write_csv, published_only, tmp_path):
    rows = [record(n, sex=f"F{n}") for n in range(1, 30)] + [record(30, district="=HYPERLINK(1)" + "x" * 80)]
    path = write_csv(records(*rows))
    out = tmp_path / "problems.csv"
    result = CliRunner().invoke(main, ["validate", str(path), "--data", str(published_only),
                                       "--problems", str(out), "--lang", "ru"])
    assert result.exit_code == 1 and "записан полный список, 30 ошибок" in result.output
    with out.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == 30 and table[0]["row"] == "2" and table[0]["value"] == "F1"
    assert table[0]["expected"].startswith("код пола")
    assert table[-1]["value"].startswith("'=HYPERLINK")  # a spreadsheet does not run it


def test_a_valid_input_says_ok_in_the_users_language(write_csv, published_only):
    result = CliRunner().invoke(main, ["validate", str(write_csv(records(record(1)))), "--data",
                                       str(published_only), "--lang", "ru"])
    assert result.exit_code == 0 and result.output.endswith(": records, 1 строка\n"), result.output


def test_the_mappings_problems_come_with_the_registers_in_one_pass(tmp_path, published_only):
    register = tmp_path / "register.csv"
    register.write_text("Пол;Область;Возраст\nжен;Павлодарская обл.;41\nмуж;Северо-Казахская обл.;"
                        "17\n", encoding="utf-8")
    (tmp_path / "register.map.yaml").write_text(MAPPING, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--map", str(tmp_path / "register.map.yaml"),
                                       "--data", str(published_only), "--lang", "ru"])
    lines = result.output.splitlines()
    assert result.exit_code == 1, result.output
    said = "\n".join(lines)
    assert "строка 3, столбец «columns.Пол»" in said  # the "?" of a column
    assert "строка 7, столбец «values.region»" in said and "похоже на KZ-SEV" in said
    assert "замените «?» на KZ-SEV" in said
    assert "строка 9, столбец «supply.cycle»" in said
    assert "register.csv, строка 3, столбец «Область»: получено 'Северо-Казахская обл.'" in said
    assert "Traceback" not in said and " expected " not in said


def test_register_checks_speak_russian(write_csv, published_only):
    """A region that did not exist at the cycle's date, and a name in an id: in Russian."""
    rows = [record(1, region="KZ-10", district="KZ-10-D01"), record(2, record_id="Ivanova")]
    result = CliRunner().invoke(main, ["validate", str(write_csv(records(*rows))), "--data",
                                       str(published_only), "--lang", "ru"])
    assert "регион, существовавший на дату цикла 2013 (2013-08-05); KZ-10 существовал с 2022-06-08" \
        in result.output, result.output
    assert "псевдонимный идентификатор без слов и имён" in result.output, result.output


def test_birth_dates_without_a_decided_cycle_are_not_each_a_problem(tmp_path, published_only):
    register = tmp_path / "register.csv"
    register.write_text("Пол;Дата рождения\nжен;22.01.1963\nмуж;03.04.1970\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text('file: register.csv\ncolumns:\n  Пол: sex\n  Дата рождения: '
                                     'birth_date\nsupply:\n  cycle: "?"\n  record_id: "R{row}"\n',
                                     encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--map", str(tmp_path / "m.yaml"), "--data",
                                       str(published_only), "--lang", "ru"])
    assert result.exit_code == 1 and "supply.cycle" in result.output
    assert "Дата рождения" not in result.output and "None" not in result.output, result.output
