"""Donor links: trainers create and revoke them; donors open them without an account.

Only the SHA-256 of a link's token is stored, so the database alone cannot open a link.
Each opening records its time and nothing else (no address, no browser).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as flask_session
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..cleanform import without_nul
from ..db import get_session
from ..models import DonorLink, DonorLinkVisit, Project, Training
from ..models.base import as_utc
from ..parsing import plain_int
from ..reports.build import project_pdf, project_report, training_pdf, training_report
from ..reports.render import format_interval, format_percent, text_direction
from ..reports.strings import strings_for
from ..reports.views import REPORT_LANGUAGES, get_project, pdf_response, report_lang

bp = Blueprint("donors", __name__)
MAX_DAYS = 365
DEFAULT_DAYS = 90


NEW_LINK_KEY = "new_donor_link"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@bp.route("/projects/<int:project_id>/donor-links", methods=["GET", "POST"])
@login_required
def manage(project_id: int):
    """List the project's donor links with their openings; create one."""
    project, trainings = get_project(project_id)
    session = get_session()
    new_url = None
    if request.method == "POST":
        scope = request.form.get("scope", "project")
        training_id = None
        if scope != "project":
            training_id = plain_int(scope)
            if training_id not in {t.id for t in trainings}:
                abort(400)
        try:
            days = int(request.form.get("days", DEFAULT_DAYS))
        except ValueError:
            days = DEFAULT_DAYS
        days = min(max(days, 1), MAX_DAYS)
        token = secrets.token_urlsafe(32)
        link = DonorLink(
            project_id=project.id,
            training_id=training_id,
            token_hash=token_hash(token),
            lang=report_lang(request.form.get("lang")),
            label=without_nul(request.form.get("label", "")).strip()[:200],
            created_by=current_user.id,
            expires_at=datetime.now(UTC) + timedelta(days=days),
        )
        session.add(link)
        session.commit()
        # The token is shown once, on the page this redirect leads to; only its hash is
        # kept. Redirecting means a reload of that page cannot create a second link.
        flask_session[NEW_LINK_KEY] = url_for("donors.open_link", token=token, _external=True)
        # Only the page's own arguments come along: other names could clash with
        # url_for's own (project_id, endpoint, _external, _scheme).
        kept = {name: request.args[name] for name in ("training", "lang") if name in request.args}
        return redirect(url_for("donors.manage", project_id=project.id, **kept), 303)
    new_url = flask_session.pop(NEW_LINK_KEY, None)
    links = session.scalars(
        select(DonorLink).where(DonorLink.project_id == project.id).order_by(DonorLink.id.desc())
    ).all()
    visible = {t.id for t in trainings}
    titles = {t.id: t.title for t in trainings}
    now = datetime.now(UTC)
    rows = [
        {
            "id": link.id,
            "label": link.label,
            "scope": titles.get(link.training_id, "") if link.training_id else None,
            "lang": link.lang,
            "created": as_utc(link.created_at),
            "expires": as_utc(link.expires_at),
            "state": link.state(now),
            "visits": [as_utc(v.opened_at) for v in link.visits],
        }
        for link in links
        if link.training_id is None or link.training_id in visible
    ]
    return render_template(
        "donors/manage.html",
        project=project,
        trainings=trainings,
        links=rows,
        new_url=new_url,
        languages=REPORT_LANGUAGES,
        default_days=DEFAULT_DAYS,
        max_days=MAX_DAYS,
        back=request.args.get("training", type=int),
    )


@bp.post("/donor-links/<int:link_id>/revoke")
@login_required
def revoke(link_id: int):
    session = get_session()
    link = session.get(DonorLink, link_id)
    if link is None:
        abort(404)
    project, trainings = get_project(link.project_id)
    if link.training_id is not None and link.training_id not in {t.id for t in trainings}:
        abort(404)
    if link.revoked_at is None:
        link.revoked_at = datetime.now(UTC)
        session.commit()
    flash(_("The link is revoked: it no longer opens the report."), "success")
    return redirect(url_for("donors.manage", project_id=project.id))


def _open(token: str) -> tuple[DonorLink, Project, Training | None]:
    """Return the link's objects after recording the opening, or end with 404 / 410."""
    session = get_session()
    link = session.scalar(select(DonorLink).where(DonorLink.token_hash == token_hash(token)))
    if link is None:
        abort(404)
    state = link.state(datetime.now(UTC))
    if state != "active":
        t = strings_for(link.lang)
        with_date = (
            format_date(as_utc(link.expires_at).date(), "long") if state == "expired" else ""
        )
        message = (
            t["link_revoked"] if state == "revoked" else t["link_expired"].format(date=with_date)
        )
        abort(
            make_response(
                render_template(
                    "donors/gone.html",
                    t=t,
                    message=message,
                    lang=link.lang,
                    text_dir=text_direction(link.lang),
                ),
                410,
            )
        )
    project = session.get(Project, link.project_id)
    training = session.get(Training, link.training_id) if link.training_id else None
    if project is None or (link.training_id and training is None):
        abort(404)
    session.add(DonorLinkVisit(link_id=link.id))
    session.commit()
    return link, project, training


@bp.get("/d/<token>")
def open_link(token: str):
    """The donor's read-only summary: headline figures, indicators and groups."""
    link, project, training = _open(token)
    if training is not None:
        report = training_report(training, link.lang)
    else:
        report = project_report(project, link.lang)
    return render_template(
        "donors/summary.html",
        report=report,
        t=strings_for(link.lang),
        lang=link.lang,
        text_dir=text_direction(link.lang),
        token=token,
        percent=format_percent,
        interval=format_interval,
    )


@bp.get("/d/<token>/report.pdf")
def link_pdf(token: str):
    """The latest PDF report behind a donor link."""
    link, project, training = _open(token)
    if training is not None:
        return pdf_response(training_pdf(training, link.lang), f"report-{link.lang}.pdf")
    return pdf_response(project_pdf(project, link.lang), f"report-{link.lang}.pdf")
