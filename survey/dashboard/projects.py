"""Trainer views of a project: its trainings side by side, pooled figures, settings."""

from __future__ import annotations

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
from flask_login import current_user, login_required
from sqlalchemy import select

from ..charts.kpi import KpiPoint, kpi_comparison_svg, responses_over_time_svg
from ..collect.views import forget_trainings
from ..db import get_session
from ..figures import ci_range, pct, score_text
from ..i18n import get_locale
from ..models import Indicator, Project, Training
from ..models import Response as SurveyResponse
from ..models.project import INDICATOR_METRICS
from ..reports.render import format_target
from ..results import (
    breakdowns,
    daily_responses,
    data_version,
    project_figures,
    response_span_days,
)
from ..standard import STANDARD_COUNTRIES, standard_questionnaire
from .cache import cache_for
from .forms import METRIC_LABELS, ProjectSettingsForm
from .views import min_cell_size, visible_trainings

bp = Blueprint("projects", __name__, url_prefix="/projects")

PRIVACY_LANGS = ("fr", "en", "ar")
SHARE_METRICS = ("satisfied", "ready_to_adopt", "response_rate", "knowledge_gain")


def project_trainings(project: Project) -> list[Training]:
    """The project's trainings the current user may see (all of them for an administrator)."""
    query = visible_trainings().where(Training.project_id == project.id)
    return list(get_session().scalars(query))


def get_project(project_id: int) -> tuple[Project, list[Training]]:
    """The project and its visible trainings; 404 when the user sees none of them."""
    project = get_session().get(Project, project_id)
    if project is None:
        abort(404)
    trainings = project_trainings(project)
    if not trainings and not current_user.is_admin:
        abort(404)
    return project, trainings


def _kpi_points(figures, metric: str, lang: str) -> list[KpiPoint]:
    points = []
    for tf, training in figures:
        if metric == "knowledge_gain":
            p = tf.knowledge.gain if tf.knowledge else None
        else:
            p = getattr(tf, metric)
        # A response rate counts everyone expected (a census): a point, no interval.
        census = metric == "response_rate"
        points.append(
            KpiPoint(
                training.title_in(lang),
                p.share if p else None,
                p.ci.low if p and p.ci and not census else None,
                p.ci.high if p and p.ci and not census else None,
                p.n if p else 0,
            )
        )
    return points


def _project_view(project: Project, trainings: list[Training], lang: str) -> dict:
    session = get_session()
    figures = project_figures(session, project, trainings)
    pairs = list(zip(figures.trainings, trainings, strict=True))
    targets = {i.metric: i.target for i in project.indicators}
    comparisons = []
    for metric, title, axis in (
        ("satisfied", _("Satisfied"), None),
        ("ready_to_adopt", _("Ready to adopt new approaches"), None),
        (
            "response_rate",
            _("Response rate"),
            _("Share of expected participants who answered (a count, with no interval)"),
        ),
    ):
        points = _kpi_points(pairs, metric, lang)
        if any(p.share is not None for p in points):
            svg = kpi_comparison_svg(points, lang=lang, target=targets.get(metric), axis_label=axis)
            comparisons.append((metric, title, svg))
    ids = [t.id for t in trainings]
    days = daily_responses(session, ids, hourly=response_span_days(session, ids) < 3) if ids else []
    return {
        "figures": figures,
        "pairs": pairs,
        "comparisons": comparisons,
        "timeline": responses_over_time_svg(days, lang=lang, expected=figures.expected)
        if days
        else None,
        "by_training": breakdowns(session, ids, ("training",), min_cell_size()) if ids else {},
        "indicators": [
            (METRIC_LABELS.get(i.metric, i.metric), format_target(i.metric, i.target, lang))
            for i in project.indicators
        ],
    }


@bp.get("/<int:project_id>")
@login_required
def project(project_id: int):
    project, trainings = get_project(project_id)
    lang = get_locale()
    session = get_session()
    ids = [t.id for t in trainings]
    version = data_version(session, ids) if ids else (0, 0)
    key = ("project", project.id, tuple(ids), version, lang, _indicator_key(project))
    view = cache_for(current_app).get_or_make(key, lambda: _project_view(project, trainings, lang))
    return render_template(
        "dashboard/project.html",
        project=project,
        trainings=trainings,
        pct=pct,
        score_text=score_text,
        ci_range=ci_range,
        min_size=min_cell_size(),
        **view,
    )


def _indicator_key(project: Project) -> tuple:
    return tuple((i.metric, i.target) for i in project.indicators)


# The project's words that have a wording per language.
TRANSLATED = ("name", "donor", "organisation")


@bp.route("/<int:project_id>/settings", methods=["GET", "POST"])
@login_required
def settings(project_id: int):
    project, _trainings = get_project(project_id)
    form = ProjectSettingsForm(obj=None if _is_post() else project, lang=get_locale())
    if not _is_post():
        form.countries.data = list(project.countries or STANDARD_COUNTRIES)
        notice = project.privacy_notice or {}
        for lang in PRIVACY_LANGS:
            getattr(form, f"privacy_{lang}").data = notice.get(lang, "")
        form.donor_emails.data = "\n".join(project.donor_emails or [])
        for name in TRANSLATED:
            form.show_translations(name, getattr(project, f"{name}_translations") or {})
        for indicator in project.indicators:
            field = getattr(form, f"target_{indicator.metric}", None)
            if field is not None:
                field.data = _target_to_form(indicator.metric, indicator.target)
    if form.validate_on_submit():
        project.name = form.name.data.strip()
        project.donor = (form.donor.data or "").strip()
        project.description = (form.description.data or "").strip()
        project.organisation = (form.organisation.data or "").strip()
        project.contact_email = (form.contact_email.data or "").strip()
        for name in TRANSLATED:
            setattr(project, f"{name}_translations", form.translations(name))
        project.privacy_notice = {
            lang: text
            for lang in PRIVACY_LANGS
            if (text := (getattr(form, f"privacy_{lang}").data or "").strip())
        }
        project.donor_emails = form.donor_email_list()
        project.retention_days = form.retention_days.data
        _save_countries(project, form.countries.data)
        _save_indicators(project, form)
        for kind in ("org_logo", "donor_logo"):
            upload = getattr(getattr(form, kind), "logo", None)
            if upload is not None:
                setattr(project, kind, upload[0])
                setattr(project, f"{kind}_type", upload[1])
            elif getattr(form, f"remove_{kind}").data:
                setattr(project, kind, None)
                setattr(project, f"{kind}_type", None)
        get_session().commit()
        forget_trainings()  # the forms show the new notice and organisation at once
        flash(_("Project settings saved."), "info")
        return redirect(url_for(".project", project_id=project.id))
    return render_template(
        "dashboard/project_settings.html",
        project=project,
        form=form,
        metrics=INDICATOR_METRICS,
        privacy_langs=PRIVACY_LANGS,
    )


def _save_countries(project: Project, chosen: list[str]) -> None:
    """Keep the project's countries; its trainings without an answer offer them at once.

    A training that has answers keeps the questionnaire they were given with.
    """
    kept = [code for code in (project.countries or STANDARD_COUNTRIES) if code in chosen]
    codes = kept + sorted(code for code in chosen if code not in kept)
    project.countries = [] if tuple(codes) == STANDARD_COUNTRIES else codes
    session = get_session()
    questionnaire = standard_questionnaire(session, project.countries)
    answered = set(
        session.scalars(
            select(SurveyResponse.training_id)
            .where(SurveyResponse.training_id.in_([t.id for t in project.trainings]))
            .distinct()
        )
    )
    for training in project.trainings:
        if training.id not in answered:
            training.questionnaire = questionnaire


def _is_post() -> bool:
    return request.method == "POST"


def _target_to_form(metric: str, target: float) -> float:
    # Shares are stored as 0-1 and typed as percentages; the NPS is a score already.
    return target if metric == "recommend" else round(100 * target, 9)


def _save_indicators(project: Project, form: ProjectSettingsForm) -> None:
    existing = {i.metric: i for i in project.indicators}
    for position, metric in enumerate(INDICATOR_METRICS):
        value = getattr(form, f"target_{metric}").data
        indicator = existing.get(metric)
        if value is None:
            if indicator is not None:
                project.indicators.remove(indicator)
            continue
        target = float(value) if metric == "recommend" else float(value) / 100
        if indicator is None:
            project.indicators.append(Indicator(metric=metric, target=target, position=position))
        else:
            indicator.target = target
            indicator.position = position


@bp.get("/<int:project_id>/logo/<kind>")
@login_required
def logo(project_id: int, kind: str):
    """A project's logo, for the settings page preview (shown only through <img>)."""
    if kind not in ("org", "donor"):
        abort(404)
    project, _trainings = get_project(project_id)
    data = getattr(project, f"{kind}_logo")
    if not data:
        abort(404)
    response = Response(data, mimetype=getattr(project, f"{kind}_logo_type"))
    # An SVG opened on its own must not run anything, even if one slipped through.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    response.headers["Cache-Control"] = "private, no-cache"
    return response
