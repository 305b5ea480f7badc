"""A data package: the code lists, the published figures and the record-level corps, loaded and
validated together, with the SHA-256 of every file.

`data/datapackage.json` (a Frictionless Data Package descriptor) lists every file with its role,
its columns and whether it is published, official, synthetic or a code list. A ministry points
`--data` at a folder of the same shape holding its own register.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from akimstat.data import validate as v
from akimstat.data.counts import with_age_groups
from akimstat.data.codelists import code_list_problems, code_list_schemas
from akimstat.errors import InputError, Problem
from akimstat.labels import localised
from akimstat.data.load import file_of, read_table
from akimstat.data.mapping import read_mapping
from akimstat.params import LANGUAGES
from akimstat.provenance import sha256_of
from akimstat.data.codelists import Codes
from akimstat.data.package import DESCRIPTOR, ROLES, _encoding_of, read_descriptor, resources_of
from akimstat.data.records import _records_in_two_files, _records_of, check_records, read_register, regions_out_of_time

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

    def records_of(self, cycle: str, region: str | None = None, threshold: int = 55) -> pd.DataFrame:
        """Return the records of `cycle` (in `region`, if given), in file order, with the age
        groups of `threshold`: once per data set, as every report's sections, trend and
        regional families ask for them (a second each at a million records, compared as strings)."""
        if ("records_of", cycle, region, threshold) not in self._cache:
            if "rows_by_cycle_region" not in self._cache:
                self._cache["rows_by_cycle_region"] = self.records.groupby(["cycle", "region"], dropna=False).indices
            rows = self._cache["rows_by_cycle_region"]
            chosen = [at for (c, r), at in rows.items() if c == cycle and region in (None, r)]
            at = np.sort(np.concatenate(chosen)) if chosen else np.array([], dtype=np.intp)
            self._cache["records_of", cycle, region, threshold] = with_age_groups(self.records.take(at), threshold)
        return self._cache["records_of", cycle, region, threshold]

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
    _read_code_lists(resources, encoding, frames, hashes)  # first: the other schemas come from them
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


def _read_code_lists(resources, encoding: str | None, frames: dict, hashes: dict) -> None:
    """Read and check the code lists among `resources` into `frames`, their hashes into `hashes`;
    raise `InputError` with every problem of the lists and between them (lineage codes listed
    in regions.csv)."""
    problems, schemas = [], code_list_schemas()
    for resource, path in resources:
        role = resource.get("akimstat:role")
        if isinstance(role, str) and role in schemas:
            hashes[resource["path"]] = sha256_of(path) if path.is_file() else ""
            try:
                frame = read_table(path, _encoding_of(resource, encoding))
                frames[role].append((str(path), v.validated(frame, schemas[role], file_of(frame, path))))
            except InputError as exc:
                problems += exc.problems
    if problems:
        raise InputError(problems)
    problems = code_list_problems(frames)
    if problems:
        raise InputError(problems)


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
    reconciliation of its figures, `akimstat.report.reconcile`).
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
