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
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as flask_session
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..cleanform import without_nul
from ..db import get_session
from ..i18n import local_time
from ..links import public_url
from ..models import DonorLink, DonorLinkVisit, Project, Training
from ..models.base import as_utc, zone_named
from ..parsing import plain_int
from ..reports.build import LOGO_TYPES, project_pdf, project_report, training_pdf, training_report
from ..reports.render import (
    SMALL_SAMPLE,
    TrainingReport,
    format_interval,
    format_percent,
    text_direction,
)
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
        flask_session[NEW_LINK_KEY] = public_url("donors.open_link", token=token)
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
    link, project, training = _active(token)
    session = get_session()
    session.add(DonorLinkVisit(link_id=link.id))
    session.commit()
    return link, project, training


def _active(token: str) -> tuple[DonorLink, Project, Training | None]:
    """Return an active link's objects, or end with 404 / 410; record nothing."""
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
    return link, project, training


def _figures_time(project: Project, training: Training | None, lang: str) -> str:
    """Now, in the training's time zone (a project's, when all its trainings share one)."""
    zones = {t.timezone for t in ([training] if training else project.trainings)}
    zone = zone_named(zones.pop() if len(zones) == 1 else "UTC")
    with force_locale(lang):
        return local_time(datetime.now(UTC), zone, lang)


@bp.get("/d/<token>")
def open_link(token: str):
    """The donor's read-only summary: headline figures, indicators and groups."""
    link, project, training = _open(token)
    if training is not None:
        report = training_report(training, link.lang)
    else:
        report = project_report(project, link.lang)
    t = strings_for(link.lang)
    return render_template(
        "donors/summary.html",
        report=report,
        t=t,
        lang=link.lang,
        text_dir=text_direction(link.lang),
        token=token,
        percent=format_percent,
        interval=format_interval,
        figures_as_of=t["figures_as_of"].format(when=_figures_time(project, training, link.lang)),
        charts=_charts(report, t),
        logos=[name for name in ("org", "donor") if getattr(report, f"{name}_logo")],
        small_sample=t["small_sample"].format(n=report.responses)
        if 0 < report.responses < SMALL_SAMPLE
        else "",
    )


def _charts(report: TrainingReport, t: dict[str, str]) -> list[tuple[str, str]]:
    """The report's charts as (heading, SVG), headed as the PDF heads them."""
    charts = []
    first_likert = True
    for name, svg in report.charts.items():
        likert = name.startswith("likert")
        heading = report.chart_titles.get(name) or (
            t["likert_heading"] if likert and first_likert else ""
        )
        first_likert = first_likert and not likert
        charts.append((heading, svg))
    return charts


@bp.get("/d/<token>/logo/<kind>")
def link_logo(token: str, kind: str):
    """A project logo for the donor page, served by the app so its CSP stays 'self'."""
    if kind not in ("org", "donor"):
        abort(404)
    _link, project, _training = _active(token)
    data, mime_type = getattr(project, f"{kind}_logo"), getattr(project, f"{kind}_logo_type")
    # Only raster images: reports show no other kind either.
    if not data or mime_type not in LOGO_TYPES:
        abort(404)
    response = Response(data, mimetype=mime_type)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.get("/d/<token>/report.pdf")
def link_pdf(token: str):
    """The latest PDF report behind a donor link."""
    link, project, training = _open(token)
    if training is not None:
        return pdf_response(training_pdf(training, link.lang), f"report-{link.lang}.pdf")
    return pdf_response(project_pdf(project, link.lang), f"report-{link.lang}.pdf")
