"""A live Retour server on a free port and one headless Chromium for the browser tests.

Chromium is Debian's /usr/bin/chromium, driven by Playwright (never a downloaded
browser). Without it the tests are skipped, except in CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.serving import make_server

from survey import create_app
from survey.db import upgrade

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI=true: the browser must be installed)", pytrace=False)
    pytest.skip(reason)


@dataclass
class LiveServer:
    url: str
    sessions: sessionmaker[Session]

    def new_training(self, **kw) -> str:
        """A fresh open training in fr/en/ar; returns its form code."""
        from survey.codes import new_code
        from survey.models import Project, Training
        from survey.standard import standard_questionnaire

        with self.sessions() as db:
            project = Project(
                name="Réponse aux besoins des migrants",
                organisation="Association Retour Rabat",
                contact_email="contact@example.org",
            )
            training = Training(
                project=project,
                questionnaire=standard_questionnaire(db),
                title="Retour et réintégration",
                location="Rabat",
                code=new_code(),
                languages=["fr", "en", "ar"],
                default_language="fr",
                **kw,
            )
            db.add(training)
            db.commit()
            return training.code

    def responses(self, code: str) -> int:
        from survey.models import Response, Training

        with self.sessions() as db:
            return db.scalar(
                select(func.count())
                .select_from(Response)
                .join(Training, Training.id == Response.training_id)
                .where(Training.code == code)
            )


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    tmp: Path = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{tmp / 'survey.sqlite'}"
    engine = create_engine(url)
    upgrade(engine)
    os.environ.setdefault("SURVEY_INSTANCE_PATH", str(tmp / "instance"))
    app = create_app({"TESTING": True, "SECRET_KEY": "browser-tests", "DATABASE_URL": url})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", sessionmaker(engine))
    server.shutdown()
    thread.join()
    server.server_close()
    app.extensions["survey_db"].engine.dispose()
    engine.dispose()


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed")
    from playwright.sync_api import expect

    # Generous for a loaded CI machine running the rest of the suite in parallel.
    expect.set_options(timeout=15_000)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as exc:  # noqa: BLE001 - any launch failure means "no browser here"
        playwright.stop()
        _unavailable(f"Chromium does not start: {exc}")
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def context(browser):
    """A new phone-sized browser profile per test: no cookies, storage or worker shared."""
    context = browser.new_context(viewport=PHONE, has_touch=True, locale="fr-FR")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()
