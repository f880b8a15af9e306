"""Trainers' pages in real Chromium: axe-core finds no accessibility violation.

The participant form has its own checks (test_form_browser.py); these cover the pages a
trainer works in, in French and in Arabic (right to left), with the demo's answers so
that every part of the dashboard is drawn: figures, charts, tables by group, comments.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

PASSWORD = "correct horse battery staple 2016"  # noqa: S105 (a test account)


@pytest.fixture(scope="module")
def demo(live_server):
    """The demo project and an admin who sees it; returns (training id, project id)."""
    from survey.demo import seed_demo
    from survey.models import Project, Training, User

    with live_server.sessions() as db:
        seed_demo(db)
        admin = User(email="axe-admin@example.org", role="admin", name="Admin")
        admin.set_password(PASSWORD)
        db.add(admin)
        db.commit()
        project = db.scalar(select(Project).order_by(Project.id.desc()))
        training = db.scalar(
            select(Training).where(Training.project_id == project.id).order_by(Training.id)
        )
        return training.id, project.id


@pytest.fixture
def trainer_page(page, live_server, demo):
    page.goto(f"{live_server.url}/login")
    page.fill("input[name=email]", "axe-admin@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    return page


def assert_no_violations(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_dashboard_has_no_accessibility_violations(trainer_page, live_server, demo, lang):
    training_id, project_id = demo
    for path in (f"/trainings/{training_id}", f"/projects/{project_id}"):
        trainer_page.goto(f"{live_server.url}{path}?lang={lang}", wait_until="networkidle")
        assert trainer_page.locator("svg").count() > 1  # the charts are there
        assert_no_violations(trainer_page)


def test_trainer_forms_with_errors_have_no_accessibility_violations(
    trainer_page, live_server, demo
):
    _, project_id = demo
    trainer_page.goto(f"{live_server.url}/trainings/new?lang=fr")
    trainer_page.locator("form.card button[type=submit]").click()
    trainer_page.wait_for_load_state()
    assert trainer_page.locator(".error-links a").count() >= 1  # the summary is there
    assert_no_violations(trainer_page)
    trainer_page.goto(f"{live_server.url}/projects/{project_id}/settings?lang=ar")
    assert_no_violations(trainer_page)
