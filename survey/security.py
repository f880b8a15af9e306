"""CSRF on every form, secure cookies, and the security headers of every response."""

from __future__ import annotations

from flask import Flask, Response, current_app
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
    csrf.init_app(app)
    app.after_request(_headers)


def _headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config["HTTPS"]:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response
