"""Summaries of answer counts: distributions, means, Likert items, NPS and knowledge shift.

Every function takes counts as a SQL ``GROUP BY`` produces them (value -> number of
answers). A ``None`` key is SQL's NULL group: it is no value, so it never enters n.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from survey.analysis.proportions import (
    DEFAULT_CONFIDENCE,
    Interval,
    Proportion,
    proportion,
)
from survey.analysis.quantiles import two_sided_t, two_sided_z

# value -> number of answers. Keys are Any because Mapping keys are invariant: a
# dict[int, int] would not pass as Mapping[float, int], nor one with a None key.
Counts: TypeAlias = Mapping[Any, int]
PairCounts: TypeAlias = Mapping[tuple[Any, Any], int]

LIKERT_5 = (1, 2, 3, 4, 5)
NPS_SCALE = range(11)


@dataclass(frozen=True, slots=True)
class Distribution:
    """Answers per option, in option order; percent is of n (None when n is 0).

    n counts answers whose value is one of the options. no_answer counts skipped
    questions; unlisted counts values that are not (or no longer) options. Neither is in n.
    """

    options: tuple[Hashable, ...]
    counts: tuple[int, ...]
    percent: tuple[float | None, ...]
    n: int
    no_answer: int
    unlisted: int

    @property
    def rows(self) -> tuple[tuple[Hashable, int, float | None], ...]:
        """Return (option, count, percent) triples, in option order."""
        return tuple(zip(self.options, self.counts, self.percent, strict=True))


@dataclass(frozen=True, slots=True)
class NumericSummary:
    """n values with their mean, sample SD (n - 1) and t interval of the mean."""

    n: int
    mean: float | None
    sd: float | None
    ci: Interval | None


@dataclass(frozen=True, slots=True)
class LikertSummary:
    """A Likert item: its distribution, mean, and top-2-box / bottom-2-box shares."""

    distribution: Distribution
    summary: NumericSummary
    top2: Proportion
    bottom2: Proportion

    @property
    def n(self) -> int:
        """Return the number of answers on the scale."""
        return self.distribution.n


@dataclass(frozen=True, slots=True)
class NPS:
    """Net Promoter Score: counts of each group, score from -100 to 100, and its interval."""

    n: int
    promoters: int
    passives: int
    detractors: int
    score: float | None
    ci: Interval | None


@dataclass(frozen=True, slots=True)
class KnowledgeShift:
    """Paired self-ratings before and after a training.

    shift summarises after - before per person (its ci is the paired t interval); gain and
    loss are the shares of people who rated themselves higher or lower afterwards.
    """

    n: int
    mean_before: float | None
    mean_after: float | None
    shift: NumericSummary
    gain: Proportion
    loss: Proportion


def distribution(counts: Counts, options: Sequence[Hashable], no_answer: int = 0) -> Distribution:
    """Return the counts of each option and their percentages of the answers given."""
    _check_counts(counts)
    options = tuple(options)
    listed = set(options)
    per_option = tuple(counts.get(option, 0) for option in options)
    n = sum(per_option)
    unlisted = sum(c for value, c in counts.items() if value is not None and value not in listed)
    percent = tuple(100 * c / n if n else None for c in per_option)
    return Distribution(
        options=options,
        counts=per_option,
        percent=percent,
        n=n,
        no_answer=no_answer + counts.get(None, 0),
        unlisted=unlisted,
    )


def numeric_summary(counts: Counts, confidence: float = DEFAULT_CONFIDENCE) -> NumericSummary:
    """Return n, mean, sample SD and the t interval of the mean of counted values."""
    _check_counts(counts)
    return _summarise(((value, c) for value, c in counts.items() if value is not None), confidence)


def likert_summary(
    counts: Counts,
    scale: Sequence[int] = LIKERT_5,
    no_answer: int = 0,
    confidence: float = DEFAULT_CONFIDENCE,
) -> LikertSummary:
    """Return the distribution, mean and top-2/bottom-2-box shares of a Likert item.

    The boxes are the two highest and the two lowest points of the scale (4-5 and 1-2 on
    a 1-5 scale); values off the scale are counted as unlisted and left out of everything.
    """
    scale = tuple(scale)
    dist = distribution(counts, scale, no_answer)
    on_scale = dict(zip(scale, dist.counts, strict=True))
    top = sum(on_scale[value] for value in scale[-2:])
    bottom = sum(on_scale[value] for value in scale[:2])
    return LikertSummary(
        distribution=dist,
        summary=_summarise(on_scale.items(), confidence),
        top2=proportion(top, dist.n, confidence),
        bottom2=proportion(bottom, dist.n, confidence),
    )


def nps(counts: Counts, confidence: float = DEFAULT_CONFIDENCE) -> NPS:
    """Return the Net Promoter Score of 0-10 ratings with a normal-approximation interval.

    score = 100 * (share of 9-10 minus share of 0-6). Each rating is a trinomial draw
    scoring +1, 0 or -1, so the score's variance is (p_P + p_D - (p_P - p_D)^2) / n; the
    interval is score +/- z * 100 * sqrt(variance), clipped to [-100, 100]. It needs n >= 2
    and, being a normal approximation, is too narrow when nearly everyone is in one group
    (it has zero width when all are): read it as a rough guide for small n.
    """
    _check_counts(counts)
    for value in counts:
        if value is not None and value not in NPS_SCALE:
            raise ValueError(f"NPS ratings run from 0 to 10, got {value!r}")
    promoters = sum(c for value, c in counts.items() if value is not None and value >= 9)
    passives = sum(c for value, c in counts.items() if value in (7, 8))
    detractors = sum(c for value, c in counts.items() if value is not None and value <= 6)
    n = promoters + passives + detractors
    score = ci = None
    if n:
        p_p, p_d = promoters / n, detractors / n
        score = 100 * (p_p - p_d)
        if n >= 2:
            variance = max(0.0, p_p + p_d - (p_p - p_d) ** 2) / n
            half = 100 * two_sided_z(confidence) * math.sqrt(variance)
            ci = Interval(max(-100.0, score - half), min(100.0, score + half))
    return NPS(n, promoters, passives, detractors, score, ci)


def knowledge_shift(
    pair_counts: PairCounts, confidence: float = DEFAULT_CONFIDENCE
) -> KnowledgeShift:
    """Return the mean before/after ratings, the paired shift and who gained, from pair counts.

    pair_counts maps (before, after) to the number of people who gave that pair, as a
    ``GROUP BY before, after`` over complete pairs returns it.
    """
    _check_counts(pair_counts)
    pairs = [(before, after, c) for (before, after), c in pair_counts.items() if c]
    n = sum(c for _, _, c in pairs)
    differences: Counter[float] = Counter()
    for before, after, c in pairs:
        differences[after - before] += c
    gained = sum(c for before, after, c in pairs if after > before)
    lost = sum(c for before, after, c in pairs if after < before)
    return KnowledgeShift(
        n=n,
        mean_before=math.fsum(b * c for b, _, c in pairs) / n if n else None,
        mean_after=math.fsum(a * c for _, a, c in pairs) / n if n else None,
        shift=_summarise(differences.items(), confidence),
        gain=proportion(gained, n, confidence),
        loss=proportion(lost, n, confidence),
    )


def _summarise(
    value_counts: Iterable[tuple[float, int]], confidence: float = DEFAULT_CONFIDENCE
) -> NumericSummary:
    """Return the NumericSummary of (value, count) pairs."""
    items = [(value, c) for value, c in value_counts if c]
    n = sum(c for _, c in items)
    if n == 0:
        return NumericSummary(0, None, None, None)
    mean = math.fsum(value * c for value, c in items) / n
    if n == 1:
        return NumericSummary(1, mean, None, None)
    # Two passes over the distinct values: no cancellation, unlike sum of squares - n*mean^2.
    sd = math.sqrt(math.fsum(c * (value - mean) ** 2 for value, c in items) / (n - 1))
    half = two_sided_t(confidence, n - 1) * sd / math.sqrt(n)
    return NumericSummary(n, mean, sd, Interval(mean - half, mean + half))


def _check_counts(counts: Counts) -> None:
    """Raise ValueError for a negative count, which no GROUP BY can produce."""
    for key, c in counts.items():
        if c < 0:
            raise ValueError(f"count for {key!r} must not be negative, got {c!r}")
