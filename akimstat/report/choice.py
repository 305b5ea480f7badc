"""The rule that chooses between sources that give one table or one figure differently: the
same everywhere (reports, About the data, the reconciliation), written in the methods, and
never the order of the rows in the data.

For a table (the rows of one cycle, scope, universe and variable), in this order:

1. an official source (``kind`` official in sources.csv) over a press report;
2. a source that gives counts over one that gives only percentages (its own count);
3. the most specific: the source giving the most categories;
4. the latest publication (``date`` of sources.csv).

For a single figure: the figure the code lists give (the posts of a round in cycles.csv);
an official source over the press; a source not known to be published before the election day
over one that is (a campaign count, such as nominations on the day nomination closed, is
provisional; a date given only as a year is not known to be before); the more precise figure
(46.7 over 46, which rounds or cuts it); the latest publication. Sources still equal after the rule are a
tie: the reconciliation reports it as unresolved and the reports show neither figure (a table
tied so is shown from the source whose id sorts first, and said to be unresolved).
"""

from __future__ import annotations

import pandas as pd


def _official(data, source: str) -> bool:
    sources = data.sources
    return source in sources.index and str(sources.at[source, "kind"]) == "official"


def _date(data, source: str) -> str:
    sources = data.sources
    return str(sources.at[source, "date"]) if source in sources.index and pd.notna(sources.at[source, "date"]) else ""


def table_rank(data, rows: pd.DataFrame) -> tuple:
    """Return the rank of one source's table under the rule (greater is preferred)."""
    source = rows["source"].iloc[0]
    return (_official(data, source), bool(rows["count"].notna().any()), int(rows["category"].nunique()),
            _date(data, source))


def main_source(data, rows: pd.DataFrame) -> tuple[str, bool]:
    """Return the source whose table the reports use among `rows` (several sources' rows of one
    table), and whether it is tied with another under the rule (unresolved). Row order never
    matters: among tied sources, the id that sorts first."""
    ranks = {source: table_rank(data, part) for source, part in rows.groupby("source", sort=True)}
    best = max(ranks.values())
    chosen = sorted(s for s, rank in ranks.items() if rank == best)
    return chosen[0], len(chosen) > 1


def decimals(value: float) -> int:
    """Return the decimals a figure was published with: 46.7 -> 1, 46 -> 0."""
    return 0 if float(value).is_integer() else len(repr(float(value)).partition(".")[2])


def before_election(data, source: str, cycle: str) -> bool:
    """Return whether `source` is known to be published before `cycle`'s election day: its date,
    at its own precision (2013, 2013-07 or 2013-07-26), earlier than that day cut to the same."""
    cycles = data.codes.cycles
    published = _date(data, source)
    if not published or cycle not in cycles.index or pd.isna(cycles.at[cycle, "date"]):
        return False
    return published < str(cycles.at[cycle, "date"])[:len(published)]


def figure_rank(data, row) -> tuple:
    """Return the rank of one source's figure under the rule (greater is preferred)."""
    cycles = data.codes.cycles
    listed = (row["key"] == "posts" and "posts" in cycles and row["cycle"] in cycles.index
              and pd.notna(cycles.at[row["cycle"], "posts"]) and float(cycles.at[row["cycle"], "posts"]) == float(row["value"]))
    return (listed, _official(data, row["source"]), not before_election(data, row["source"], row["cycle"]),
            decimals(row["value"]), _date(data, row["source"]))


def chosen_figure(data, rows: pd.DataFrame) -> tuple[pd.Series | None, bool]:
    """Return the row of the figure the reports show among `rows` (one key, cycle and scope
    from several sources), and whether the rule leaves a tie between different values
    (unresolved: no row is shown). Sources that give the same value do not contradict."""
    if rows.empty:
        return None, False
    ranks = [figure_rank(data, row) for _, row in rows.iterrows()]
    best = max(ranks)
    top = rows[[rank == best for rank in ranks]].sort_values("source", kind="stable")
    if top["value"].astype(float).nunique() > 1:
        return None, True
    return top.iloc[0], False


#: Published single figures on age (the age section) -> their key in figures.csv.
AGE_FIGURES = {"mean_age": "age.mean", "median_age": "age.median", "youngest_age": "age.youngest",
             "oldest_age": "age.oldest"}
#: Published figures of the election in numbers (the context section) -> (key in figures.csv, unit, scale applied to the published value, decimals).
CONTEXT_FIGURES = {
    "posts": ("context.posts", "count", 1, None),
    "share_of_all_akims": ("context.share_of_all_akims", "share", 0.01, None),
    "population_in_units": ("context.population_millions", "number", 1e-6, 3),
    "nominated": ("context.nominated", "count", 1, None),
    "registered": ("context.registered", "count", 1, None),
    "won_by_one_vote": ("context.won_by_one_vote", "count", 1, None),
    "ties_rerun": ("context.ties_rerun", "count", 1, None),
    "extra_staff_units": ("context.extra_staff_units", "count", 1, None),
    "state_functions": ("context.state_functions", "count", 1, None),
    "turnout_percent": ("context.turnout_percent", "share", 0.01, None),
    **{name: (f"context.{name}", "count", 1, None) for name in (
        "polling_stations", "voters_registered", "voters_expected", "votes_cast", "parties_nominating")},
    **{name: (f"context.{name}", "count", 1, None) for name in (
        "candidate_min_age", "declaration_check_days", "secondary_education_before",
        "experiment_2005_districts", "experiment_2005_electors", "experiment_2005_voters",
        "experiment_2006_cities", "experiment_2006_districts", "experiment_2006_electors")},
}

#: What each context figure counts (figures.csv `universe`): the akims, the posts or the
#: candidates as the tables do, else the voters or electors, the elections (contests, polling
#: stations, districts and cities electing), the parties, the population, the staff and
#: functions given to the rural level, or the election's rules (an age, a number of days).
CONTEXT_UNIVERSES = {
    f"context.{name}": universe for names, universe in (
        (("share_of_all_akims", "secondary_education_before"), "akims"), (("posts",), "posts"),
        (("nominated", "registered", "registered_per_post"), "candidates"),
        (("turnout_percent", "voters_registered", "voters_expected", "votes_cast", "experiment_2005_voters"), "voters"),
        (("experiment_2005_electors", "experiment_2006_electors"), "electors"),
        (("won_by_one_vote", "ties_rerun", "polling_stations", "experiment_2005_districts",
          "experiment_2006_districts", "experiment_2006_cities"), "elections"),
        (("parties_nominating",), "parties"), (("population_millions",), "population"),
        (("extra_staff_units", "state_functions"), "staff"), (("candidate_min_age", "declaration_check_days"), "rules"))
    for name in names
}

#: Published single figures a cycle with records shows from its records instead, and how.
FROM_RECORDS = {"elected": len, "mean_age": lambda r: r["age"].mean(), "median_age": lambda r: r["age"].median(),
                "youngest_age": lambda r: r["age"].min(), "oldest_age": lambda r: r["age"].max(),
                "ethnicities": lambda r: r["ethnicity"].nunique()}


def shown_figures() -> set[str]:
    """Return the keys of the published single figures a report shows (the others are kept
    in the data and checked, but no report says it uses them)."""
    return {"elected", "ethnicities", *AGE_FIGURES, *CONTEXT_FIGURES}


#: The published figure that is the size of a corps at a date (cycles.csv `counted` corps):
#: every akim of the level in office; a round's size is the number elected.
CORPS_FIGURE = "rural_akims_total"


def size_key(data, cycle: str) -> str:
    """Return the key of the published figure that gives the number of akims `cycle` counts:
    the akims in office for a corps at a date, else the akims elected."""
    cycles = data.codes.cycles
    corps = "counted" in cycles and cycle in cycles.index and cycles.at[cycle, "counted"] == "corps"
    return CORPS_FIGURE if corps else "elected"


def figure_used(data, cycle: str, scope: str, key: str) -> tuple[float, str]:
    """Return (the figure a report of `cycle` and `scope` shows for `key`, why): the records'
    ('records'), the code list's (the posts of cycles.csv, 'code_list'), the one the rule
    chooses ('rule'), none when the rule leaves a tie
    ('unresolved') or when no report shows the figure ('not_shown')."""
    if key not in shown_figures() and key != size_key(data, cycle):
        return float("nan"), "not_shown"
    if data.has_records(cycle) and key in FROM_RECORDS:
        records = data.records[data.records["cycle"] == cycle]
        if scope != "national":
            records = records[records["region"].isin({scope, *data.same_territory(scope, cycle)})]
        return float(FROM_RECORDS[key](records)), "records"
    figures = data.figures
    row, tied = chosen_figure(data, figures[(figures["cycle"] == cycle) & (figures["scope"] == scope)
                                            & (figures["key"] == key)])
    if row is None:
        return float("nan"), "unresolved" if tied else "not_shown"
    return float(row["value"]), "code_list" if figure_rank(data, row)[0] else "rule"  # the posts of cycles.csv


def in_code_order(data, rows: pd.DataFrame) -> pd.DataFrame:
    """Return published rows of one variable in the order of its code list (categories.csv;
    codes it does not list after, alphabetically), never in the order of the file."""
    if rows.empty:
        return rows
    codes = data.codes.category_codes(rows["variable"].iloc[0])
    order = {code: i for i, code in enumerate(codes)}
    position = rows["category"].map(lambda c: (order.get(c, len(order)), str(c)))
    return rows.iloc[sorted(range(len(rows)), key=lambda i: (position.iloc[i], str(rows["source"].iloc[i])))]
