"""Trainer views: list and create trainings, watch one training's figures."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from .. import links
from ..charts.kpi import responses_over_time_svg
from ..codes import new_code
from ..collect.views import forget_trainings
from ..db import database, get_session
from ..exports import EXPORT_LANGS, csv_lines, write_xlsx
from ..figures import (
    ci_range,
    extra_headlines,
    headlines,
    knowledge_sentence,
    likert_charts,
    pct,
    question_charts,
    reliability_sentence,
)
from ..gcpause import collector_paused
from ..i18n import get_locale
from ..models import Project, QuestionRole, Training
from ..models import Response as SurveyResponse
from ..models.base import local_to_utc, utc_to_local, zone_named
from ..results import (
    COMMENT_ROLES,
    Filters,
    breakdowns,
    daily_responses,
    data_version,
    one_version,
    response_span_days,
    training_figures,
    withheld,
)
from ..results import comments as results_comments
from ..results import figures_json as figures_json_data
from ..standard import standard_questionnaire
from .cache import cache_for, tallies_for
from .forms import NEW_PROJECT, TrainingDetailsForm, TrainingForm

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

bp = Blueprint("dashboard", __name__, url_prefix="/trainings")


def index():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.trainings"))
    return redirect(url_for("auth.login"))


def visible_trainings():
    query = select(Training).order_by(Training.start_date.desc(), Training.id.desc())
    if not current_user.is_admin:
        query = query.where(Training.owner_id == current_user.id)
    return query


def get_training(training_id: int) -> Training:
    """The training if the current user may see it; 404 otherwise (no hint it exists)."""
    training = get_session().get(Training, training_id)
    if training is None or not (current_user.is_admin or training.owner_id == current_user.id):
        abort(404)
    return training


def public_url(training: Training) -> str:
    return links.public_url("collect.form", code=training.code)


@bp.get("/")
@login_required
def trainings():
    session = get_session()
    rows = session.scalars(visible_trainings()).all()
    counts = dict(
        session.execute(
            select(SurveyResponse.training_id, func.count())
            .where(SurveyResponse.training_id.in_([t.id for t in rows]))
            .group_by(SurveyResponse.training_id)
        ).all()
    )
    return render_template("dashboard/trainings.html", trainings=rows, counts=counts)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_training():
    session = get_session()
    projects = session.scalars(select(Project).order_by(Project.name)).all()
    form = TrainingForm()
    form.project.choices = [SelectChoice(str(p.id), p.name) for p in projects] + [
        SelectChoice(NEW_PROJECT, _("New project…"))
    ]
    if not form.is_submitted():
        if not projects:
            form.project.data = NEW_PROJECT
        # Most trainers run their trainings in one place: start from their last zone.
        last_zone = session.scalar(
            select(Training.timezone)
            .where(Training.owner_id == current_user.id)
            .order_by(Training.id.desc())
            .limit(1)
        )
        form.timezone.data = last_zone or "UTC"
    if form.validate_on_submit():
        if form.project.data == NEW_PROJECT:
            project = Project(
                name=form.new_project.data.strip(),
                donor=(form.new_donor.data or "").strip(),
                description=(form.description.data or "").strip(),
            )
            session.add(project)
        else:
            project = session.get(Project, int(form.project.data))
        training = add_training(session, form, project, current_user.id)
        session.commit()
        flash(_("Training created. Share the link below with participants."), "info")
        return redirect(url_for(".training", training_id=training.id))
    return render_template("dashboard/new_training.html", form=form)


def add_training(
    session, form: TrainingDetailsForm, project: Project, owner_id: int | None, questionnaire=None
) -> Training:
    """Add the training a validated form describes (the web page's and `flask training
    create`'s one way to make a training); the caller commits."""
    zone = zone_named(form.timezone.data)  # opening times are typed in it
    training = Training(
        project=project,
        questionnaire=questionnaire or standard_questionnaire(session, project.countries or ()),
        owner_id=owner_id,
        title=form.title.data.strip(),
        title_translations=form.title_translations(),
        theme=(form.theme.data or "").strip(),
        location=(form.location.data or "").strip(),
        country=(form.country.data or "").strip(),
        place_translations=form.place_translations(),
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        expected_participants=form.expected_participants.data,
        code=unused_code(),
        languages=[code for code in ("fr", "en", "ar") if code in form.languages.data],
        default_language=form.default_language.data,
        timezone=form.timezone.data,
        opens_at=local_to_utc(form.opens_at.data, zone),
        closes_at=local_to_utc(form.closes_at.data, zone),
    )
    session.add(training)
    return training


@bp.route("/<int:training_id>/edit", methods=["GET", "POST"])
@login_required
def edit_training(training_id: int):
    training = get_training(training_id)
    form = TrainingDetailsForm(obj=training)
    if not form.is_submitted():
        # Shown as the training's wall-clock time, as it was typed.
        form.show_title_translations(training.title_translations or {})
        form.show_place_translations(training.place_translations or {})
        form.opens_at.data = utc_to_local(training.opens_at, training.zone)
        form.closes_at.data = utc_to_local(training.closes_at, training.zone)
    if form.validate_on_submit():
        training.title = form.title.data.strip()
        training.title_translations = form.title_translations()
        training.theme = (form.theme.data or "").strip()
        training.location = (form.location.data or "").strip()
        training.country = (form.country.data or "").strip()
        training.place_translations = form.place_translations()
        training.start_date = form.start_date.data
        training.end_date = form.end_date.data
        training.expected_participants = form.expected_participants.data
        training.languages = [code for code in ("fr", "en", "ar") if code in form.languages.data]
        training.default_language = form.default_language.data
        # Typed times are read in the zone chosen on the same page.
        training.timezone = form.timezone.data
        training.opens_at = local_to_utc(form.opens_at.data, training.zone)
        training.closes_at = local_to_utc(form.closes_at.data, training.zone)
        get_session().commit()
        forget_trainings()
        flash(_("Training saved."), "info")
        return redirect(url_for(".training", training_id=training.id))
    return render_template("dashboard/edit_training.html", form=form, training=training)


def unused_code() -> str:
    session = get_session()
    while True:
        code = new_code()
        if session.scalar(select(Training.id).where(Training.code == code)) is None:
            return code


def filters_from_args(args, zone: str = "UTC") -> Filters:
    """Read the dashboard filters from the query string; unreadable values are ignored.

    Dates are the training's days, in its time zone ``zone``."""

    def text(name: str) -> str | None:
        value = (args.get(name) or "").strip()
        return value[:64] or None

    def day(name: str) -> date | None:
        try:
            return date.fromisoformat((args.get(name) or "").strip())
        except ValueError:
            return None

    return Filters(
        country=text("country"),
        organisation_type=text("organisation_type"),
        sex=text("sex"),
        since=day("since"),
        until=day("until"),
        zone=zone,
    )


def min_cell_size() -> int:
    return int(current_app.config.get("MIN_CELL_SIZE", 5))


def _training_view(training: Training, filters: Filters, lang: str) -> dict:
    """Everything the training page shows that depends on the answers (cached).

    Counting and drawing the charts make many short-lived objects: the cyclic collector
    waits until the end (see gcpause.py).
    """
    with collector_paused():
        return _draw_training_view(training, filters, lang)


def _draw_training_view(training: Training, filters: Filters, lang: str) -> dict:
    session = get_session()
    figures = training_figures(
        session, training, filters, comment_limit=0, store=tallies_for(current_app)
    )
    demographics = [
        q
        for q in training.questionnaire.questions
        if q.role in [str(r) for r in QuestionRole.demographics()]
    ]
    return {
        "figures": figures,
        "headlines": headlines(figures) + extra_headlines(figures),
        "charts": likert_charts(figures, lang),
        "question_charts": question_charts(figures, lang),
        "knowledge_sentence": knowledge_sentence(figures),
        "reliability_sentence": reliability_sentence(figures),
        "breakdowns": breakdowns(session, [training.id], min_size=min_cell_size(), filters=filters),
        "demographics": demographics,
        "timeline": responses_over_time_svg(
            daily_responses(
                session,
                [training.id],
                filters,
                hourly=response_span_days(session, [training.id]) < 3,
            ),
            lang=lang,
            expected=None if filters.active else training.expected_participants,
        )
        if figures.responses
        else None,
    }


def cached(kind: str, training: Training, filters: Filters, lang: str, make, version=None):
    """Return make() from the per-process cache, keyed by the training's data version."""
    version = version or data_version(get_session(), [training.id])
    key = (kind, training.id, version, lang, filters.key())
    return cache_for(current_app).get_or_make(key, make)


def _qr_svg(link: str) -> str:
    return cache_for(current_app).get_or_make(
        ("qr", link),
        lambda: segno.make(link, error="m").svg_inline(scale=4, border=2, dark="#1c2430"),
    )


COMMENTS_SHOWN = 200


def describe_filters(training: Training, filters: Filters) -> list[str]:
    """'Country: Morocco', 'From: 16 May 2016': the filters in force, as words."""
    lang = get_locale()
    names = {
        "country": _("Country"),
        "organisation_type": _("Type of organisation"),
        "sex": _("Sex"),
    }
    items = []
    for q in training.questionnaire.questions:
        code = getattr(filters, q.role, None) if q.role in names else None
        if code is not None:
            value = q.choice_label(code, lang)
            items.append(_("%(name)s: %(value)s", name=names[q.role], value=value))
    for name, day in ((_("From"), filters.since), (_("To"), filters.until)):
        if day is not None:
            items.append(_("%(name)s: %(value)s", name=name, value=format_date(day, "medium")))
    return items


@bp.get("/<int:training_id>")
@login_required
def training(training_id: int):
    with one_version(get_session()):
        return _training_page(get_training(training_id))


def _training_page(training: Training):
    filters = filters_from_args(request.args, training.timezone)
    typed_filters = filters.as_args()
    active_filters = describe_filters(training, filters)
    date_error = None
    if filters.since and filters.until and filters.since > filters.until:
        # No answer can be both after "from" and before "until": counting them would show
        # a 0 that looks like a result. Say so, keep what was typed, and leave dates out.
        date_error = _(
            "“From” (%(since)s) is after “To” (%(until)s): no answer can fall between them. "
            "The figures below leave the dates out; correct one of them.",
            since=format_date(filters.since, "medium"),
            until=format_date(filters.until, "medium"),
        )
        filters = replace(filters, since=None, until=None)
    lang = get_locale()
    version = data_version(get_session(), [training.id])
    view = cached(
        "page", training, filters, lang, lambda: _training_view(training, filters, lang), version
    )
    comment_question = (request.args.get("cq") or "")[:64] or None
    comment_language = (request.args.get("clang") or "")[:8] or None
    shown, comments_total = cache_for(current_app).get_or_make(
        ("comments", training.id, version, filters.key(), comment_question, comment_language),
        lambda: results_comments(
            get_session(),
            training,
            filters,
            comment_question,
            comment_language,
            COMMENTS_SHOWN,
            # All comments (no question or language chosen): counted with the figures.
            total=view["figures"].comment_count
            if not (comment_question or comment_language)
            else None,
        ),
    )
    why = withheld(filters, view["figures"].responses, version[0], min_cell_size())
    if why is not None:
        # The page may be projected in the room: nothing of these few people is shown,
        # not even how many they are. The export stays for the training's owners.
        view = {**view, **WITHHELD_VIEW}
        shown, comments_total = [], 0
    comment_questions = [
        q for q in training.questionnaire.questions if q.role in [str(r) for r in COMMENT_ROLES]
    ]
    link = public_url(training)
    return render_template(
        "dashboard/training.html",
        training=training,
        filters=filters,
        filter_args=typed_filters,
        withheld=why,
        date_error=date_error,
        active_filters=active_filters,
        comments=shown,
        comments_total=comments_total,
        comment_question=comment_question,
        comment_language=comment_language,
        comment_questions=comment_questions,
        comment_labels={q.code: q.label(lang) for q in comment_questions},
        total_responses=version[0],
        live_words=response_count_words(version[0], training.expected_participants),
        pct=pct,
        ci_range=ci_range,
        min_size=min_cell_size(),
        link=link,
        qr_svg=_qr_svg(link),
        version=version.tag,
        mail_configured=bool(current_app.config.get("MAIL_SERVER")),
        **view,
    )


# What the training page shows of a filtered set too small to show (see withheld).
WITHHELD_VIEW = {
    "figures": None,
    "headlines": [],
    "charts": [],
    "question_charts": [],
    "knowledge_sentence": None,
    "reliability_sentence": None,
    "breakdowns": {},
    "timeline": None,
}


def response_count_words(count: int, expected: int | None) -> str:
    """'responses of 25 expected': the words after the live count, in its plural."""
    if expected:
        return ngettext(
            "response of %(expected)d expected",
            "responses of %(expected)d expected",
            count,
            expected=expected,
        )
    return ngettext("response", "responses", count)


@bp.get("/<int:training_id>/live.json")
@login_required
def live_json(training_id: int):
    """The response count, polled by the dashboard every few seconds (one cheap query)."""
    training = get_training(training_id)
    version = data_version(get_session(), [training.id])
    response = jsonify(
        {
            "responses": version.responses,
            "expected": training.expected_participants,
            "words": response_count_words(version.responses, training.expected_participants),
            "version": version.tag,
        }
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:training_id>/figures.json")
@login_required
def figures_json(training_id: int):
    with one_version(get_session()), collector_paused():
        return _figures_json(get_training(training_id))


def _figures_json(training: Training):
    filters = filters_from_args(request.args, training.timezone)
    lang = get_locale()
    return jsonify(
        cached(
            "json",
            training,
            filters,
            lang,
            lambda: figures_json_data(
                get_session(),
                training,
                lang,
                filters,
                min_cell_size(),
                store=tallies_for(current_app),
            ),
        )
    )


def export_language() -> str:
    """The export's language: ?lang=fr|en|ar|codes, else the interface language."""
    asked = request.args.get("lang", "")
    return asked if asked in EXPORT_LANGS else get_locale()


@bp.get("/<int:training_id>/export.csv")
@login_required
def export_csv(training_id: int):
    training = get_training(training_id)
    lang = export_language()
    filename = f"retour-{training.code}-{lang}.csv"
    # The stream outlives the request's session: it reads through a session of its own.
    session = database().sessionmaker()
    lines = csv_lines(session, training, lang, filters_from_args(request.args, training.timezone))

    def stream():
        try:
            yield from lines
        finally:
            session.close()

    return Response(
        stream(),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/<int:training_id>/export.xlsx")
@login_required
def export_xlsx(training_id: int):
    training = get_training(training_id)
    lang = export_language()
    # Built in a temporary file (write-only mode keeps memory flat), then streamed from
    # disk in chunks; the file disappears when closed, after the last chunk.
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the stream)
    try:
        write_xlsx(
            get_session(),
            training,
            lang,
            target,
            filters_from_args(request.args, training.timezone),
        )
        size = target.tell()
        target.seek(0)
    except BaseException:
        target.close()
        raise

    def stream():
        with target:
            while chunk := target.read(64 * 1024):
                yield chunk

    response = Response(
        stream(),
        mimetype=XLSX_MIMETYPE,
        headers={
            "Content-Disposition": f'attachment; filename="retour-{training.code}-{lang}.xlsx"',
            "Content-Length": str(size),
        },
    )
    # A client that stops reading early never finishes the stream: close the file anyway.
    response.call_on_close(target.close)
    return response
