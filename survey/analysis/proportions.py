"""Shares of respondents with Wilson score intervals."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from survey.analysis.quantiles import two_sided_z

DEFAULT_CONFIDENCE = 0.95


@dataclass(frozen=True, slots=True)
class Interval:
    """A two-sided confidence interval, in the unit of the figure it belongs to."""

    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Proportion:
    """k of n respondents: share is k/n (None when n is 0), ci its Wilson interval."""

    k: int
    n: int
    share: float | None
    ci: Interval | None


def wilson_interval(
    successes: int, n: int, confidence: float = DEFAULT_CONFIDENCE
) -> Interval | None:
    """Return the Wilson score interval for successes out of n, or None when undefined."""
    _check_count(successes, "successes")
    _check_count(n, "n")
    if n == 0 or successes > n:
        return None
    z = two_sided_z(confidence)
    p = successes / n
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / n + z2n / (4 * n))
    # The bounds are exactly 0 when k = 0 and exactly 1 when k = n; rounding would leave
    # a hair's breadth (2e-17) that shows up as a bound just beside the share.
    low = 0.0 if successes == 0 else min(p, centre - half)
    high = 1.0 if successes == n else max(p, centre + half)
    return Interval(low, high)


def proportion(successes: int, n: int, confidence: float = DEFAULT_CONFIDENCE) -> Proportion:
    """Return successes out of n as a Proportion with its Wilson interval."""
    _check_count(successes, "successes")
    _check_count(n, "n")
    share = successes / n if n else None
    return Proportion(successes, n, share, wilson_interval(successes, n, confidence))


def response_rate(
    responses: int, expected: int | None, confidence: float = DEFAULT_CONFIDENCE
) -> Proportion | None:
    """Return responses out of expected participants, or None when nobody was expected.

    More responses than expected (late sign-ups, a shared link) are reported as they are:
    share above 1 and no interval, since the count is then not a binomial draw.
    """
    if not expected:
        return None
    return proportion(responses, expected, confidence)


def pool_proportions(
    proportions: Iterable[Proportion], confidence: float = DEFAULT_CONFIDENCE
) -> Proportion:
    """Return the pooled proportion (sum of k over sum of n) of several groups."""
    k = n = 0
    for item in proportions:
        k += item.k
        n += item.n
    return proportion(k, n, confidence)


def round_half_up(value: float) -> int:
    """Return ``value`` to the nearest whole number, halves rounded up (12.5 is 13).

    Every page, report and chart prints its percentages and scores through this one
    rule (Python's round() takes halves to the even number). The value is first rounded
    to nine decimals so that a ratio whose exact value ends in .5 (29 of 200 is 14.5 %)
    is not pushed below it by the float's last bit.
    """
    return math.floor(round(value, 9) + 0.5)


def whole_percent(share: float) -> int:
    """Return a share as a whole percentage, halves rounded up (36 of 32 is 113)."""
    return round_half_up(100 * share)


def _check_count(value: int, name: str) -> None:
    """Raise ValueError for a negative count, which no GROUP BY can produce."""
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
