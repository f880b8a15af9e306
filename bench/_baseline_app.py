"""The baseline for bench/load.py: bare Flask + SQLAlchemy storing the same answers.

No templates, no translations, no CSRF check, no validation: a GET returns the two hidden
fields a participant needs, a POST inserts one response and its answers in one
transaction. Run by load.py as ``gunicorn bench._baseline_app:app`` (BASELINE_DATABASE_URL).
Its commits are as durable as Retour's (``synchronous=FULL`` on SQLite) unless
BASELINE_SQLITE_SYNCHRONOUS says otherwise: load.py sets NORMAL once to show what
durability costs.
"""

from __future__ import annotations

import os
import secrets
import uuid

from flask import Flask, redirect, request
from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
)
from sqlalchemy.exc import IntegrityError

metadata = MetaData()
responses = Table(
    "base_responses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sid", String(64), unique=True, nullable=False),
)
answers = Table(
    "base_answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("response_id", ForeignKey("base_responses.id"), nullable=False),
    Column("name", String(64), nullable=False),
    Column("value", Text, nullable=False),
)


def make_engine(url: str):
    engine = create_engine(url)
    if url.startswith("sqlite"):

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record):
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=10000")
            mode = os.environ.get("BASELINE_SQLITE_SYNCHRONOUS", "FULL")
            conn.execute(f"PRAGMA synchronous={'NORMAL' if mode == 'NORMAL' else 'FULL'}")

    return engine


app = Flask(__name__)
engine = make_engine(os.environ.get("BASELINE_DATABASE_URL", "sqlite:///baseline.sqlite"))

PAGE = (
    '<form method="post"><input type="hidden" name="csrf_token" value="{token}">'
    '<input type="hidden" name="sid" value="{sid}"><button>Send</button></form>'
)


@app.get("/login")
def ready():
    return "ok"


@app.route("/s/<code>", methods=["GET", "POST"])
def form(code: str):
    if request.method == "GET":
        return PAGE.format(token=secrets.token_urlsafe(32), sid=uuid.uuid4().hex)
    values = [(k, v) for k, v in request.form.items(multi=True) if k.startswith("q_") and v]
    try:
        with engine.begin() as conn:
            response_id = conn.execute(
                insert(responses).values(sid=request.form["sid"])
            ).inserted_primary_key[0]
            conn.execute(
                insert(answers),
                [{"response_id": response_id, "name": k, "value": v} for k, v in values],
            )
    except IntegrityError:
        pass  # sent twice: stored once
    return redirect(f"/s/{code}/thanks", 303)
