"""Which methods a statistic used, named as the methods section names them
(akimstat/locales/methods.yaml): read from the statistic's own result (its type and its
``method``), so that a report names the test it ran, not the one it might have run."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import yaml

from akimstat import stats
from akimstat.stats.linked import LinkedDistributionChange, LinkedMeanChange, LinkedShareChange, MarginalHomogeneity
from akimstat.stats.overlap import OverlapMeanDifference, OverlapShareDifference
from akimstat.stats.regions import ChangeComparison

#: Methods that only describe: a report using none but these needs no word on reading tests.
DESCRIPTIVE = frozenset({"age", "diversity", "diversity_bound", "representation", "audit", "sources", "suppression"})


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Return every method's paragraph by name and language, in the order reports print them."""
    return yaml.safe_load(files("akimstat").joinpath("locales/methods.yaml").read_text(encoding="utf-8"))


def methods_of(result) -> list[str]:
    """Return the names of the methods `result` (a statistic's result, or a method's name) used."""
    if isinstance(result, str):
        if result not in catalogue():
            raise KeyError(f"no method {result!r} in akimstat/locales/methods.yaml")
        return [result]
    for kind, names in _SIMPLE.items():
        if isinstance(result, kind):
            return names(result)
    raise TypeError(f"no method names for a {type(result).__name__}")


def _distribution_test(t: stats.DistributionTest) -> list[str]:
    names = ["gof" if "goodness of fit" in t.method else "chi2"]
    names += ["monte_carlo"] if t.pvalue_method == "monte-carlo" else []
    return names + (["merged"] if t.merged else [])


def _linked_share(c: LinkedShareChange) -> list[str]:
    versus = ["entrants", *methods_of(c.entrants_vs_leavers)] if c.entrants_vs_leavers is not None else []
    return ["overlap_z", *versus, *(["mcnemar"] if c.stayers is not None else [])]


def _linked_mean(c: LinkedMeanChange) -> list[str]:
    return ["overlap_t", *(["entrants", "welch_mw"] if c.entrants_vs_leavers is not None else [])]


def _linked_distribution(c: LinkedDistributionChange) -> list[str]:
    versus = ["entrants", *methods_of(c.entrants_vs_leavers)] if c.entrants_vs_leavers is not None else []
    return versus + (["stuart_maxwell"] if c.stayers is not None else [])


_SIMPLE = {
    stats.Share: lambda s: ["wilson"],
    stats.ShareDifference: lambda d: ["newcombe", "fisher" if d.method == "fisher-exact" else "score"],
    stats.ShareVsReference: lambda d: ["wilson", "binomial" if d.method == "binomial-exact" else "reference"],
    OverlapShareDifference: lambda d: ["overlap_z"],
    OverlapMeanDifference: lambda d: ["overlap_t"],
    stats.PairedShareChange: lambda d: ["mcnemar"],
    MarginalHomogeneity: lambda d: ["stuart_maxwell"],
    stats.AgeSummary: lambda s: ["age"],
    stats.AgeDifference: lambda d: ["welch_mw"],
    stats.DistributionTest: _distribution_test,
    LinkedShareChange: _linked_share,
    LinkedMeanChange: _linked_mean,
    LinkedDistributionChange: _linked_distribution,
    stats.Diversity: lambda d: ["diversity"],
    stats.RegionComparison: lambda c: ["funnel", *(["overdispersion"] if c.adjustment != "none" else []), "holm_bh"],
    ChangeComparison: lambda c: ["cochran_q"],
    stats.TableAudit: lambda a: ["audit"],
    stats.ElectionChance: lambda c: ["election_chance"],
}


def in_print_order(names) -> list[str]:
    """Return `names` once each, in the methods text's order, with the word on reading intervals
    and tests first when any name is a test or an interval."""
    used = set(names)
    if used - DESCRIPTIVE:
        used.add("reading")
    return [name for name in catalogue() if name in used]
