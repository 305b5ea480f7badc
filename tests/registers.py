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
