"""Report downloads, e-mail to donors and the choice of comments, for trainers."""

from __future__ import annotations

import smtplib

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import delete, select

from ..dashboard.views import get_training
from ..db import get_session
from ..i18n import get_locale
from ..mail import MailNotConfiguredError, send_pdf
from ..models import Project, ReportComment, Training
from ..parsing import plain_int
from .build import commentable_answers, project_pdf, training_pdf
from .strings import strings_for

bp = Blueprint("reports", __name__)
REPORT_LANGUAGES = ("fr", "en", "ar")


def report_lang(value: str | None) -> str:
    """Return a report language from a request value, French by default."""
    return value if value in REPORT_LANGUAGES else "fr"


def visible_trainings(project: Project) -> list[Training]:
    """The project's trainings the current user may see; 404 when there is none."""
    if current_user.is_admin:
        chosen = list(project.trainings)
    else:
        chosen = [t for t in project.trainings if t.owner_id == current_user.id]
    if not chosen:
        abort(404)
    return chosen


def get_project(project_id: int) -> tuple[Project, list[Training]]:
    project = get_session().get(Project, project_id)
    if project is None:
        abort(404)
    return project, visible_trainings(project)


def pdf_response(pdf: bytes, filename: str) -> Response:
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@bp.get("/trainings/<int:training_id>/report.pdf")
@login_required
def training_pdf_view(training_id: int):
    training = get_training(training_id)
    lang = report_lang(request.args.get("lang"))
    return pdf_response(training_pdf(training, lang), f"retour-{training.code}-{lang}.pdf")


@bp.get("/projects/<int:project_id>/report.pdf")
@login_required
def project_pdf_view(project_id: int):
    project, trainings = get_project(project_id)
    lang = report_lang(request.args.get("lang"))
    return pdf_response(
        project_pdf(project, lang, trainings), f"retour-project-{project.id}-{lang}.pdf"
    )


@bp.post("/trainings/<int:training_id>/report/email")
@login_required
def email_training_report(training_id: int):
    """Send the training's report to the project's donor addresses."""
    training = get_training(training_id)
    project = training.project
    lang = report_lang(request.form.get("lang"))
    back = redirect(url_for("dashboard.training", training_id=training.id))
    recipients = [e for e in (project.donor_emails or []) if e]
    if not recipients:
        flash(_("This project has no donor e-mail address."), "error")
        return back
    t = strings_for(lang)
    sender = project.organisation_in(lang) or project.name_in(lang)
    title = training.title_in(lang)
    try:
        send_pdf(
            current_app.config,
            to=recipients,
            subject=t["mail_subject"].format(title=title),
            body=t["mail_body"].format(title=title, project=project.name_in(lang), sender=sender),
            pdf=training_pdf(training, lang),
            filename=f"retour-{training.code}-{lang}.pdf",
            lang=lang,
        )
    except MailNotConfiguredError:
        flash(_("E-mail is not set up on this server (MAIL_SERVER)."), "error")
        return back
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.warning("report e-mail failed: %s", error)
        flash(_("The report could not be sent. Please try again later."), "error")
        return back
    flash(_("Report sent to %(emails)s.", emails=", ".join(recipients)), "success")
    return back


@bp.route("/trainings/<int:training_id>/report/comments", methods=["GET", "POST"])
@login_required
def report_comments(training_id: int):
    """Let the trainer tick which comments may appear, anonymised, in reports."""
    training = get_training(training_id)
    session = get_session()
    answers = commentable_answers(session, training)
    if request.method == "POST":
        allowed = {aid for aid, *_ in answers}
        wanted = set()
        for value in request.form.getlist("answer"):
            if (aid := plain_int(value)) in allowed:
                wanted.add(aid)
        if allowed:
            session.execute(
                delete(ReportComment).where(ReportComment.answer_id.in_(allowed - wanted))
            )
        already = set(
            session.scalars(
                select(ReportComment.answer_id).where(ReportComment.answer_id.in_(wanted))
            )
        )
        for aid in sorted(wanted - already):
            session.add(ReportComment(answer_id=aid))
        session.commit()
        flash(
            ngettext(
                "%(num)d comment will appear in reports.",
                "%(num)d comments will appear in reports.",
                len(wanted),
            ),
            "success",
        )
        return redirect(url_for("reports.report_comments", training_id=training.id))
    # Grouped under their question, in the questionnaire's order: a comment reads
    # differently as an answer to "what was most useful?" or to "what should change?".
    by_question: dict[int, list] = {}
    for answer in answers:
        by_question.setdefault(answer[4], []).append(answer)
    lang = get_locale()
    groups = [
        (q.label(lang), by_question[q.id])
        for q in training.questionnaire.questions
        if q.id in by_question
    ]
    return render_template("reports/comments.html", training=training, groups=groups)
