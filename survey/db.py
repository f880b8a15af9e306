"""Engine per app, session per request, and the migration commands."""

from __future__ import annotations

from pathlib import Path

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app, g, render_template, request
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Seconds a client (the phone's offline queue) should wait before retrying after a 503.
RETRY_AFTER_SECONDS = 10


def make_engine(url: str, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> Engine:
    """Create an engine whose commits are on disk when they return.

    A participant is thanked, and the phone drops its queued copy, right after the commit:
    a commit that a power cut can undo is an answer lost with nobody told. So SQLite runs
    with ``synchronous=FULL`` (in WAL mode, NORMAL syncs the log only at checkpoints), and
    each PostgreSQL session asks for ``synchronous_commit=on`` whatever the server's
    default. SQLite also gets WAL, a busy timeout and foreign keys.
    """
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": busy_timeout_ms / 1000}, hide_parameters=True
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        event.listen(engine, "handle_error", _discard_broken_sqlite_connections)
        return engine

    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _postgres_durable_commits(dbapi_connection, _record) -> None:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO on")
        dbapi_connection.commit()

    return engine


# SQLite opens a file it may not write read-only, and such a connection stays read-only
# after the file is writable again; an I/O error can leave a connection in a state no
# retry clears. Either way the pooled connections are discarded, so the next request
# opens fresh ones instead of failing until a restart.
_BROKEN_SQLITE = (
    "readonly database",
    "disk i/o error",
    "unable to open database file",
)


def _discard_broken_sqlite_connections(context) -> None:
    message = str(context.original_exception).lower()
    if any(marker in message for marker in _BROKEN_SQLITE):
        context.is_disconnect = True


class Database:
    """The app's engine and session factory."""

    def __init__(self, url: str, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> None:
        self.url = url
        self.engine = make_engine(url, busy_timeout_ms)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)


def init_app(app: Flask) -> None:
    app.extensions["survey_db"] = Database(
        app.config["DATABASE_URL"],
        app.config.get("SQLITE_BUSY_TIMEOUT_MS", SQLITE_BUSY_TIMEOUT_MS),
    )
    app.teardown_appcontext(_close_session)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.cli.add_command(init_db_command)


def database() -> Database:
    return current_app.extensions["survey_db"]


def get_session() -> Session:
    """Return the session of this request (or CLI command), opening it on first use."""
    if "db_session" not in g:
        g.db_session = database().sessionmaker()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def _database_unavailable(error: OperationalError):
    """A locked, full or unreachable database: nothing was stored, ask to retry.

    Each request writes in one transaction, so the failed one left nothing behind.
    """
    # The class and the database's own words ("database is locked") are enough to act
    # on; the statement stays out of the log with what it was writing.
    reason = str(getattr(error, "orig", None) or "").splitlines()[:1]
    current_app.logger.error(
        "Database unavailable (%s: %s) in %s",
        type(getattr(error, "orig", None) or error).__name__,
        reason[0][:200] if reason else "",
        request.endpoint,
    )
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
    message = _(
        "The server is busy and could not save this just now. Nothing was lost on "
        "your side: please try again in a moment."
    )
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    try:
        return render_template("error.html", code=503, message=message), 503, headers
    except Exception:  # the page itself may need the database (the logged-in user)
        return message, 503, {**headers, "Content-Type": "text/plain; charset=utf-8"}


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine | None = None) -> None:
    """Bring the database schema to the newest migration."""
    migrate(engine or database().engine, "head")


def migrate(engine: Engine, target: str, *, down: bool = False) -> None:
    """Run the migrations up (or down) to ``target``, keeping every row.

    SQLite changes a table by copying it to a new one and dropping the old: with foreign
    keys on (every Retour connection turns them on), dropping `trainings` would delete
    each response through ON DELETE CASCADE, and dropping `responses` every answer. So
    the migrations run with foreign keys off (a pragma SQLite only takes outside a
    transaction), and the result is checked with foreign_key_check before it commits.
    """
    cfg = alembic_config(str(engine.url))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # ends SQLAlchemy's autobegun transaction; the pragma holds
        try:
            with connection.begin():
                cfg.attributes["connection"] = connection
                (command.downgrade if down else command.upgrade)(cfg, target)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration left dangling references: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def is_empty() -> bool:
    """True when the schema exists but holds no training yet."""
    from .models import Training

    if not inspect(database().engine).has_table("trainings"):
        return True
    return get_session().query(Training.id).first() is None


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database schema to the newest migration."""
    upgrade()
    engine = database().engine
    click.echo(f"Database ready: {engine.url.render_as_string(hide_password=True)}")
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            fsync = connection.exec_driver_sql("SHOW fsync").scalar()
        if fsync != "on":
            # Operators read the command line in English, as every other command's output.
            click.echo(
                "Warning: this PostgreSQL server runs with fsync off, so a power cut "
                "can lose answers that participants were thanked for.",
                err=True,
            )
