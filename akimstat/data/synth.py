"""Synthetic record-level corps of akims that agree exactly with the published figures.

The real register of akims is not public. `generate` builds one akim per post for the corps in
office before the 2013 elections and one per elected post for 2013; the incumbents who kept
their post appear in both with the same `person_id`. Every published count is allocated exactly
and then shuffled, so the totals hold by construction for any seed. The judgements behind the
parts nobody published are numbered in docs/assumptions-and-caveats.md ("caveat N" below).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import truncnorm

from akimstat.errors import ParameterError

COLUMNS = ["record_id", "person_id", "cycle", "region", "district", "unit_type", "sex", "age",
           "profession", "ethnicity", "education"]
UNIT_TYPES = ["rural_okrug", "village", "settlement", "town"]
RECORD_PREFIX = {"2013": "R13", "pre-2013": "R12"}
NORTH = ("KZ-SEV", "KZ-KUS", "KZ-AKM", "KZ-VOS", "KZ-PAV", "KZ-KAR")

# Rough numbers of rural okrugs, villages, settlements and towns around 2013, used only as
# weights where no split is published, and the number of districts (caveats 5 and 6).
REGIONS = {
    "KZ-AKM": ((230, 20, 5, 9), 17), "KZ-AKT": ((140, 10, 5, 6), 12),
    "KZ-ALM": ((215, 20, 10, 6), 16), "KZ-ATY": (None, 7),
    "KZ-VOS": ((200, 20, 25, 7), 15), "KZ-ZHA": ((145, 5, 3, 3), 10),
    "KZ-ZAP": ((140, 5, 4, 1), 12), "KZ-KAR": (None, 9),
    "KZ-KUS": ((220, 20, 8, 2), 16), "KZ-KZY": ((120, 10, 10, 2), 7),
    "KZ-MAN": ((40, 15, 5, 1), 5), "KZ-PAV": ((125, 18, 5, 0), 10),
    "KZ-SEV": ((190, 5, 2, 4), 13), "KZ-YUZ": ((170, 5, 15, 5), 11),
}
# 2013 counts of the minorities (the corps ~88% Kazakh) and where most of them live (caveat 9).
MINORITIES = {
    "russian": (167, NORTH), "ukrainian": (28, NORTH), "german": (26, NORTH),
    "uzbek": (22, ("KZ-YUZ",)), "tatar": (14, NORTH + ("KZ-AKT", "KZ-ZAP")),
    "uighur": (12, ("KZ-ALM", "KZ-ZHA")), "belarusian": (5, NORTH),
    "korean": (4, ("KZ-KZY", "KZ-ALM")),
    "azerbaijani": (3, ("KZ-YUZ", "KZ-ZHA")), "chechen": (3, ("KZ-PAV", "KZ-KAR", "KZ-AKM")),
    "turkish": (2, ("KZ-ZHA", "KZ-YUZ")), "dungan": (2, ("KZ-ZHA", "KZ-ALM")),
    "polish": (1, ("KZ-AKM", "KZ-SEV")), "bashkir": (1, ("KZ-AKT", "KZ-KUS")),
    "kurdish": (1, ("KZ-ZHA",)), "tajik": (1, ("KZ-YUZ",)), "moldovan": (1, NORTH),
    "greek": (1, ("KZ-YUZ",)), "kyrgyz": (1, ("KZ-ZHA", "KZ-ALM")), "armenian": (1, ("KZ-YUZ",)),
    "ingush": (1, ("KZ-KAR", "KZ-PAV")), "bulgarian": (1, ("KZ-KUS",)),
}
HOME_WEIGHT = 40
GROWTH_REGIONS = ("KZ-PAV", "KZ-YUZ", "KZ-AKT")  # women grew by "almost 6" points (caveat 11)
GROWTH_POINTS = 5.75
KEPT_UNDER_55_SHARE = 0.785
# Mean, sd, youngest and oldest of each group (caveat 13).
AGES = {"kept": (48, 8, 26, 68), "new": (44, 8, 26, 64), "departed": (53, 9, 23, 70)}
NOT_HIGHER = {"secondary": 30, "secondary_special": 85}  # "more than 100" (caveat 15)


def generate(seed: int = 2013, data_root: str | Path = "data") -> dict[str, pd.DataFrame]:
    """Return synthetic records of both cycles, agreeing with the published figures.

    Parameters
    ----------
    seed : seed of ``numpy.random.default_rng``; the same seed gives the same records.
    data_root : folder holding ``published/counts.csv`` and ``published/figures.csv``.

    Returns
    -------
    dict
        ``{"2013": frame, "pre-2013": frame}`` with the columns of `COLUMNS`, sorted by
        ``record_id``.
    """
    rng = np.random.default_rng(seed)
    counts = pd.read_csv(Path(data_root) / "published" / "counts.csv", dtype={"cycle": str})
    figures = pd.read_csv(Path(data_root) / "published" / "figures.csv", dtype={"cycle": str})
    posts = posts_table(counts, figures, rng)
    people = people_of(posts, figures, rng)
    people["sex"] = sexes(people, counts, rng)
    people["age"] = ages(people, counts, figures, rng)
    people["ethnicity"] = ethnicities(people, counts, figures, rng)
    people["profession"] = professions(people, counts, rng)
    people["education"] = educations(people, rng)
    return {cycle: records_of(people, cycle) for cycle in RECORD_PREFIX}


def write(out_dir: str | Path = "data/synthetic", seed: int = 2013,
          data_root: str | Path = "data") -> list[Path]:
    """Write ``records-<cycle>.csv`` of both cycles and return their paths.

    Parameters
    ----------
    out_dir : folder to write to (created if missing).
    seed : seed of the generator.
    data_root : folder holding the published figures.

    Notes
    -----
    UTF-8, ``\\n`` line endings, rows sorted by ``record_id``: the same seed gives the same bytes.
    """
    from akimstat.files import replace_file, usable_output

    if not 0 <= seed < 2**32:
        raise ParameterError(f"--seed must be from 0 to {2**32 - 1}; received {seed}")
    usable_output(out_dir, create=False, option="--out")
    frames = generate(seed, data_root)
    out_dir = usable_output(out_dir, option="--out")
    paths = []
    for cycle, frame in frames.items():
        path = out_dir / f"records-{cycle}.csv"
        replace_file(path, frame.to_csv(index=False, lineterminator="\n").encode("utf-8"))
        paths.append(path)
    return paths


def apportion(total: int, weights) -> np.ndarray:
    """Return whole numbers summing to `total`, proportional to `weights` (largest remainder)."""
    weights = np.asarray(weights, dtype=float)
    quota = total * weights / weights.sum()
    share = np.floor(quota).astype(int)
    share[np.argsort(share - quota, kind="stable")[: total - share.sum()]] += 1
    return share


def figure(figures: pd.DataFrame, key: str, scope: str = "national", default=None):
    """Return the published figure `key` of `scope` (2013 cycle) as an int, or `default`."""
    rows = figures[(figures["cycle"] == "2013") & (figures["scope"] == scope)
                   & (figures["key"] == key)]
    return int(rows["value"].iloc[0]) if len(rows) else default


def count_row(counts: pd.DataFrame, cycle: str, scope: str, variable: str,
              category: str) -> pd.Series:
    """Return the published row counting akims or posts of one category."""
    rows = counts[(counts["cycle"] == cycle) & (counts["scope"] == scope)
                  & (counts["variable"] == variable) & (counts["category"] == category)
                  & (counts["universe"] != "candidates")]
    return rows.iloc[0]


def count(counts: pd.DataFrame, cycle: str, scope: str, variable: str, category: str) -> int:
    """Return one published count of akims or posts."""
    return int(count_row(counts, cycle, scope, variable, category)["count"])


def regional(counts: pd.DataFrame, variable: str) -> pd.DataFrame:
    """Return the published 2013 regional counts of akims or posts by `variable`."""
    return counts[(counts["cycle"] == "2013") & (counts["variable"] == variable)
                  & (counts["scope"] != "national") & (counts["universe"] != "candidates")
                  & counts["count"].notna()]


def unit_table(counts: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """Return posts by region (rows) and unit type (columns), summing to the national totals.

    Published splits are kept; regions with a published total are split by the weights in
    `REGIONS`; the rest of each national total goes to the other regions by weight.
    """
    table = pd.DataFrame(0, index=list(REGIONS), columns=UNIT_TYPES)
    split = regional(counts, "unit_type")
    for row in split.itertuples():  # a region with no tie: akims and posts are the same
        table.loc[row.scope, row.category] = int(row.count)
    published = list(split["scope"].unique())
    for region in REGIONS:
        total = region_posts(figures, region)
        if total and region not in published:
            table.loc[region] = apportion(total, REGIONS[region][0])
            published.append(region)
    others = [r for r in REGIONS if r not in published]
    for unit in UNIT_TYPES:
        left = count(counts, "2013", "national", "unit_type", unit) - table[unit].sum()
        table.loc[others, unit] = apportion(left, [REGIONS[r][0][UNIT_TYPES.index(unit)]
                                                   for r in others])
    return table


def region_posts(figures: pd.DataFrame, region: str) -> int | None:
    """Return the published number of posts of `region` (elected plus ties), or None."""
    elected = figure(figures, "elected", region)
    return figure(figures, "posts", region) or (
        elected and elected + figure(figures, "ties_rerun", region, 0))


def posts_table(counts: pd.DataFrame, figures: pd.DataFrame, rng) -> pd.DataFrame:
    """Return one row per post: region, district, unit_type and whether a tie left it empty."""
    parts = []
    for region, row in unit_table(counts, figures).iterrows():
        units = np.repeat(UNIT_TYPES, row.to_numpy())
        n_districts = REGIONS[region][1]
        district = rng.permutation(np.arange(len(units)) % n_districts) + 1  # caveat 6
        part = pd.DataFrame({"region": region, "unit_type": units,
                             "district": [f"{region}-D{d:02d}" for d in district], "tied": False})
        okrugs = part[part["unit_type"] == "rural_okrug"]
        ties = figure(figures, "ties_rerun", region, 0)  # in different districts (caveat 3)
        for d in rng.choice(okrugs["district"].unique(), size=ties, replace=False):
            part.loc[rng.choice(okrugs.index[okrugs["district"] == d]), "tied"] = True
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def people_of(posts: pd.DataFrame, figures: pd.DataFrame, rng) -> pd.DataFrame:
    """Return one row per person: the post held and the group (kept, new or departed).

    Kept incumbents sit in both cycles, new akims only in 2013, departed ones only before.
    """
    elected = posts[~posts["tied"]].groupby("region").size()  # others by size (caveat 7)
    known = {r: figure(figures, "incumbents_kept", r) for r in REGIONS}
    known = {r: k for r, k in known.items() if k is not None}
    others = [r for r in REGIONS if r not in known]
    kept = dict(zip(others, apportion(figure(figures, "incumbents_kept") - sum(known.values()),
                                      elected[others]))) | known
    posts = posts.assign(kept=False)
    for region, n in kept.items():
        candidates = posts.index[(posts["region"] == region) & ~posts["tied"]]
        posts.loc[rng.choice(candidates, size=n, replace=False), "kept"] = True
    groups = [posts[posts["kept"]].assign(group="kept"),
              posts[~posts["kept"] & ~posts["tied"]].assign(group="new"),
              posts[~posts["kept"]].assign(group="departed")]
    people = pd.concat(groups).rename_axis("post").reset_index()
    people["person_id"] = [f"P{i:05d}" for i in rng.permutation(len(people)) + 1]
    return people


def in_cycle(people: pd.DataFrame, cycle: str) -> pd.Series:
    """Return whether each person is in the corps of `cycle`."""
    return people["group"].isin(["kept", "new"] if cycle == "2013" else ["kept", "departed"])


def women_by_region(people: pd.DataFrame, counts: pd.DataFrame, rng) -> pd.DataFrame:
    """Return women per region before (``pre``) and in 2013 (``now``), with the corps sizes.

    Women before are spread by corps size; the growth regions gain about `GROWTH_POINTS`;
    the other regions share the rest with random tilts, so some gain and some lose (caveat 11).
    """
    table = pd.DataFrame({"posts": people[in_cycle(people, "pre-2013")].groupby("region").size(),
                          "elected": people[in_cycle(people, "2013")].groupby("region").size()})
    table["pre"] = apportion(count(counts, "pre-2013", "national", "sex", "female"), table["posts"])
    table["now"] = 0
    for region in GROWTH_REGIONS:
        r = table.loc[region]
        table.loc[region, ["pre", "now"]] = min(
            ((p, w) for p in (r.pre - 1, r.pre, r.pre + 1) for w in range(r.elected)),
            key=lambda pw: abs(100 * (pw[1] / r.elected - pw[0] / r.posts) - GROWTH_POINTS))
    fixed = [r for r in table.index if r not in GROWTH_REGIONS]
    sexes_published = regional(counts, "sex")
    for row in sexes_published[sexes_published["category"] == "female"].itertuples():  # caveat 10
        table.loc[row.scope, "now"] = int(row.count)
        fixed.remove(row.scope)
    left = count(counts, "pre-2013", "national", "sex", "female") - table["pre"].sum()
    table.loc[fixed, "pre"] += apportion(left, table.loc[fixed, "posts"])  # may take one back
    tilt = 1 + rng.permutation(np.linspace(-0.3, 0.3, len(fixed)))
    table.loc[fixed, "now"] = apportion(
        count(counts, "2013", "national", "sex", "female") - table["now"].sum(),
        table.loc[fixed, "pre"] / table.loc[fixed, "posts"] * table.loc[fixed, "elected"] * tilt)
    return table


def sexes(people: pd.DataFrame, counts: pd.DataFrame, rng) -> pd.Series:
    """Return each person's sex; incumbents who stayed are women at the rate of their region."""
    sex = pd.Series("male", index=people.index)
    for region, r in women_by_region(people, counts, rng).iterrows():
        group = people[people["region"] == region].groupby("group").size()
        kept_women = int(np.clip(round(group["kept"] * r.pre / r.posts),
                                 max(0, r.now - group["new"], r.pre - group["departed"]),
                                 min(group["kept"], r.pre, r.now)))
        women = {"kept": kept_women, "new": r.now - kept_women, "departed": r.pre - kept_women}
        for name, n in women.items():
            members = people.index[(people["region"] == region) & (people["group"] == name)]
            sex[rng.choice(members, size=n, replace=False)] = "female"
    return sex


def ages(people: pd.DataFrame, counts: pd.DataFrame, figures: pd.DataFrame, rng) -> pd.Series:
    """Return ages with exact counts under 55 in each cycle and one youngest akim.

    Ages are drawn from truncated normals at stratified quantiles, so the means barely move
    with the seed. Incumbents keep their age: the two corps are observed a day apart
    (caveats 8 and 12-14).
    """
    size = people.groupby("group").size()
    kept_under = round(size["kept"] * KEPT_UNDER_55_SHARE)
    under = {"kept": kept_under, "new": under_55(people, counts, "2013") - kept_under,
             "departed": under_55(people, counts, "pre-2013") - kept_under}
    age = pd.Series(0, index=people.index)
    for group, (mean, sd, low, high) in AGES.items():
        n_under = under[group]
        values = np.concatenate([quantile_ages(n_under, mean, sd, low, 55, rng),
                                 quantile_ages(size[group] - n_under, mean, sd, 55, high + 1, rng)])
        age[people.index[people["group"] == group]] = rng.permutation(values)
    youngest = figures[(figures["key"] == "youngest_age") & (figures["scope"] != "national")]
    region = youngest["scope"].iloc[0]  # the region the youngest akim came from
    newcomers = people.index[(people["group"] == "new") & (people["region"] == region)
                             & (age < 55)]
    age[rng.choice(newcomers)] = figure(figures, "youngest_age")
    return age


def under_55(people: pd.DataFrame, counts: pd.DataFrame, cycle: str) -> int:
    """Return the count under 55 nearest to the published share of the corps (caveat 12)."""
    percent = float(count_row(counts, cycle, "national", "age_under", "under_55")["percent"])
    return round(percent * in_cycle(people, cycle).sum() / 100)


def quantile_ages(n: int, mean: float, sd: float, low: int, high: int, rng) -> np.ndarray:
    """Return `n` whole ages in [low, high) from a truncated normal, one per stratum."""
    a, b = (low - mean) / sd, (high - mean) / sd
    points = (np.arange(n) + rng.uniform(size=n)) / max(n, 1)
    return np.floor(truncnorm.ppf(points, a, b, loc=mean, scale=sd)).astype(int)


def ethnicities(people: pd.DataFrame, counts: pd.DataFrame, figures: pd.DataFrame,
                rng) -> pd.Series:
    """Return ethnicities: exact 2013 counts by region, the departed drawn from their region's mix.

    Each minority's 2013 count goes to regions by corps size, `HOME_WEIGHT` times more where
    it lives; published regional counts are kept and Kazakhs fill the rest (caveat 9).
    """
    if len(MINORITIES) + 1 != figure(figures, "ethnicities"):
        raise ValueError(f"MINORITIES must list {figure(figures, 'ethnicities') - 1} ethnicities")
    now = in_cycle(people, "2013")
    regions = list(REGIONS)
    table = pd.DataFrame(0, index=regions, columns=["kazakh", *MINORITIES])
    published = regional(counts, "ethnicity")
    for row in published.itertuples():
        table.loc[row.scope, row.category] = int(row.count)
    free = [r for r in regions if r not in set(published["scope"])]
    size = people[now].groupby("region").size()[regions]
    for code, (total, home) in MINORITIES.items():
        weights = size[free] * [HOME_WEIGHT if r in home else 1 for r in free]
        table.loc[free, code] = rng.multinomial(total - table[code].sum(), weights / weights.sum())
    table["kazakh"] = size - table.sum(axis=1)
    ethnicity = pd.Series("kazakh", index=people.index)
    for region, row in table.iterrows():
        members = people.index[now & (people["region"] == region)]
        ethnicity[members] = rng.permutation(np.repeat(row.index, row.to_numpy()))
        departed = people.index[(people["group"] == "departed") & (people["region"] == region)]
        mix = row.to_numpy() * np.where(row.index == "kazakh", 1, 1.5)  # older corps less Kazakh
        ethnicity[departed] = rng.choice(row.index, size=len(departed), p=mix / mix.sum())
    return ethnicity


def professions(people: pd.DataFrame, counts: pd.DataFrame, rng) -> pd.Series:
    """Return professions: the article's 2013 counts exactly; the departed in the same shares.

    Caveats 2 and 16.
    """
    rows = counts[(counts["cycle"] == "2013") & (counts["scope"] == "national")
                  & (counts["variable"] == "profession") & (counts["source"] == "article")]
    rows = rows.set_index("category")["count"].astype(int)
    # The article's 367 is a typo: 357 makes the six sum to 2,454 and match 14.5% (caveat 2).
    rows["economist"] = 357
    profession = pd.Series("", index=people.index)
    now = in_cycle(people, "2013")
    profession[now] = rng.permutation(np.repeat(rows.index, rows.to_numpy()))
    departed = people["group"] == "departed"
    profession[departed] = rng.permutation(np.repeat(rows.index, apportion(departed.sum(), rows)))
    return profession


def educations(people: pd.DataFrame, rng) -> pd.Series:
    """Return education: higher for every 2013 akim; some of the departed without (caveat 15)."""
    education = pd.Series("higher", index=people.index)
    departed = people.index[people["group"] == "departed"]
    chosen = rng.choice(departed, size=sum(NOT_HIGHER.values()), replace=False)
    education[chosen] = np.repeat(list(NOT_HIGHER), list(NOT_HIGHER.values()))
    return education


def records_of(people: pd.DataFrame, cycle: str) -> pd.DataFrame:
    """Return the records of `cycle`, numbered in order of region, district and unit type."""
    frame = people[in_cycle(people, cycle)].assign(cycle=cycle)
    frame["unit_order"] = frame["unit_type"].map(UNIT_TYPES.index)
    frame = frame.sort_values(["region", "district", "unit_order", "person_id"])
    frame["record_id"] = [f"{RECORD_PREFIX[cycle]}-{i:05d}" for i in range(1, len(frame) + 1)]
    return frame[COLUMNS].reset_index(drop=True)
