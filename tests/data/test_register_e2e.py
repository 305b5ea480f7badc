"""A register as ministries export it goes from file to rendered report with `map --suggest`,
a reviewed mapping and `render --map`, and no other step (issue 16, "Done when").

The registers are made here from the shipped synthetic records (tests/registers.py): 2,000
rows under a title row, Russian or Kazakh headers and words, region names, no ids or cycle.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from akimstat.cli import main

from fixtures.helpers import run_in
from registers import register_frame, review, write_csv_cp1251, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "your-register.md"


def akimstat(*args: str, cwd: Path) -> str:
    """Run the command line in `cwd` as a user would; return its output, failing on an error."""
    return run_in(cwd, *args).output


def reviewed(path: Path, lang: str) -> None:
    """What the person reviewing the draft does: decide each "?"."""
    path.write_text(review(path.read_text(encoding="utf-8"), lang), encoding="utf-8")


def pavlodar_records(lang: str) -> int:
    _, records = register_frame(lang)
    return int((records["region"] == "KZ-PAV").sum())


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    """The composed data folders go to a cache of the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.mark.render
@pytest.mark.parametrize("lang, name, write, options", [
    ("ru", "register.xlsx", write_xlsx, []),
    ("ru", "register.csv", write_csv_cp1251, ["--encoding", "cp1251"]),
    ("kk", "тізілім.xlsx", write_xlsx, []),
])
def test_register_to_report_with_no_other_step(tmp_path, lang, name, write, options):
    register = write(tmp_path / name, lang)
    said = akimstat("map", "--suggest", name, *options, cwd=tmp_path)
    mapping = register.with_suffix(".map.yaml")
    assert f"wrote {mapping.name}: 8 of 8 columns" in said
    reviewed(mapping, lang)
    assert "2,000 rows" in akimstat("validate", "--map", mapping.name, cwd=tmp_path)
    akimstat("render", "--map", mapping.name, "--scope", "KZ-PAV", "--lang", lang,
             "--format", "html", "--output", "out", "--quiet", cwd=tmp_path)
    report = tmp_path / "out" / "2013" / "KZ-PAV" / lang
    package = json.loads((report / "datapackage.json").read_text(encoding="utf-8"))
    hashed = package["akimstat:data_files"]  # the register and its mapping, each with its SHA-256
    assert f"register/{name}" in hashed and f"register/{mapping.name}" in hashed
    published = {p.name for p in (tmp_path / "out").rglob("*")}
    assert name not in published and mapping.name not in published  # record-level data stays out
    figures = pd.read_csv(report / "figures.csv", dtype=str).set_index("key")
    count = next(v for k, v in figures["value"].items() if k.endswith(".nobs") or k == "akims")
    assert int(float(count)) == pavlodar_records(lang)


def test_six_kinds_of_bad_values_give_six_grouped_messages_in_russian(tmp_path, published_only):
    frame, _ = register_frame("ru", rows=20)
    frame = frame.astype(object)
    bad = {"Пол": "жэн", "Область": "Павладарская область", "Возраст": "сорок",
           "Профессия": "тракторист", "Образование": None}
    for n, (column, value) in enumerate(bad.items()):
        frame.loc[[n, n + 5, n + 10], column] = value
    frame.loc[[16, 17], "Возраст"] = 90  # the sixth kind: an age out of range
    path = tmp_path / "register.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, startrow=2)
        writer.sheets["Sheet1"]["A1"] = "Реестр"
    akimstat("map", "--suggest", "register.xlsx", "--cycle", "2013", "--data",
             str(published_only), cwd=tmp_path)
    mapping = tmp_path / "register.map.yaml"
    text = mapping.read_text(encoding="utf-8")
    for value in ("жэн", "тракторист", "Павладарская область"):  # typos: the reviewer
        text = re.sub(rf"\n *\"?{value}\"?: .*", "", text)       # leaves them out
    mapping.write_text(text, encoding="utf-8")
    reviewed(mapping, "ru")
    result = CliRunner().invoke(main, ["validate", "--map", str(mapping), "--data",
                                       str(published_only), "--lang", "ru"])
    lines = result.output.splitlines()
    assert result.exit_code == 1
    assert lines[0] == "akimstat: error: 17 ошибок во входных данных:", result.output
    assert len(lines) == 1 + 6, result.output
    assert all("ожидалось" in line and "строк" in line for line in lines[1:]), result.output
    columns = [re.search(r"столбец «([^»]+)»", line).group(1) for line in lines[1:]]
    assert sorted(columns) == sorted(["Пол", "Область", "Возраст", "Профессия", "Образование",
                                      "Возраст"])


def guide_commands() -> list[str]:
    """Return the commands of the guide's shell blocks, in order."""
    blocks = re.findall(r"```sh\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    return [line for block in blocks for line in block.splitlines()
            if line.startswith(".venv/bin/akimstat ")]


def test_the_guide_has_the_steps():
    commands = [shlex.split(c)[1] for c in guide_commands()]
    assert commands == ["map", "validate", "render", "map", "validate"]


@pytest.mark.render
def test_the_guides_commands_run_as_written(tmp_path):
    """Each command of docs/your-register.md, run in a folder holding the registers it names
    (made from the synthetic records); after each `map --suggest`, the review it describes."""
    write_xlsx(tmp_path / "register.xlsx", "ru")
    write_csv_cp1251(tmp_path / "register.csv", "ru")
    for command in guide_commands():
        args = shlex.split(command, comments=True)[1:]
        output = akimstat(*args, cwd=tmp_path)
        if args[0] == "map":
            out = args[args.index("--output") + 1] if "--output" in args else (
                Path(args[args.index("--suggest") + 1]).with_suffix(".map.yaml").name)
            assert "wrote" in output
            reviewed(tmp_path / out, "ru")
        if args[0] == "validate":
            assert output.startswith("ok  register"), output
    assert (tmp_path / "reports" / "2013" / "KZ-PAV" / "ru" / "report.html").is_file()
    assert (tmp_path / "reports" / "index.html").is_file()


# -- round two (issue 24): a register with birth dates, record numbers and district names ----
def confirmed(text: str) -> tuple[str, int]:
    """Return a draft with each "?" its comment proposes a code for replaced by that code (what
    the person reviewing confirms), and how many lines were edited."""
    lines, edits = [], 0
    for line in text.splitlines():
        proposed = re.search(r'"\?"  # .*замените «\?» на (\S+)$', line)
        if proposed:
            line, edits = line.replace('"?"  #', f"{proposed.group(1)}  #", 1), edits + 1
        lines.append(line)
    return "\n".join(lines) + "\n", edits


@pytest.mark.render
def test_a_ministry_register_with_birth_dates_from_draft_to_report(tmp_path):
    from registers import BAD_ROWS, DISTRICT, sheet_row, write_ministry_xlsx
    from fixtures.renders import texts_with_nan

    write_ministry_xlsx(tmp_path / "register.xlsx")
    said = akimstat("map", "--suggest", "register.xlsx", "--cycle", "2013", "--lang", "ru",
                    cwd=tmp_path)
    assert "сопоставлено 9 столбцов из 9" in said and "решить: 1" in said, said
    mapping = tmp_path / "register.map.yaml"
    draft = mapping.read_text(encoding="utf-8")
    assert "Дата рождения: birth_date" in draft and "№: record_id" in draft
    assert f"{DISTRICT[2]}: {DISTRICT[1]}  # то же" in draft  # two spellings flagged as one
    # One validate of the draft names all three bad rows (and the draft's undecided line).
    result = CliRunner().invoke(main, ["validate", "--map", str(mapping), "--lang", "ru",
                                       "--problems", str(tmp_path / "problems.csv")])
    assert result.exit_code == 1, result.output
    for header, (index, _) in BAD_ROWS.items():
        assert f"строка {sheet_row(index)}, столбец «{header}»" in result.output, result.output
    assert "00:00:00" not in result.output and " expected " not in result.output
    assert len(pd.read_csv(tmp_path / "problems.csv", encoding="utf-8-sig")) == 4
    text, edits = confirmed(draft)
    assert edits <= 3
    mapping.write_text(text, encoding="utf-8")
    write_ministry_xlsx(tmp_path / "register.xlsx", bad=("Область",))  # the ministry's fixes
    assert "2 000 строк" in akimstat("validate", "--map", mapping.name, "--lang", "ru", cwd=tmp_path)
    akimstat("render", "--map", mapping.name, "--scope", "KZ-PAV", "--lang", "ru",
             "--format", "html", "--output", "out", "--quiet", cwd=tmp_path)
    report = tmp_path / "out" / "2013" / "KZ-PAV" / "ru"
    districts = pd.read_csv(report / "tables" / "districts.csv", dtype=str)
    assert DISTRICT[1] in set(districts.iloc[:, 0]) and DISTRICT[2] not in set(districts.iloc[:, 0])
    html = (report / "report.html").read_text(encoding="utf-8")
    assert "не вычисляется: в записях нет кода лица" in html  # no person ids: says why
    assert texts_with_nan(tmp_path / "out") == []
    assert not any("Дата рождения" in p.read_text(encoding="utf-8", errors="ignore")
                   for p in (tmp_path / "out").rglob("*.csv"))
