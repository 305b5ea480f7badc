"""A data package: the code lists, the published figures and the record-level corps, loaded and
validated together, with the SHA-256 of every file.

`data/datapackage.json` (a Frictionless Data Package descriptor) lists every file with its role,
its columns and whether it is published, official, synthetic or a code list. A ministry points
`--data` at a folder of the same shape holding its own register.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from akimstat import validate as v
from akimstat.birth import ages_at, as_written
from akimstat.codelists import code_list_problems, code_list_schemas
from akimstat.errors import InputError, Problem
from akimstat.labels import localised
from akimstat.load import file_of, read_table
from akimstat.mapping import (BIRTH_COLUMN, Mapping, mapped_leniently, read_mapping,
                              with_register_headers)
from akimstat.names import coded_by_name, with_suggestions
from akimstat.params import LANGUAGES
from akimstat.digest import sha256_of

DESCRIPTOR = "datapackage.json"
MAPPING = "akimstat:mapping"  # a resource's mapping file (akimstat.mapping), beside it
ROLES = ("regions", "region_lineage", "categories", "cycles", "districts", "sources", "counts",
         "figures", "population", "records")


@dataclass(frozen=True)
class Codes:
    """Code lists: regions, categories of each variable, cycles and how regions changed."""

    regions: pd.DataFrame
    categories: pd.DataFrame
    cycles: pd.DataFrame
    lineage: pd.DataFrame
    #: Districts (code, region), when the data package lists them: records' districts are
    #: then checked against them. None: districts are free codes of at most 80 characters.
    districts: pd.DataFrame | None = None
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def category_codes(self, variable: str) -> list[str]:
        """Return the codes of `variable` in their display order."""
        rows = self.categories[self.categories["variable"] == variable]
        return rows.sort_values("order")["code"].tolist()

    def label(self, variable: str, code: str, lang: str) -> str:
        """Return the name of a region, cycle or category in `lang` (kk, ru or en)."""
        if variable == "region":
            return self.regions.at[code, f"name_{lang}"]
        if variable == "cycle":
            return self.cycles.at[code, f"name_{lang}"]
        try:
            return self._category_names[(variable, code, lang)]
        except KeyError:
            raise KeyError(f"no label for {variable}={code!r}") from None

    @property
    def _category_names(self) -> dict:
        # Built once: a report asks for hundreds of names, and filtering the table each time
        # cost ~45 ms per report.
        if "names" not in self._cache:
            first = self.categories.drop_duplicates(["variable", "code"])
            self._cache["names"] = {(row["variable"], row["code"], lang): row[f"name_{lang}"]
                                    for row in first.to_dict("records") for lang in LANGUAGES}
        return self._cache["names"]

    def successors(self, code: str) -> list[str]:
        """Return today's region codes that cover the territory of `code` (itself if current)."""
        rows = self.lineage[self.lineage["from_code"] == code]
        return rows["to_code"].tolist() or [code]


@dataclass(frozen=True, eq=False)  # hashed by identity: results computed from it are cached
class Dataset:
    """Everything the reports read, validated, with where it came from."""

    root: Path
    codes: Codes
    records: pd.DataFrame
    counts: pd.DataFrame
    figures: pd.DataFrame
    population: pd.DataFrame
    sources: pd.DataFrame
    hashes: dict[str, str]
    synthetic_cycles: frozenset[str] = field(default_factory=frozenset)
    #: The status its resource gives the records of each cycle ('official', 'synthetic', ...).
    record_status: dict = field(default_factory=dict)
    # Answers kept with the data set, which never changes (frozen); not a functools.cache,
    # which would keep every data set a --watch kernel ever loaded.
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def regions_of(self, cycle: str) -> list[str]:
        """Return the region codes that have records in `cycle`, in the order of regions.csv."""
        if ("regions_of", cycle) not in self._cache:
            present = set(self.records.loc[self.records["cycle"] == cycle, "region"].unique())
            self._cache["regions_of", cycle] = [code for code in self.codes.regions.index if code in present]
        return self._cache["regions_of", cycle]

    def scopes_of(self, cycle: str) -> list[str]:
        """Return the regions with records in `cycle` or, in a cycle without records, with any
        published count or figure, in the order of regions.csv."""
        if ("scopes_of", cycle) not in self._cache:
            present = set(self.regions_of(cycle))
            if not present:
                for table in (self.counts, self.figures):
                    present |= set(table.loc[table["cycle"] == cycle, "scope"])
            self._cache["scopes_of", cycle] = [code for code in self.codes.regions.index if code in present]
        return self._cache["scopes_of", cycle]

    def has_records(self, cycle: str) -> bool:
        """Return whether `cycle` is known from records (else from published tables only)."""
        return bool(self.regions_of(cycle))

    def status_of(self, cycle: str) -> str:
        """Return the status of what `cycle` is known from, as the data package says it: its
        records' ('synthetic', 'official', ...), else 'published' (published tables only)."""
        return self.record_status.get(cycle, "official") if self.has_records(cycle) else "published"

    def regions_existing(self, cycle: str) -> list[str]:
        """Return the oblasts that existed at the cycle's date, one code each, in order."""
        date = self.codes.cycles.at[cycle, "date"]
        existing = [c for c in self._codes_at(date) if self.codes.regions.at[c, "kind"] == "oblast"]
        # A territory with two codes at the date (the letter code, and the numeric code that
        # continues it) counts once: the successor is the same land until the change's date.
        lineage = self._lineage_dates()
        same = lineage[lineage["from_code"].isin(existing) & (lineage["when"].isna() | (lineage["when"] > date))]
        return [code for code in existing if code not in set(same["to_code"])]

    def same_territory(self, code: str, cycle: str) -> list[str]:
        """Return the other codes of the territory `code` names at the cycle's date: codes linked
        to it in region_lineage.csv, in force then, before any split between them (KZ-PAV for
        KZ-55 in 2013; KZ-ALM for KZ-19 before the 2022 split)."""
        key = ("same_territory", code, cycle)
        if key not in self._cache:  # asked for every published row by the reconciliation
            date = self.codes.cycles.at[cycle, "date"]
            existing = set(self._codes_at(date))
            lineage = self._lineage_dates()
            linked = lineage[((lineage["from_code"] == code) | (lineage["to_code"] == code))
                             & (lineage["when"].isna() | (lineage["when"] > date))]
            others = (set(linked["from_code"]) | set(linked["to_code"])) - {code}
            self._cache[key] = ([c for c in self.codes.regions.index if c in others & existing]
                                if code in existing else [])
        return list(self._cache[key])

    def boundary_changed(self, code: str, since: str, until: str) -> bool:
        """Return whether the territory of `code` was split or merged between two cycles."""
        lineage = self._lineage_dates()
        rows = lineage[((lineage["from_code"] == code) | (lineage["to_code"] == code))
                       & lineage["relation"].ne("recoded")]
        start, end = (self.codes.cycles.at[c, "date"] for c in (since, until))
        return bool(((rows["when"] > start) & (rows["when"] <= end)).any())

    def _codes_at(self, date) -> list[str]:
        """Return the region codes in force at `date`: valid then, and not a territory a split
        had already ended (KZ-ALM after June 2022 names the oblast before Zhetisu left it)."""
        if ("codes_at", date) not in self._cache:
            regions, lineage = self.codes.regions, self._lineage_dates()
            start = pd.to_datetime(regions.get("valid_from"), errors="coerce")
            end = pd.to_datetime(regions.get("valid_to"), errors="coerce")
            valid = (start.isna() | (start <= date)) & (end.isna() | (end > date))
            ended = set(lineage.loc[lineage["relation"].eq("split") & (lineage["when"] <= date), "from_code"])
            self._cache["codes_at", date] = [code for code in regions.index[valid] if code not in ended]
        return list(self._cache["codes_at", date])

    def _lineage_dates(self) -> pd.DataFrame:
        if "lineage_dates" not in self._cache:
            lineage = self.codes.lineage
            relation = lineage["relation"] if "relation" in lineage else pd.Series("", index=lineage.index)
            when = pd.to_datetime(lineage["date"], errors="coerce") if "date" in lineage else pd.NaT
            self._cache["lineage_dates"] = lineage.assign(relation=relation, when=when)
        return self._cache["lineage_dates"]

    def cycles(self) -> list[str]:
        """Return the cycles that have records or published counts or figures, by date."""
        if "cycles" not in self._cache:
            present = (set(self.records["cycle"].unique()) | set(self.counts["cycle"].unique())
                       | set(self.figures["cycle"].unique()))
            self._cache["cycles"] = [c for c in self.codes.cycles.sort_values("date").index if c in present]
        return self._cache["cycles"]


#: Roles a data package has at most one file of: code lists are whole, and a second copy
#: would be read twice.
SINGLE_ROLES = ("regions", "region_lineage", "categories", "cycles", "districts", "sources")
MAX_DESCRIPTOR_BYTES = 16 * 2**20


def read_descriptor(root: Path) -> dict:
    """Return the data package descriptor of the folder `root`: a JSON object in UTF-8."""
    path = root / DESCRIPTOR
    where = str(path)
    try:
        if path.stat().st_size > MAX_DESCRIPTOR_BYTES:
            raise InputError([Problem(where, None, None, None, "a descriptor of at most "
                                      f"{MAX_DESCRIPTOR_BYTES // 2**20} MB")])
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(where, None, None, None, "a datapackage.json describing "
                                  "the data files (see data/README.md)")]) from None
    except IsADirectoryError:
        raise InputError([Problem(where, None, None, None, "a file (this is a folder)")]) from None
    except OSError as exc:
        raise InputError([Problem(where, None, None, None, f"a readable file ({exc.strerror})")]) from None
    try:
        text = data.decode("utf-8-sig")  # a BOM, as Notepad writes it, is harmless
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError([Problem(where, line, None, None, "JSON in UTF-8 (save the file as "
                                  "UTF-8)")]) from None
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([Problem(where, exc.lineno, None, None, f"valid JSON ({exc.msg})")]) from None
    except RecursionError:
        raise InputError([Problem(where, None, None, None, "JSON nested at most a few hundred "
                                  "levels deep")]) from None
    if not isinstance(descriptor, dict):
        raise InputError([Problem(where, None, None, type(descriptor).__name__,
                                  "a JSON object ({...}) with a \"resources\" list")])
    return descriptor


def _outside(root: Path, relative) -> str | None:
    """Return what a descriptor's path must be if `relative` leads out of the folder `root`
    (absolute, '..', or a symbolic link to a file outside), else None."""
    if not isinstance(relative, str) or not relative.strip():
        return "the path of a file, as text, relative to the data folder"
    if Path(relative).is_absolute() or ".." in Path(relative).parts or "\\" in relative:
        return "a path inside the data folder, relative to it, without '..' or a leading '/'"
    try:
        if not (root / relative).resolve().is_relative_to(root.resolve()):
            return "a file inside the data folder (this one is a symbolic link to a file outside it)"
    except (RuntimeError, OSError):  # RuntimeError: a symbolic link that leads to itself
        return "a file, not a symbolic link that leads to itself"
    return None


def resources_of(root: Path, descriptor: dict) -> list[tuple[dict, Path]]:
    """Return each resource of `descriptor` with the file it names, checked.

    Refused: a ``resources`` that is not a list of objects; a resource whose ``path`` is not
    one relative path (a list of parts is valid Frictionless but not supported); a path that is
    absolute, climbs out with ``..`` or leads out of `root` through a symbolic link; an
    ``encoding`` that is not text; the same file twice; a second file of a role in
    `SINGLE_ROLES`.
    """
    where = str(root / DESCRIPTOR)
    resources = descriptor.get("resources", [])
    if not isinstance(resources, list):
        raise InputError([Problem(where, None, "resources", type(resources).__name__,
                                  "a list of resources ([{...}, ...])")])
    problems, out, seen, roles = [], [], {}, {}
    for number, resource in enumerate(resources, start=1):
        place = f"resources[{number - 1}]"
        if not isinstance(resource, dict):
            problems.append(Problem(where, None, place, type(resource).__name__,
                                    "a resource: an object with a \"path\" and an \"akimstat:role\""))
            continue
        relative = resource.get("path")
        if isinstance(relative, list):
            problems.append(Problem(where, None, f"{place}.path", None, "one path as text (a "
                                    "list of parts is not supported: join the parts into one file)"))
            continue
        if not isinstance(relative, str) or not relative.strip():
            problems.append(Problem(where, None, f"{place}.path", relative,
                                    "the path of a file, as text, relative to the data folder"))
            continue
        if not isinstance(resource.get("encoding", "utf-8"), str):
            problems.append(Problem(where, None, f"{place}.encoding", resource["encoding"],
                                    "the name of a text encoding, such as \"utf-8\""))
            continue
        outside = [(key, resource[key], why) for key in ("path", MAPPING) if key in resource
                   for why in [_outside(root, resource[key])] if why]
        if outside:
            problems += [Problem(where, None, f"{place}.{key}", value, why)
                         for key, value, why in outside]
            continue
        path = root / relative
        resolved = path.resolve()
        role = resource.get("akimstat:role")
        if resolved in seen:
            problems.append(Problem(where, None, f"{place}.path", relative, "each file listed "
                                    f"once (resources[{seen[resolved]}] lists it too)"))
            continue
        if role in SINGLE_ROLES and isinstance(role, str) and role in roles:
            problems.append(Problem(where, None, f"{place}.akimstat:role", role, "one resource "
                                    f"with this role (resources[{roles[role]}] has it too)"))
            continue
        seen[resolved] = number - 1
        roles.setdefault(role, number - 1) if isinstance(role, str) else None
        out.append((resource, path))
    if problems:
        raise InputError(problems)
    return out


def load_dataset(root: str | Path = "data", encoding: str | None = None) -> Dataset:
    """Load and validate every file the data package lists; collect every problem before failing.

    Parameters
    ----------
    root : folder holding ``datapackage.json``.
    encoding : text encoding of the CSV files when not UTF-8 (e.g. ``cp1251``); without it, each
        file is read in its resource's ``encoding`` in the descriptor (Frictionless Data), so
        a data folder that names its encodings is read right everywhere, by kernels too.
    """
    root = Path(root)
    resources = resources_of(root, read_descriptor(root))
    frames: dict[str, list[tuple[str, pd.DataFrame]]] = {role: [] for role in ROLES}
    problems, hashes, synthetic, status = [], {}, set(), {}
    codes_schemas = code_list_schemas()
    for resource, path in resources:  # code lists first: the other schemas are built from them
        role = resource.get("akimstat:role")
        if isinstance(role, str) and role in codes_schemas:
            hashes[resource["path"]] = sha256_of(path) if path.is_file() else ""
            try:
                frame = read_table(path, _encoding_of(resource, encoding))
                frames[role].append((str(path), v.validated(frame, codes_schemas[role],
                                                            file_of(frame, path))))
            except InputError as exc:
                problems += exc.problems
    if problems:
        raise InputError(problems)
    problems += code_list_problems(frames)  # between the lists: lineage codes listed in regions.csv
    if problems:
        raise InputError(problems)
    codes = _codes(frames)
    sources = _concat(frames["sources"], []).set_index("id") if frames["sources"] else None
    schemas = {"counts": v.counts_schema(codes), "figures": v.figures_schema(codes),
               "population": v.population_schema(codes), "records": v.records_schema(codes)}
    for resource, path in resources:
        role = resource.get("akimstat:role")
        if not isinstance(role, str) or role not in schemas:
            if not isinstance(role, str) or role not in codes_schemas:
                problems.append(Problem(str(root / DESCRIPTOR), None, None, role,
                                        f"a role among {', '.join(ROLES)}"))
            continue
        try:
            hashes[resource["path"]] = sha256_of(path) if path.is_file() else ""
            if role == "records":
                frame = _records_of(resource, root, codes, _encoding_of(resource, encoding), hashes)
                if resource.get("akimstat:status") == "synthetic":
                    synthetic |= set(frame["cycle"])
                status.update(dict.fromkeys(frame["cycle"], resource.get("akimstat:status") or "official"))
            else:
                frame = read_table(path, _encoding_of(resource, encoding))
                frame = check_table(frame, role, codes, sources, file_of(frame, path))
            frames[role].append((str(path), frame))
        except InputError as exc:
            problems += exc.problems
    problems += _records_in_two_files(frames["records"])
    if problems:
        raise InputError(problems)
    return Dataset(
        root=root, codes=codes,
        records=_concat(frames["records"], list(schemas["records"].columns)),
        counts=_concat(frames["counts"], list(schemas["counts"].columns)),
        figures=_concat(frames["figures"], list(schemas["figures"].columns)),
        population=_concat(frames["population"], list(schemas["population"].columns)),
        sources=sources if sources is not None else pd.DataFrame(),
        hashes=dict(sorted(hashes.items())),
        synthetic_cycles=frozenset(synthetic),
        record_status=dict(sorted(status.items())),
    )


def _records_of(resource: dict, root: Path, codes: Codes, encoding: str | None,
                hashes: dict) -> pd.DataFrame:
    """Return a records resource validated; a register with its own headers and values is
    read through the mapping file its resource names (whose hash is kept too)."""
    path = root / resource["path"]
    if not resource.get(MAPPING):
        frame = read_table(path, encoding)
        return check_records(frame, codes, file_of(frame, path))
    mapping_path = root / resource[MAPPING]
    hashes[resource[MAPPING]] = sha256_of(mapping_path) if mapping_path.is_file() else ""
    return read_register(path, read_mapping(mapping_path), codes, encoding)


def _records_in_two_files(parts: list[tuple[str, pd.DataFrame]]) -> list[Problem]:
    """Return a problem for each record whose id an earlier records file already has (a file
    copied under another name would otherwise count its akims twice)."""
    if len(parts) < 2:
        return []
    ids = pd.concat([pd.DataFrame({"file": file, "row": frame.index, "record_id": frame["record_id"]})
                     for file, frame in parts], ignore_index=True)
    first_file = ids["record_id"].map(ids.drop_duplicates("record_id").set_index("record_id")["file"])
    again = ids[ids.duplicated("record_id") & (first_file != ids["file"])].head(1000)
    return [Problem(file, int(row), "record_id", record_id, f"a record_id used only once; "
                    f"{first} has it too") for file, row, record_id, first in
            zip(again["file"], again["row"], again["record_id"], first_file[again.index])]


def _encoding_of(resource: dict, encoding: str | None) -> str | None:
    """Return the encoding to read a resource's file in: `encoding` when given, else the one
    the descriptor names; None for UTF-8, which `read_table` reads with or without a BOM."""
    named = encoding or resource.get("encoding")
    try:
        return None if named is None or codecs.lookup(named).name == "utf-8" else named
    except LookupError:
        return named  # read_table names it as unknown, with the file


def check_records(frame: pd.DataFrame, codes: Codes, file: str) -> pd.DataFrame:
    """Return record-level data validated, with `age` derived from `birth_date` or
    `birth_year` when needed.

    A register may give the birth date or year instead of the age (`akimstat.birth`): the age
    at the election is the whole years from the birth date to the cycle's date; from a year
    alone, the election year minus the birth year, which is one year too high for those born
    after the election day in that year (written in the caveats log). A file with a header and no rows
    is an error ("no records"): an empty register is a mistake, not a corps of none.
    """
    if frame.empty:
        raise InputError([Problem(file, None, None, None, "records below the header: the file "
                                  "has no records")])
    # "Женщины" is female: see akimstat.names
    frame, problems, born = coded_by_name(frame, codes), [], None
    birth = next((c for c in (BIRTH_COLUMN, "birth_year") if c in frame.columns), None)
    if "age" not in frame.columns and birth is not None:
        born = frame[birth]
        frame, problems = _age_from_birth_year(frame, codes, file)
    try:
        checked = v.validated(frame, v.records_schema(codes), file)
    except InputError as exc:
        # A row with a bad birth year has no age: its problem is the birth year, named above.
        bad_years = {p.row for p in problems}
        checked = None
        problems += [p for p in exc.problems if not (p.column == "age" and p.row in bad_years)]
    found = {(p.row, p.column) for p in problems}
    for extra in (_people_twice(frame, file), _under_age(frame, codes, file),
                  regions_out_of_time(frame, codes, file, "region"), name_like_ids(frame, file),
                  unknown_districts(frame, codes, file)):
        problems += [p for p in extra if (p.row, p.column) not in found]
    if born is not None:  # the file has no age column: name the column it has
        # Without a cycle there is no date to give an age at: the missing cycle is the problem.
        problems = [_as_birth_year(p, born, birth) if p.column == "age" else p for p in problems
                    if p.column != "age" or "cycle" in frame.columns]
    if problems:
        raise InputError(sorted(with_suggestions(problems, codes), key=Problem.place))
    return checked


def read_register(path: Path, mapping: Mapping, codes: Codes, encoding: str | None = None,
                  lenient: bool = False) -> pd.DataFrame:
    """Return a register read through its mapping file and validated as records.

    Problems name the register's own headers ("Пол"), not akimstat's columns ("sex"). With
    `lenient` (`validate`, a mapping read by ``read_mapping(..., lenient=True)``), the
    mapping's problems come with the register's, all in one pass: a value whose line is
    wrong or "?" is checked, and named, in the rows that hold it.
    """
    frame = read_table(path, encoding or mapping.encoding, mapping.header_row)
    frame, problems = mapped_leniently(frame, mapping, codes, str(path))
    if problems and not lenient:
        raise InputError(problems)
    problems = sorted(mapping.problems + problems, key=Problem.place)
    try:
        checked = check_records(frame, codes, str(path))
    except InputError as exc:
        undecided = set(RECORD_COLUMNS) - set(frame.columns) if mapping.pending else set()
        problems += with_register_headers([p for p in exc.problems if not (
            p.column in undecided and p.row in (None, frame.attrs.get("header_row", 1)))],
            frame.attrs["headers"])
        checked = None
    if problems:
        raise InputError(problems)
    return checked


#: The columns of records a register must give (or its mapping supply).
RECORD_COLUMNS = ("record_id", "cycle", "region", "district", "unit_type", "sex", "age",
                  "profession", "ethnicity", "education")


def _as_birth_year(problem: Problem, born: pd.Series, column: str) -> Problem:
    """Return a problem with an age derived from a birth date or year, told about the birth."""
    if problem.row is None or problem.row not in born.index:
        return Problem(problem.file, problem.row, column, None,
                       localised("expected.births_giving", expected=problem.expected))
    return Problem(problem.file, problem.row, column, as_written(born[problem.row]), localised(
        "expected.birth_giving", expected=problem.expected, age=problem.value))


#: A run of letters that reads as a word: a capital and three or more small letters ("Ivan"),
#: or five or more letters with a small one ("ivanova"). Ids such as R13-00001, P00336 or
#: KZPAV0001 have neither; Cyrillic letters are refused by the id pattern itself.
NAME_IN_ID = re.compile(r"[A-Z][a-z]{3,}|(?=[A-Za-z]{5})[A-Z]*[a-z][A-Za-z]*")


def name_like_ids(frame: pd.DataFrame, file: str) -> list[Problem]:
    """Return a problem for each record_id or person_id holding what reads as a name: ids must
    be pseudonymous, and a typed name would reach the published tables."""
    problems = []
    for column in ("record_id", "person_id"):
        if column not in frame.columns:
            continue
        ids = frame[column].dropna()
        if not NAME_IN_ID.search("\n".join(ids.tolist())):  # one pass over clean ids, the usual case
            continue
        named = ids[ids.str.contains(NAME_IN_ID)]
        problems += [Problem(file, int(row), column, value, localised("expected.pseudonymous_id"))
                     for row, value in zip(named.index, named)]
    return problems


def unknown_districts(frame: pd.DataFrame, codes: Codes, file: str) -> list[Problem]:
    """Return a problem for each district that is not a code of the districts code list (when
    the data package has one), or is the code of a district of another region."""
    if codes.districts is None or "district" not in frame.columns:
        return []
    known = frame["district"].isin(codes.districts.index)
    region = frame["district"].map(codes.districts["region"])
    elsewhere = known & ("region" in frame.columns) & (region != frame.get("region", region))
    bad = frame["district"].notna() & (~known | elsewhere)
    return [Problem(file, int(row), "district", district,
                    f"a district code of region {frame.at[row, 'region']} in the districts code list"
                    if "region" in frame.columns else "a district code in the districts code list")
            for row, district in zip(frame.index[bad], frame["district"][bad])]


def regions_out_of_time(frame: pd.DataFrame, codes: Codes, file: str, column: str) -> list[Problem]:
    """Return a problem for each row whose region did not exist on its cycle's date
    (``valid_from``/``valid_to`` of regions.csv): KZ-10, made in 2022, has no akims in 2013."""
    regions = codes.regions
    if not {"cycle", column} <= set(frame.columns) or "valid_from" not in regions.columns:
        return []
    start = pd.to_datetime(regions["valid_from"], errors="coerce")
    end = pd.to_datetime(regions.get("valid_to", pd.Series(None, index=regions.index)), errors="coerce")
    date = frame["cycle"].map(codes.cycles["date"])
    code = frame[column].where(frame[column].isin(regions.index))
    outside = (date < code.map(start)) | (date > code.map(end))  # valid_to is the last day
    problems = []
    for row in frame.index[outside.fillna(False)]:
        region, cycle = frame.at[row, column], frame.at[row, "cycle"]
        problems.append(Problem(file, int(row), column, region, localised(
            "expected.region_in_time", cycle=cycle, date=f"{date[row]:%Y-%m-%d}", region=region,
            validity=_validity(start[region], end[region]))))
    return problems


def _validity(start, end):
    if pd.isna(start):
        return "?"
    if end is None or pd.isna(end):
        return localised("validity.from", start=f"{start:%Y-%m-%d}")
    return localised("validity.from_until", start=f"{start:%Y-%m-%d}", end=f"{end:%Y-%m-%d}")


def _people_twice(frame: pd.DataFrame, file: str) -> list[Problem]:
    if not {"cycle", "person_id"} <= set(frame.columns):
        return []
    linked = frame[frame["person_id"].notna()]
    twice = linked[linked.duplicated(["cycle", "person_id"], keep=False)]
    return [Problem(file, int(row), "person_id", person, localised("expected.person_once")) for row, person in zip(twice.index, twice["person_id"])]


def _under_age(frame: pd.DataFrame, codes: Codes, file: str) -> list[Problem]:
    """Return a problem for each akim younger than the legal minimum of the cycle."""
    if not {"cycle", "age"} <= set(frame.columns):
        return []
    age = pd.to_numeric(frame["age"], errors="coerce")
    minimum = frame["cycle"].astype("category").map(codes.cycles["min_age"]).astype(float)
    young = (age < minimum).fillna(False)
    return [Problem(file, int(row), "age", int(a), localised("expected.min_age", minimum=int(m),
                                                             cycle=c))
            for row, a, m, c in zip(frame.index[young], age[young], minimum[young],
                                     frame["cycle"][young])]


def _age_from_birth_year(frame: pd.DataFrame, codes: Codes, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Return `frame` with `age` in place of its birth column (`birth_date` or `birth_year`:
    a date or a year, `akimstat.birth`; the age is empty where it is bad), and a problem for
    each bad birth. The birth column is dropped: a birth date is never published."""
    column = BIRTH_COLUMN if BIRTH_COLUMN in frame.columns else "birth_year"
    frame = frame.copy()
    given = frame.pop(column)
    cycles = frame["cycle"] if "cycle" in frame.columns else pd.Series(None, index=frame.index)
    ages, problems = ages_at(given, cycles, codes.cycles["date"], file, column)
    frame["age"] = ages
    return frame, problems


def check_table(frame: pd.DataFrame, role: str, codes: Codes, sources: pd.DataFrame | None,
                file: str) -> pd.DataFrame:
    """Return a counts, figures or population file validated, with its sources checked.

    Every `source` must be an `id` in the sources file. In counts, a table is the rows of one
    (cycle, scope, universe, variable) with one `nobs`. A published transcription keeps its
    source's arithmetic, errors included (the article's profession counts sum to 2,464 of
    2,454 akims; the statistics' audit reports that in the report). A ministry's own table
    (source of kind ``official``, or not in the sources file) must add up: its counts must
    not sum to more than `nobs`, and must sum to exactly `nobs` when every category of the
    variable is given.
    """
    problems = []
    if sources is not None and "source" in frame.columns:
        known = frame["source"].isna() | frame["source"].isin(sources.index)
        problems = [Problem(file, int(row), "source", source, "a source id listed in "
                            f"sources.csv: one of {', '.join(sources.index)}")
                    for row, source in zip(frame.index[~known], frame["source"][~known])]
    try:
        checked = v.validated(frame, getattr(v, f"{role}_schema")(codes), file)
    except InputError as exc:
        raise InputError(sorted(exc.problems + problems, key=Problem.place)) from None
    if role in ("counts", "figures"):
        problems += regions_out_of_time(checked, codes, file, "scope")
    if role == "counts" and sources is not None:
        official = ~checked["source"].isin(sources.index) | checked["source"].map(
            sources["kind"]).eq("official")
        problems += _totals_not_adding_up(checked[official], codes, file)
    if problems:
        raise InputError(sorted(problems, key=Problem.place))
    return checked


def _totals_not_adding_up(counts: pd.DataFrame, codes: Codes, file: str) -> list[Problem]:
    table = ["cycle", "scope", "universe", "variable", "nobs"]
    parts = counts[counts["count"].notna() & counts["nobs"].notna()]
    problems = []
    for (cycle, scope, universe, variable, nobs), rows in parts.groupby(table, sort=False):
        total, nobs = int(rows["count"].sum()), int(nobs)
        every = codes.category_codes(variable)
        complete = bool(every) and set(every) <= set(rows["category"])
        if total > nobs or complete and total != nobs:
            listed = ", ".join(str(r) for r in rows.index)
            problems.append(Problem(
                file, int(rows.index[0]), "count", None,
                f"counts of one table ({cycle}, {scope}, {universe}, {variable}) summing to "
                f"{'' if complete else 'at most '}its nobs, {nobs}; rows {listed} sum to {total}"))
    return problems


def _codes(frames) -> Codes:
    def one(role):
        if not frames[role]:
            raise InputError([Problem(DESCRIPTOR, None, None, None, f"a resource with role {role}")])
        return pd.concat([f for _, f in frames[role]], ignore_index=True)

    lineage = one("region_lineage") if frames["region_lineage"] else pd.DataFrame(
        columns=["from_code", "to_code"])
    districts = one("districts").set_index("code") if frames["districts"] else None
    cycles = one("cycles").set_index("cycle")
    cycles["date"] = pd.to_datetime(cycles["date"], format="%Y-%m-%d")  # checked: code_list_schemas
    return Codes(regions=one("regions").set_index("code"), categories=one("categories"),
                 cycles=cycles, lineage=lineage, districts=districts)


def _concat(parts: list[tuple[str, pd.DataFrame]], columns: list[str]) -> pd.DataFrame:
    """Stack frames of one role; remember each row's file and row for later messages."""
    if not parts:
        return pd.DataFrame(columns=columns)
    tagged = [f.assign(file=path, row=f.index) for path, f in parts]
    return pd.concat(tagged, ignore_index=True)


def check_reportable(data: Dataset) -> None:
    """Raise `InputError` unless `data` can make reports: records or published counts or
    figures to describe, and the sources its published figures cite. `validate` of a folder
    and `render` both call it, so a folder that validates renders."""
    where = str(Path(data.root) / DESCRIPTOR)
    nothing = data.records.empty and data.counts.empty and data.figures.empty
    problems = [Problem(where, None, None, None, f"a resource with role {role} ({why})")
                for role, missing, why in (
                    ("records", nothing, "or published counts or figures: the reports describe "
                                         "one or the other"),
                    ("sources", data.sources.empty, "the published figures cite them"))
                if missing]
    if problems:
        raise InputError(problems)


def role_of(frame: pd.DataFrame) -> str | None:
    """Return the role a single file plays, judged by its columns."""
    columns = set(frame.columns)
    if "record_id" in columns:
        return "records"
    if {"universe", "variable", "category"} <= columns:
        return "counts"
    if {"key", "value"} <= columns:
        return "figures"
    if {"variable", "category", "percent"} <= columns:
        return "population"
    return None


def expected_columns(path: Path, codes: Codes):
    """Return what a file's header should hold: the columns of each kind of file (optional
    ones marked), and how to map a register's own headers instead."""
    schemas = {"records": v.records_schema, "counts": v.counts_schema,
               "figures": v.figures_schema, "population": v.population_schema}
    listed = "; ".join(
        f"{role}: " + ", ".join(name if column.required else f"{name} (optional)"
                                for name, column in schema(codes).columns.items())
        for role, schema in schemas.items())
    return localised("expected.roles", roles=listed,
                     hint=localised("hint.register_headers", file=str(path)))


def _ok(key: str, **values):
    """Return a line saying an input is valid: "ok", two spaces, the message `key`."""
    from akimstat.labels import Localised

    message = localised(key, **values)
    return Localised({lang: f"ok  {message.in_(lang)}" for lang in LANGUAGES})


def validate_paths(paths, encoding: str | None = None, data_root: str | Path = "data",
                   header_row: int | None = None, mapping: str | Path | None = None,
                   loaded: list | None = None) -> list[str]:
    """Validate data folders and single files; return one line per valid input.

    Single files are checked against the code lists and sources of the data package in
    `data_root`, which is read as UTF-8 whatever `encoding` the files are in; `header_row`
    names the row of their header (by default found below any title rows). With a `mapping`
    file, single files are registers read through it (no paths: the file it names).
    Each valid data folder's `Dataset` is appended to `loaded` when given (for the
    reconciliation of its figures, `akimstat.reconcile`).
    Raises `InputError` with every problem of every input when any is invalid.
    """
    lines, problems, package = [], [], None
    register_map = read_mapping(mapping, lenient=True) if mapping is not None else None
    if register_map is not None and not paths:
        paths = [register_map.file] if register_map.file else []
        if not paths:
            raise InputError([Problem(str(mapping), None, "file", None, "the register's file "
                                      "(file: register.xlsx), or the register named on the "
                                      "command line")])
    for path in map(Path, paths):
        try:
            if path.is_dir():
                data = load_dataset(path, encoding)
                check_reportable(data)
                rows = len(data.records) + len(data.counts) + len(data.figures)
                lines.append(_ok("validate.ok_folder", count=rows, path=str(path),
                                       files=len(data.hashes)))
                if loaded is not None:
                    loaded.append(data)
                continue
            if register_map is not None:
                package = package or load_dataset(data_root)
                if header_row is not None:
                    register_map.header_row = header_row
                frame = read_register(path, register_map, package.codes, encoding, lenient=True)
                lines.append(_ok("validate.ok_register", count=len(frame), path=str(path),
                                       mapping=str(mapping)))
                continue
            frame = read_table(path, encoding, header_row)
            role = role_of(frame)
            package = package or load_dataset(data_root)  # `encoding` is the files' own
            if role is None:
                raise InputError([Problem(file_of(frame, path), frame.attrs.get("header_row", 1), None,
                                          ", ".join(frame.columns),
                                          expected_columns(path, package.codes))])
            if role == "records":
                check_records(frame, package.codes, file_of(frame, path))
            else:
                check_table(frame, role, package.codes, package.sources, file_of(frame, path))
            lines.append(_ok("validate.ok_file", count=len(frame),
                                   path=file_of(frame, path), role=role))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return lines
