"""Quantiles of the normal and Student t distributions, in pure Python.

The app must not need scipy at run time, so the t quantile is computed here. Hill's (1970)
algorithm 396 is an asymptotic expansion that is accurate to about 1e-15 from 1,000 degrees
of freedom on; below that, Newton steps on the exact tail probability (a regularized
incomplete beta function) polish Hill's start to about 1e-12.
"""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist

_STANDARD_NORMAL = NormalDist()
# From here on Hill's expansion alone is exact to rounding, while the incomplete beta
# function starts to lose digits in lgamma of large arguments.
_HILL_ONLY_DF = 1000


def normal_quantile(p: float) -> float:
    """Return the p-quantile of the standard normal distribution."""
    _check_probability(p)
    return _STANDARD_NORMAL.inv_cdf(p)


def two_sided_z(confidence: float) -> float:
    """Return the normal critical value for a two-sided interval at this confidence."""
    _check_confidence(confidence)
    return _STANDARD_NORMAL.inv_cdf((1 + confidence) / 2)


def two_sided_t(confidence: float, df: float) -> float:
    """Return the Student t critical value for a two-sided interval at this confidence."""
    _check_confidence(confidence)
    return t_quantile((1 + confidence) / 2, df)


@lru_cache(maxsize=1024)
def t_quantile(p: float, df: float) -> float:
    """Return the p-quantile of Student's t distribution with df degrees of freedom."""
    _check_probability(p)
    if not df > 0:
        raise ValueError(f"degrees of freedom must be positive, got {df!r}")
    if p == 0.5:
        return 0.0
    sign = 1.0 if p > 0.5 else -1.0
    tail = 1.0 - p if p > 0.5 else p  # one-sided upper tail probability, below 0.5
    if math.isinf(df):
        return -_STANDARD_NORMAL.inv_cdf(tail) * sign
    if df >= _HILL_ONLY_DF:
        return sign * _hill_quantile(2 * tail, df)
    if df == 1:  # Cauchy: exact
        return sign / math.tan(math.pi * tail)
    if df == 2:  # exact closed form
        return sign * (1 - 2 * tail) / math.sqrt(2 * tail * (1 - tail))
    return sign * _solve_upper_tail(tail, df)


def _solve_upper_tail(tail: float, df: float) -> float:
    """Return t > 0 with P(T > t) = tail, by Newton steps kept inside a shrinking bracket."""
    t = _hill_quantile(2 * tail, df) if df >= 1 else 1.0
    low, high = 0.0, math.inf
    for _ in range(200):
        excess = _t_upper_tail(t, df) - tail
        if excess == 0:
            return t
        if excess > 0:  # tail too heavy: the quantile lies further out
            low = t
        else:
            high = t
        candidate = t + excess / _t_density(t, df)
        if not low < candidate < high:
            # Newton overshot the bracket (heavy tails, poor start): bisect or expand.
            candidate = (low + high) / 2 if math.isfinite(high) else 2 * t
        if abs(candidate - t) <= 1e-14 * max(1.0, t):
            return candidate
        t = candidate
    return t


def _hill_quantile(two_tail: float, n: float) -> float:
    """Return Hill's (1970, CACM algorithm 396) approximation of the upper t quantile."""
    a = 1 / (n - 0.5)
    b = 48 / (a * a)
    c = ((20700 * a / b - 98) * a - 16) * a + 96.36
    d = ((94.5 / (b + c) - 3) / b + 1) * math.sqrt(a * math.pi / 2) * n
    x = d * two_tail
    y = x ** (2 / n)
    if y > 0.05 + a:
        # Asymptotic inverse expansion around the normal quantile.
        x = _STANDARD_NORMAL.inv_cdf(two_tail / 2)
        y = x * x
        if n < 5:
            c += 0.3 * (n - 4.5) * (x + 0.6)
        c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c
        y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x
        y = math.expm1(a * y * y)
    else:
        y = (
            (1 / (((n + 6) / (n * y) - 0.089 * d - 0.822) * (n + 2) * 3) + 0.5 / (n + 4)) * y - 1
        ) * (n + 1) / (n + 2) + 1 / y
    return math.sqrt(n * y)


def _t_upper_tail(t: float, df: float) -> float:
    """Return P(T > t) for t >= 0, as half the regularized incomplete beta I_x(df/2, 1/2)."""
    t2 = t * t
    # x = df / (df + t^2) and 1 - x, each computed without cancellation.
    x = df / (df + t2)
    y = t2 / (df + t2)
    return 0.5 * _regularized_beta(df / 2, 0.5, x, y)


def _t_density(t: float, df: float) -> float:
    """Return the density of Student's t distribution at t."""
    log_norm = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log_norm - (df + 1) / 2 * math.log1p(t * t / df))


def _regularized_beta(a: float, b: float, x: float, y: float) -> float:
    """Return I_x(a, b), given x and y = 1 - x (passed separately to keep precision)."""
    if x <= 0:
        return 0.0
    if y <= 0:
        return 1.0
    log_front = (
        a * math.log(x) + b * math.log(y) - (math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b))
    )
    front = math.exp(log_front)
    # The continued fraction converges fast on this side of the mean; use symmetry otherwise.
    if x < (a + 1) / (a + b + 2):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, y) / b


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """Evaluate the continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1, a - 1
    c = 1.0
    d = 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 100_000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > tiny else tiny)
        c = 1 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return h


def _check_probability(p: float) -> None:
    """Raise ValueError unless 0 < p < 1."""
    if not 0 < p < 1:
        raise ValueError(f"probability must be strictly between 0 and 1, got {p!r}")


def _check_confidence(confidence: float) -> None:
    """Raise ValueError unless 0 < confidence < 1."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}")
