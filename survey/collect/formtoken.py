"""The participant form's token: signed by this server for one training, valid 3 days.

Participants have no account and no session, so there is no login a forged cross-site
request could borrow: anyone may send the form. What the token proves is that the page
came from this server, for this training, recently; a stale page gets the form back with
the answers kept and a fresh token. It needs no cookie: nothing is stored on the phone
but the page, and a submission queued offline stays valid after the browser is closed
(its session cookie would not have). Trainers' pages keep Flask-WTF's session-bound
tokens, where a session does hold power.

The token is ``issued.nonce.mac``: the time it was issued (hex seconds), a random nonce
(every page gets its own token), and an HMAC-SHA256 of both and the training's code
under a key derived from the app's secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from flask import current_app
from wtforms import ValidationError
from wtforms.csrf.core import CSRF

# Allowed clock difference between app servers for a token "issued in the future".
CLOCK_SKEW_SECONDS = 300

# The stale-page notice is what a participant sees; these say which check failed, for logs
# and tests only.
MISSING, INVALID, EXPIRED = "token missing", "token invalid", "token expired"


def _key() -> bytes:
    """A key of its own for form tokens, derived once per app from SECRET_KEY."""
    key = current_app.extensions.get("survey_form_token_key")
    if key is None:
        secret = current_app.config["SECRET_KEY"]
        secret = secret.encode() if isinstance(secret, str) else secret
        key = hmac.digest(secret, b"retour participant form token", hashlib.sha256)
        current_app.extensions["survey_form_token_key"] = key
    return key


def _mac(code: str, body: str) -> str:
    return hmac.digest(_key(), f"{code}|{body}".encode(), hashlib.sha256)[:16].hex()


def issue(code: str, now: float | None = None) -> str:
    """A fresh token for the form of the training ``code``."""
    issued = int(time.time() if now is None else now)
    body = f"{issued:x}.{secrets.token_hex(8)}"
    return f"{body}.{_mac(code.lower(), body)}"


def problem(code: str, token: str | None, max_age: int, now: float | None = None) -> str | None:
    """None when ``token`` was issued for ``code`` less than ``max_age`` seconds ago,
    else what is wrong with it."""
    if not token:
        return MISSING
    body, _, mac = token.rpartition(".")
    issued_hex, _, nonce = body.partition(".")
    expected = _mac(code.lower(), body).encode()
    # As bytes: compare_digest refuses str with characters outside ASCII.
    if not (nonce and mac) or not hmac.compare_digest(mac.encode(), expected):
        return INVALID
    try:
        age = (time.time() if now is None else now) - int(issued_hex, 16)
    except ValueError:
        return INVALID
    if age < -CLOCK_SKEW_SECONDS:
        return INVALID
    return EXPIRED if age > max_age else None


class FormTokenCSRF(CSRF):
    """WTForms' CSRF check with these tokens; the form's ``meta.csrf_context`` is the
    training's code and ``meta.csrf_time_limit`` the token's lifetime (Flask-WTF's
    WTF_CSRF_TIME_LIMIT)."""

    def setup_form(self, form):
        self.meta = form.meta
        return super().setup_form(form)

    def generate_csrf_token(self, csrf_token_field) -> str:
        return issue(self.meta.csrf_context)

    def validate_csrf_token(self, form, field) -> None:
        wrong = problem(self.meta.csrf_context, field.data, self.meta.csrf_time_limit)
        if wrong:
            raise ValidationError(wrong)
