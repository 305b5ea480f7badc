"""Adding a variable the data already holds to the reports is a line of the report spec and its
labels (issue 25): the spec accepts any variable the code lists name, and the distribution
section computes it from the published tables, with no further code."""

from __future__ import annotations

import pytest

from akimstat.data.dataset import load_dataset
from akimstat.errors import ParameterError
from akimstat.params import ReportParameters
from akimstat.report import sections
from akimstat.report.scope import ScopeData
from akimstat.report.spec import checked_spec, report_spec

from conftest import DATA

PARTY = {"section": "distribution", "variable": "party"}


def spec_with(entry) -> dict:
    shipped = report_spec()
    return {kind: [*entries, entry] for kind, entries in shipped.items()}


def test_the_spec_takes_a_variable_of_the_code_lists():
    assert PARTY in checked_spec(spec_with(PARTY))["national"]


@pytest.mark.parametrize("variable", ["party; drop", 3, ""])
def test_the_spec_refuses_what_cannot_be_a_variable(variable):
    with pytest.raises(ParameterError, match="'variable' must be a variable's name"):
        checked_spec(spec_with({"section": "distribution", "variable": variable}))


def test_party_is_a_distribution_from_the_published_table():
    """2021: the akims by party (a Wikipedia infobox of 6 parties, 697 of 730 akims; the
    self-nominated are not in it), shown as published and not audited as if it were complete."""
    scope = ScopeData(load_dataset(DATA), ReportParameters(cycle="2021", baseline="2017"))
    assert "party" in scope.variables
    r = sections.compute(scope, PARTY)
    assert r.values["published.party.nur_otan.count"].value == 627
    assert "audit" not in r.facts  # a partial table: its remainder is unpublished, not an error
    assert "audit.party.sum" not in r.values
