"""A JSON body that is not an object of text fields is refused like any bad form.

Flask-WTF reads a JSON body as form data; a list, a string or a number there made the
public form a server error for anyone who sent one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from survey.models import Response

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import _loadgen as load  # noqa: E402


@pytest.mark.parametrize("body", ["[1, 2]", '"x"', "3", "null", '{"sid": 5}', '{"q": [1]}'])
def test_public_form_refuses_odd_json_without_a_server_error(app, client, db, body):
    path = load.prepare_retour(app.config["DATABASE_URL"])
    answer = client.post(path, data=body, content_type="application/json")
    assert answer.status_code == 422
    assert 'id="survey"' in answer.text  # the form again, to be filled in
    assert db.scalar(select(func.count()).select_from(Response)) == 0
