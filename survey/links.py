"""Public addresses (form links, QR codes, the poster, donor links) from configuration.

The request's Host header is whatever the visitor sends: an address built from it could
point a printed poster anywhere, and each new Host made the public poster render again.
"""

from __future__ import annotations

import re

from flask import Flask, current_app, url_for

# `make run` serves the demo here (it sets SURVEY_PUBLIC_BASE_URL for another PORT).
DEMO_BASE_URL = "http://127.0.0.1:5000"
_BASE_URL = re.compile(r"https?://[^/\s?#]+/?")


def init_app(app: Flask) -> None:
    """Refuse a PUBLIC_BASE_URL that is not an address: it is printed on posters."""
    base = app.config.get("PUBLIC_BASE_URL")
    if base and not _BASE_URL.fullmatch(base):
        raise RuntimeError(
            f"PUBLIC_BASE_URL must be a scheme and host, e.g. https://retour.example.org: {base!r}"
        )


def public_base_url() -> str:
    """PUBLIC_BASE_URL, else the configured SERVER_NAME, else the local demo's address."""
    config = current_app.config
    base = config.get("PUBLIC_BASE_URL")
    if not base and config.get("SERVER_NAME"):
        base = f"{config.get('PREFERRED_URL_SCHEME') or 'http'}://{config['SERVER_NAME']}"
    return (base or DEMO_BASE_URL).rstrip("/")


def public_url(endpoint: str, **values) -> str:
    """The full public address of ``endpoint``, the same whichever Host was asked."""
    return public_base_url() + url_for(endpoint, **values)
