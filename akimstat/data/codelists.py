"""The code lists' schemas (codes/*.csv: regions, lineage, categories, cycles, districts,
sources) and the rules between them, checked before any other file is read: a code list is
read by every report, so a bad date or an unknown code there fails `validate`, naming the
code list's file, row and column, rather than a kernel later."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from akimstat.data import validate as v
from akimstat.errors import Problem
from akimstat.labels import localised
from akimstat.params import LANGUAGES
from dataclasses import dataclass, field

# Codes become folder names of the output and keys of figures.csv: no spaces, no '/', no '..'.

REGION_CODE = pa.Check.str_matches(r"^KZ-[A-Z0-9]{2,3}$", error="an ISO 3166-2:KZ code such as KZ-PAV")

CATEGORY_CODE = pa.Check.str_matches(r"^[a-z][a-z0-9_]*$", error="a lower-case code: letters, digits, '_'")

CYCLE_ID = pa.Check.str_matches(r"^[A-Za-z0-9]+([-_][A-Za-z0-9]+)*$",
                                error="a cycle id of letters and digits, e.g. 2013 or pre-2013")

# What a cycle is, for the reports' methods text: how its akims came to office, which akims,
# and what its figures count (data/README.md).

CYCLE_ATTRIBUTES = {
    "election_type": (("appointed", "indirect", "direct"), "how the akims came to office"),
    "level": (("rural", "district"), "which akims"),
    "counted": (("elected", "corps", "posts"), "what is counted"),
}

def unlike_baseline(cycles: pd.DataFrame, cycle: str, baseline: str) -> bool:
    """Return whether `baseline` is no like-for-like baseline of `cycle` by what each counts
    (the `counted` column of cycles.csv): a corps at a date is compared with a corps only,
    never with the akims elected in one round, who are the part of a corps whose terms ended
    (the 2021 round elected 730 of some 2,345 rural akims). A round may still be compared with
    the corps before it (2013 with the appointed corps it replaced: the article's question)."""
    counted = cycles["counted"] if "counted" in cycles else None
    if counted is None or cycle not in counted.index or baseline not in counted.index:
        return False
    return counted.get(cycle) == "corps" and counted.get(baseline) != "corps"


REGION_KINDS = ("oblast", "city")

SOURCE_KINDS = ("published", "official")  # the press and journals; a ministry's own tables

LINEAGE_RELATIONS = ("recoded", "split")


def _is_date(cells: pd.Series) -> pd.Series:
    """Whether each cell is a real calendar date written YYYY-MM-DD (2013-99-99 is not)."""
    return pd.to_datetime(cells, format="%Y-%m-%d", errors="coerce").notna()


def _is_publication_date(cells: pd.Series) -> pd.Series:
    """Whether each cell is a date at a publication's precision: 2013, 2013-07 or 2013-07-26."""
    text = cells.astype(str)
    full = pd.to_datetime(text.where(text.str.len() == 10), format="%Y-%m-%d", errors="coerce").notna()
    month = pd.to_datetime(text.where(text.str.len() == 7), format="%Y-%m", errors="coerce").notna()
    return full | month | text.str.fullmatch(r"(19|20)\d\d")


def _date(nullable: bool = True, required: bool = False) -> pa.Column:
    check = v._localised_check(lambda error: pa.Check(_is_date, error=error), localised("expected.iso_date"))
    return pa.Column(str, check, nullable=nullable, required=required)


def _one_of(values: tuple, what: str) -> pa.Check:
    text = localised("expected.one_of", what=localised(f"what.{what}"), values=", ".join(values))
    return v._localised_check(lambda error: pa.Check.isin(values, error=error), text)


def code_list_schemas() -> dict[str, pa.DataFrameSchema]:
    """Return the schema of each code list, by its role in the data package."""
    names = {f"name_{lang}": pa.Column(str) for lang in LANGUAGES}
    return {
        "regions": pa.DataFrameSchema({"code": pa.Column(str, REGION_CODE, unique=True),
                                       "kind": pa.Column(str, _one_of(REGION_KINDS, "region_kind")),
                                       "valid_from": _date(), "valid_to": _date(), **names,
                                       # The Bureau's order of regions (the index lists them so).
                                       "bns_order": pa.Column(int, coerce=True, required=False)},
                                      strict=False, metadata={"rules": [_valid_to_after_from]}),
        "categories": pa.DataFrameSchema({"variable": pa.Column(str), "code": pa.Column(str, CATEGORY_CODE),
                                          "order": pa.Column(int, coerce=True), **names},
                                         unique=["variable", "code"], strict=False),
        "cycles": pa.DataFrameSchema({"cycle": pa.Column(str, CYCLE_ID, unique=True),
                                      "date": _date(nullable=False, required=True), "rules_date": _date(),
                                      "min_age": pa.Column(int, pa.Check.in_range(
                                          18, 80, error="a minimum age from 18 to 80"), coerce=True),
                                      **{name: pa.Column(str, v._isin(codes, what))
                                         for name, (codes, what) in CYCLE_ATTRIBUTES.items()},
                                      "posts": pa.Column("Int64", pa.Check.ge(1, error="a number of posts, 1 or more"), coerce=True,
                                                         nullable=True, title="a number of posts"),
                                      **names},
                                     strict=False),
        "districts": pa.DataFrameSchema({"code": pa.Column(str, unique=True),
                                         "region": pa.Column(str, REGION_CODE)}, strict=False),
        "region_lineage": pa.DataFrameSchema({"from_code": pa.Column(str, REGION_CODE),
                                              "to_code": pa.Column(str, REGION_CODE), "date": _date(),
                                              "relation": pa.Column(str, _one_of(LINEAGE_RELATIONS, "lineage_relation"),
                                                                    nullable=True, required=False)},
                                             strict=False),
        "sources": pa.DataFrameSchema({"id": pa.Column(str, unique=True),
                                       "kind": pa.Column(str, _one_of(SOURCE_KINDS, "source_kind")),
                                       "title": pa.Column(str),
                                       "date": pa.Column(str, v._localised_check(
                                           lambda error: pa.Check(_is_publication_date, error=error),
                                           localised("expected.publication_date")), nullable=True, required=False)},
                                      strict=False),
    }


def _valid_to_after_from(frame: pd.DataFrame, file: str) -> list[Problem]:
    """A region's last day (`valid_to`) is not before its first (`valid_from`)."""
    if not {"valid_from", "valid_to"} <= set(frame.columns):
        return []
    start = pd.to_datetime(frame["valid_from"], format="%Y-%m-%d", errors="coerce")
    end = pd.to_datetime(frame["valid_to"], format="%Y-%m-%d", errors="coerce")
    wrong = frame[(end < start).fillna(False)]
    return [Problem(file, int(row), "valid_to", value, localised("expected.valid_to_after", start=first))
            for row, value, first in zip(wrong.index, wrong["valid_to"], wrong["valid_from"])]


def code_list_problems(frames: dict) -> list[Problem]:
    """Return the problems between the code lists: a lineage or district code that regions.csv
    does not list (each named by the file, row and column that use it)."""
    listed = {code for _, frame in frames["regions"] for code in frame["code"]}
    regions_file = frames["regions"][0][0] if frames["regions"] else "regions.csv"
    uses = [(role, column) for role, column in (("region_lineage", "from_code"), ("region_lineage", "to_code"),
                                                ("districts", "region"))]
    problems = []
    for role, column in uses:
        for path, frame in frames[role]:
            unknown = frame[~frame[column].isin(listed)]
            problems += [Problem(frame.attrs.get("file", path), int(row), column, code,
                                 localised("expected.listed_region", file=regions_file))
                         for row, code in zip(unknown.index, unknown[column])]
    return problems


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
        try:
            return self._names[(variable, code, lang)]
        except KeyError:
            raise KeyError(f"no label for {variable}={code!r}") from None

    @property
    def _names(self) -> dict:
        # Built once: a report asks for thousands of names, and a look-up in a table each time
        # cost ~45 ms per report (categories) and 50 µs a name (regions and cycles).
        if "names" not in self._cache:
            first = self.categories.drop_duplicates(["variable", "code"])
            names = {(row["variable"], row["code"], lang): row[f"name_{lang}"]
                     for row in first.to_dict("records") for lang in LANGUAGES}
            for variable, table in (("region", self.regions), ("cycle", self.cycles)):
                names.update({(variable, code, lang): table.at[code, f"name_{lang}"]
                              for code in table.index for lang in LANGUAGES})
            self._cache["names"] = names
        return self._cache["names"]

    def successors(self, code: str) -> list[str]:
        """Return today's region codes that cover the territory of `code` (itself if current)."""
        rows = self.lineage[self.lineage["from_code"] == code]
        return rows["to_code"].tolist() or [code]
