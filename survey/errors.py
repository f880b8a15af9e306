"""Friendly error pages in the visitor's language."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import StatementError
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

    @app.errorhandler(StatementError)
    def database_error(error: StatementError):
        """A statement the database refused: logged by its class and the training only.

        The error's own text can hold what was being written (PostgreSQL names the whole
        failing row: a participant's answers, country and sex), so it stays out of the
        logs, like the statement's parameters (hide_parameters, db.py). A locked or
        unreachable database (OperationalError) has its own handler in db.py.
        """
        cause = type(getattr(error, "orig", None) or error).__name__
        code = (request.view_args or {}).get("code")
        if request.endpoint == "collect.form" and code:
            where = f"storing a response to training {code}"
        else:
            where = f"in {request.endpoint}"
        current_app.logger.error("%s (%s) %s", type(error).__name__, cause, where)
        message = _(
            "The server is busy and could not save this just now. Nothing was lost on "
            "your side: please try again in a moment."
        )
        return render_template("error.html", code=500, message=message), 500
