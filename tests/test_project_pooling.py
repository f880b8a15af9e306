"""A project's pooled figures, counted from its trainings' own counts, match a plain count.

The project page reuses each training's pivot for the pooled figures; these tests count
the same figures straight from the answer rows of random projects.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest
from scipy import stats
from sqlalchemy import select
from test_dashboard_figures import add_response

from survey.models import Answer, Project, Question
from survey.results import Filters, project_figures


def _random_project(db, make_training, seed: int, trainings: int = 3):
    rng = random.Random(seed)
    made = [make_training(title=f"T{i}") for i in range(trainings)]
    project = made[0].project
    for training in made[1:]:
        training.project = project
    db.flush()
    for training in made:
        for _ in range(rng.randint(5, 40)):
            add_response(
                db,
                training,
                satisfaction=rng.choice([None, 1, 2, 3, 4, 5, 5]),
                adopt=rng.choice([None, 2, 4, 5]),
                recommend=rng.choice([None, 0, 6, 7, 9, 10]),
                knowledge_before=rng.choice([None, 1, 2, 3]),
                knowledge_after=rng.choice([None, 3, 4, 5]),
                country=rng.choice([None, "MA", "CM", "NG"]),
                sex=rng.choice([None, "F", "M"]),
            )
    db.commit()
    return db.get(Project, project.id)


def _answers(db, project_id: int, code: str, country: str | None = None) -> dict[int, int]:
    """Each response's answer to the question ``code``, from the answer rows alone."""
    rows = db.execute(
        select(Answer.response_id, Answer.likert, Answer.rating, Answer.choice)
        .join(Question, Question.id == Answer.question_id)
        .where(Question.code == code)
    ).all()
    values = {rid: next(v for v in (lk, rt, ch) if v is not None) for rid, lk, rt, ch in rows}
    if country is None:
        return values
    countries = _answers(db, project_id, "country")
    return {rid: v for rid, v in values.items() if countries.get(rid) == country}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pooled_figures_match_a_plain_count_of_the_answers(app, db, make_training, seed):
    project = _random_project(db, make_training, seed)
    for country in (None, "MA"):
        filters = Filters(country=country) if country else None
        figures = project_figures(db, project, filters=filters)
        db.info.clear()
        satisfaction = _answers(db, project.id, "satisfaction", country)
        top2 = sum(1 for v in satisfaction.values() if v >= 4)
        assert (figures.satisfied.k, figures.satisfied.n) == (top2, len(satisfaction))
        ratings = Counter(_answers(db, project.id, "recommend", country).values())
        promoters = ratings[9] + ratings[10]
        detractors = sum(n for value, n in ratings.items() if value <= 6)
        assert figures.recommend.promoters == promoters
        assert figures.recommend.detractors == detractors
        before = _answers(db, project.id, "knowledge_before", country)
        after = _answers(db, project.id, "knowledge_after", country)
        both = sorted(set(before) & set(after))
        assert figures.knowledge.n == len(both)
        differences = [after[r] - before[r] for r in both]
        assert abs(figures.knowledge.shift.mean - sum(differences) / len(both)) < 1e-9
        low, high = stats.ttest_1samp(differences, 0).confidence_interval(0.95)
        assert abs(figures.knowledge.shift.ci.low - low) < 1e-9
        assert abs(figures.knowledge.shift.ci.high - high) < 1e-9
