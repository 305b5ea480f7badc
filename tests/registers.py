"""Registers as ministries export them, made from the shipped synthetic records (issue 16).

Each has a title row above a header in Russian or Kazakh, the ministry's own words for values
("жен", "педагог", "казах", "Павлодарская область"), no ids and no cycle. `REVIEW` holds what
the person reviewing a suggested mapping decides for what it could not match.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = ROOT / "data" / "synthetic" / "records-2013.csv"
TITLE = {"ru": "Реестр акимов сельских округов, сёл, посёлков и городов районного значения, "
               "избранных в 2013 году",
         "kk": "2013 жылы сайланған ауылдық округтер, ауылдар, кенттер және аудандық маңызы бар "
               "қалалар әкімдерінің тізілімі"}
HEADERS = {
    "ru": {"region": "Область", "district": "Район", "unit_type": "Тип единицы", "sex": "Пол",
           "age": "Возраст", "profession": "Профессия", "ethnicity": "Национальность",
           "education": "Образование"},
    "kk": {"region": "Облыс", "district": "Аудан", "unit_type": "Бірлік түрі", "sex": "Жынысы",
           "age": "Жасы", "profession": "Мамандығы", "ethnicity": "Ұлты", "education": "Білімі"},
}
# The ministry's words: singular forms, abbreviations, as staff type them.
WORDS = {
    "ru": {
        "unit_type": {"rural_okrug": "сельский округ", "village": "село", "settlement": "посёлок",
                      "town": "город районного значения"},
        "sex": {"female": "жен", "male": "муж"},
        "profession": {"pedagogue": "педагог", "agriculture": "агроном", "engineer": "инженер",
                       "economist": "экономист", "lawyer": "юрист", "other": "другая"},
        "ethnicity": {"kazakh": "казах", "russian": "русский", "uzbek": "узбек",
                      "ukrainian": "украинец", "uighur": "уйгур", "tatar": "татарин",
                      "german": "немец", "korean": "кореец", "belarusian": "белорус",
                      "azerbaijani": "азербайджанец", "turkish": "турок", "chechen": "чеченец",
                      "polish": "поляк", "bashkir": "башкир", "dungan": "дунганин",
                      "kurdish": "курд", "tajik": "таджик", "moldovan": "молдаванин",
                      "greek": "грек", "kyrgyz": "киргиз", "armenian": "армянин",
                      "ingush": "ингуш", "bulgarian": "болгарин", "mordvin": "мордвин",
                      "chuvash": "чуваш", "lezgin": "лезгин", "karakalpak": "каракалпак",
                      "other": "другая"},
        "education": {"higher": "высшее", "secondary_special": "среднее специальное",
                      "secondary": "среднее"},
    },
    "kk": {
        "unit_type": {"rural_okrug": "ауылдық округ", "village": "ауыл", "settlement": "кент",
                      "town": "аудандық маңызы бар қала"},
        "sex": {"female": "әйел", "male": "ер"},
        "profession": {"pedagogue": "педагог", "agriculture": "агроном", "engineer": "инженер",
                       "economist": "экономист", "lawyer": "заңгер", "other": "басқа"},
        "ethnicity": {"kazakh": "қазақ", "russian": "орыс", "uzbek": "өзбек",
                      "ukrainian": "украин", "uighur": "ұйғыр", "tatar": "татар",
                      "german": "неміс", "korean": "кәріс", "belarusian": "белорус",
                      "azerbaijani": "әзірбайжан", "turkish": "түрік", "chechen": "шешен",
                      "polish": "поляк", "bashkir": "башқұрт", "dungan": "дүнген",
                      "kurdish": "күрд", "tajik": "тәжік", "moldovan": "молдован",
                      "greek": "грек", "kyrgyz": "қырғыз", "armenian": "армян",
                      "ingush": "ингуш", "bulgarian": "болгар", "mordvin": "мордва",
                      "chuvash": "чуваш", "lezgin": "лезгин", "karakalpak": "қарақалпақ",
                      "other": "басқа"},
        "education": {"higher": "жоғары", "secondary_special": "арнаулы орта",
                      "secondary": "орта"},
    },
}


def register_frame(lang: str, rows: int = 2000) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (the register as the ministry writes it, the records it stands for).

    `rows` records are taken evenly from the synthetic 2013 corps, so every region is in it;
    regions are named in `lang` as `codes/regions.csv` names them, the rest in `WORDS`.
    """
    records = pd.read_csv(SYNTHETIC, dtype=str, keep_default_na=False)
    records = records.iloc[np.linspace(0, len(records) - 1, rows).round().astype(int)]
    regions = pd.read_csv(ROOT / "data" / "codes" / "regions.csv", dtype=str).set_index("code")
    out = pd.DataFrame({
        "region": records["region"].map(regions[f"name_{lang}"]),
        "district": records["district"],
        **{c: records[c].map(WORDS[lang][c]) for c in ("unit_type", "sex")},
        "age": records["age"].astype(int),
        **{c: records[c].map(WORDS[lang][c]) for c in ("profession", "ethnicity", "education")},
    })
    assert out.notna().all().all(), "a code without the ministry's word"
    return out.rename(columns=HEADERS[lang]).reset_index(drop=True), records.reset_index(drop=True)


def write_xlsx(path: Path, lang: str, rows: int = 2000) -> Path:
    """Write the register as XLSX: the title in row 1, a blank row 2, the header in row 3."""
    frame, _ = register_frame(lang, rows)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, startrow=2)
        writer.sheets["Sheet1"]["A1"] = TITLE[lang]
    return path


def write_csv_cp1251(path: Path, lang: str = "ru", rows: int = 2000) -> Path:
    """Write the register as Excel in a Russian locale saves CSV: cp1251, semicolons, the title
    on the first line."""
    frame, _ = register_frame(lang, rows)
    width = len(frame.columns)
    text = TITLE[lang] + ";" * (width - 1) + "\r\n" + frame.to_csv(sep=";", index=False,
                                                                   lineterminator="\r\n")
    path.write_bytes(text.encode("cp1251"))
    return path


def review(mapping_text: str, lang: str) -> str:
    """Return a suggested mapping with each "?" replaced by what a reviewer knows it means:
    the code the ministry's word stands for, and the cycle 2013."""
    import yaml

    mapping = yaml.safe_load(mapping_text)
    meaning = {column: {word: code for code, word in words.items()}
               for column, words in WORDS[lang].items()}
    mapping["values"] = {c: t for c, t in (mapping.get("values") or {}).items() if t}
    for column, table in mapping["values"].items():
        for value, code in table.items():
            if code == "?":
                table[value] = meaning[column][value]
    if mapping.get("supply", {}).get("cycle") == "?":
        mapping["supply"]["cycle"] = "2013"
    assert "?" not in mapping["columns"].values(), mapping["columns"]
    return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)


# -- round two (issue 24): a register with birth dates, a record number, district names ------
MINISTRY_HEADERS = ["№", "Область", "Район", "Тип единицы", "Пол", "Дата рождения",
                    "Национальность", "Образование", "Специальность"]
ELECTION_2013 = pd.Timestamp("2013-08-05")
RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
             "сентября", "октября", "ноября", "декабря")
# A Pavlodar district the ministry names, in two spellings (every other row "район" is left out).
DISTRICT = ("KZ-PAV-D01", "Актогайский район", "Актогайский")


def birth_dates(ages: pd.Series) -> list[pd.Timestamp]:
    """Return a birth date for each age that gives that age on the 2013 election day."""
    return [ELECTION_2013 - pd.DateOffset(years=int(age)) - pd.Timedelta(days=1 + (n * 37) % 360)
            for n, age in enumerate(ages)]


def as_typed(day: pd.Timestamp, n: int) -> str:
    """Return a birth date as staff type it, in one of three forms."""
    form = n % 3
    if form == 0:
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    if form == 1:
        return f"{day.day} {RU_MONTHS[day.month - 1]} {day.year} г."
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def ministry_frame(rows: int = 2000) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (a ministry's register, the records it stands for): the headers above, record
    numbers, birth dates (every fourth typed as text, the rest Excel dates), Pavlodar's first
    district by name in two spellings."""
    frame, records = register_frame("ru", rows)
    born = birth_dates(frame["Возраст"])
    district = frame["Район"].astype(object)
    named = (district == DISTRICT[0]).to_numpy().nonzero()[0]
    district.iloc[named] = [DISTRICT[1 + (i % 2)] for i in range(len(named))]
    out = pd.DataFrame({
        "№": range(1, len(frame) + 1), "Область": frame["Область"], "Район": district,
        "Тип единицы": frame["Тип единицы"], "Пол": frame["Пол"],
        "Дата рождения": pd.Series([as_typed(d, n) if n % 4 == 3 else d.to_pydatetime()
                                    for n, d in enumerate(born)], dtype=object),
        "Национальность": frame["Национальность"], "Образование": frame["Образование"],
        "Специальность": frame["Профессия"]})
    return out, records


#: The bad rows of the ministry's register (frame index: blank sex, age 17, a region typo).
BAD_ROWS = {"Пол": (10, None), "Дата рождения": (20, "17"), "Область": (30, "Северо-Казахская обл.")}


def write_ministry_xlsx(path: Path, rows: int = 2000, bad=tuple(BAD_ROWS)) -> Path:
    """Write the ministry's register under a title row, with the bad rows of `BAD_ROWS` whose
    columns are in `bad` (the age 17 is a birth date 17 years before the election)."""
    frame, _ = ministry_frame(rows)
    if "Пол" in bad:
        frame.loc[BAD_ROWS["Пол"][0], "Пол"] = None
    if "Дата рождения" in bad:
        frame.loc[BAD_ROWS["Дата рождения"][0], "Дата рождения"] = (
            ELECTION_2013 - pd.DateOffset(years=17, days=40)).to_pydatetime()
    if "Область" in bad:
        frame.loc[BAD_ROWS["Область"][0], "Область"] = BAD_ROWS["Область"][1]
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, startrow=2)
        writer.sheets["Sheet1"]["A1"] = TITLE["ru"]
    return path


def sheet_row(index: int) -> int:
    """Return the sheet row of a frame row written by `write_ministry_xlsx` (title, blank,
    header above it)."""
    return index + 4
