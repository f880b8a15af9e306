"""Trainer pages in real Chromium: what a trainer sees as answers arrive, and on a phone."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

PASSWORD = "correct horse battery staple 2016"  # noqa: S105 (a test account)
_ids = itertools.count(1)


@pytest.fixture(scope="module")
def admin(live_server):
    from survey.models import User

    email = "pages-admin@example.org"
    with live_server.sessions() as db:
        user = User(email=email, role="admin", name="Admin")
        user.set_password(PASSWORD)
        db.add(user)
        db.commit()
    return email


@pytest.fixture
def trainer_page(page, live_server, admin):
    page.goto(f"{live_server.url}/login")
    page.fill("input[name=email]", admin)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    return page


def training_id(live_server, code: str) -> int:
    from survey.models import Training

    with live_server.sessions() as db:
        return db.scalar(select(Training.id).where(Training.code == code))


def add_answers(live_server, code: str, count: int, when: datetime | None = None) -> None:
    """Store ``count`` complete responses, as the participant form would."""
    from survey.models import Answer, Response, Training

    with live_server.sessions() as db:
        training = db.scalar(select(Training).where(Training.code == code))
        questions = {q.code: q for q in training.questionnaire.questions}
        for i in range(count):
            response = Response(
                training_id=training.id,
                questionnaire_id=training.questionnaire_id,
                submission_id=f"browser-{next(_ids)}",
                language="fr",
                submitted_at=(when or datetime.now(UTC)) + timedelta(days=40 * i),
            )
            for q_code, column, value in (
                ("satisfaction", "likert", 5 - i % 2),
                ("adopt", "likert", 4),
                ("recommend", "rating", 9),
                ("country", "choice", "MA"),
            ):
                response.answers.append(Answer(question_id=questions[q_code].id, **{column: value}))
            db.add(response)
        db.commit()


def test_first_answers_replace_the_empty_page(trainer_page, live_server):
    from playwright.sync_api import expect

    code = live_server.new_training(expected_participants=25)
    tid = training_id(live_server, code)
    trainer_page.goto(f"{live_server.url}/trainings/{tid}?lang=fr")
    expect(trainer_page.locator("section.empty")).to_be_visible()
    add_answers(live_server, code, 3)
    # The next poll (every 15 s; the tab being shown again polls at once).
    with trainer_page.expect_navigation():
        trainer_page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(trainer_page.locator("#kpi-satisfied")).to_be_visible()
    expect(trainer_page.locator("section.empty")).to_have_count(0)
    expect(trainer_page.locator("#live")).to_contain_text("3 réponses sur 25 attendues")


CHART_TEXT_SIZES = """
() => Array.from(document.querySelectorAll('.chart svg text')).map((t) => {
  const size = parseFloat(getComputedStyle(t).fontSize);
  const m = t.getScreenCTM();
  return size * Math.hypot(m.a, m.b);
})
"""


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_phone_sees_figures_first_and_readable_charts(trainer_page, live_server, lang):
    from playwright.sync_api import expect

    code = live_server.new_training(expected_participants=25)
    # Answers a year apart: the timeline's ticks carry their years.
    add_answers(live_server, code, 12, when=datetime(2025, 6, 1, 9, tzinfo=UTC))
    tid = training_id(live_server, code)
    trainer_page.goto(f"{live_server.url}/trainings/{tid}?lang={lang}&country=MA")
    filters = trainer_page.locator("details.filters")
    expect(filters).to_have_count(1)
    assert filters.get_attribute("open") is None
    expect(filters.locator("summary")).to_contain_text(
        {"fr": "Pays\u00a0: Maroc", "ar": "المغرب"}[lang]
    )
    # The headline figures start on the first screen, not below the filters.
    top = trainer_page.locator("#kpi-satisfied").bounding_box()["y"]
    assert top < trainer_page.viewport_size["height"]
    sizes = trainer_page.evaluate(CHART_TEXT_SIZES)
    assert len(sizes) > 20
    assert min(sizes) >= 11, sorted(sizes)[:5]
    filters.locator("summary").click()
    expect(trainer_page.locator("#f-country")).to_be_visible()
