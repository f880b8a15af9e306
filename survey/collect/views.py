"""Participant views: show the form, store a submission once, thank."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..db import get_session
from ..i18n import choose_language
from ..models import Answer, Response, Training
from ..questions import kind_of
from ..security import csrf
from .forms import SUBMISSION_ID, build_form

bp = Blueprint("collect", __name__, url_prefix="/s")


@bp.app_template_global()
def kind_partial(question) -> str:
    return kind_of(question).partial


def _training(code: str) -> Training:
    training = get_session().scalar(select(Training).where(Training.code == code.lower()))
    if training is None:
        abort(404)
    return training


def _language(training: Training) -> str:
    posted = request.form.get("lang", "")
    if request.method == "POST" and posted in training.languages:
        lang = posted
    else:
        lang = choose_language(training.languages, training.default_language)
    g.lang = lang
    return lang


@bp.route("/<code>", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token, so a stale one can keep the answers
def form(code: str):
    training = _training(code)
    lang = _language(training)
    now = datetime.now(UTC)
    if not training.is_open(now):
        return render_template("collect/closed.html", training=training, now=now), 200

    session = get_session()
    questionnaire = training.questionnaire
    if request.method == "POST":
        sid = request.form.get("sid", "")
        if SUBMISSION_ID.match(sid) and _already_stored(questionnaire.id, sid):
            return redirect(url_for(".thanks", code=training.code, lang=lang), 303)

    switch = request.form.get("switch_lang")
    if request.method == "POST" and switch in training.languages:
        # The language switcher is a submit button: answers given so far come along.
        g.lang = lang = switch
        form = build_form(questionnaire, lang)
        return render_template("collect/form.html", training=training, form=form)

    form = build_form(questionnaire, lang)
    if request.method == "POST":
        if form.validate():
            response = Response(
                training_id=training.id,
                questionnaire_id=questionnaire.id,
                submission_id=form.sid.data,
                language=lang,
                answers=[Answer(question_id=qid, **values) for qid, values in form.answer_rows()],
            )
            session.add(response)
            try:
                session.commit()
            except IntegrityError:
                # The same submission arrived twice at the same moment: the other copy won.
                session.rollback()
                if not _already_stored(questionnaire.id, form.sid.data):
                    raise
            return redirect(url_for(".thanks", code=training.code, lang=lang), 303)
        notice = None
        if form.csrf_failed():
            notice = _(
                "This page was open for a long time, so it needs to be sent again. "
                "Your answers are kept: please check them and press Send."
            )
        return render_template(
            "collect/form.html", training=training, form=form, notice=notice
        ), 422
    return render_template("collect/form.html", training=training, form=form)


@bp.get("/<code>/thanks")
def thanks(code: str):
    training = _training(code)
    _language(training)
    return render_template("collect/thanks.html", training=training)


def _already_stored(questionnaire_id: int, sid: str) -> bool:
    found = get_session().scalar(
        select(Response.id).where(
            Response.questionnaire_id == questionnaire_id, Response.submission_id == sid
        )
    )
    return found is not None
