"""Friendly error pages in the visitor's language."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = _("This page was open too long. Please go back, reload it and try again.")
        return render_template("error.html", code=400, message=message), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {
            404: _("This page does not exist. Check the link or the code you typed."),
            403: _("You do not have access to this page."),
            405: _("This address does not accept that request."),
            413: _(
                "What you sent is too large: at most %(size)s MB. Go back and choose a "
                "smaller file.",
                size=format_decimal(
                    (request.max_content_length or 0) / (1024 * 1024), format="#,##0.##"
                ),
            ),
        }
        message = messages.get(error.code or 500, error.description or "")
        return render_template("error.html", code=error.code, message=message), error.code
