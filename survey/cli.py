"""Command-line tools: ``flask --app survey <command> --help``."""

from __future__ import annotations

import json
import secrets
import sys
from pathlib import Path

import click
from flask import Flask, current_app, url_for
from flask.cli import with_appcontext
from sqlalchemy import func, select

from .db import get_session, is_empty, upgrade
from .models import Response, Training, User
from .parsing import plain_int

DEMO_EMAIL = "demo@retour.example"
DEMO_CREDENTIALS = "demo-login.txt"


def init_app(app: Flask) -> None:
    for command in (
        create_user,
        seed_demo_command,
        trainings_command,
        results_command,
        report_command,
        export_command,
        import_command,
        welcome_command,
    ):
        app.cli.add_command(command)


def _training_arg(value: str) -> Training:
    """A training by id or by public code."""
    session = get_session()
    training = None
    if (training_id := plain_int(value)) is not None:
        training = session.get(Training, training_id)
    if training is None:
        training = session.scalar(select(Training).where(Training.code == value.lower()))
    if training is None:
        raise click.BadParameter(f"no training with id or code {value!r}", param_hint="TRAINING")
    return training


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--admin", is_flag=True, help="Give the user administrator rights.")
@click.option("--name", default="", help="Display name.")
@click.option(
    "--password-file",
    type=click.File("r", encoding="utf-8"),
    help="Read the password from this file (its first line) instead of prompting.",
)
def create_user(email: str, admin: bool, name: str, password_file) -> None:
    """Create a trainer (or an administrator with --admin)."""
    email = User.normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise click.BadParameter("not an email address", param_hint="EMAIL")
    session = get_session()
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise click.ClickException(f"a user with the email {email} already exists")
    if password_file is not None:
        password = password_file.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.ClickException("the password must have at least 10 characters")
    user = User(email=email, name=name, role="admin" if admin else "trainer")
    user.set_password(password)
    session.add(user)
    session.commit()
    click.echo(f"Created {'administrator' if admin else 'trainer'} {email}")


@click.command("seed-demo")
@with_appcontext
@click.option(
    "--responses",
    type=click.IntRange(min=0),
    default=None,
    help="Number of responses to generate (default: the 2016 Rabat case).",
)
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has trainings.")
def seed_demo_command(responses: int | None, if_empty: bool) -> None:
    """Create the demo project: two trainings in Rabat, May 2016, with answers."""
    from .demo import seed_demo

    upgrade()
    if if_empty and not is_empty():
        click.echo("The database already has trainings: demo not added.")
        return
    session = get_session()
    user, password = _demo_user()
    summary = seed_demo(session, responses=responses)
    for training_id in summary.training_ids:
        session.get(Training, training_id).owner_id = user.id
    session.commit()
    click.echo(f"Demo project created with {summary.responses} responses.")
    if password:
        click.echo(f"Log in as {DEMO_EMAIL} with the password in instance/{DEMO_CREDENTIALS}")


def _demo_user() -> tuple[User, str | None]:
    """The demo trainer account; its password is written to the instance folder once."""
    session = get_session()
    user = session.scalar(select(User).where(User.email == DEMO_EMAIL))
    if user is not None:
        return user, None
    password = secrets.token_urlsafe(12)
    user = User(email=DEMO_EMAIL, name="Demo", role="admin")
    user.set_password(password)
    session.add(user)
    session.flush()
    path = Path(current_app.instance_path) / DEMO_CREDENTIALS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"email: {DEMO_EMAIL}\npassword: {password}\n", encoding="utf-8")
    path.chmod(0o600)
    return user, password


@click.command("trainings")
@with_appcontext
def trainings_command() -> None:
    """List trainings: id, public code, form path, responses, title."""
    session = get_session()
    counts = dict(
        session.execute(
            select(Response.training_id, func.count()).group_by(Response.training_id)
        ).all()
    )
    rows = session.scalars(select(Training).order_by(Training.id)).all()
    with current_app.test_request_context():
        for t in rows:
            path = url_for("collect.form", code=t.code)
            click.echo(f"{t.id}\t{t.code}\t{path}\t{counts.get(t.id, 0)}\t{t.title}")


@click.command("results")
@with_appcontext
@click.argument("training")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en", "ar"]),
    default="fr",
    show_default=True,
    help="Language of labels in the output.",
)
def results_command(training: str, fmt: str, lang: str) -> None:
    """Print a training's figures (the dashboard's numbers) as JSON."""
    from .results import figures_json

    t = _training_arg(training)
    data = figures_json(get_session(), t, lang)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command("report")
@with_appcontext
@click.argument("training", required=False)
@click.option("--project", "project_id", type=int, help="Write this project's report instead.")
@click.option("--lang", type=click.Choice(["fr", "en", "ar"]), default="fr", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    required=True,
    help="Where to write the PDF ('-' for standard output).",
)
def report_command(training: str | None, project_id: int | None, lang: str, output: str) -> None:
    """Write a training's PDF report (or a project's, with --project ID)."""
    from .models import Project
    from .reports.build import project_pdf, training_pdf

    if (training is None) == (project_id is None):
        raise click.UsageError("give either TRAINING or --project ID")
    with current_app.test_request_context():
        if project_id is not None:
            project = get_session().get(Project, project_id)
            if project is None:
                raise click.BadParameter(f"no project with id {project_id}", param_hint="--project")
            pdf = project_pdf(project, lang)
        else:
            pdf = training_pdf(_training_arg(training or ""), lang)
    if output == "-":
        sys.stdout.buffer.write(pdf)
    else:
        Path(output).write_bytes(pdf)
        click.echo(f"Wrote {output} ({len(pdf):,} bytes)", err=True)


@click.command("export")
@with_appcontext
@click.argument("training")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en", "ar", "codes"]),
    default="fr",
    show_default=True,
    help="Language of headers and answers, or question and answer codes.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    required=True,
    help="Where to write the file ('-' for standard output).",
)
def export_command(training: str, fmt: str, lang: str, output: str) -> None:
    """Export a training's responses, one row per response."""
    from .exports import csv_lines, write_xlsx

    t = _training_arg(training)
    if fmt == "xlsx":
        if output == "-":
            write_xlsx(get_session(), t, lang, sys.stdout.buffer)
            return
        with open(output, "wb") as fh:
            write_xlsx(get_session(), t, lang, fh)
        click.echo(f"Wrote {output}", err=True)
        return
    chunks = csv_lines(get_session(), t, lang)
    if output == "-":
        for chunk in chunks:
            sys.stdout.write(chunk)
        return
    with open(output, "w", encoding="utf-8", newline="") as fh:
        for chunk in chunks:
            fh.write(chunk)
    click.echo(f"Wrote {output}", err=True)


@click.command("import")
@with_appcontext
@click.argument("training")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--map",
    "pairs",
    multiple=True,
    metavar="COLUMN=QUESTION",
    help="Put the file's COLUMN into the question with code QUESTION (repeat it).",
)
@click.option(
    "--mapping-file",
    type=click.File("r", encoding="utf-8"),
    help="A file of COLUMN=QUESTION lines (# starts a comment).",
)
@click.option("--language", type=click.Choice(["fr", "en", "ar"]), help="Language of the forms.")
@click.option("--date-column", help="Column with each form's date (YYYY-MM-DD).")
def import_command(
    training: str, file: str, pairs: tuple[str, ...], mapping_file, language, date_column
) -> None:
    """Import paper evaluations from a CSV file into a training (all rows or none)."""
    from .imports import import_csv, read_mapping

    t = _training_arg(training)
    try:
        mapping = read_mapping([*(mapping_file or []), *pairs])
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--map") from None
    if not mapping:
        raise click.UsageError("say which column goes into which question: --map COLUMN=QUESTION")
    session = get_session()
    result = import_csv(session, t, file, mapping, language=language, date_column=date_column)
    if not result.ok:
        session.rollback()
        for error in result.errors:
            click.echo(str(error), err=True)
        raise click.ClickException(
            f"nothing imported: {len(result.errors)} error(s) in {result.rows} rows"
        )
    session.commit()
    click.echo(
        f"Imported {result.added} responses into training {t.id} "
        f"({result.already_there} already there, {result.rows} rows read)."
    )


@click.command("welcome")
@with_appcontext
@click.option("--port", default=5000, show_default=True, help="Port the app will serve on.")
def welcome_command(port: int) -> None:
    """Print how to log in and where the demo forms are."""
    base = f"http://127.0.0.1:{port}"
    credentials = Path(current_app.instance_path) / DEMO_CREDENTIALS
    click.echo("")
    click.echo(f"Retour is starting on {base}")
    if credentials.exists():
        click.echo(f"Log in at {base}/login with ({credentials}):")
        click.echo("  " + credentials.read_text(encoding="utf-8").strip().replace("\n", "\n  "))
    session = get_session()
    with current_app.test_request_context():
        for t in session.scalars(select(Training).order_by(Training.id)):
            click.echo(
                f"Form for participants, {t.title}: {base}{url_for('collect.form', code=t.code)}"
            )
    click.echo("")
