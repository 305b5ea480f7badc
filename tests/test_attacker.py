"""The attacker (tests/attacker.py): on a small output folder written here, and on a render.

On the folder written here, the attacker must recover the suppressed cells from diversity indices
of the full table (what the 2013 reports printed) and recover nothing when the indices are those
of the published table. On the render of every 2013 report, no suppressed ethnicity cell may be
pinned or confined to a range narrower than the protection interval, with everything the
reports publish and the press counts shipped in the data known to the attacker.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import attacker
from akimstat.stats import diversity, published_diversity, suppress_counts
from conftest import DATA

TRUE = {"KZ-A": {"kazakh": 40, "russian": 9, "german": 0, "tatar": 1, "korean": 0},
        "KZ-B": {"kazakh": 30, "russian": 12, "german": 2, "tatar": 0, "korean": 0},
        "KZ-C": {"kazakh": 50, "russian": 6, "german": 0, "tatar": 0, "korean": 3},
        "KZ-D": {"kazakh": 20, "russian": 7, "german": 1, "tatar": 4, "korean": 2}}


def write_output(root, pooled: bool):
    """Reports as the renderer writes them: figures.csv and tables/ethnicity.csv per scope,
    and the national table of akims per region."""
    national = pd.DataFrame(TRUE).sum(axis=1)
    rows = [{"cycle": "2013", "scope": s, "variable": "ethnicity", "category": g, "count": c}
            for s, counts in {**TRUE, "national": national.to_dict()}.items() for g, c in counts.items()]
    protected = suppress_counts(pd.DataFrame(rows))
    for scope, part in protected.groupby("scope"):
        counts = part.set_index("category")
        true = pd.Series(TRUE[scope]) if scope != "national" else national
        folder = root / "2013" / scope / "en"
        (folder / "tables").mkdir(parents=True)
        listed = counts[true.reindex(counts.index) > 0]
        pd.DataFrame({"ethnicity": listed.index, "count": listed["count"].astype("Int64"),
                      "suppressed": listed["suppression"] != ""}).to_csv(folder / "tables/ethnicity.csv", index=False)
        d = published_diversity(counts["count"], int(true.sum())) if pooled else diversity(true)
        figures = [("akims", true.sum(), f"{true.sum()}"),
                   ("ethnicities.effective_simpson", d.effective_simpson, f"{d.effective_simpson:.2f}"),
                   ("ethnicities.effective_shannon", d.effective_shannon, f"{d.effective_shannon:.2f}")]
        figures += [(f"ethnicity.{g}.count", int(c), str(int(c))) for g, c in listed["count"].dropna().items()]
        pd.DataFrame([{"key": k, "scope": scope, "cycle": "2013", "value": f"{v:.10g}", "unit": "", "text": t,
                       "rests_on": ""} for k, v, t in figures]).to_csv(folder / "figures.csv", index=False)
        if scope == "national":
            pd.DataFrame({"region": list(TRUE), "nobs": [sum(t.values()) for t in TRUE.values()]}).to_csv(
                folder / "tables/women_by_region.csv", index=False)
    return root


def truth(cell):
    scope, group = cell
    return sum(t[group] for t in TRUE.values()) if scope == "national" else TRUE[scope][group]


def test_margins_alone_pin_nothing_in_the_small_folder(tmp_path):
    k = attacker.read_output(write_output(tmp_path, pooled=False), "2013")
    bounds = attacker.attack(k, use_indices=False)
    assert len(bounds) > 5 and not bounds["pinned"].any()
    assert all(lo <= truth(c) <= hi for c, (lo, hi) in bounds[["low", "high"]].iterrows())


def test_indices_of_the_full_table_give_the_hidden_cells_away(tmp_path):
    k = attacker.read_output(write_output(tmp_path, pooled=False), "2013")
    bounds = attacker.attack(k)
    assert len(bounds) == 11 and bounds["pinned"].all()  # every hidden cell, from 11 ranges of 4-5
    assert all(row["low"] == truth(cell) for cell, row in bounds.iterrows())  # recovered exactly


def test_indices_of_the_published_table_give_nothing_away(tmp_path):
    k = attacker.read_output(write_output(tmp_path, pooled=True), "2013")
    assert all(attacker.explained_by_pooling(k, s) for s in k.regions + ["national"])
    with_indices, margins = attacker.attack(k), attacker.attack(k, use_indices=False)
    assert with_indices.equals(margins)


@pytest.mark.parametrize("text, language, interval", [
    ("1.48", "en", (1.475, 1.485)), ("1,48", "kk", (1.475, 1.485)), ("2,454", "en", (2453.5, 2454.5)),
    ("2 454", "ru", (2453.5, 2454.5)), ("1.478224688", "en", (1.4782246875, 1.4782246885))])
def test_numbers_are_read_as_the_interval_they_stand_for(text, language, interval):
    assert attacker._interval(text, language) == pytest.approx(interval)


# -- the render of every 2013 report ------------------------------------------------------

@pytest.fixture(scope="module")
def out(tmp_path_factory):
    from fixtures.hostile.shared import once
    from fixtures.renders import render_all

    return once(tmp_path_factory, "privacy", render_all)


def press_counts():
    counts = pd.read_csv(DATA / "published" / "counts.csv", dtype={"cycle": str})
    press = counts[(counts["variable"] == "ethnicity") & counts["count"].notna() & (counts["universe"] == "akims")]
    return [(r.scope, r.category, int(r["count"])) for _, r in press.iterrows()]


@pytest.mark.render
@pytest.mark.parametrize("printed", [False, True], ids=["figures-csv-values", "printed-text"])
def test_no_suppressed_cell_is_pinned_or_narrower_than_the_protection_interval(out, printed):
    k = attacker.add_known(attacker.read_output(out, "2013", use_text=printed), press_counts())
    assert len(k.hidden) > 40 and len(k.regions) >= 14
    bounds = attacker.attack(k)
    assert not bounds["pinned"].any()
    assert attacker.unprotected(bounds, min_width=2).empty
    # The printed indices are those of the published tables: they reveal nothing more.
    assert all(attacker.explained_by_pooling(k, s) for s in k.regions + ["national"])
    records = __import__("akimstat.data.dataset", fromlist=["load_dataset"]).load_dataset(DATA).records
    counts = records[records["cycle"] == "2013"].groupby(["region", "ethnicity"]).size()
    for (scope, group), row in bounds.iterrows():
        true = counts.xs(group, level=1).sum() if scope == "national" else counts.get((scope, group), 0)
        assert row["low"] <= true <= row["high"], (scope, group)  # the attacker's model is sound
