"""Report parameters: their names, types, defaults and meanings, in one place.

The notebooks' `parameters` cell, the YAML files in `parameters/`, the command line and the
parameter table in the README all come from `ReportParameters`, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import MISSING, asdict, dataclass, field, fields


from akimstat.errors import ParameterError, shown

LANGUAGES = ("kk", "ru", "en")
NATIONAL = "national"  # the scope of the whole country; other scopes are region codes
NO_BASELINE = "none"  # the baseline of a cycle compared with nothing
MIN_ALPHA = 1e-6  # below it, interval bounds are infinite in float arithmetic
#: Variables a report counts, which `sensitive_variables` may name (akimstat.data.counts.VARIABLES
#: and the age groups).
SENSITIVE_CANDIDATES = ("sex", "profession", "unit_type", "education", "ethnicity", "age_under",
                        "age_band")


def _param(default, help: str):
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata={"help": help})
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class ReportParameters:
    """Everything a report depends on besides the data files."""

    cycle: str = _param("2013", "Reporting cycle to describe (a cycle in data/codes/cycles.csv); "
                                "`all` (akimstat render): every cycle against the one before.")
    baseline: str = _param("pre-2013", "Cycle to compare with; `previous`: the cycle before of the same "
                                       "level (rural, district), for a corps at a date the corps before; "
                                       "`none`: no comparison.")
    scope: str = _param("national", "`national`, or a region code such as KZ-PAV.")
    language: str = _param("en", "Language of the report: kk, ru or en.")
    age_threshold: int = _param(55, "Age under which an akim counts as 'under the threshold'.")
    alpha: float = _param(0.05, "Significance level; intervals are at 1 - alpha.")
    suppression_threshold: int = _param(5, "Counts of sensitive variables below this are "
                                           "suppressed in published tables.")
    sensitive_variables: list = _param(["ethnicity"], "Variables whose small counts are "
                                                      "suppressed.")
    min_scope_size: int = _param(10, "Fewest akims a scope may have in the cycle to get a report: "
                                     "a report about one or a few people discloses them.")
    baseline_nobs: int = _param(2457, "Assumed size of the baseline corps when the source does "
                                      "not publish it (one akim per post: 2,457).")
    data_dir: str = _param("data", "Folder holding datapackage.json and the data files.")
    seed: int = _param(2013, "Seed of Monte Carlo p-values, so that reruns give the same numbers.")
    output_dir: str = _param("", "Folder the notebook writes figures.csv and tables/ into ('': "
                                 "nowhere; `akimstat render` sets the report's folder).")

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            expected = _type_of(f)
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                object.__setattr__(self, f.name, float(value))
            elif not isinstance(value, expected) or isinstance(value, bool) and expected is not bool:
                raise ParameterError(f"parameter '{f.name}' must be {expected.__name__}; "
                                     f"received {shown(value)}")
        if self.language not in LANGUAGES:
            raise ParameterError(f"parameter 'language' must be one of {', '.join(LANGUAGES)}; "
                                 f"received {shown(self.language)}")
        if not MIN_ALPHA <= self.alpha < 0.5:
            raise ParameterError(f"parameter 'alpha' must be between 0 and 0.5 (at least "
                                 f"{MIN_ALPHA:g}, below 0.5); received {self.alpha:g}")
        if not 0 <= self.seed < 2**32:
            raise ParameterError(f"parameter 'seed' must be from 0 to {2**32 - 1}; "
                                 f"received {self.seed}")
        unknown = [v for v in self.sensitive_variables if v not in SENSITIVE_CANDIDATES]
        if unknown:
            raise ParameterError(f"parameter 'sensitive_variables': unknown variable(s) "
                                 f"{', '.join(shown(v) for v in unknown)}; known: "
                                 f"{', '.join(SENSITIVE_CANDIDATES)}")
        if self.min_scope_size < 1:
            raise ParameterError(f"parameter 'min_scope_size' must be 1 or more; received "
                                 f"{self.min_scope_size}")
        if self.cycle == self.baseline:
            raise ParameterError(f"parameters 'cycle' and 'baseline' must differ; both are "
                                 f"{shown(self.cycle)}")
        if not 18 <= self.age_threshold <= 80:
            raise ParameterError("parameter 'age_threshold' must be from 18 to 80; "
                                 f"received {self.age_threshold}")
        if self.suppression_threshold < 0 or self.baseline_nobs < 1:
            raise ParameterError("parameters 'suppression_threshold' and 'baseline_nobs' must be "
                                 "positive")

    def disclosure_warnings(self) -> list[str]:
        """Return what in these parameters lets small counts be published (the command line
        prints it as warnings)."""
        warnings = []
        if self.suppression_threshold <= 1:
            warnings.append(f"suppression_threshold is {self.suppression_threshold}: counts of 1 "
                            "are published unsuppressed")
        if not self.sensitive_variables:
            warnings.append("sensitive_variables is empty: no small count is suppressed")
        return warnings

    def as_dict(self) -> dict:
        """Return the parameters as plain values, in declaration order (for papermill)."""
        return asdict(self)

    def replace(self, **changes) -> "ReportParameters":
        """Return a copy with `changes` applied and checked."""
        return parameters_from({**self.as_dict(), **changes}, source="arguments")


def _type_of(f) -> type:
    return {"str": str, "int": int, "float": float, "list": list, "bool": bool}[str(f.type)]


def parameters_from(values: dict, source: str = "parameters") -> ReportParameters:
    """Return checked parameters from a mapping; unknown keys are an error naming them."""
    if not isinstance(values, dict):
        raise ParameterError(f"{source}: expected a mapping of parameter names to values")
    known = {f.name for f in fields(ReportParameters)}
    unknown = sorted(set(values) - known, key=str)
    if unknown:
        raise ParameterError(f"{source}: unknown parameter(s) {', '.join(shown(str(u))[1:-1] for u in unknown)}; "
                             f"known: {', '.join(sorted(known))}")
    try:
        return ReportParameters(**values)
    except ParameterError as exc:
        raise ParameterError(f"{source}: {exc}") from None


def parameter_table() -> str:
    """Return a Markdown table of every parameter with its default and meaning (for the README)."""
    lines = ["| parameter | default | meaning |", "|---|---|---|"]
    for f in fields(ReportParameters):
        default = f.default_factory() if f.default is MISSING else f.default
        lines.append(f"| `{f.name}` | `{default!r}` | {f.metadata['help']} |")
    return "\n".join(lines)
