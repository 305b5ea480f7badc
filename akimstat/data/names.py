"""Names of codes as people type them: a region, sex or profession named in Kazakh, Russian or
English instead of by its code.

The code lists (`data/codes/`) hold every code's name in kk, ru and en. A register that writes
"Павлодарская область" or "Женщины" means KZ-PAV or female, so a cell equal to a name -- after
case, spacing, dashes and "ё/е" are made alike -- is read as its code (`coded_by_name`). Looser
matches ("жен", "педагог", "Павлодарская обл.") are only *suggested* for a mapping file that a
person reviews (`suggested_code`): a guess is never applied silently.

Notes
-----
A name can belong to several codes: "Павлодарская область" is both KZ-PAV (the letter code in
force in 2013) and KZ-55 (the numeric code of the same territory). The first code in
`regions.csv` wins, so names read as the letter codes the shipped data uses; a mapping file can
say otherwise (written in docs/assumptions-and-caveats.md).
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from akimstat.params import LANGUAGES

# Columns of records whose cells are codes of a code list, and the list's variable.
CODED = ("cycle", "region", "unit_type", "sex", "profession", "ethnicity", "education")

# Abbreviations and words registers use that no name in the code lists starts with or
# resembles closely enough; only ever suggested, never applied without review.
ABBREVIATIONS = {
    "sex": {"м": "male", "муж": "male", "мужской": "male", "мужчина": "male", "ер": "male",
            "ер адам": "male", "m": "male", "male": "male", "man": "male",
            "ж": "female", "жен": "female", "женский": "female", "женщина": "female",
            "әйел": "female", "f": "female", "female": "female", "woman": "female"},
    "profession": {"агроном": "agriculture", "зоотехник": "agriculture",
                   "ветеринар": "agriculture", "ветврач": "agriculture", "учитель": "pedagogue",
                   "мұғалім": "pedagogue"},
    "region": {"вко": "KZ-VOS", "ско": "KZ-SEV", "зко": "KZ-ZAP", "юко": "KZ-YUZ"},
    "education": {"высш": "higher", "ср. спец": "secondary_special",
                  "средне-специальное": "secondary_special", "ср": "secondary"},
}
# Words for "other" in any code list that has an `other` code.
OTHER = {"другое", "другая", "другой", "другие", "прочее", "прочие", "иное", "басқа", "басқалар",
         "other", "others"}
# Words of region names that registers shorten ("Павлодарская обл.", "г. Астана").
WORDS = {"обл": "область", "обл.": "область", "облысы": "облысы", "г.": "", "г": "",
         "қ.": "", "қаласы": "", "город": "", "city": "", "reg.": "region"}
KAZAKH_LATIN = str.maketrans({"ё": "е"})


def normalised(text: object) -> str:
    """Return `text` as names are compared: lower case, one space, 'ё' as 'е', one kind of dash.

    >>> normalised("  Северо – Казахстанская  ОБЛАСТЬ ")
    'северо-казахстанская область'
    """
    text = unicodedata.normalize("NFC", str(text)).casefold().translate(KAZAKH_LATIN)
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def _names(codes, variable: str) -> list[tuple[str, str]]:
    """Return (code, name) of every name of `variable`'s codes, in code-list order."""
    if variable == "region":
        table = codes.regions.reset_index().rename(columns={"index": "code"})
    elif variable == "cycle":
        table = codes.cycles.reset_index().rename(columns={"cycle": "code"})
    else:
        table = codes.categories[codes.categories["variable"] == variable].sort_values("order")
    code_column = "code" if "code" in table.columns else table.columns[0]
    return [(row[code_column], row[f"name_{lang}"]) for row in table.to_dict("records")
            for lang in LANGUAGES if isinstance(row.get(f"name_{lang}"), str)]


def name_index(codes, variable: str) -> dict[str, str]:
    """Return normalised name -> code for `variable`; a name of several codes reads as the first."""
    key = ("name_index", variable)
    cache = codes._cache
    if key not in cache:
        index: dict[str, str] = {}
        for code, name in _names(codes, variable):
            index.setdefault(normalised(name), code)
        cache[key] = index
    return cache[key]


def codes_of(codes, variable: str) -> list[str]:
    """Return the codes of `variable` in code-list order."""
    if variable == "region":
        return list(codes.regions.index)
    if variable == "cycle":
        return list(codes.cycles.index)
    return codes.category_codes(variable)


def coded_by_name(frame: pd.DataFrame, codes) -> pd.DataFrame:
    """Return `frame` with cells of coded columns that equal a code's name replaced by the code.

    Only the distinct values that are not codes are looked up, so a million clean rows cost
    one `unique` per column.
    """
    frame = frame.copy()
    for column in CODED:
        if column not in frame.columns:
            continue
        known = set(codes_of(codes, column))
        index = name_index(codes, column)
        lookup = {value: index[normalised(value)] for value in frame[column].dropna().unique()
                  if value not in known and normalised(value) in index}
        if lookup:
            frame[column] = frame[column].replace(lookup)
    return frame


def suggested_code(codes, variable: str, value: object) -> str | None:
    """Return the code a register's `value` most likely means, or None when it is not clear.

    Tried in turn: the code itself (any case), a name, a known abbreviation, the value with
    shortened words written out ("обл." -> "область"), then a unique stem match: the value and
    one code's name share all but the last letters of each word ("педагог" ~ "педагоги", "казах" ~
    "казахи", "украинец" ~ "украинцы"). A value that fits several codes is not matched.
    """
    text = normalised(value)
    if not text:
        return None
    codes_by_case = {c.casefold(): c for c in codes_of(codes, variable)}
    if text in codes_by_case:
        return codes_by_case[text]
    index = name_index(codes, variable)
    if text in index:
        return index[text]
    if ABBREVIATIONS.get(variable, {}).get(text) in codes_by_case.values():
        return ABBREVIATIONS[variable][text]
    if text in OTHER and "other" in codes_by_case:
        return "other"
    if variable == "region":
        text = " ".join(WORDS.get(w, w) for w in text.split(" ")).strip() or text
        for candidate in (text, text.replace("область", "облысы")):
            if candidate in index:
                return index[candidate]
    return _stem_match(index, text)


def _stem_match(index: dict[str, str], text: str) -> str | None:
    found, text = set(), text.replace("-", " ")
    for name, code in index.items():
        name = name.replace("-", " ")
        if _same_stem(text, name):
            found.add(code)
        elif " " not in text and name.split(" ")[0] == text:
            found.add(code)  # "павлодарская" for "павлодарская область"
    return found.pop() if len(found) == 1 else None


def _same_stem(value: str, name: str, ending: int = 3, shortest: int = 3) -> bool:
    """Return whether each word of `value` and `name` differs only in its last letters
    (Russian endings, Kazakh plural suffixes of three letters: -тар, -лер)."""
    pairs = list(zip(value.split(" "), name.split(" ")))
    if len(pairs) != name.count(" ") + 1 or len(pairs) != value.count(" ") + 1:
        return False
    for a, b in pairs:
        common = len(_common_prefix(a, b))
        if common < min(shortest, len(a), len(b)) or len(a) - common > ending or (
                len(b) - common > ending):
            return False
    return True


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


# -- scopes on the command line ---------------------------------------------------------------------
NATIONAL = "national"


def resolve_scopes(requested, codes, available: list[str], cycle: str, code_of=None) -> list[str]:
    """Return the scope codes `requested` means: 'national' or region codes, in any case, or a
    region's name in kk, ru or en ("Павлодарская область"), or the country's name.

    Raises `ParameterError` telling an unknown scope (with "did you mean …?") from a known
    region that has no records in `cycle`. `code_of(text, codes)` reads a scope (default:
    `scope_code`).
    """
    from akimstat.errors import ParameterError
    from akimstat.labels import Localised, localised

    resolved, problems = [], []
    for text in requested:
        code = (code_of or scope_code)(text, codes)
        if code is not None and code in available:
            resolved.append(code)
        elif code is not None:
            problems.append(localised("scope.no_data", scope=text, cycle=cycle,
                                      name=_region_names(codes, code), available=", ".join(available),
                                      hint=_did_you_mean(text, codes, available, code)))
        else:
            problems.append(localised("scope.unknown", scope=text,
                                      hint=_did_you_mean(text, codes, available)))
    if problems:
        raise ParameterError(Localised({lang: "; ".join(p.in_(lang) for p in problems)
                                        for lang in LANGUAGES}))
    return list(dict.fromkeys(resolved))


def scope_code(text: str, codes) -> str | None:
    """Return the scope `text` names exactly (any case; a code or a name), or None."""
    from akimstat.labels import labels

    key = normalised(text)
    if key == NATIONAL or key in {normalised(labels(lang).plain("scope.national"))
                                  for lang in LANGUAGES}:
        return NATIONAL
    by_case = {code.casefold(): code for code in codes.regions.index}
    return by_case.get(key) or name_index(codes, "region").get(key)


def _region_names(codes, code: str) -> dict[str, str]:
    return {lang: codes.label("region", code, lang) for lang in LANGUAGES}


def _did_you_mean(text: str, codes, available: list[str], exact: str | None = None):
    """Return "; did you mean KZ-PAV (Павлодарская область)?" for the closest available scope
    by code or name, or '' when none is close."""
    import difflib

    from akimstat.labels import localised

    regions = [code for code in available if code != NATIONAL]
    candidates = {code.casefold(): code for code in regions}
    for code in regions:
        for lang in LANGUAGES:
            candidates.setdefault(normalised(codes.label("region", code, lang)), code)
    exact = exact or scope_code(text, codes)
    if exact is not None and exact not in available:  # KZ-55 for KZ-PAV: the same name
        same = [c for c in regions if normalised(codes.label("region", c, "ru")) == normalised(
            codes.label("region", exact, "ru"))]
        if same:
            return localised("scope.did_you_mean", code=same[0], name=_region_names(codes, same[0]))
        after = [c for c in codes.successors(exact) if c in regions]  # KZ-61 for KZ-YUZ in 2021
        if after:
            return localised("scope.did_you_mean", code=after[0], name=_region_names(codes, after[0]))
    close = difflib.get_close_matches(normalised(text), list(candidates), n=1, cutoff=0.6)
    if not close:
        return ""
    code = candidates[close[0]]
    return localised("scope.did_you_mean", code=code, name=_region_names(codes, code))


def closest_code(codes, variable: str, value: object) -> str | None:
    """Return the code a bad `value` is most likely a slip for: a suggestion (`suggested_code`),
    else the code whose name is closest in spelling ("Павладарская область"), or None."""
    import difflib

    code = suggested_code(codes, variable, value)
    if code is not None:
        return code
    index = name_index(codes, variable)
    close = difflib.get_close_matches(normalised(value), list(index), n=1, cutoff=0.8)
    return index[close[0]] if close else None


def with_suggestions(problems: list, codes) -> list:
    """Return `problems` where a bad value of a coded column that is close to a code says so:
    "looks like KZ-PAV (Павлодарская область): add 'Павладарская область: KZ-PAV' to the
    mapping". One look-up per distinct value."""
    from akimstat.errors import Problem
    from akimstat.labels import localised

    found: dict = {}
    out = []
    for problem in problems:
        key = (problem.column, problem.value)
        if problem.column in CODED and isinstance(problem.value, str) and key not in found:
            found[key] = closest_code(codes, problem.column, problem.value)
        code = found.get(key)
        if code is None:
            out.append(problem)
            continue
        names = {lang: (codes.label(problem.column, code, lang) if problem.column != "cycle"
                        else code) for lang in LANGUAGES}
        out.append(Problem(problem.file, problem.row, problem.column, problem.value, localised(
            "expected.looks_like", expected=problem.expected, code=code, name=names,
            value=problem.value)))
    return out
