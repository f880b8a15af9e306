"""A database file that was read-only for a while does not keep the form failing.

SQLite opens a file it may not write read-only, and that connection stays read-only after
the file is writable again. The pool must not keep such connections.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import csrf_token
from sqlalchemy import func, select

from survey import create_app
from survey.models import Response

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import _loadgen as load  # noqa: E402


def _set_read_only(path: Path, read_only: bool) -> None:
    """Make the file unwritable even for root (immutable), or writable again."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i" if read_only else "-i", str(path)], check=True)
    else:
        path.chmod(0o444 if read_only else 0o644)


@pytest.fixture
def file_app(tmp_path, sqlite_url, monkeypatch):
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path / "inst"))
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": sqlite_url})
    yield app
    app.extensions["survey_db"].engine.dispose()


def test_form_works_again_as_soon_as_the_file_is_writable(file_app):
    app = file_app
    db_file = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
    path = load.prepare_retour(app.config["DATABASE_URL"])
    client = app.test_client()

    def answers(seed: int) -> dict[str, str]:
        page = client.get(path)
        return {
            "csrf_token": csrf_token(page.text),
            "sid": load.SID.search(page.text).group(1),
            **load.random_answers(load.random.Random(seed)),
        }

    first, second = answers(1), answers(2)
    # A backup tool, a permission change or a full disk: connections opened now are
    # read-only (fresh ones, as after a restart of the workers or a pool recycle).
    app.extensions["survey_db"].engine.dispose()
    _set_read_only(db_file, True)
    try:
        refused = [client.post(path, data=first), client.post(path, data=second)]
    finally:
        _set_read_only(db_file, False)
    assert [r.status_code for r in refused] == [503, 503]

    stored = client.post(path, data=first)
    assert stored.status_code == 303, stored.text[:300]
    assert client.post(path, data=second).status_code == 303
    session = app.extensions["survey_db"].sessionmaker()
    assert session.scalar(select(func.count()).select_from(Response)) == 2
    session.close()
