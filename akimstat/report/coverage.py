"""What a figure covers: the regions a national figure sums (of how many there were), and
the words every caption, table title, key figure and comparison uses for it.

A national figure summed from the published tables of some regions is not the republic's:
it is titled "4 of 14 oblasts (Aktobe, Atyrau, East Kazakhstan, Kyzylorda)", never "Republic
of Kazakhstan", and compared only with a figure of the same regions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Coverage:
    """The regions (codes, in code-list order) a figure sums, of `of` regions that existed.

    Unpacks as (regions summed, regions that existed), as the older pair did; two coverages
    are equal only when they sum the same regions."""

    codes: tuple[str, ...]
    of: int

    def __iter__(self):
        return iter((len(self.codes), self.of))

    @property
    def complete(self) -> bool:
        return len(self.codes) >= self.of


def short_region(t, code: str) -> str:
    """Return a region's name without the word for oblast ("Ақмола", "Акмолинская", "Akmola")."""
    return re.sub(r"^Область |( облысы| область| Region)$", "", t.name("region", code))


def coverage_name(t, coverage: Coverage) -> str:
    """Return '4 of 14 oblasts (Aktobe, Atyrau, ...)' in the language of `t`."""
    names = ", ".join(short_region(t, code) for code in coverage.codes)
    return t.plain("coverage.name", covered=t.number(len(coverage.codes)), regions=t.number(coverage.of),
                   names=names)


def scope_label(t, scope: str, coverage: Coverage | None) -> str:
    """Return the name of what a figure of `scope` describes: the republic or the region, or,
    for a national figure of some regions, those regions (`coverage_name`)."""
    if coverage is None or coverage.complete:
        return t.scope_name(scope)
    return coverage_name(t, coverage)


def columns(key: str, scope: str, coverage: Coverage | None, national: str) -> dict:
    """Return the coverage columns of a figure (figures.csv, the data package, the XLSX):
    `coverage` ('national', 'region' or 'partial'), the regions it sums and of how many. A
    national report's figure of one region (key region.<code>.…) covers that region."""
    if key.startswith("region."):
        return {"coverage": "region", "regions_covered": key.split(".")[1], "regions_of": None}
    if coverage is not None and not coverage.complete:
        return {"coverage": "partial", "regions_covered": " ".join(coverage.codes), "regions_of": coverage.of}
    if scope == national:
        return {"coverage": "national", "regions_covered": "", "regions_of": coverage.of if coverage else None}
    return {"coverage": "region", "regions_covered": scope, "regions_of": None}


def status(rests_on: str, records_status: str) -> str:
    """Return a figure's status from what it rests on: 'synthetic' (synthetic records), the
    data package's status of the records (`records_status`, e.g. 'official'), 'published'
    (published tables only), else 'parameter'."""
    if "synthetic" in rests_on:
        return "synthetic"
    if "records" in rests_on:
        return records_status
    return "published" if "published" in rests_on else "parameter"


def sources(rests_on: str) -> str:
    """Return the published sources a figure rests on, once each, separated by spaces."""
    found = re.findall(r"published: ([^;]+)", rests_on)
    return " ".join(dict.fromkeys(s.strip() for part in found for s in part.split(",")))
