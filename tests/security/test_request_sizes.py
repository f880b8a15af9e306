"""Request sizes: a huge post is refused unread (413), in the visitor's language."""

from __future__ import annotations

import gc
import io
import re
import warnings

import pytest
from helpers import csrf_token
from sqlalchemy import func, select
from test_dashboard_projects import _settings_form

from survey.models import Response

MB = 1024 * 1024


class CountingBody(io.RawIOBase):
    """A request body of ``size`` bytes made on the fly, counting what the server reads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.size - self.read_bytes)
        buffer[:n] = b"a" * n
        self.read_bytes += n
        return n


def post_body(client, url: str, size: int, content_type: str, **headers):
    body = CountingBody(size)
    response = client.post(
        url,
        content_type=content_type,
        headers=headers,
        environ_overrides={"wsgi.input": body, "CONTENT_LENGTH": str(size)},
    )
    return response, body


MULTIPART = "multipart/form-data; boundary=retour"


@pytest.mark.parametrize("content_type", [MULTIPART, "application/x-www-form-urlencoded"])
def test_a_30_mb_post_to_the_form_is_refused_unread(client, make_training, content_type):
    training = make_training()
    response, body = post_body(
        client, f"/s/{training.code}", 30 * MB, content_type, **{"Accept-Language": "ar"}
    )
    assert response.status_code == 413
    assert body.read_bytes < 64 * 1024  # not read: refused from its Content-Length
    # The participant's language (the browser's, among the training's), with a way back.
    assert 'dir="rtl"' in response.text
    assert "إجاباتكم أطول من أن تُرسل" in response.text
    back = re.search(r'<a class="button" href="([^"]+)"', response.text).group(1)
    assert back.replace("&amp;", "&") == f"/s/{training.code}?lang=ar"


def test_the_refusal_is_in_the_language_the_form_was_shown_in(client, make_training):
    training = make_training()
    page = client.get(f"/s/{training.code}?lang=ar", headers={"Accept-Language": "fr"})
    action = re.search(r'<form id="survey" method="post" action="([^"]+)"', page.text).group(1)
    response, _body = post_body(
        client, action.replace("&amp;", "&"), MB, MULTIPART, **{"Accept-Language": "fr"}
    )
    assert response.status_code == 413
    assert "إجاباتكم أطول من أن تُرسل" in response.text


def test_the_longest_real_answers_still_fit(client, db, make_training):
    training = make_training()
    page = client.get(f"/s/{training.code}?lang=ar")
    fields = dict(re.findall(r'name="(q_[a-z_]+)"[^>]*maxlength="(\d+)"', page.text))
    assert len(fields) >= 2  # the free-text questions, with their maximum length
    sid = re.search(r'name="sid"[^>]*value="([^"]+)"', page.text).group(1)
    # Every text answer as long as allowed, in four-byte characters (12 bytes encoded).
    data = {
        "csrf_token": csrf_token(page.text),
        "sid": sid,
        "lang": "ar",
        "q_satisfaction": "5",
        "q_adopt": "4",
        "q_recommend": "9",
        **{name: "𝄞" * int(length) for name, length in fields.items()},
    }
    sent = client.post(f"/s/{training.code}", data=data)
    assert sent.status_code == 303
    assert db.scalar(select(func.count()).select_from(Response)) == 1


def test_a_large_post_to_a_trainer_page_is_a_413_page_in_their_language(logged_in):
    response, body = post_body(
        logged_in,
        "/login",
        8 * MB,
        "application/x-www-form-urlencoded",
        **{"Accept-Language": "fr"},
    )
    assert response.status_code == 413
    assert body.read_bytes < 64 * 1024
    assert "trop volumineux : au plus 1 Mo" in response.text


def test_logo_uploads_may_be_larger_but_not_unbounded(logged_in, make_training, trainer):
    project_id = make_training(owner=trainer).project_id
    url = f"/projects/{project_id}/settings"
    # Two logos a little over 1 MB: the settings form reads them and says what is wrong,
    # with everything typed kept.
    big = b"\x89PNG\r\n\x1a\n" + b"0" * (3 * MB // 2)
    with warnings.catch_warnings():
        # Werkzeug spools an upload over 500 KB to a temporary file that its test client
        # leaves to the garbage collector; collect it here, not in the next test.
        warnings.simplefilter("ignore", ResourceWarning)
        response = _settings_form(
            logged_in,
            project_id,
            name="Nom gardé",
            org_logo=(io.BytesIO(big), "a.png"),
            donor_logo=(io.BytesIO(big), "b.png"),
        )
        status, text = response.status_code, response.text
        del response
        gc.collect()
    assert status == 200
    assert text.count("Le logo dépasse 1 Mo.") == 2
    assert 'value="Nom gardé"' in text
    # Far larger: refused unread.
    response, body = post_body(logged_in, url, 30 * MB, MULTIPART, **{"Accept-Language": "fr"})
    assert response.status_code == 413
    assert body.read_bytes < 64 * 1024
    assert "au plus 4 Mo" in response.text
