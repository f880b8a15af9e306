"""Junk posts cannot lock a training's form: only posts with the form's own token count
against the room's limit; the others are limited per address."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from helpers import csrf_token
from sqlalchemy import func, select

from survey.collect import formtoken
from survey.models import Response

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from _loadgen import SID, random_answers  # noqa: E402

ROOM = "192.0.2.10"  # the venue's NAT address: the room and the attacker may share it


def _fresh(client, code, address=ROOM) -> dict[str, str]:
    page = client.get(f"/s/{code}", environ_base={"REMOTE_ADDR": address})
    return {
        **random_answers(random.Random(0)),
        "csrf_token": csrf_token(page.text),
        "sid": SID.search(page.text).group(1),
    }


def _post(client, code, data, address=ROOM):
    return client.post(
        f"/s/{code}",
        data=data,
        headers={"Accept-Language": "en"},
        environ_base={"REMOTE_ADDR": address},
    )


def _stored(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Response))


def test_700_junk_posts_do_not_keep_a_real_participant_out(app, client, db, make_training):
    """With the default limits: 700 token-less posts in a minute, then a participant."""
    training = make_training()
    junk = {**random_answers(random.Random(1)), "sid": "0" * 32}
    answers = [
        _post(client, training.code, junk, address=f"198.51.100.{n % 2}").status_code
        for n in range(700)
    ]
    assert 303 not in answers  # nothing was stored from the junk
    assert 429 in answers  # each junk address was slowed down
    participant = _post(client, training.code, _fresh(client, training.code))
    assert participant.status_code == 303
    assert _stored(db) == 1


@pytest.mark.parametrize("token", ["", "forged", "other-training", "garbled"])
def test_junk_from_the_rooms_own_address_does_not_count_against_the_room(
    app, client, db, make_training, token
):
    app.config.update(SUBMISSION_LIMIT_PER_FORM="3 per minute")
    training, other = make_training(title="Room"), make_training(title="Other")
    tokens = {
        "": "",
        "forged": "6543210f.00112233aabbccdd.00000000000000000000000000000000",
        "other-training": _fresh(client, other.code)["csrf_token"],
        "garbled": _fresh(client, training.code)["csrf_token"][:-1] + "ü",
    }
    junk = {**_fresh(client, training.code), "csrf_token": tokens[token]}
    for _ in range(10):
        assert _post(client, training.code, junk).status_code in (422, 429)
    # The room's three posts all get in, from the same address as the junk.
    sent = [_post(client, training.code, _fresh(client, training.code)) for _ in range(3)]
    assert [response.status_code for response in sent] == [303, 303, 303]
    assert _stored(db) == 3
    # The room's own limit still holds.
    assert _post(client, training.code, _fresh(client, training.code)).status_code == 429


def test_junk_is_limited_per_address(app, client, make_training):
    app.config.update(SUBMISSION_LIMIT_INVALID_PER_ADDRESS="5 per minute")
    training = make_training()
    junk = {**random_answers(random.Random(2)), "sid": "1" * 32}
    assert [_post(client, training.code, junk).status_code for _ in range(5)] == [422] * 5
    limited = _post(client, training.code, junk)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "60"
    # Another address is not slowed down by it, nor is anyone with a real form.
    assert _post(client, training.code, junk, address="203.0.113.5").status_code == 422
    assert _post(client, training.code, _fresh(client, training.code)).status_code == 303


def test_junk_from_one_ipv6_network_shares_one_count(app, client, make_training):
    """A phone may rotate through its /64: the addresses count as one."""
    app.config.update(SUBMISSION_LIMIT_INVALID_PER_ADDRESS="5 per minute")
    training = make_training()
    junk = {**random_answers(random.Random(2)), "sid": "2" * 32}
    answers = [
        _post(client, training.code, junk, address=f"2001:db8:1:2::{n:x}").status_code
        for n in range(1, 7)
    ]
    assert answers == [422] * 5 + [429]
    assert _post(client, training.code, junk, address="2001:db8:1:3::1").status_code == 422


def test_a_stale_page_still_counts_as_the_rooms_and_keeps_its_answers(
    app, client, make_training, monkeypatch
):
    """A page left open past the token's lifetime is the room's own, not junk: it is
    re-shown filled in, even when the address has sent junk up to its limit."""
    app.config.update(SUBMISSION_LIMIT_INVALID_PER_ADDRESS="2 per minute")
    training = make_training()
    junk = {**random_answers(random.Random(2)), "sid": "3" * 32}
    for _ in range(3):
        _post(client, training.code, junk)
    stale = _fresh(client, training.code)
    with app.app_context():
        stale["csrf_token"] = formtoken.issue(training.code, now=0)
    again = _post(client, training.code, stale)
    assert again.status_code == 422
    assert "Your answers are kept" in again.text
