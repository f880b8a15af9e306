"""Check survey.analysis against independent implementations (numpy, scipy, statsmodels)."""

from __future__ import annotations

import ast
import dataclasses
import math
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from survey.analysis import (
    Interval,
    breakdown,
    cronbach_alpha,
    cronbach_alpha_from_moments,
    distribution,
    knowledge_shift,
    likert_summary,
    normal_quantile,
    nps,
    numeric_summary,
    pool_proportions,
    proportion,
    response_rate,
    suppress,
    t_quantile,
    wilson_interval,
)
from survey.analysis.disclosure import COMPLEMENTARY

ANALYSIS_DIR = Path(__file__).resolve().parents[1] / "survey" / "analysis"
SEEDS = range(12)
LEVELS = (0.8, 0.9, 0.95, 0.99)


def expand(counts):
    """Return the raw values behind value -> count, as SQL would have stored them."""
    return np.array([value for value, c in counts.items() for _ in range(c)], dtype=float)


def random_counts(rng, values, n_max=200):
    """Return a random value -> count table with at least two answers and some spread."""
    while True:
        counts = {value: rng.randint(0, n_max // len(values)) for value in values}
        if sum(counts.values()) >= 2 and len([c for c in counts.values() if c]) >= 2:
            return counts


def statsmodels_wilson(k, n, confidence=0.95):
    """Return the Wilson interval as statsmodels computes it."""
    return proportion_confint(k, n, alpha=1 - confidence, method="wilson")


# --- Quantiles ---------------------------------------------------------------------------

PROBABILITIES = (1e-9, 1e-4, 0.001, 0.005, 0.025, 0.05, 0.1, 0.3, 0.4999, 0.6, 0.9, 0.95)
PROBABILITIES += (0.975, 0.99, 0.995, 0.9995, 1 - 1e-7)


@pytest.mark.parametrize("first_df", range(1, 201, 25))
def test_t_quantile_matches_scipy_for_df_1_to_200(first_df):
    for df in range(first_df, first_df + 25):
        for p in PROBABILITIES:
            assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("df", [0.5, 1.5, 2.5, 3.7, 250, 500, 999, 1000, 1001, 5000, 1e5, 1e7, 1e9])
def test_t_quantile_matches_scipy_for_large_and_fractional_df(df):
    for p in PROBABILITIES:
        assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-9, abs=1e-9)


def test_t_quantile_tends_to_the_normal_quantile():
    assert t_quantile(0.975, math.inf) == pytest.approx(stats.norm.ppf(0.975), abs=1e-12)
    assert t_quantile(0.5, 7) == 0.0


@pytest.mark.parametrize("p", PROBABILITIES)
def test_normal_quantile_matches_scipy(p):
    assert normal_quantile(p) == pytest.approx(stats.norm.ppf(p), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(("p", "df"), [(0, 5), (1, 5), (-0.1, 5), (1.5, 5), (0.5, 0), (0.9, -2)])
def test_quantiles_reject_impossible_arguments(p, df):
    with pytest.raises(ValueError):
        t_quantile(p, df)


# --- Wilson intervals and proportions ----------------------------------------------------

WILSON_TABLE = [
    (0, 1),
    (1, 1),
    (0, 2),
    (1, 2),
    (0, 10),
    (3, 10),
    (10, 10),
    (1, 30),
    (29, 30),
    (50, 100),
    (7, 1000),
    (4321, 5820),
]


@pytest.mark.parametrize(("k", "n"), WILSON_TABLE)
@pytest.mark.parametrize("confidence", LEVELS)
def test_wilson_interval_matches_statsmodels(k, n, confidence):
    interval = wilson_interval(k, n, confidence)
    low, high = statsmodels_wilson(k, n, confidence)
    assert interval.low == pytest.approx(low, abs=1e-12)
    assert interval.high == pytest.approx(high, abs=1e-12)
    assert 0 <= interval.low <= k / n <= interval.high <= 1


@pytest.mark.parametrize("seed", SEEDS)
def test_wilson_interval_matches_statsmodels_on_random_counts(seed):
    rng = random.Random(seed)
    for _ in range(50):
        n = rng.randint(1, 3000)
        k = rng.randint(0, n)
        confidence = rng.choice(LEVELS)
        low, high = statsmodels_wilson(k, n, confidence)
        interval = wilson_interval(k, n, confidence)
        assert (interval.low, interval.high) == pytest.approx((low, high), abs=1e-12)


def test_wilson_interval_narrows_with_lower_confidence():
    wide, narrow = wilson_interval(30, 100, 0.99), wilson_interval(30, 100, 0.8)
    assert wide.low < narrow.low < narrow.high < wide.high


@pytest.mark.parametrize(("k", "n"), [(0, 0), (3, 0), (5, 4)])
def test_wilson_interval_is_none_when_undefined(k, n):
    assert wilson_interval(k, n) is None


@pytest.mark.parametrize(("k", "n"), [(-1, 5), (1, -5)])
def test_negative_counts_are_rejected(k, n):
    with pytest.raises(ValueError):
        proportion(k, n)


@pytest.mark.parametrize(
    "summarise",
    [
        lambda: distribution({1: -1}, [1, 2]),
        lambda: numeric_summary({3.5: -2}),
        lambda: likert_summary({4: 3, 5: -1}),
        lambda: nps({10: -1}),
        lambda: knowledge_shift({(1, 2): -1}),
        lambda: suppress({"a": -3}),
        lambda: breakdown({"a": {1: -3}}, [1]),
    ],
)
def test_negative_counts_in_tables_are_rejected(summarise):
    with pytest.raises(ValueError):
        summarise()


@pytest.mark.parametrize("confidence", [0, 1, 95, -0.5])
def test_confidence_must_be_a_probability(confidence):
    with pytest.raises(ValueError):
        wilson_interval(3, 10, confidence)


def test_proportion_reports_share_and_wilson_interval():
    result = proportion(3, 12)
    assert (result.k, result.n, result.share) == (3, 12, 0.25)
    assert (result.ci.low, result.ci.high) == pytest.approx(statsmodels_wilson(3, 12))


def test_proportion_of_nobody_has_no_share():
    assert proportion(0, 0) == proportion(0, 0, 0.9)
    result = proportion(0, 0)
    assert (result.k, result.n, result.share, result.ci) == (0, 0, None, None)


@pytest.mark.parametrize("k", [0, 1])
def test_proportion_of_one_person(k):
    result = proportion(k, 1)
    assert result.share == k
    assert (result.ci.low, result.ci.high) == pytest.approx(statsmodels_wilson(k, 1))


@pytest.mark.parametrize("expected", [None, 0])
def test_response_rate_without_expected_participants_is_none(expected):
    assert response_rate(7, expected) is None


def test_response_rate_is_a_proportion_of_expected():
    rate = response_rate(18, 24)
    assert (rate.k, rate.n, rate.share) == (18, 24, 0.75)
    assert (rate.ci.low, rate.ci.high) == pytest.approx(statsmodels_wilson(18, 24))


def test_response_rate_above_expected_is_reported_honestly_without_interval():
    rate = response_rate(12, 10)
    assert (rate.k, rate.n, rate.share, rate.ci) == (12, 10, 1.2, None)


@pytest.mark.parametrize(("k", "n"), [(0, 1), (1, 1)])
def test_response_rate_of_one_expected_person(k, n):
    assert response_rate(k, n).share == k


def test_pool_proportions_adds_counts_before_dividing():
    pooled = pool_proportions([proportion(3, 10), proportion(45, 50), proportion(0, 0)])
    assert (pooled.k, pooled.n, pooled.share) == (48, 60, 0.8)
    assert (pooled.ci.low, pooled.ci.high) == pytest.approx(statsmodels_wilson(48, 60))


@pytest.mark.parametrize(
    ("groups", "expected"), [([], (0, 0, None)), ([(0, 0)], (0, 0, None)), ([(1, 1)], (1, 1, 1))]
)
def test_pool_proportions_of_nobody_or_one_person(groups, expected):
    pooled = pool_proportions(proportion(k, n) for k, n in groups)
    assert (pooled.k, pooled.n, pooled.share) == expected


# --- Distributions -----------------------------------------------------------------------


def test_distribution_follows_option_order_and_fills_missing_options():
    result = distribution({"no": 3, "yes": 9}, ["yes", "maybe", "no"], no_answer=2)
    assert result.options == ("yes", "maybe", "no")
    assert result.counts == (9, 0, 3)
    assert result.percent == pytest.approx((75.0, 0.0, 25.0))
    assert (result.n, result.no_answer, result.unlisted) == (12, 2, 0)
    assert result.rows[0] == ("yes", 9, 75.0)


def test_distribution_keeps_null_and_unknown_values_out_of_n():
    result = distribution({1: 4, 2: 4, None: 3, 9: 5}, [1, 2], no_answer=1)
    assert (result.n, result.no_answer, result.unlisted) == (8, 4, 5)
    assert result.percent == (50.0, 50.0)


@pytest.mark.parametrize("seed", SEEDS)
def test_distribution_percentages_match_numpy(seed):
    counts = random_counts(random.Random(seed), list(range(1, 8)))
    raw = expand(counts)
    result = distribution(counts, range(1, 8))
    expected = [100 * np.mean(raw == option) for option in range(1, 8)]
    assert result.percent == pytest.approx(expected, abs=1e-12)
    assert sum(result.percent) == pytest.approx(100)
    assert result.n == raw.size


def test_distribution_of_no_answers_has_no_percentages():
    result = distribution({}, ["a", "b"], no_answer=4)
    assert (result.n, result.counts, result.percent, result.no_answer) == (
        0,
        (0, 0),
        (None, None),
        4,
    )


def test_distribution_of_one_answer():
    result = distribution({"b": 1}, ["a", "b"])
    assert (result.n, result.percent) == (1, (0.0, 100.0))


# --- Numeric summaries -------------------------------------------------------------------


def assert_summary_matches_scipy(summary, raw, confidence=0.95):
    """Assert n, mean, SD and t interval equal numpy/scipy on the raw values."""
    assert summary.n == raw.size
    assert summary.mean == pytest.approx(np.mean(raw), rel=1e-12)
    assert summary.sd == pytest.approx(np.std(raw, ddof=1), rel=1e-10, abs=1e-12)
    described = stats.describe(raw)
    assert summary.sd**2 == pytest.approx(described.variance, rel=1e-10, abs=1e-12)
    low, high = stats.t.interval(confidence, raw.size - 1, loc=np.mean(raw), scale=stats.sem(raw))
    assert (summary.ci.low, summary.ci.high) == pytest.approx((low, high), rel=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_numeric_summary_matches_scipy(seed):
    rng = random.Random(seed)
    values = rng.choice([list(range(1, 6)), [0, 0.5, 1.5, 2.25, 8.0], [-3, 10, 250]])
    counts = random_counts(rng, values, n_max=rng.choice([10, 100, 5000]))
    confidence = rng.choice(LEVELS)
    assert_summary_matches_scipy(numeric_summary(counts, confidence), expand(counts), confidence)


def test_numeric_summary_of_nothing():
    for counts in ({}, {3: 0}, {None: 5}):
        summary = numeric_summary(counts)
        assert (summary.n, summary.mean, summary.sd, summary.ci) == (0, None, None, None)


def test_numeric_summary_of_one_value_has_a_mean_but_no_spread():
    summary = numeric_summary({4: 1, 2: 0, None: 3})
    assert (summary.n, summary.mean, summary.sd, summary.ci) == (1, 4.0, None, None)


def test_numeric_summary_of_identical_values_has_zero_width():
    summary = numeric_summary({3: 40})
    assert (summary.mean, summary.sd, summary.ci) == (3.0, 0.0, Interval(3.0, 3.0))


def test_numeric_summary_of_two_values():
    summary = numeric_summary({1: 1, 5: 1})
    assert_summary_matches_scipy(summary, np.array([1.0, 5.0]))


# --- Likert items ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_likert_summary_matches_raw_answers(seed):
    counts = random_counts(random.Random(seed), [1, 2, 3, 4, 5])
    raw = expand(counts)
    result = likert_summary(counts)
    assert result.n == raw.size
    assert_summary_matches_scipy(result.summary, raw)
    top, bottom = int(np.sum(raw >= 4)), int(np.sum(raw <= 2))
    assert (result.top2.k, result.top2.share) == (top, pytest.approx(top / raw.size))
    assert (result.bottom2.k, result.bottom2.share) == (bottom, pytest.approx(bottom / raw.size))
    low, high = statsmodels_wilson(top, raw.size)
    assert (result.top2.ci.low, result.top2.ci.high) == pytest.approx((low, high), abs=1e-12)


def test_likert_summary_from_the_brief_example():
    result = likert_summary({1: 3, 2: 0, 4: 10, 5: 20})
    assert result.distribution.counts == (3, 0, 0, 10, 20)
    assert (result.top2.k, result.bottom2.k, result.n) == (30, 3, 33)


def test_likert_summary_on_a_seven_point_scale_uses_its_own_boxes():
    result = likert_summary({1: 1, 2: 2, 3: 3, 6: 4, 7: 5}, scale=range(1, 8))
    assert (result.top2.k, result.bottom2.k, result.n) == (9, 3, 15)


def test_likert_summary_leaves_off_scale_values_and_skips_out():
    result = likert_summary({5: 2, 0: 7, None: 1}, no_answer=2)
    assert (result.n, result.summary.mean, result.top2.share) == (2, 5.0, 1.0)
    assert (result.distribution.unlisted, result.distribution.no_answer) == (7, 3)


def test_likert_summary_of_nobody():
    result = likert_summary({})
    assert result.n == 0
    assert (result.summary.mean, result.top2.share, result.bottom2.ci) == (None, None, None)


def test_likert_summary_of_one_person():
    result = likert_summary({2: 1})
    assert (result.summary.mean, result.summary.sd, result.summary.ci) == (2.0, None, None)
    assert (result.top2.share, result.bottom2.share) == (0.0, 1.0)


# --- Net Promoter Score ------------------------------------------------------------------


def reference_nps(counts, confidence=0.95):
    """Return NPS and its interval from raw ratings scored +1 / 0 / -1."""
    raw = expand(counts)
    scores = np.where(raw >= 9, 1.0, np.where(raw <= 6, -1.0, 0.0))
    score = 100 * scores.mean()
    # The population variance of the +1/0/-1 scores is the trinomial variance.
    half = 100 * stats.norm.ppf((1 + confidence) / 2) * scores.std() / math.sqrt(raw.size)
    return score, max(-100, score - half), min(100, score + half)


@pytest.mark.parametrize("seed", SEEDS)
def test_nps_matches_raw_scores(seed):
    rng = random.Random(seed)
    counts = random_counts(rng, list(range(11)), n_max=rng.choice([30, 300]))
    confidence = rng.choice(LEVELS)
    result = nps(counts, confidence)
    score, low, high = reference_nps(counts, confidence)
    assert result.n == sum(counts.values())
    assert result.promoters == counts[9] + counts[10]
    assert result.passives == counts[7] + counts[8]
    assert result.detractors == sum(counts[v] for v in range(7))
    assert result.score == pytest.approx(score, abs=1e-10)
    assert (result.ci.low, result.ci.high) == pytest.approx((low, high), abs=1e-9)


def test_nps_worked_example():
    # 5 promoters, 3 passives, 2 detractors: 50% - 20% = 30.
    result = nps({10: 2, 9: 3, 8: 3, 6: 1, 0: 1})
    assert (result.n, result.promoters, result.passives, result.detractors) == (10, 5, 3, 2)
    assert result.score == pytest.approx(30)
    assert result.ci.low < 30 < result.ci.high


def test_nps_interval_is_clipped_to_the_scale():
    result = nps({10: 9, 0: 1})
    assert result.ci.high == 100
    assert result.ci.low > -100


def test_nps_of_nobody():
    result = nps({None: 3})
    assert (result.n, result.score, result.ci) == (0, None, None)


@pytest.mark.parametrize(("rating", "score"), [(10, 100), (8, 0), (2, -100)])
def test_nps_of_one_person_has_a_score_but_no_interval(rating, score):
    result = nps({rating: 1})
    assert (result.n, result.score, result.ci) == (1, score, None)


@pytest.mark.parametrize("rating", [-1, 11, 4.5])
def test_nps_rejects_ratings_off_the_scale(rating):
    with pytest.raises(ValueError):
        nps({rating: 1, 10: 3})


# --- Knowledge shift ---------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_knowledge_shift_matches_paired_t_test(seed):
    rng = random.Random(seed)
    pair_counts = Counter()
    for _ in range(rng.randint(3, 400)):
        before = rng.randint(1, 5)
        pair_counts[(before, min(5, before + rng.choice([-1, 0, 0, 1, 1, 2])))] += 1
    before = np.array([b for (b, _), c in pair_counts.items() for _ in range(c)], dtype=float)
    after = np.array([a for (_, a), c in pair_counts.items() for _ in range(c)], dtype=float)
    if np.std(after - before) == 0:
        pytest.skip("degenerate random table")
    result = knowledge_shift(pair_counts)
    assert result.n == before.size
    assert result.mean_before == pytest.approx(before.mean())
    assert result.mean_after == pytest.approx(after.mean())
    assert result.shift.mean == pytest.approx((after - before).mean(), abs=1e-12)
    interval = stats.ttest_rel(after, before).confidence_interval(0.95)
    assert (result.shift.ci.low, result.shift.ci.high) == pytest.approx(
        (interval.low, interval.high), rel=1e-9
    )
    gained = int(np.sum(after > before))
    assert (result.gain.k, result.gain.n) == (gained, before.size)
    assert (result.gain.ci.low, result.gain.ci.high) == pytest.approx(
        statsmodels_wilson(gained, before.size), abs=1e-12
    )
    assert result.loss.k == int(np.sum(after < before))


def test_knowledge_shift_worked_example():
    result = knowledge_shift({(2, 4): 3, (3, 3): 1, (4, 3): 1, (1, 1): 0})
    assert (result.n, result.mean_before, result.mean_after) == (5, 2.6, 3.6)
    assert result.shift.mean == pytest.approx(1.0)
    assert (result.gain.k, result.loss.k) == (3, 1)


def test_knowledge_shift_of_nobody():
    result = knowledge_shift({})
    assert (result.n, result.mean_before, result.mean_after, result.shift.mean) == (
        0,
        None,
        None,
        None,
    )
    assert (result.gain.share, result.loss.ci) == (None, None)


def test_knowledge_shift_of_one_person():
    result = knowledge_shift({(2, 5): 1})
    assert (result.mean_before, result.mean_after, result.shift.mean) == (2.0, 5.0, 3.0)
    assert (result.shift.sd, result.shift.ci, result.gain.share) == (None, None, 1.0)


# --- Cronbach's alpha --------------------------------------------------------------------


def numpy_alpha(matrix):
    """Return Cronbach's alpha of a cases x items matrix from raw item variances."""
    matrix = np.asarray(matrix, dtype=float)
    k = matrix.shape[1]
    item_variances = matrix.var(axis=0, ddof=1).sum()
    total_variance = matrix.sum(axis=1).var(ddof=1)
    return k / (k - 1) * (1 - item_variances / total_variance)


def moments(matrix):
    """Return the sufficient statistics a SQL query would return for alpha."""
    matrix = np.asarray(matrix)
    totals = matrix.sum(axis=1)
    return (
        matrix.shape[0],
        [int(s) for s in matrix.sum(axis=0)],
        [int(s) for s in (matrix**2).sum(axis=0)],
        int(totals.sum()),
        int((totals**2).sum()),
    )


def correlated_answers(rng, n, k):
    """Return n x k Likert answers that share a common factor, as real scales do."""
    rows = []
    for _ in range(n):
        trait = rng.gauss(0, 1)
        rows.append([min(5, max(1, round(3 + trait + rng.gauss(0, 0.8)))) for _ in range(k)])
    return rows


@pytest.mark.parametrize("seed", SEEDS)
def test_cronbach_alpha_matches_numpy_on_raw_data(seed):
    rng = random.Random(seed)
    rows = correlated_answers(rng, rng.randint(3, 300), rng.randint(2, 20))
    expected = numpy_alpha(rows)
    assert cronbach_alpha(rows).alpha == pytest.approx(expected, rel=1e-12)
    assert cronbach_alpha_from_moments(*moments(rows)).alpha == pytest.approx(expected, rel=1e-12)


def test_cronbach_alpha_can_be_negative_for_opposed_items():
    rows = [[1, 5], [2, 4], [3, 3], [4, 2], [5, 2]]
    assert cronbach_alpha(rows).alpha == pytest.approx(numpy_alpha(rows))
    assert cronbach_alpha(rows).alpha < 0


def test_cronbach_alpha_skips_incomplete_rows():
    complete = [[1, 2, 2], [3, 3, 4], [5, 4, 5], [2, 2, 1]]
    result = cronbach_alpha([*complete, [None, 5, 5], [4, None, 1]])
    assert (result.n, result.items) == (4, 3)
    assert result.alpha == pytest.approx(numpy_alpha(complete))


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [[3, 4, 5]],  # one case
        [[None, 1], [2, None]],  # no complete case
        [[1], [2], [5]],  # one item
        [[2, 2], [2, 2], [2, 2]],  # nobody differs
        [[1, 5], [5, 1], [3, 3]],  # totals all equal
    ],
)
def test_cronbach_alpha_is_none_when_undefined(rows):
    assert cronbach_alpha(rows).alpha is None


def test_cronbach_alpha_from_moments_is_none_when_undefined():
    assert cronbach_alpha_from_moments(0, [0, 0], [0, 0], 0, 0).alpha is None
    assert cronbach_alpha_from_moments(1, [3, 4], [9, 16], 7, 49).alpha is None


def test_cronbach_alpha_rejects_ragged_input():
    with pytest.raises(ValueError):
        cronbach_alpha([[1, 2], [1, 2, 3]])
    with pytest.raises(ValueError):
        cronbach_alpha_from_moments(5, [1, 2], [1], 3, 9)


# --- Small-cell suppression --------------------------------------------------------------


def shown(cells):
    """Return the published part of suppressed cells as {key: n or reason}."""
    return {cell.key: cell.reason if cell.suppressed else cell.n for cell in cells}


def test_one_small_cell_also_hides_the_next_smallest():
    cells = suppress({"Accra": 3, "Kumasi": 40, "Tamale": 12, "Ho": 25})
    assert shown(cells) == {
        "Accra": "fewer than 5",
        "Kumasi": 40,
        "Tamale": "complementary",
        "Ho": 25,
    }
    assert all(cell.n is None for cell in cells if cell.suppressed)


def test_small_cells_that_add_up_to_a_group_need_no_extra_suppression():
    cells = suppress({"a": 2, "b": 4, "c": 50, "d": 9})
    assert shown(cells) == {"a": "fewer than 5", "b": "fewer than 5", "c": 50, "d": 9}


def test_small_cells_that_add_up_to_fewer_than_a_group_hide_another():
    # Hidden 1 + 1 would be 52 - 50 - 9 = 2 people, worked out from the total.
    cells = suppress({"a": 1, "b": 1, "c": 50, "d": 9})
    assert shown(cells) == {
        "a": "fewer than 5",
        "b": "fewer than 5",
        "c": 50,
        "d": "complementary",
    }


def test_people_who_did_not_say_hide_no_other_group():
    # 13 women, 15 men, 1 "prefer not to say", 1 no answer: the two who gave no sex
    # are hidden, but nobody can point at them, so the women stay shown.
    cells = suppress({"F": 13, "M": 15, "NA": 1, "": 1}, unattributed={"NA", ""})
    assert shown(cells) == {"F": 13, "M": 15, "NA": "fewer than 5", "": "fewer than 5"}
    # One person of a group others can know (Guinea) still takes a partner.
    cells = suppress({"MA": 12, "CI": 8, "GN": 1, "": 1}, unattributed={""})
    assert shown(cells) == {
        "MA": 12,
        "CI": "complementary",
        "GN": "fewer than 5",
        "": "fewer than 5",
    }


def test_nothing_is_hidden_when_every_group_is_large_enough():
    assert shown(suppress({"a": 5, "b": 6, "c": 100})) == {"a": 5, "b": 6, "c": 100}


def test_zero_cells_stay_visible_and_are_never_the_complement():
    cells = suppress({"a": 0, "b": 1, "c": 0, "d": 8, "e": 30})
    assert shown(cells) == {"a": 0, "b": "fewer than 5", "c": 0, "d": "complementary", "e": 30}


def test_complement_tie_goes_to_the_first_group():
    assert shown(suppress({"a": 9, "b": 7, "c": 7, "d": 2})) == {
        "a": 9,
        "b": "complementary",
        "c": 7,
        "d": "fewer than 5",
    }


def test_a_lone_small_cell_has_no_complement():
    assert shown(suppress({"a": 3, "b": 0})) == {"a": "fewer than 5", "b": 0}


def test_minimum_size_is_configurable():
    cells = suppress({"a": 7, "b": 12, "c": 30}, min_size=10)
    assert shown(cells) == {"a": "fewer than 10", "b": "complementary", "c": 30}


@pytest.mark.parametrize(
    ("cells", "expected"),
    [({}, {}), ({"a": 0}, {"a": 0}), ({"a": 1}, {"a": "fewer than 5"})],
)
def test_suppression_of_empty_and_one_person_tables(cells, expected):
    assert shown(suppress(cells)) == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_no_small_cell_can_be_recovered_by_subtraction(seed):
    rng = random.Random(seed)
    for _ in range(100):
        table = {f"g{i}": rng.choice([0, 1, 2, 4, 5, 6, 20, 80]) for i in range(rng.randint(1, 8))}
        unattributed = {key for key in table if rng.random() < 0.3}
        cells = suppress(table, unattributed=unattributed)
        assert [cell.key for cell in cells] == list(table)
        for cell in cells:
            assert cell.suppressed == (cell.n is None)
            assert cell.suppressed or table[cell.key] == 0 or table[cell.key] >= 5
        hidden = [cell.key for cell in cells if cell.suppressed]
        nonzero = [key for key, n in table.items() if n]
        # What the hidden cells add up to is the total minus the cells shown: it is a
        # group of its own, so it must be nobody or at least 5 people, unless nothing
        # else is shown (the caller then publishes no total).
        # A group of people who gave no group (unattributed) may be worked out: nobody
        # can point at them. Anyone else hidden must stay hidden.
        together = sum(table[key] for key in hidden)
        if set(hidden) - unattributed:
            assert together == 0 or together >= 5 or set(nonzero) <= set(hidden)
        # People who did not say never cost another group its figures.
        if not {key for key in hidden if 0 < table[key] < 5} - unattributed:
            assert all(cell.reason != COMPLEMENTARY for cell in cells)


# --- Breakdowns --------------------------------------------------------------------------


def test_breakdown_matches_direct_computation_and_hides_small_groups():
    groups = {
        "north": {"yes": 30, "no": 10},
        "south": {"yes": 2, "no": 1},
        "east": {"yes": 4, "no": 4, None: 2},
        "west": {"yes": 0, "no": 0},
    }
    result = breakdown(groups, ["yes", "no"])
    rows = {row.group: row for row in result.rows}
    assert list(rows) == ["north", "south", "east", "west"]
    assert (rows["north"].n, rows["north"].counts, rows["north"].percent) == (
        40,
        (30, 10),
        (75.0, 25.0),
    )
    for name, reason in [("south", "fewer than 5"), ("east", "complementary")]:
        row = rows[name]
        assert (row.suppressed, row.reason) == (True, reason)
        assert (row.n, row.counts, row.percent) == (None, None, None)
    assert (rows["west"].n, rows["west"].percent, rows["west"].suppressed) == (
        0,
        (None, None),
        False,
    )
    # The total covers every group, hidden ones included.
    assert (result.total.counts, result.total.n, result.total.no_answer) == ((36, 15), 51, 2)


def test_breakdown_of_no_groups():
    result = breakdown({}, [1, 2, 3])
    assert (result.rows, result.total.n, result.total.percent) == ((), 0, (None, None, None))


def test_breakdown_of_one_person():
    result = breakdown({"only": {1: 1}}, [1, 2], min_size=5)
    assert (result.rows[0].suppressed, result.rows[0].n) == (True, None)
    assert result.total.n == 1


# --- The package as a whole --------------------------------------------------------------


def test_results_are_immutable():
    result = likert_summary({4: 3})
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.top2 = None  # type: ignore[misc]


def test_analysis_needs_only_the_standard_library():
    # The app must run without numpy/scipy and without Flask or a database session here.
    for path in sorted(ANALYSIS_DIR.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                allowed = top in sys.stdlib_module_names or name.startswith("survey.analysis")
                assert allowed, f"{path.name} imports {name}"
