"""The demo with N responses in a temporary SQLite instance, and a trainer logged in.

Shared by the benchmarks that time trainers' pages and files (dashboard.py, export.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, update  # noqa: E402

from survey import create_app  # noqa: E402
from survey.db import get_session, upgrade  # noqa: E402
from survey.demo import seed_demo  # noqa: E402
from survey.models import Response, Training, User  # noqa: E402

PASSWORD = "bench password 2016"  # noqa: S105 (a throwaway database)


def demo_app(tmp: str, n: int, *, one_training: bool = False):
    """Return (app, client, first training's id, its project's id, its responses).

    seed_demo spreads the responses over two trainings sharing a questionnaire;
    ``one_training`` moves them all into the first. The client is logged in as the
    trainer who owns both, and asks for English pages.
    """
    os.environ["SURVEY_INSTANCE_PATH"] = tmp
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        upgrade(app.extensions["survey_db"].engine)
        session = get_session()
        seed_demo(session, responses=n)
        user = User(email="bench@example.org", role="trainer", name="bench")
        user.set_password(PASSWORD)
        session.add(user)
        session.flush()
        first = session.scalars(select(Training).order_by(Training.id)).first()
        session.execute(update(Training).values(owner_id=user.id))
        if one_training:
            session.execute(update(Response).values(training_id=first.id))
        rows = session.scalar(
            select(func.count()).select_from(Response).where(Response.training_id == first.id)
        )
        session.commit()
        training_id, project_id = first.id, first.project_id
    client = app.test_client()
    client.post("/login", data={"email": "bench@example.org", "password": PASSWORD})
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return app, client, training_id, project_id, rows
