"""Command-line tools: ``flask --app survey <command> --help``."""

from __future__ import annotations

import functools
import json
import secrets
import sys
from pathlib import Path

import click
from flask import Flask, current_app, url_for
from flask.cli import with_appcontext
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from . import passwords
from .db import get_session, is_empty, upgrade
from .models import Response, Training, User
from .parsing import plain_int
from .passwords import password_problem

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
        import_batches_command,
        import_delete_command,
        project_group,
        training_group,
        welcome_command,
    ):
        app.cli.add_command(command)


def in_cli_language(command):
    """Run a command with its messages in the instance's CLI_LANGUAGE (English unless set)."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        with force_locale(current_app.config.get("CLI_LANGUAGE") or "en"):
            return command(*args, **kwargs)

    return run


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


# The command line speaks English, like the rest of its messages.
PASSWORD_PROBLEMS = {
    passwords.TOO_SHORT: f"the password must have at least {passwords.MIN_LENGTH} characters",
    passwords.TOO_LONG: f"the password must have at most {passwords.MAX_LENGTH} characters",
    passwords.COMMON: "this password is one of the most common ones: choose another",
}


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
    problem = password_problem(password)
    if problem is not None:
        raise click.ClickException(PASSWORD_PROBLEMS[problem])
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
    type=click.File("r", encoding="utf-8-sig"),
    help="A file of COLUMN=QUESTION lines (# starts a comment).",
)
@click.option("--language", type=click.Choice(["fr", "en", "ar"]), help="Language of the forms.")
@click.option("--date-column", help="Column with each form's date (YYYY-MM-DD or DD/MM/YYYY).")
@click.option(
    "--encoding",
    help="The CSV file's encoding (default: UTF-8, UTF-16 or Windows-1252, recognised).",
)
@click.option(
    "--delimiter",
    type=click.Choice([",", ";", "tab"]),
    help="The CSV file's separator (default: comma, semicolon or tab, recognised).",
)
@click.option(
    "--allow-incomplete",
    is_flag=True,
    help="Import rows that leave a required question unanswered.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="First delete the responses imported before from this same file.",
)
@in_cli_language
def import_command(
    training: str,
    file: str,
    pairs: tuple[str, ...],
    mapping_file,
    language,
    date_column,
    encoding,
    delimiter,
    allow_incomplete,
    replace,
) -> None:
    """Import paper evaluations from a CSV or .xlsx file into a training (all rows or none).

    Cells may hold an option's code or its label in any of the form's languages.
    """
    from .imports import import_csv, read_mapping

    t = _training_arg(training)
    try:
        mapping = read_mapping([*(mapping_file or []), *pairs])
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--map") from None
    if not mapping:
        raise click.UsageError(
            _("say which column goes into which question: --map COLUMN=QUESTION")
        )
    session = get_session()
    result = import_csv(
        session,
        t,
        file,
        mapping,
        language=language,
        date_column=date_column,
        encoding=encoding,
        delimiter="\t" if delimiter == "tab" else delimiter,
        allow_incomplete=allow_incomplete,
        replace=replace,
    )
    if not result.ok:
        session.rollback()
        for error in result.errors:
            click.echo(str(error), err=True)
        raise click.ClickException(result.summary())
    session.commit()
    click.echo(
        ngettext(
            "Imported %(num)d response into training %(id)d (%(already)d already there; "
            "rows read: %(rows)d).",
            "Imported %(num)d responses into training %(id)d (%(already)d already there; "
            "rows read: %(rows)d).",
            result.added,
            id=t.id,
            already=result.already_there,
            rows=result.rows,
        )
    )
    if result.replaced:
        click.echo(
            ngettext(
                "%(num)d response imported before from this file was replaced.",
                "%(num)d responses imported before from this file were replaced.",
                result.replaced,
            )
        )
    if result.empty:
        click.echo(
            ngettext(
                "%(num)d row without any answer was skipped.",
                "%(num)d rows without any answer were skipped.",
                result.empty,
            )
        )
    if result.batch_id is not None:
        click.echo(
            _(
                "Batch %(batch)d: undo it with flask import-delete %(id)d --batch %(batch)d",
                batch=result.batch_id,
                id=t.id,
            )
        )


@click.command("import-batches")
@with_appcontext
@click.argument("training")
@in_cli_language
def import_batches_command(training: str) -> None:
    """List a training's imports: batch, date, responses, file hash, file name."""
    from .imports import import_batches

    t = _training_arg(training)
    for batch, count in import_batches(get_session(), t):
        when = batch.created_at.strftime("%Y-%m-%d %H:%M")
        click.echo(f"{batch.id}\t{when}\t{count}\t{batch.file_hash[:16]}\t{batch.file_name}")


@click.command("import-delete")
@with_appcontext
@click.argument("training")
@click.option("--batch", "batch_id", type=int, help="The batch (see import-batches).")
@click.option("--file-hash", help="The file's SHA-256 hash, or its first 8 or more characters.")
@in_cli_language
def import_delete_command(training: str, batch_id: int | None, file_hash: str | None) -> None:
    """Delete the responses a training received from one import (a batch or a file)."""
    from .imports import delete_imported

    if (batch_id is None) == (file_hash is None):
        raise click.UsageError(_("give either --batch ID or --file-hash HASH"))
    if file_hash is not None and len(file_hash.strip()) < 8:
        raise click.BadParameter(
            _("give at least the first 8 characters of the hash"), param_hint="--file-hash"
        )
    t = _training_arg(training)
    session = get_session()
    deleted = delete_imported(
        session, t, batch_id=batch_id, file_hash=file_hash.strip() if file_hash else None
    )
    if not deleted:
        session.rollback()
        raise click.ClickException(_("no imported responses match in this training"))
    session.commit()
    click.echo(
        ngettext(
            "Deleted %(num)d imported response.", "Deleted %(num)d imported responses.", deleted
        )
    )


@click.group("project")
def project_group() -> None:
    """Create projects."""


@project_group.command("create")
@with_appcontext
@click.argument("name")
@click.option("--owner", required=True, help="E-mail of the user who owns it (must exist).")
@click.option("--donor", default="", help="The donor who funds it.")
@click.option("--json", "as_json", is_flag=True, help="Print the new project as one JSON line.")
@in_cli_language
def project_create(name: str, owner: str, donor: str, as_json: bool) -> None:
    """Create a project owned by an existing user."""
    from .cleanform import without_nul
    from .models import Project

    name, donor = without_nul(name).strip(), without_nul(donor).strip()
    if not name or len(name) > 300:
        raise click.BadParameter(_("give a name of 1 to 300 characters"), param_hint="NAME")
    if len(donor) > 300:
        raise click.BadParameter(_("at most 300 characters"), param_hint="--donor")
    session = get_session()
    user = _user_arg(owner)
    project = Project(name=name, donor=donor, owner_id=user.id)
    session.add(project)
    session.commit()
    if as_json:
        click.echo(
            json.dumps(
                {
                    "id": project.id,
                    "name": project.name,
                    "donor": project.donor,
                    "owner": user.email,
                },
                ensure_ascii=False,
            )
        )
    else:
        click.echo(_("Created project %(id)d: %(name)s", id=project.id, name=project.name))


def _user_arg(email: str) -> User:
    user = get_session().scalar(select(User).where(User.email == User.normalise_email(email)))
    if user is None:
        raise click.BadParameter(
            _("no user with the e-mail %(email)s (create-user makes one)", email=email),
            param_hint="--owner",
        )
    return user


@click.group("training")
def training_group() -> None:
    """Create trainings."""


# The new-training page's fields, as the options that fill them.
_TRAINING_OPTIONS = {
    "title": "--title",
    "languages": "--languages",
    "default_language": "--languages",
    "expected_participants": "--expected",
    "start_date": "--starts",
    "end_date": "--ends",
}


@training_group.command("create")
@with_appcontext
@click.option("--project", "project_id", type=int, required=True, help="The project's id.")
@click.option("--title", required=True, help="The training's title.")
@click.option(
    "--questionnaire",
    "questionnaire_id",
    type=int,
    help="Id of the questionnaire (default: the standard one, with the project's countries).",
)
@click.option(
    "--languages",
    default="fr,en,ar",
    show_default=True,
    help="Languages of the form, the first the default.",
)
@click.option("--expected", type=int, help="Number of participants expected.")
@click.option("--starts", help="First day (YYYY-MM-DD).")
@click.option("--ends", help="Last day (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the new training as one JSON line.")
@in_cli_language
def training_create(
    project_id: int,
    title: str,
    questionnaire_id: int | None,
    languages: str,
    expected: int | None,
    starts: str | None,
    ends: str | None,
    as_json: bool,
) -> None:
    """Create a training in a project, owned by the project's owner, as the web page does.

    A project without an owner (made on the web page) gives the training to the owner
    of its latest training.
    """
    from .dashboard.forms import TrainingDetailsForm
    from .dashboard.views import add_training
    from .models import Project, Questionnaire

    session = get_session()
    project = session.get(Project, project_id)
    if project is None:
        raise click.BadParameter(
            _("no project with id %(id)d", id=project_id), param_hint="--project"
        )
    questionnaire = None
    if questionnaire_id is not None:
        questionnaire = session.get(Questionnaire, questionnaire_id)
        if questionnaire is None:
            raise click.BadParameter(
                _("no questionnaire with id %(id)d", id=questionnaire_id),
                param_hint="--questionnaire",
            )
    codes = [code.strip() for code in languages.split(",") if code.strip()]
    data = MultiDict(
        [
            ("title", title),
            *(("languages", code) for code in codes),
            ("default_language", codes[0] if codes else ""),
            ("expected_participants", "" if expected is None else str(expected)),
            ("start_date", starts or ""),
            ("end_date", ends or ""),
            ("timezone", "UTC"),
        ]
    )
    # The new-training page's form judges the options: one set of rules for both.
    with current_app.test_request_context():
        form = TrainingDetailsForm(formdata=data, meta={"csrf": False})
        if not form.validate():
            problems = [
                f"{_TRAINING_OPTIONS.get(name, name)}: {message}"
                for name, messages in form.errors.items()
                for message in messages
            ]
            raise click.UsageError("\n".join(problems))
        # A project made on the web page has no owner: its trainings' owner stands in.
        owner_id = project.owner_id or session.scalar(
            select(Training.owner_id)
            .where(Training.project_id == project.id, Training.owner_id.is_not(None))
            .order_by(Training.id.desc())
            .limit(1)
        )
        training = add_training(session, form, project, owner_id, questionnaire)
        session.commit()
        path = url_for("collect.form", code=training.code)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "id": training.id,
                    "code": training.code,
                    "path": path,
                    "title": training.title,
                    "project": project.id,
                },
                ensure_ascii=False,
            )
        )
    else:
        click.echo(
            _(
                "Created training %(id)d: %(title)s, form at %(path)s",
                id=training.id,
                title=training.title,
                path=path,
            )
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
