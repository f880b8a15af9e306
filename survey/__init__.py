"""Retour: evaluate trainings from phone forms to donor PDF reports."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

INSTANCE_CONFIG = "config.py"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and configure the Retour application."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("SURVEY_INSTANCE_PATH") or _default_instance_path(),
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_object("survey.config")
    if test_config is None:
        _ensure_instance_config(Path(app.instance_path))
        app.config.from_pyfile(INSTANCE_CONFIG, silent=True)
        app.config.from_prefixed_env("SURVEY")
    else:
        app.config.from_prefixed_env("SURVEY")
        app.config.update(test_config)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("No SECRET_KEY: set it in instance/config.py or SURVEY_SECRET_KEY.")
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = "sqlite:///" + str(Path(app.instance_path) / "survey.sqlite")

    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # One trusted proxy (nginx) sets X-Forwarded-For, -Proto and -Host.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)

    from . import auth, cli, db, errors, i18n, limits, links, ops, ratelimit, security
    from .collect import assets
    from .collect import views as collect_views
    from .dashboard import projects as project_views
    from .dashboard import views as dashboard_views
    from .donors import views as donor_views
    from .reports import views as report_views

    db.init_app(app)
    i18n.init_app(app)
    limits.init_app(app)  # before the CSRF check, which reads the body
    links.init_app(app)
    security.init_app(app)
    ratelimit.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    cli.init_app(app)
    ops.init_app(app)
    assets.init_app(app)
    app.register_blueprint(collect_views.bp)
    app.register_blueprint(dashboard_views.bp)
    app.register_blueprint(project_views.bp)
    app.register_blueprint(report_views.bp)
    app.register_blueprint(donor_views.bp)
    app.add_url_rule("/", endpoint="index", view_func=dashboard_views.index)
    return app


def _default_instance_path() -> str:
    return str(Path(__file__).resolve().parent.parent / "instance")


def _ensure_instance_config(instance: Path) -> None:
    """Write instance/config.py with a random secret key on first start."""
    path = instance / INSTANCE_CONFIG
    if path.exists():
        return
    instance.mkdir(parents=True, exist_ok=True)
    text = (
        "# Written by Retour on first start. Keep it private: it signs sessions.\n"
        f"SECRET_KEY = {secrets.token_hex(32)!r}\n"
        "# DATABASE_URL = 'postgresql+psycopg://user:password@localhost/retour'\n"
    )
    # O_EXCL: two workers starting together must not both write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
