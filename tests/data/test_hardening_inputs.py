"""Attacks on what a user writes besides the data (issue 31's hardening suite): mapping files for
`--map`, the registers they name (XLSX with merged cells, hidden sheets, formulas), parameter
files and ``-p NAME=VALUE``. Each is answered by one clear error naming the file, and its line
or row and column where they apply, exit 1, no traceback, and nothing written.

What is refused, and why (akimstat.useryaml): a YAML file a person writes is short and says
every value where it is meant, so files above 1 MB, aliases (``*name``: "billion laughs"),
nesting deeper than 20 and a key written twice (YAML keeps the last without a word) are
refused before anything is built; tags (``!!python/object``) build nothing with the safe
loader. A register's first sheet, the one read, must be visible, and a formula must have its
value saved. Accepted as valid input: a number for the supplied cycle (it is its text), a
hidden sheet after the first, hidden rows and columns (they are records, as in the file).
"""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from akimstat.cli import main
from conftest import DATA
from test_mapping import HEADER, MAPPING, ROWS

NESTS = 9  # each level of the bomb multiplies its values by nine: 9**8, 43 million at the top
BOMB = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}' if i else 'x'] * NESTS)}]\n"
               for i in range(8))


def swap(old: str, new: str) -> str:
    assert old in MAPPING, old
    return MAPPING.replace(old, new, 1)


#: (attack, mapping file's text or bytes, the file the error names, its line or None)
MAPPINGS = [
    ("alias-bomb", MAPPING + BOMB, "register.map.yaml", 23),
    ("alias-bomb-in-columns", swap("  ФИО: drop\n", "  ФИО: *l7\n") + BOMB, "register.map.yaml", 11),
    ("alias-in-values", swap("  sex: {жен: female, ж: female, муж: male}",
                             "  sex: {жен: &f female, ж: *f, муж: male}"), "register.map.yaml", 14),
    ("tag-python-object-apply", swap("  ФИО: drop\n", "  ФИО: !!python/object/apply:os.system "
                                     "['touch pwned']\n"), "register.map.yaml", 11),
    ("tag-python-name", "!!python/name:os.system\n", "register.map.yaml", 1),
    ("tag-python-module", swap("columns:\n", "columns: !!python/module:os\n"), "register.map.yaml", 2),
    ("tag-binary", swap("  ФИО: drop\n", "  ФИО: !!binary aGVsbG8=\n"), "register.map.yaml", 11),
    ("tag-set", swap("  ФИО: drop\n", "  ФИО: !!set {a, b}\n"), "register.map.yaml", 11),
    ("tag-custom", swap("  ФИО: drop\n", "  ФИО: !evil drop\n"), "register.map.yaml", 11),
    ("huge-comment", MAPPING + "# " + "x" * 1_100_000 + "\n", "register.map.yaml", None),
    ("huge-values", swap("values:\n", "values:\n  ethnicity:\n" + "".join(
        f"    v{i}: kazakh\n" for i in range(70_000))), "register.map.yaml", None),
    ("deep-nesting", "columns: " + "[" * 5000 + "]" * 5000 + "\n", "register.map.yaml", 1),
    ("duplicate-header-key", swap("  Пол: sex\n", "  Пол: sex\n  Пол: age\n"), "register.map.yaml", 7),
    ("duplicate-section", MAPPING + "columns:\n  Пол: sex\n", "register.map.yaml", 22),
    ("duplicate-value-key", swap("муж: male}", "муж: male, жен: male}"), "register.map.yaml", 14),
    ("unknown-column", swap("  Пол: sex\n", "  Пол: religion\n"), "register.map.yaml", 6),
    ("column-to-list", swap("  Пол: sex\n", "  Пол: [sex, age]\n"), "register.map.yaml", 6),
    ("column-to-mapping", swap("  Пол: sex\n", "  Пол: {a: b}\n"), "register.map.yaml", 6),
    ("two-headers-one-column", swap("  Возраст: age\n", "  Возраст: sex\n"), "register.map.yaml", 7),
    ("wrong-column-sex-as-age", swap("  Пол: sex\n  Возраст: age\n", "  Пол: age\n  Возраст: sex\n"),
     "register.csv", None),
    ("header-the-register-lacks", swap("  Пол: sex\n", "  Пол: sex\n  Зарплата: drop\n"),
     "register.map.yaml", 7),
    ("header-left-unmapped", swap("  ФИО: drop\n", ""), "register.csv", 1),
    ("values-of-uncoded-column", swap("values:\n", "values:\n  age: {a: b}\n"), "register.map.yaml", 13),
    ("unknown-key", "colours: {}\n" + MAPPING, "register.map.yaml", 1),
    ("formula-as-code", swap("муж: male", 'муж: "=HYPERLINK(\\"http://x\\")"'), "register.map.yaml", 14),
    ("formula-as-cycle", swap('cycle: "2013"', 'cycle: "=1+1"'), "register.map.yaml", 20),
    ("formula-as-record-id", swap('"R{row}"', '"=cmd|{row}"'), "register.csv", None),
    ("record-id-without-row", swap('"R{row}"', '"R1"'), "register.map.yaml", 21),
    ("supply-unknown-column", swap('  cycle: "2013"\n', '  cycle: "2013"\n  sex: female\n'),
     "register.map.yaml", 21),
    ("supply-list", swap('cycle: "2013"', "cycle: [2013]"), "register.map.yaml", 20),
    ("non-utf8", MAPPING.encode("cp1251"), "register.map.yaml", None),
    ("utf16", MAPPING.encode("utf-16"), "register.map.yaml", None),
    ("nul-character", swap("ФИО: drop", "Ф\0ИО: drop"), "register.map.yaml", None),
    ("empty-file", "", "register.map.yaml", None),
    ("a-list-not-a-mapping", "- file\n- columns\n", "register.map.yaml", None),
    ("two-documents", MAPPING + "---\nfile: x\n", "register.map.yaml", 22),
    ("path-outside-to-passwd", swap("file: register.csv", "file: ../../../../../../../etc/passwd"),
     "passwd", None),
    ("path-absolute", swap("file: register.csv", "file: /etc/hostname"), "hostname", None),
    ("path-to-a-folder", swap("file: register.csv", "file: /tmp"), "register.map.yaml", None),
    ("path-a-list", swap("file: register.csv", "file: [a, b]"), "register.map.yaml", None),
    ("path-to-dev-zero", swap("file: register.csv", "file: /dev/zero"), "zero", None),
    ("path-missing", swap("file: register.csv", "file: nosuch.csv"), "nosuch.csv", None),
    ("header-row-text", MAPPING + "header_row: '3'\n", "register.map.yaml", 22),
    ("header-row-huge", MAPPING + "header_row: 99999999999999999999\n", "register.csv", None),
    ("encoding-unknown", MAPPING + "encoding: nosuch\n", "register.csv", None),
    ("encoding-undefined", MAPPING + "encoding: undefined\n", "register.csv", None),
    ("encoding-rot13", MAPPING + "encoding: rot13\n", "register.csv", None),
    ("encoding-a-list", MAPPING + "encoding: [a]\n", "register.map.yaml", 22),
]


@pytest.fixture
def register(tmp_path):
    (tmp_path / "register.csv").write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return tmp_path


ROW_WORDS = ("row {}", "line {}", "строка {}", "{}-жол")  # as en, ru and kk messages name it


def answered(result, file: str, line: int | None) -> str:
    """Assert `result` is one clear refusal naming `file` (and `line`); return its output."""
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    named = [text for text in lines if f"{file}" in text]
    assert named, result.output
    assert line is None or any(f"{file}, {word.format(line)}" in text for text in named
                               for word in ROW_WORDS), result.output
    return result.output


@pytest.mark.parametrize("name, text, file, line", MAPPINGS, ids=[m[0] for m in MAPPINGS])
def test_an_attack_through_a_mapping_file_is_answered(register, name, text, file, line):
    path = register / "register.map.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    result = CliRunner().invoke(main, ["validate", "--map", str(path), "--data", str(DATA)])
    answered(result, file, line)
    assert not (register / "pwned").exists()


@pytest.mark.parametrize("name", ["alias-bomb", "duplicate-header-key", "deep-nesting",
                                  "encoding-a-list"])
def test_render_with_a_hostile_mapping_writes_nothing(register, tmp_path, monkeypatch, name):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _, text, file, line = next(m for m in MAPPINGS if m[0] == name)
    (register / "register.map.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", "--map", str(register / "register.map.yaml"),
                                       "--scope", "national", "--lang", "ru",
                                       "--output", str(tmp_path / "out"), "--quiet"])
    output = answered(result, file, line)
    assert not (tmp_path / "out").exists() and not (tmp_path / "cache").exists()
    assert "ожидалось" in output, output  # in the language of the one report asked for


# -- registers: what a workbook can hide ---------------------------------------------------------
def _hide_first(book, sheet):
    sheet.sheet_state = "hidden"
    for line in [HEADER, *ROWS]:
        book.create_sheet("Видимый").append(line.split(";")) if "Видимый" not in book else (
            book["Видимый"].append(line.split(";")))


def _very_hide_first(book, sheet):
    _hide_first(book, sheet)
    sheet.sheet_state = "veryHidden"


WORKBOOKS = [  # (attack, edit of the workbook, its error's row and column, or None: accepted)
    ("merged-cells-in-the-body", lambda b, s: s.merge_cells("B2:B3"), (2, "Район")),
    ("merged-cells-in-the-header", lambda b, s: s.merge_cells("A1:B1"), (1, None)),
    ("hidden-first-sheet", _hide_first, (None, None)),
    ("very-hidden-first-sheet", _very_hide_first, (None, None)),
    ("formula-without-value", lambda b, s: s.__setitem__("E2", "=40+1"), (2, "E")),
    ("formula-giving-text", lambda b, s: s.__setitem__("D2", '=IF(1,"жен","муж")'), (2, "D")),
    ("formula-in-a-dropped-column", lambda b, s: s.__setitem__("I2", '=HYPERLINK("http://x","x")'),
     (2, "I")),
    ("empty-first-sheet", lambda b, s: b.create_sheet("Пустой", 0), (None, None)),
    ("hidden-sheet-after-the-first", lambda b, s: b.create_sheet("Скрытый").__setattr__(
        "sheet_state", "hidden"), None),
    ("hidden-row", lambda b, s: s.row_dimensions[3].__setattr__("hidden", True), None),
    ("hidden-column", lambda b, s: s.column_dimensions["I"].__setattr__("hidden", True), None),
]


@pytest.mark.parametrize("name, edit, place", WORKBOOKS, ids=[w[0] for w in WORKBOOKS])
def test_an_attack_through_a_register_workbook_is_answered(tmp_path, name, edit, place):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Реестр"
    for line in [HEADER, *ROWS]:
        sheet.append(line.split(";"))
    edit(book, sheet)
    book.save(tmp_path / "register.xlsx")
    path = tmp_path / "register.map.yaml"
    path.write_text(MAPPING.replace("register.csv", "register.xlsx"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--map", str(path), "--data", str(DATA)])
    if place is None:
        assert result.exit_code == 0, result.output
        return
    row, column = place
    output = answered(result, "register.xlsx", row)
    assert column is None or f"column '{column}'" in output, output


# -- parameter files and -p ----------------------------------------------------------------------
PARAMETER_FILES = [  # (attack, the file's text or bytes, the line its error names, or None)
    ("tag-python-object-apply", "cycle: !!python/object/apply:os.system ['touch pwned']\n", 1),
    ("tag-binary", "cycle: !!binary MjAxMw==\n", None),
    ("alias-bomb", BOMB, 2),
    ("alias-bomb-as-a-value", BOMB.replace("l7: &l7", "sensitive_variables:"), 2),
    ("huge-number", "age_threshold: " + "9" * 5000 + "\n", None),
    ("huge-file", "cycle: '2013'\n# " + "x" * 1_100_000 + "\n", None),
    ("deep-nesting", "cycle: " + "[" * 5000 + "]" * 5000 + "\n", 1),
    ("duplicate-key", "cycle: '2013'\ncycle: '2017'\n", 2),
    ("two-documents", "cycle: '2013'\n---\ncycle: '2017'\n", 2),
    ("unknown-name", "colour: red\n", None),
    ("number-as-a-name", "1: 2\n", None),
    ("a-list", "- cycle\n", None),
    ("a-scalar", "hello\n", None),
    ("cp1251", "cycle: '2013'\n# Павлодар\n".encode("cp1251"), None),
    ("nan-alpha", "alpha: .nan\n", None),
    ("inf-alpha", "alpha: .inf\n", None),
    ("alpha-zero", "alpha: 0\n", None),
    ("alpha-one", "alpha: 1\n", None),
    ("negative-threshold", "suppression_threshold: -1\n", None),
    ("threshold-a-text", "suppression_threshold: five\n", None),
]


def render_args(tmp_path, *args) -> list[str]:
    return ["render", "--scope", "national", "--lang", "en", "--format", "html",
            "--output", str(tmp_path / "out"), "--quiet", *args]


@pytest.mark.parametrize("name, text, line", PARAMETER_FILES, ids=[p[0] for p in PARAMETER_FILES])
def test_an_attack_through_a_parameter_file_is_answered(tmp_path, monkeypatch, name, text, line):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "p.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    result = CliRunner().invoke(main, render_args(tmp_path, "--params", str(path)))
    output = answered(result, "p.yaml", line)
    assert len(output.strip().splitlines()) == 1, output
    assert not (tmp_path / "out").exists() and not (tmp_path / "pwned").exists()


ASSIGNMENTS = [  # -p NAME=VALUE
    ("tag", "cycle=!!python/object/apply:os.system ['touch pwned']"),
    ("huge-text", "cycle=" + "9" * 100_000),
    ("huge-number", "age_threshold=" + "9" * 5000),
    ("unknown-name", "colour=red"),
    ("nan", "alpha=.nan"), ("nan-word", "alpha=nan"), ("inf", "alpha=.inf"),
    ("alpha-zero", "alpha=0"), ("alpha-one", "alpha=1"), ("alpha-negative", "alpha=-0.05"),
    ("threshold-negative", "suppression_threshold=-1"), ("age-negative", "age_threshold=-5"),
    ("baseline-size-negative", "baseline_nobs=-3"), ("scope-size-zero", "min_scope_size=0"),
    ("seed-negative", "seed=-1"), ("seed-huge", "seed=99999999999"), ("seed-fraction", "seed=1.5"),
    ("bool-for-int", "age_threshold=true"), ("list-for-int", "age_threshold=[1,2]"),
    ("mapping-for-text", "cycle={a: 1}"), ("null", "cycle="), ("language-unknown", "language=fr"),
    ("variables-a-text", "sensitive_variables=ethnicity"),
    ("variables-unknown", "sensitive_variables=[religion]"),
    ("variables-nested", "sensitive_variables=[[a]]"),
    ("alias-bomb", "sensitive_variables=[" + ", ".join(["&a [x, x, x, x, x, x, x, x, x]"] + [
        "*a"] * 8) + "]"),
    ("deep-nesting", "cycle=" + "[" * 5000 + "]" * 5000),
    ("cycle-unknown", "cycle=2099"), ("baseline-unknown", "baseline=1999"),
    ("cycle-with-nul", "cycle=20\x0013"), ("cycle-with-newline", "cycle=2013\nbaseline: x"),
    ("alpha-a-word", "alpha=five"), ("no-equals-sign", "cycle"), ("no-name", "=2013"),
    ("data-folder-missing", "data_dir=/nonexistent"), ("data-folder-not-data", "data_dir=/etc"),
]


@pytest.mark.parametrize("name, assignment", ASSIGNMENTS, ids=[a[0] for a in ASSIGNMENTS])
def test_an_attack_through_a_parameter_assignment_is_answered(tmp_path, monkeypatch, name,
                                                              assignment):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, render_args(tmp_path, "-p", assignment))
    assert "Traceback" not in result.output and (
        result.exception is None or isinstance(result.exception, SystemExit)), result.output
    assert result.exit_code == (2 if name.startswith("no-") else 1), result.output  # 2: usage
    assert "error" in result.output.lower() and len(result.output) < 2000, result.output
    assert not (tmp_path / "out").exists() and not (tmp_path / "pwned").exists()


def test_refused_yaml_is_named_in_the_users_language(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("cycle: '2013'\ncycle: '2017'\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["render", "--scope", "national", "--lang", "kk", "--params",
                                       str(path), "--output", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "p.yaml, 2-жол: күтілгені: әр кілт бір рет: «cycle» 1-жолда да бар" in result.output
