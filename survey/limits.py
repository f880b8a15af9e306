"""How large a request may be, per route: small for a participant's answers, larger for
the project settings that carry logos, 1 MB for the rest.

Werkzeug compares the request's Content-Length with the limit before reading the body
(and stops reading a body without one at the limit), so a 30 MB post is refused with a
413 page (errors.py, and the form's own in collect/views.py) without being read.
"""

from __future__ import annotations

from flask import Flask, current_app, request

# Endpoint: the setting holding its limit. Every other route has MAX_CONTENT_LENGTH.
ROUTE_LIMITS = {
    "collect.form": "FORM_MAX_CONTENT_LENGTH",
    "projects.settings": "UPLOAD_MAX_CONTENT_LENGTH",
}


def init_app(app: Flask) -> None:
    app.before_request(_limit_request_size)


def _limit_request_size() -> None:
    setting = ROUTE_LIMITS.get(request.endpoint or "")
    if setting is not None:
        request.max_content_length = current_app.config[setting]
