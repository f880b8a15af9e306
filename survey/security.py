"""CSRF on every form, secure cookies, and the security headers of every response."""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

# No inline script anywhere (script-src 'self'). Inline *styles* stay allowed: the
# matplotlib SVG charts and QR codes carry style attributes, and styles cannot run code.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"


def init_app(app: Flask) -> None:
    https = app.config.get("HTTPS")
    if https is None:
        # Production serves over TLS; the debugger and the tests run on plain HTTP.
        https = not (app.debug or app.testing)
    app.config["HTTPS"] = bool(https)
    app.config["SESSION_COOKIE_SECURE"] = bool(https)
    app.config["REMEMBER_COOKIE_SECURE"] = bool(https)
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    app.before_request(_refuse_nul)
    csrf.init_app(app)
    app.session_interface = CookieSessions()
    app.after_request(_headers)


def _refuse_nul():
    """A NUL character in the address is a bad request, not a server error.

    PostgreSQL refuses NUL in text, so a form code or a dashboard filter carrying one
    failed in the database. No address of Retour has a use for it. (Typed text in forms
    is cleaned where it is read: cleanform.py, survey/questions.)
    """
    if "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.args.lists()
    ):
        abort(400)


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, minus the work when there is no session at all.

    Participants have none: their requests carry no cookie, so there is nothing to verify
    (Flask would build its signer all the same), and nothing to save.
    """

    def open_session(self, app: Flask, request):
        if not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app: Flask, session, response: Response) -> None:
        if session or session.modified or session.accessed:
            super().save_session(app, session, response)


def _headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config["HTTPS"]:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
