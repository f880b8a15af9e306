"""Rate limits: failed logins per account, per address and overall; form posts per form
(those with the form's token) and per address (the others).

Counters live in memory (one process) unless ``RATELIMIT_STORAGE_URI`` names a shared
store (``SURVEY_RATELIMIT_STORAGE_URI=redis://host:6379/0``), which every app server
behind the proxy must then share.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from contextlib import suppress
from functools import lru_cache, wraps

from flask import Flask, current_app, render_template, request
from flask_babel import gettext as _
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import STRATEGIES

from .collect import formtoken

limiter = Limiter(key_func=get_remote_address, default_limits=[])


def login_address_key() -> str:
    return "login-address:" + get_remote_address()


def login_overall_key() -> str:
    return "login-overall"


def form_key() -> str:
    """Count submissions per form, not per address: a whole room shares one NAT address."""
    return "form:" + str((request.view_args or {}).get("code", "")).lower()[:32]


def failed_login(response) -> bool:
    """A login that did not redirect (wrong password, bad form) counts against the limits."""
    return response.status_code != 302


def login_account_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def login_address_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def login_overall_limit() -> str:
    return current_app.config["LOGIN_LIMIT_OVERALL"]


def throttle_login(account: Callable[[], str]):
    """Limit failed logins per account, per address and overall (POST only).

    ``account()`` says which account a login is for, read from the request as the login
    itself reads it: a key made from the raw body (an address with a NUL added, or sent
    as JSON) let a paused account take more guesses. The overall cap stops guesses spread
    over many accounts from many addresses.
    """

    def decorate(view):
        for limit, key in (
            (login_account_limit, lambda: "login-account:" + account()),
            (login_address_limit, login_address_key),
            (login_overall_limit, login_overall_key),
        ):
            view = limiter.limit(
                limit, key_func=key, methods=["POST"], deduct_when=failed_login, per_method=True
            )(view)
        return view

    return decorate


def throttle_submissions(view):
    """Limit form posts per form code, generously (a room of 60 behind one address), and
    posts without the form's token per address.

    Only a post carrying a token this server signed for the form counts against the
    room: counting every post let anyone lock a training's form with token-less junk.
    Junk is counted per address instead (IPv6 per /64, which one phone may rotate
    through). Counted with the same `limits` strategy and store as the login limits (in
    memory, or in Redis shared by the app servers), called from here rather than through
    Flask-Limiter's decorator, whose bookkeeping was a tenth of the CPU of every
    participant's POST. A GET is not counted.
    """

    @wraps(view)
    def throttled(*args, **kwargs):
        if request.method == "POST" and not current_app.extensions["survey_form_counts"].hit():
            return _too_many()
        return view(*args, **kwargs)

    return throttled


# While the shared store is unreachable, posts are counted in this process and the store
# is tried again after this many seconds (Flask-Limiter's fallback does the same for logins).
STORE_RETRY_SECONDS = 30


class FormCounts:
    """Posts per form, in the configured store or, while that is down, in this process."""

    def __init__(self, app: Flask) -> None:
        config = app.config
        strategy = STRATEGIES[config.get("RATELIMIT_STRATEGY", "fixed-window")]
        store = storage_from_string(
            config["RATELIMIT_STORAGE_URI"], **config.get("RATELIMIT_STORAGE_OPTIONS", {})
        )
        self.app = app
        self.shared = strategy(store)
        self.local = strategy(MemoryStorage())
        self.retry_at = 0.0

    def hit(self) -> bool:
        """Count one post to this request's form; False when over the limit."""
        if not limiter.enabled:
            return True
        config = self.app.config
        if _signed_for_this_form(config):
            limit, name = config["SUBMISSION_LIMIT_PER_FORM"], form_key()
        else:
            limit, name = config["SUBMISSION_LIMIT_INVALID_PER_ADDRESS"], _invalid_post_key()
        limit = _parsed(limit)
        key = (config.get("RATELIMIT_KEY_PREFIX") or "retour", name)
        if time.monotonic() >= self.retry_at:
            try:
                return self.shared.hit(limit, *key)
            except Exception:  # the store is down: any error of any backend
                self.app.logger.warning("Rate-limit store unreachable: counting form posts here")
                self.retry_at = time.monotonic() + STORE_RETRY_SECONDS
        return self.local.hit(limit, *key)


def _signed_for_this_form(config) -> bool:
    """True when the post carries a token this server signed for the form of its address.

    A stale one counts too: its page was open too long, but it came from this form.
    """
    if not config.get("WTF_CSRF_ENABLED", True):  # off only in tests that turn CSRF off
        return True
    code = str((request.view_args or {}).get("code", ""))
    token = request.form.get(config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    wrong = formtoken.problem(code, token, config.get("WTF_CSRF_TIME_LIMIT", 3600))
    return wrong is None or wrong == formtoken.EXPIRED


def _invalid_post_key() -> str:
    address = get_remote_address()
    with suppress(ValueError):
        if ipaddress.ip_address(address).version == 6:
            address = str(ipaddress.ip_network(f"{address}/64", strict=False))
    return "form-invalid:" + address


@lru_cache(maxsize=16)
def _parsed(limit: str) -> RateLimitItem:
    return parse(limit)


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    # Flask-Limiter's default for this is its own last setting: the limiter is shared by
    # every app of the process (tests make many), so each app says it for itself.
    app.config.setdefault("RATELIMIT_ENABLED", True)
    if str(app.config["RATELIMIT_STORAGE_URI"]).startswith(("redis://", "rediss://")):
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # When Redis is down, fail fast and count in memory (RATELIMIT_SWALLOW_ERRORS):
        # a participant should not wait for retries of a rate-limit counter.
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS",
            {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "retry": Retry(NoBackoff(), 0)},
        )
    limiter.init_app(app)
    # Flask-Limiter also checks every request in a before_request hook, for default and
    # application-wide limits. Retour has none: each limit is a decorator on its view
    # (the login, the form's POST), which checks for itself. Without the hook, a page no
    # limit applies to (every participant's GET) skips the limiter's work altogether.
    # (With RATELIMIT_ENABLED off, Flask-Limiter adds no hook to take away.)
    hooks = app.before_request_funcs.get(None, [])
    if limiter._check_request_limit in hooks:
        hooks.remove(limiter._check_request_limit)
    app.extensions["survey_form_counts"] = FormCounts(app)
    app.register_error_handler(RateLimitExceeded, _too_many)


def _too_many(error: RateLimitExceeded | None = None):
    overall = error is not None and error.limit.key_func is login_overall_key
    if request.endpoint == "auth.login" and overall:
        message = _(
            "Too many failed attempts to log in on this site right now. For everyone's "
            "safety, logging in is paused: please try again in a minute."
        )
    elif request.endpoint == "auth.login":
        message = _(
            "Too many failed attempts to log in. For your safety, logging in is paused: "
            "please try again in an hour."
        )
    else:
        message = _(
            "Many people are sending this form right now. Please wait a minute, "
            "then go back and send it again."
        )
    page = render_template("error.html", code=429, message=message)
    retry_after = "3600" if request.endpoint == "auth.login" and not overall else "60"
    return page, 429, {"Retry-After": retry_after}
