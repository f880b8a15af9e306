"""Trainer views: list and create trainings, watch one training's figures."""

from __future__ import annotations

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from ..codes import new_code
from ..db import database, get_session
from ..exports import csv_lines
from ..figures import headlines, likert_charts
from ..i18n import get_locale
from ..models import Project, Training
from ..models import Response as SurveyResponse
from ..results import as_json, training_figures
from ..standard import standard_questionnaire
from .forms import NEW_PROJECT, TrainingForm

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
    return url_for("collect.form", code=training.code, _external=True)


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
    if not form.is_submitted() and not projects:
        form.project.data = NEW_PROJECT
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
        training = Training(
            project=project,
            questionnaire=standard_questionnaire(session),
            owner_id=current_user.id,
            title=form.title.data.strip(),
            theme=(form.theme.data or "").strip(),
            location=(form.location.data or "").strip(),
            country=(form.country.data or "").strip(),
            start_date=form.start_date.data,
            end_date=form.end_date.data,
            expected_participants=form.expected_participants.data,
            code=unused_code(),
            languages=[code for code in ("fr", "en", "ar") if code in form.languages.data],
            default_language=form.default_language.data,
        )
        session.add(training)
        session.commit()
        flash(_("Training created. Share the link below with participants."), "info")
        return redirect(url_for(".training", training_id=training.id))
    return render_template("dashboard/new_training.html", form=form)


def unused_code() -> str:
    session = get_session()
    while True:
        code = new_code()
        if session.scalar(select(Training.id).where(Training.code == code)) is None:
            return code


@bp.get("/<int:training_id>")
@login_required
def training(training_id: int):
    training = get_training(training_id)
    figures = training_figures(get_session(), training)
    link = public_url(training)
    qr_svg = segno.make(link, error="m").svg_inline(scale=4, border=2, dark="#1c2430")
    return render_template(
        "dashboard/training.html",
        training=training,
        figures=figures,
        headlines=headlines(figures),
        charts=likert_charts(figures, get_locale()),
        link=link,
        qr_svg=qr_svg,
    )


@bp.get("/<int:training_id>/figures.json")
@login_required
def figures_json(training_id: int):
    training = get_training(training_id)
    return jsonify(as_json(training_figures(get_session(), training), get_locale()))


@bp.get("/<int:training_id>/export.csv")
@login_required
def export_csv(training_id: int):
    training = get_training(training_id)
    filename = f"retour-{training.code}.csv"
    # The stream outlives the request's session: it reads through a session of its own.
    session = database().sessionmaker()
    lines = csv_lines(session, training, get_locale())

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
