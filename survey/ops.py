"""Data care commands: backup, restore, retention."""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import sqlite3
import subprocess  # nosec B404
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import delete, func, insert, inspect, select
from sqlalchemy.engine import URL

from .db import database, get_session
from .models import Answer, Project, Response, Training
from .models.dataversion import DataEpoch, bump_revision
from .models.profile import refresh_profiles


def init_app(app: Flask) -> None:
    for command in (backup_command, restore_command, retention_command):
        app.cli.add_command(command)


def postgres_tool(name: str) -> str:
    """pg_dump or pg_restore: PATH first, then the newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(bindir, name).exists():
            return str(Path(bindir, name))
    raise click.ClickException(f"{name} not found: install the PostgreSQL client tools.")


def _libpq_args(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and an environment holding it."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    uri = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise click.ClickException("This SQLite database is in memory: nothing to back up.")
    return Path(url.database)


def backup(output: Path) -> None:
    """Write a consistent copy of the database while the app keeps running."""
    url = database().engine.url
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(_sqlite_path(url))
        target = sqlite3.connect(output)
        try:
            # The online backup API copies a consistent snapshot even while others write.
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
        return
    uri, env = _libpq_args(url)
    _run(
        [
            postgres_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(output),
            "--dbname",
            uri,
        ],
        env,
    )


def restore(backup_file: Path) -> None:
    """Replace the database's contents with a backup made by `backup`."""
    url = database().engine.url
    database().engine.dispose()
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        try:
            check = source.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise click.ClickException(f"{backup_file} is damaged: {check}")
            with tempfile.TemporaryDirectory() as folder:
                # The new epoch is written into a copy first, so the database is replaced
                # by data and epoch at once: no request sees the one without the other.
                copy = sqlite3.connect(Path(folder, "restore.sqlite"))
                try:
                    with copy:
                        source.backup(copy)
                    with copy:
                        _new_sqlite_epoch(copy)
                    target = sqlite3.connect(_sqlite_path(url))
                    try:
                        with target:
                            copy.backup(target)
                    finally:
                        target.close()
                finally:
                    copy.close()
        except sqlite3.DatabaseError as exc:
            raise click.ClickException(f"{backup_file} is not a SQLite backup: {exc}") from exc
        finally:
            source.close()
        return
    uri, env = _libpq_args(url)
    _run(
        [
            postgres_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            uri,
            str(backup_file),
        ],
        env,
    )
    # Right after pg_restore's own transaction. A request in between sees the backup's
    # epoch; only figures cached from the database the backup was made of carry it.
    with database().engine.begin() as connection:
        if inspect(connection).has_table("data_epoch"):
            connection.execute(delete(DataEpoch))
            connection.execute(insert(DataEpoch).values(epoch=secrets.token_hex(16)))


def _new_sqlite_epoch(connection: sqlite3.Connection) -> None:
    """Give restored data a new random epoch (see results.DataVersion). A backup made
    before the epoch existed has none: upgrading it (init-db) makes one."""
    found = connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'data_epoch'"
    ).fetchone()[0]
    if found:
        connection.execute("DELETE FROM data_epoch")
        connection.execute("INSERT INTO data_epoch (epoch) VALUES (?)", (secrets.token_hex(16),))


def _run(args: list[str], env: dict[str, str]) -> None:
    """Run pg_dump/pg_restore (the only subprocesses here) from a list, never a shell."""
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603 # nosec B603
    if result.returncode != 0:
        raise click.ClickException(f"{Path(args[0]).name} failed: {result.stderr.strip()}")


@click.command("backup")
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (SQLite file, or pg_dump custom format for PostgreSQL).",
)
@with_appcontext
def backup_command(output: Path) -> None:
    """Write a consistent backup of the database (safe while the app runs)."""
    if output.exists():
        raise click.ClickException(f"{output} exists: choose a new file name.")
    backup(output)
    click.echo(f"Backup written: {output} ({output.stat().st_size} bytes)")


@click.command("restore")
@click.argument("backup_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(backup_file: Path, yes: bool) -> None:
    """Replace ALL data in the database with the contents of BACKUP_FILE."""
    target = database().engine.url.render_as_string(hide_password=True)
    if not yes:
        click.confirm(f"Replace every row of {target} with {backup_file}?", abort=True)
    restore(backup_file)
    click.echo(f"Restored {backup_file} into {target}")


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Only count what would be removed.")
@click.option(
    "--text-only",
    is_flag=True,
    help="Keep old responses but delete their free-text answers (anonymise).",
)
@with_appcontext
def retention_command(dry_run: bool, text_only: bool) -> None:
    """Delete responses older than their project's retention_days (or only their text)."""
    session = get_session()
    now = datetime.now(UTC)
    projects = session.scalars(
        select(Project).where(Project.retention_days.is_not(None)).order_by(Project.id)
    ).all()
    total = 0
    for project in projects:
        cutoff = now - timedelta(days=project.retention_days)
        old = select(Response.id).where(
            Response.training_id.in_(select(Training.id).where(Training.project_id == project.id)),
            Response.submitted_at < cutoff,
        )
        if text_only:
            target = select(func.count()).where(
                Answer.response_id.in_(old), Answer.text.is_not(None)
            )
            what = "free-text answers"
        else:
            target = select(func.count()).select_from(old.subquery())
            what = "responses"
        count = session.scalar(target) or 0
        total += count
        verb = "would delete" if dry_run else "deleted"
        click.echo(
            f"{project.name}: {verb} {count} {what} older than {project.retention_days} days"
        )
        if dry_run or not count:
            continue
        # Cached figures and comments of these trainings are stale from this commit on.
        bump_revision(session, Training.project_id == project.id)
        if text_only:
            session.execute(
                delete(Answer).where(Answer.response_id.in_(old), Answer.text.is_not(None)),
                execution_options={"synchronize_session": False},
            )
            # The profiles say who answered each text question: say it again.
            refresh_profiles(session, old)
        else:
            # Answers and report comments go with their response (ON DELETE CASCADE).
            session.execute(
                delete(Response).where(Response.id.in_(old)),
                execution_options={"synchronize_session": False},
            )
    if not dry_run:
        session.commit()
    click.echo(f"Total: {total} ({'dry run, nothing changed' if dry_run else 'done'})")
