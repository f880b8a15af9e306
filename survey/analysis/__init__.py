"""Pure statistics over answer counts: counts from SQL in, frozen dataclasses out.

Nothing here knows Flask, the database or an output format, and only the standard library
is used, so the app needs no scipy at run time (the tests check every formula against it).
"""

from survey.analysis.disclosure import (
    Breakdown,
    BreakdownRow,
    Cell,
    breakdown,
    suppress,
)
from survey.analysis.proportions import (
    Interval,
    Proportion,
    pool_proportions,
    proportion,
    response_rate,
    wilson_interval,
)
from survey.analysis.quantiles import normal_quantile, t_quantile
from survey.analysis.reliability import (
    Reliability,
    cronbach_alpha,
    cronbach_alpha_from_moments,
)
from survey.analysis.summaries import (
    NPS,
    Counts,
    Distribution,
    KnowledgeShift,
    LikertSummary,
    NumericSummary,
    PairCounts,
    distribution,
    knowledge_shift,
    likert_summary,
    nps,
    numeric_summary,
)

__all__ = [
    "NPS",
    "Breakdown",
    "BreakdownRow",
    "Cell",
    "Counts",
    "Distribution",
    "Interval",
    "KnowledgeShift",
    "LikertSummary",
    "NumericSummary",
    "PairCounts",
    "Proportion",
    "Reliability",
    "breakdown",
    "cronbach_alpha",
    "cronbach_alpha_from_moments",
    "distribution",
    "knowledge_shift",
    "likert_summary",
    "normal_quantile",
    "nps",
    "numeric_summary",
    "pool_proportions",
    "proportion",
    "response_rate",
    "suppress",
    "t_quantile",
    "wilson_interval",
]
