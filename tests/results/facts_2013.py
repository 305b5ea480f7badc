"""The figures the source article (and the press reports in FACTS.md) publish for 2013.

Source: ../shared/source/FACTS.md, the English digest of article-kk.txt; the article's own words
are in data/published/*.csv (column `quote`). Each entry: figure key in figures.csv -> (value as
the report shows it, unit, decimals shown). Shares are fractions; the report prints them as
percentages with one decimal. The economists are 357, not the printed 367 (the table error).
"""

FIGURES = {
    "akims": (2454, "count", 0),
    "context.posts": (2457, "count", 0),
    "context.share_of_all_akims": (0.915, "share", 1),
    "context.population_millions": (7.632, "number", 3),
    "context.nominated": (7173, "count", 0),
    "context.registered": (6738, "count", 0),
    "context.won_by_one_vote": (37, "count", 0),
    "context.ties_rerun": (3, "count", 0),
    "context.extra_staff_units": (5000, "count", 0),
    "context.state_functions": (67, "count", 0),
    "profession.pedagogue.count": (627, "count", 0),
    "profession.agriculture.count": (501, "count", 0),
    "profession.engineer.count": (417, "count", 0),
    "profession.economist.count": (357, "count", 0),
    "profession.lawyer.count": (281, "count", 0),
    "profession.other.count": (271, "count", 0),
    "profession.pedagogue.share": (0.256, "share", 1),
    "profession.agriculture.share": (0.204, "share", 1),
    "profession.engineer.share": (0.170, "share", 1),
    "profession.economist.share": (0.145, "share", 1),
    "profession.lawyer.share": (0.115, "share", 1),
    "profession.other.share": (0.110, "share", 1),
    "women.count": (280, "count", 0),
    "women.share": (0.114, "share", 1),
    "women.base.count": (248, "count", 0),
    "women.change.count": (32, "count", 0),
    # the article's 47 is the records' mean 46.9 rounded; the headline shows the mean, not a
    # whole-years figure no source gave (issue 22)
    "age.mean.rounded": (46.9, "years", 1),
    "under.share": (0.803, "share", 1),
    "under.base.share": (0.745, "share", 1),
    "age.youngest": (25, "years", 0),
    "ethnicities.represented": (23, "count", 0),
    "audit.profession.sum": (2464, "count", 0),
    "audit.profession.economist.proposed": (357, "count", 0),
    "published.profession.economist.count": (367, "count", 0),
}

# "2-3 candidates per seat on average": registered per post must fall in this range.
CANDIDATES_PER_SEAT = (2, 3)
# "Regions where women akims grew by almost 6": Pavlodar, South Kazakhstan, Aktobe.
WOMEN_GREW_MOST = {"KZ-PAV", "KZ-YUZ", "KZ-AKT"}
