"""Cronbach's alpha from sufficient statistics that one SQL query can return."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast


@dataclass(frozen=True, slots=True)
class Reliability:
    """Cronbach's alpha of `items` items over n complete cases (None when undefined)."""

    n: int
    items: int
    alpha: float | None


def cronbach_alpha_from_moments(
    n: int,
    item_sums: Sequence[float],
    item_sq_sums: Sequence[float],
    total_sum: float,
    total_sq_sum: float,
) -> Reliability:
    """Return Cronbach's alpha from per-item and total-score sums over n complete cases.

    alpha = k / (k - 1) * (1 - sum of item variances / variance of the total score), where
    the total is each case's sum over the k items. SQL gives every input in one pass:
    ``COUNT(*), SUM(q1), SUM(q1 * q1), ..., SUM(q1 + ... + qk), SUM((q1 + ... + qk)^2)``
    over rows where no item is NULL. alpha is None for n < 2, k < 2 or a constant total.
    """
    k = len(item_sums)
    if len(item_sq_sums) != k:
        raise ValueError(f"{k} item sums but {len(item_sq_sums)} item sums of squares")
    if n < 2 or k < 2:
        return Reliability(n, k, None)
    # n * (n - 1) * variance, exact in integers for integer answers; the common factor
    # cancels in the ratio, so no division happens before the last step.
    item_spread = sum(n * sq - s * s for s, sq in zip(item_sums, item_sq_sums, strict=True))
    total_spread = n * total_sq_sum - total_sum * total_sum
    if total_spread <= 0:
        return Reliability(n, k, None)
    return Reliability(n, k, k / (k - 1) * (1 - item_spread / total_spread))


def cronbach_alpha(rows: Iterable[Sequence[float | None]]) -> Reliability:
    """Return Cronbach's alpha of answer rows (one per person), skipping incomplete rows."""
    n = 0
    k: int | None = None
    item_sums: list[float] = []
    item_sq_sums: list[float] = []
    # Integer answers keep integer sums, so the moments stay exact however many rows.
    total_sum: float = 0
    total_sq_sum: float = 0
    for row in rows:
        if k is None:
            k = len(row)
            item_sums, item_sq_sums = [0] * k, [0] * k
        elif len(row) != k:
            raise ValueError(f"every row needs {k} items, got {len(row)}")
        if any(value is None for value in row):
            continue
        values = cast(Sequence[float], row)  # no None left
        for i, value in enumerate(values):
            item_sums[i] += value
            item_sq_sums[i] += value * value
        total = sum(values)
        n += 1
        total_sum += total
        total_sq_sum += total * total
    return cronbach_alpha_from_moments(n, item_sums, item_sq_sums, total_sum, total_sq_sum)
