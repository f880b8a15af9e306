"""Check survey.analysis on real course evaluations (Turkiye Student Evaluation, 5,820 rows).

Counts are built the way the app's SQL builds them (a Counter stands in for GROUP BY and
plain sums for SUM), and every result is checked against numpy/scipy on the raw matrix.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pytest
from helpers import TURKIYE_CSV
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from survey.analysis import (
    breakdown,
    cronbach_alpha,
    cronbach_alpha_from_moments,
    likert_summary,
    numeric_summary,
)

DATA = TURKIYE_CSV
ITEMS = [f"Q{i}" for i in range(1, 29)]
INSTRUCTOR_ITEMS = [f"Q{i}" for i in range(13, 29)]
SCALE = (1, 2, 3, 4, 5)
# Cronbach's alpha of the 16 instructor items Q13-Q28 over all 5,820 evaluations:
# 0.990909 (numpy on the raw matrix agrees to 1e-12). The 12 course items Q1-Q12: 0.9828.
INSTRUCTOR_ALPHA = 0.990909


@dataclass(frozen=True)
class Evaluations:
    """The CSV as a header, rows of ints (as SQL returns them) and a numpy matrix."""

    header: list[str]
    rows: list[list[int]]
    matrix: np.ndarray

    def column(self, name: str) -> list[int]:
        """Return one column as a list of ints."""
        index = self.header.index(name)
        return [row[index] for row in self.rows]

    def array(self, name: str) -> np.ndarray:
        """Return one column as a numpy array."""
        return self.matrix[:, self.header.index(name)]


@pytest.fixture(scope="module")
def evaluations() -> Evaluations:
    if not DATA.is_file():
        pytest.fail(
            f"Real test data not found at {DATA}. These tests read the shared data folder "
            "beside the repository (../shared/data, described in its README.md); "
            "check it out next to the repository.",
            pytrace=False,
        )
    with DATA.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [[int(value) for value in row] for row in reader]
    return Evaluations(header, rows, np.array(rows, dtype=float))


def numpy_alpha(matrix: np.ndarray) -> float:
    """Return Cronbach's alpha of a cases x items matrix from raw item variances."""
    k = matrix.shape[1]
    item_variances = matrix.var(axis=0, ddof=1).sum()
    total_variance = matrix.sum(axis=1).var(ddof=1)
    return k / (k - 1) * (1 - item_variances / total_variance)


def test_data_has_the_documented_shape(evaluations):
    assert len(evaluations.rows) == 5820
    assert evaluations.header[:5] == ["instr", "class", "nb.repeat", "attendance", "difficulty"]
    assert evaluations.header[5:] == ITEMS


def test_instructor_items_alpha_is_0_9909_from_sql_moments_as_from_raw_data(evaluations):
    columns = [evaluations.column(item) for item in INSTRUCTOR_ITEMS]
    totals = [sum(answers) for answers in zip(*columns, strict=True)]
    # What SELECT COUNT(*), SUM(q13), SUM(q13*q13), ..., SUM(total), SUM(total*total) returns.
    result = cronbach_alpha_from_moments(
        n=len(totals),
        item_sums=[sum(column) for column in columns],
        item_sq_sums=[sum(v * v for v in column) for column in columns],
        total_sum=sum(totals),
        total_sq_sum=sum(t * t for t in totals),
    )
    raw = evaluations.matrix[:, [evaluations.header.index(item) for item in INSTRUCTOR_ITEMS]]
    expected = numpy_alpha(raw)
    assert (result.n, result.items) == (5820, 16)
    assert result.alpha == pytest.approx(expected, rel=1e-12)
    assert result.alpha == pytest.approx(INSTRUCTOR_ALPHA, abs=5e-7)
    assert cronbach_alpha(zip(*columns, strict=True)).alpha == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("item", ITEMS)
def test_likert_boxes_per_item_match_numpy(evaluations, item):
    raw = evaluations.array(item)
    result = likert_summary(Counter(evaluations.column(item)))
    assert result.n == raw.size == 5820
    assert result.distribution.counts == tuple(int(np.sum(raw == v)) for v in SCALE)
    assert result.top2.share == pytest.approx(np.mean(raw >= 4), abs=1e-15)
    assert result.bottom2.share == pytest.approx(np.mean(raw <= 2), abs=1e-15)
    low, high = proportion_confint(int(np.sum(raw >= 4)), raw.size, method="wilson")
    assert (result.top2.ci.low, result.top2.ci.high) == pytest.approx((low, high), abs=1e-12)
    assert result.summary.mean == pytest.approx(raw.mean(), rel=1e-12)


@pytest.mark.parametrize("item", ["Q11", "Q13", "Q28"])
def test_breakdown_by_instructor_matches_groupby(evaluations, item):
    instructors = evaluations.column("instr")
    answers = evaluations.column(item)
    groups: dict[str, Counter[int]] = {}
    for instructor, answer in sorted(zip(instructors, answers, strict=True)):
        groups.setdefault(str(instructor), Counter())[answer] += 1
    result = breakdown(groups, SCALE)

    instr, raw = evaluations.array("instr"), evaluations.array(item)
    assert [row.group for row in result.rows] == ["1", "2", "3"]
    for row in result.rows:
        in_group = raw[instr == int(row.group)]
        assert not row.suppressed
        assert row.n == in_group.size
        expected = [100 * np.mean(in_group == v) for v in SCALE]
        assert row.percent == pytest.approx(expected, abs=1e-12)
    assert result.total.counts == tuple(int(np.sum(raw == v)) for v in SCALE)


def test_breakdown_by_course_of_third_time_repeaters_hides_small_courses(evaluations):
    # Students on their third attempt: courses 2 and 12 have 3 and 2 of them.
    repeats = evaluations.array("nb.repeat")
    courses = evaluations.array("class")[repeats == 3]
    raw = evaluations.array("Q11")[repeats == 3]
    groups: dict[str, Counter[int]] = {}
    for course, answer in sorted(zip(courses.astype(int), raw.astype(int), strict=True)):
        groups.setdefault(f"course {course}", Counter())[int(answer)] += 1
    result = breakdown(groups, SCALE)

    hidden = {row.group: row.reason for row in result.rows if row.suppressed}
    assert hidden == {"course 2": "fewer than 5", "course 12": "fewer than 5"}
    for row in result.rows:
        in_group = raw[courses == int(row.group.split()[1])]
        assert row.suppressed == (in_group.size < 5)
        if not row.suppressed:
            assert row.n == in_group.size
            assert row.percent == pytest.approx([100 * np.mean(in_group == v) for v in SCALE])
    assert result.total.n == raw.size


def test_q11_mean_sd_and_interval_match_scipy(evaluations):
    raw = evaluations.array("Q11")
    summary = numeric_summary(Counter(evaluations.column("Q11")))
    described = stats.describe(raw)
    assert summary.n == described.nobs
    assert summary.mean == pytest.approx(described.mean, rel=1e-12)
    assert summary.sd**2 == pytest.approx(described.variance, rel=1e-12)
    for confidence in (0.9, 0.95, 0.99):
        interval = numeric_summary(Counter(evaluations.column("Q11")), confidence).ci
        low, high = stats.t.interval(confidence, raw.size - 1, loc=raw.mean(), scale=stats.sem(raw))
        assert (interval.low, interval.high) == pytest.approx((low, high), rel=1e-12)
