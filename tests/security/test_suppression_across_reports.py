"""A group hidden in a training's table cannot be worked out from the project's tables.

A donor can read every training's report and the project's pooled report: the pooled
table is the sum of the trainings' tables, so a group hidden in one training must not be
recoverable as the pooled cell minus the other trainings' published cells. The check
below knows nothing of how cells are chosen: it takes what the tables publish and asks a
linear program for the smallest and largest value each hidden cell can have.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from survey.analysis.disclosure import suppress
from survey.codes import new_code
from survey.models import Answer, DonorLink, Response, Training
from survey.results import breakdowns

MIN = 5
NOT_STATED = ""
GROUPS = ("MA", "CM", "GN", "NG", NOT_STATED)
# People who gave no group may be worked out (nobody can point at them).
UNATTRIBUTED = {NOT_STATED, "NA"}

_ids = itertools.count(1)


# --- the independent recovery check --------------------------------------------------


def pinned_cells(parts, pooled):
    """Return the hidden cells that the published tables pin to one value.

    ``parts``: {training: (cells, total)}, cells {group: n, or None when hidden}, listing
    every group with somebody in it (a hidden group is listed, so it has at least one
    person). ``pooled``: [(trainings, cells, total)], tables over several trainings.
    Returns [("part", training, group) or ("pooled", i, group)] for the cells of groups
    others can know that are hidden and yet determined. The constraints form a network
    matrix (rows and columns of a two-way table), so the linear program's bounds are
    the integer bounds.
    """
    unknowns = [(t, g) for t, (cells, _) in parts.items() for g, n in cells.items() if n is None]
    at = {u: i for i, u in enumerate(unknowns)}
    if not unknowns:
        return []
    eq, eq_rhs, le, le_rhs = [], [], [], []

    def row_of(pairs):
        row = [0.0] * len(unknowns)
        known = 0
        for t, g in pairs:
            n = parts[t][0].get(g, 0)
            if n is None:
                row[at[(t, g)]] += 1
            else:
                known += n
        return row, known

    for t, (cells, total) in parts.items():
        row, known = row_of((t, g) for g in cells)
        eq.append(row)
        eq_rhs.append(total - known)
    for trainings, cells, total in pooled:
        groups = {g for t in trainings for g in parts[t][0]}
        row, known = row_of((t, g) for t in trainings for g in groups)
        eq.append(row)
        eq_rhs.append(total - known)
        for g in groups:
            row, known = row_of((t, g) for t in trainings)
            n = cells.get(g, 0)  # a group not listed has nobody in it
            if n is None:
                le.append([-x for x in row])
                le_rhs.append(known - 1)
            else:
                eq.append(row)
                eq_rhs.append(n - known)

    def pinned(objective):
        low = linprog(
            objective, A_ub=le or None, b_ub=le_rhs or None, A_eq=eq, b_eq=eq_rhs, bounds=(1, None)
        )
        high = linprog(
            [-c for c in objective],
            A_ub=le or None,
            b_ub=le_rhs or None,
            A_eq=eq,
            b_eq=eq_rhs,
            bounds=(1, None),
        )
        assert low.status == 0, "the published tables contradict each other"
        # Unbounded above cannot happen (every cell is in a row with a total).
        return -high.fun - low.fun < 0.5

    found = []
    for (t, g), i in at.items():
        if g not in UNATTRIBUTED and pinned([1.0 if j == i else 0.0 for j in range(len(unknowns))]):
            found.append(("part", t, g))
    for index, (trainings, cells, _total) in enumerate(pooled):
        for g, n in cells.items():
            if n is None and g not in UNATTRIBUTED:
                row, _known = row_of((t, g) for t in trainings)
                if any(row) and pinned(row):
                    found.append(("pooled", index, g))
    return found


def test_the_check_finds_the_issue_example():
    # T1: 3 from Guinea, hidden (with Cameroon); the project shows Guinea 8, T2 shows 5.
    parts = {
        "T1": ({"MA": 10, "CM": None, "GN": None}, 19),
        "T2": ({"MA": 8, "CM": 7, "GN": 5}, 20),
    }
    pooled = [(("T1", "T2"), {"MA": 18, "CM": 13, "GN": 8}, 39)]
    assert pinned_cells(parts, pooled) == [("part", "T1", "CM"), ("part", "T1", "GN")]
    assert pinned_cells(parts, [(("T1", "T2"), {"MA": 18, "CM": None, "GN": None}, 39)]) == []


# --- random projects ----------------------------------------------------------------

counts = st.sampled_from([0, 0, 1, 1, 2, 3, 4, 5, 6, 8, 12, 30])
projects = st.lists(st.tuples(*[counts for _ in GROUPS]), min_size=2, max_size=4)


def published(table, hidden_in_parts=()):
    """The cells a table shows for these counts, as the app suppresses them."""
    listed = {g: n for g, n in zip(GROUPS, table, strict=True) if n}
    cells = suppress(listed, MIN, UNATTRIBUTED, hidden_in_parts)
    return {c.key: c.n for c in cells}, sum(listed.values())


def hidden_count(cells):
    return sum(n is None for n in cells.values())


def safe_alone(cells, total):
    """Whether a training's own table protects its groups (the single-table rule)."""
    return not pinned_cells({"T": (cells, total)}, [])


@settings(max_examples=80, deadline=None)
@given(projects, st.data())
def test_no_hidden_cell_is_recovered_from_all_the_tables_of_a_project(matrix, data):
    parts = {f"T{i}": published(row) for i, row in enumerate(matrix)}
    # A table whose total is below the minimum, or whose small groups have no larger
    # group to hide with, gives itself away alone: not what is tested here.
    assume(all(safe_alone(*part) for part in parts.values()))
    names = list(parts)
    subset = data.draw(st.lists(st.sampled_from(names), min_size=2, unique=True))
    pooled = []
    for chosen in (names, subset):  # the whole project, and a trainer's trainings
        sums = [sum(matrix[names.index(t)][j] for t in chosen) for j in range(len(GROUPS))]
        hidden = {g for t in chosen for g, n in parts[t][0].items() if n is None}
        cells, total = published(sums, hidden)
        pooled.append((tuple(chosen), cells, total))
    event(f"groups hidden in the project's table: {hidden_count(pooled[0][1])}")
    assert pinned_cells(parts, pooled) == []


def test_one_person_in_each_of_several_groups_takes_a_partner():
    # Five groups of one add up to five, yet each is one person: listed means non-empty.
    table = {"MA": 1, "CM": 1, "GN": 1, "NG": 1, "CI": 1, "SN": 20}
    shown = {c.key: c.n for c in suppress(table, MIN, UNATTRIBUTED)}
    assert shown["SN"] is None
    assert pinned_cells({"T": (shown, 25)}, []) == []


# --- through the app: the pooled tables the reports and donor pages publish --------------


def add_response(db, training, country, satisfaction=4, adopt=4):
    questions = {q.code: q for q in training.questionnaire.questions}
    response = Response(
        training_id=training.id,
        questionnaire_id=training.questionnaire_id,
        submission_id=f"across-{next(_ids)}",
        submitted_at=datetime(2016, 5, 19, 12, tzinfo=UTC),
        language="fr",
    )
    response.answers.append(Answer(question_id=questions["satisfaction"].id, likert=satisfaction))
    response.answers.append(Answer(question_id=questions["adopt"].id, likert=adopt))
    if country:
        response.answers.append(Answer(question_id=questions["country"].id, choice=country))
    db.add(response)


def second_training(db, first, title):
    training = Training(
        project=first.project,
        questionnaire=first.questionnaire,
        owner_id=first.owner_id,
        title=title,
        code=new_code(),
        languages=["fr", "en", "ar"],
        default_language="fr",
    )
    db.add(training)
    db.commit()
    return training


@pytest.fixture
def issue_project(db, trainer, make_training):
    """The issue's case: T1 has 3 people from Guinea (hidden), T2 has 5."""
    t1 = make_training(owner=trainer, title="Retour et réintégration")
    t2 = second_training(db, t1, "Mineurs non accompagnés")
    for training, people in ((t1, {"MA": 10, "CM": 6, "GN": 3}), (t2, {"MA": 8, "CM": 7, "GN": 5})):
        for country, n in people.items():
            for i in range(n):
                add_response(db, training, country, satisfaction=5 if i % 2 else 3)
    db.commit()
    return t1, t2


def donor_page(app, db, project_id, training_id=None):
    token = f"token-{next(_ids)}"
    db.add(
        DonorLink(
            project_id=project_id,
            training_id=training_id,
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
            lang="en",
            label="EU delegation",
            expires_at=datetime.now(UTC) + timedelta(days=30),
        )
    )
    db.commit()
    page = app.test_client().get(f"/d/{token}")
    assert page.status_code == 200
    return page.text


def country_row(html, name):
    match = re.search(rf"<tr><th scope=\"row\">{name}</th>(.*?)</tr>", html, re.S)
    assert match, f"no row {name}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_guinea_hidden_in_one_training_is_hidden_in_the_project(app, db, issue_project):
    t1, t2 = issue_project
    first = donor_page(app, db, t1.project_id, t1.id)
    second = donor_page(app, db, t1.project_id, t2.id)
    project = donor_page(app, db, t1.project_id)
    assert "hidden" in country_row(first, "Guinea")
    assert "n = 5" in country_row(second, "Guinea")
    # Showing Guinea's 8 here would give away the first training's 3 (8 - 5).
    assert "n = 8" not in country_row(project, "Guinea")
    assert "hidden" in country_row(project, "Guinea")
    # Morocco is large in both trainings: still shown, pooled.
    assert "n = 18" in country_row(project, "Morocco")


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    matrix=st.lists(
        st.tuples(*[st.sampled_from([0, 1, 2, 3, 6, 8]) for _ in GROUPS]), min_size=2, max_size=3
    )
)
def test_the_apps_tables_of_random_projects_give_no_hidden_cell_away(
    app, db, trainer, make_training, matrix
):
    first = make_training(owner=trainer)
    trainings = [first] + [second_training(db, first, f"T{i}") for i in range(1, len(matrix))]
    for training, row in zip(trainings, matrix, strict=True):
        for group, n in zip(GROUPS, row, strict=True):
            for _ in range(n):
                add_response(db, training, group or None)
    db.commit()
    ids = [t.id for t in trainings]

    def read(table_ids):
        table = breakdowns(db, table_ids, ("country",), MIN, outcomes=("satisfaction",))
        table = table.get("country", {}).get("satisfaction")
        if table is None:
            return {}, 0
        return {g.key: g.n for g in table.groups}, table.total.n

    parts = {t: read([t]) for t in ids}
    assume(all(safe_alone(*part) for part in parts.values()))
    pooled = [(tuple(ids), *read(ids)), (tuple(ids[:2]), *read(ids[:2]))]
    event(f"groups hidden in the project's table: {hidden_count(pooled[0][1])}")
    assert pinned_cells(parts, pooled) == []
