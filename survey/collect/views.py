"""Participant views: show the form, store a submission once, thank."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.exceptions import NotFound, RequestEntityTooLarge

from ..db import database, get_session
from ..i18n import choose_language
from ..models import Answer, Project, Questionnaire, Response, Training
from ..models.profile import profile_from_rows
from ..models.response import VALUE_COLUMNS
from ..questions import kind_of
from ..ratelimit import throttle_submissions
from ..security import csrf
from . import formtoken
from .assets import accepts_gzip
from .forms import ParticipantForm, QuestionnaireForms, canonical_sid
from .slotted import SlottedPage

bp = Blueprint("collect", __name__, url_prefix="/s")


@bp.app_template_global()
def kind_partial(question) -> str:
    return kind_of(question).partial


# The training and its project may be edited at any time. A room of phones asks for the
# same training hundreds of times a minute, so each process keeps it for a couple of
# seconds: an edit shows at once in the process that made it (forget_training) and within
# TRAINING_SECONDS elsewhere. The objects kept are detached, fully loaded (columns and
# project), and only read.
TRAINING_SECONDS = 2.0
TRAININGS_KEPT = 256
_TRAINING_BY_CODE = (
    select(Training).where(Training.code == bindparam("code")).options(joinedload(Training.project))
)


def _training(code: str) -> Training:
    code = code.lower()
    kept = current_app.extensions.setdefault("survey_trainings", {})
    hit = kept.get(code)
    now = _clock()
    if hit is not None and hit[0] > now:
        return hit[1]
    session = get_session()
    training = session.scalar(_TRAINING_BY_CODE, {"code": code})
    if training is None:
        abort(404)
    session.expunge(training.project)
    session.expunge(training)
    if len(kept) > TRAININGS_KEPT:
        kept.clear()
    kept[code] = (now + TRAINING_SECONDS, training)
    return training


_clock = time.monotonic


def forget_trainings() -> None:
    """Drop this process's copies of trainings: one, or its project, was just edited."""
    current_app.extensions.get("survey_trainings", {}).clear()


def _forms(training: Training) -> QuestionnaireForms:
    """The training's questionnaire and its forms, loaded once per app in this process.

    Nothing edits a questionnaire or its questions once created (a new version is a new
    questionnaire), so they need not be read again on every request. The objects are
    loaded in full and detached from their session: any request thread may read them.
    """
    cache = current_app.extensions.setdefault("survey_questionnaires", {})
    forms = cache.get(training.questionnaire_id)
    if forms is None:
        with database().sessionmaker() as session:
            questionnaire = session.scalars(
                select(Questionnaire)
                .where(Questionnaire.id == training.questionnaire_id)
                .options(selectinload(Questionnaire.questions))
            ).one()
        forms = cache.setdefault(training.questionnaire_id, QuestionnaireForms(questionnaire))
    return forms


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
@throttle_submissions
def form(code: str):
    training = _training(code)
    lang = _language(training)
    kiosk = _kiosk()
    now = datetime.now(UTC)
    if not training.is_open(now):
        return render_template("collect/closed.html", training=training, now=now), 200

    forms = _forms(training)
    if request.method != "POST":
        return _blank_form_page(training, forms, lang, kiosk)

    sid = canonical_sid(request.form.get("sid"))
    switch = request.form.get("switch_lang")
    if switch in training.languages:
        if _already_stored(training.id, sid):
            return _thanks_redirect(training, lang, kiosk)
        # The language switcher is a submit button: answers given so far come along.
        g.lang = lang = switch
        return _form_page(training, forms.build(lang, training.code), kiosk)

    rows = forms.plain_answers(request.form, training.code)
    if rows is None:
        # Anything but a plain form: WTForms judges it, and says what is wrong.
        form = forms.build(lang, training.code)
        if not form.validate():
            return _not_stored(training, form, sid, lang, kiosk)
        if sid is None:
            # Without its id a re-sent form could not be told from a new one: the form
            # comes back with the answers and a fresh id, to be sent again.
            notice = _(
                "Your answers could not be sent this time. They are kept: please check "
                "them and press Send."
            )
            return _form_page(training, form, kiosk, notice=notice, status=422)
        rows = form.answer_rows()
    try:
        with database().engine.begin() as connection:
            _store(connection, training, forms, sid, lang, rows)
    except IntegrityError:
        # Sent before (double tap, retry, offline queue), or twice at the same moment:
        # the unique (training, submission id) kept the other copy, so this one is
        # acknowledged all the same. Checked here rather than before every insert.
        if not _already_stored(training.id, sid):
            raise
    return _thanks_redirect(training, lang, kiosk)


def _store(connection, training: Training, forms: QuestionnaireForms, sid, lang, rows) -> None:
    """Insert the response and its answers in the caller's transaction: two Core
    statements, made once, without the ORM's bookkeeping (no object is used afterwards).
    The profile is written here, as the ORM's insert event would."""
    profile = profile_from_rows(
        forms.layout, [(qid, column, value) for qid, row in rows for column, value in row.items()]
    )
    response_id = connection.execute(
        _INSERT_RESPONSE,
        {
            "training_id": training.id,
            "questionnaire_id": training.questionnaire_id,
            "submission_id": sid,
            "language": lang,
            "profile": profile,
        },
    ).scalar_one()
    if rows:
        connection.execute(
            _INSERT_ANSWERS,
            [
                {**_NO_VALUE, "response_id": response_id, "question_id": qid, **row}
                for qid, row in rows
            ],
        )


_INSERT_RESPONSE = insert(Response.__table__).returning(Response.__table__.c.id)
_INSERT_ANSWERS = insert(Answer.__table__)
_NO_VALUE = dict.fromkeys(VALUE_COLUMNS)


def _not_stored(training: Training, form: ParticipantForm, sid: str | None, lang: str, kiosk: bool):
    """The form again with what to fix, unless this submission is stored already."""
    if _already_stored(training.id, sid):
        # A re-sent form is acknowledged whatever it carries now (a stale token, say).
        return _thanks_redirect(training, lang, kiosk)
    notice = None
    if form.csrf_failed():
        notice = _(
            "This page was open for a long time, so it needs to be sent again. "
            "Your answers are kept: please check them and press Send."
        )
    return _form_page(training, form, kiosk, notice=notice, status=422)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """A post over FORM_MAX_CONTENT_LENGTH, left unread: a page in the training's language.

    Only a tampered form gets here (the fields' maxlength keep real answers below the
    limit); the phone keeps the answers as a draft, which the form shows again.
    """
    try:
        training = _training((request.view_args or {}).get("code", ""))
    except NotFound:
        return render_template(
            "error.html",
            code=404,
            message=_("This page does not exist. Check the link or the code you typed."),
        ), 404
    g.lang = choose_language(training.languages, training.default_language)
    message = _(
        "Your answers are too long to be sent. Go back to the form, shorten the longest "
        "ones and send them again."
    )
    back = url_for(".form", code=training.code, lang=g.lang, kiosk=1 if _kiosk() else None)
    page = render_template(
        "error.html", code=413, message=message, back=back, back_label=_("Back to the form")
    )
    return page, 413


@bp.get("/<code>/thanks")
def thanks(code: str):
    training = _training(code)
    _language(training)
    response = make_response(
        render_template(
            "collect/thanks.html",
            training=training,
            kiosk=_kiosk(),
            earlier=request.args.get("earlier") == "1",  # sent from the phone's queue
        )
    )
    response.cache_control.no_store = True
    return response


@bp.get("/<code>/poster.pdf")
def poster(code: str):
    """An A4 poster to print and pin at the venue."""
    from .poster import poster_pdf  # WeasyPrint is heavy: loaded on first poster only

    training = _training(code)
    _language(training)
    response = make_response(poster_pdf(training))
    response.mimetype = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="poster-{training.code}.pdf"'
    return response


@bp.get("/sw.js")
def service_worker():
    """The service worker, from /s/ so that its scope covers every form."""
    response = send_from_directory(
        current_app.static_folder or "", "js/sw.js", mimetype="text/javascript", max_age=0
    )
    response.cache_control.no_cache = True
    return response


@dataclass(frozen=True)
class PrivacyNotice:
    text: str
    contact: str


def privacy_notice(project: Project, lang: str) -> PrivacyNotice:
    """The project's own notice in ``lang``, else one built from who collects the answers."""
    own = (project.privacy_notice or {}).get(lang, "").strip()
    if own:
        return PrivacyNotice(own, project.contact_email)
    if organisation := project.organisation_in(lang):
        who = _(
            "%(organisation)s collects these answers to evaluate and improve this training.",
            organisation=organisation,
        )
    else:
        who = _("The organisers of this training collect these answers to evaluate and improve it.")
    anonymous = _(
        "Your answers are anonymous: we do not ask for your name and we keep no address "
        "or details of your device."
    )
    return PrivacyNotice(f"{who} {anonymous}", project.contact_email)


def _kiosk() -> bool:
    """A shared tablet at the venue: the form starts afresh after every participant."""
    return request.args.get("kiosk") == "1"


def _form_page(training: Training, form, kiosk: bool, notice: str | None = None, status=200):
    # The language in the address too: a post refused unread (413) is still answered in it.
    action = url_for(".form", code=training.code, kiosk=1 if kiosk else None, lang=g.lang)
    response = make_response(
        render_template(
            "collect/form.html",
            training=training,
            form=form,
            notice=notice,
            kiosk=kiosk,
            form_action=action,
            privacy=privacy_notice(training.project, g.lang),
        ),
        status,
    )
    # Neither the back button nor the browser's form restore may show a previous
    # person's answers on a shared device.
    response.cache_control.no_store = True
    return response


BLANK_FORMS_KEPT = 256


def _blank_form_page(training: Training, forms: QuestionnaireForms, lang: str, kiosk: bool):
    """The empty form, drawn once per (training as shown, language, kiosk) in this process.

    A blank form differs between visitors only by its token and submission id, so the
    page is rendered (and gzipped) once with slots in their place and each request puts
    in fresh ones (slotted.py): drawing 14 questions through Jinja and WTForms, then
    compressing them, was most of a GET's cost.
    The key holds everything the page shows, so an edited title or privacy notice
    draws a new page; questionnaires do not change once created.
    """
    project = training.project
    key = (
        training.id,
        training.questionnaire_id,
        lang,
        kiosk,
        training.title,
        json.dumps(training.title_translations or {}, sort_keys=True),
        training.location,
        training.start_date,
        training.end_date,
        tuple(training.languages),
        project.organisation_in(lang),
        project.contact_email,
        json.dumps(project.privacy_notice or {}, sort_keys=True),
    )
    pages = current_app.extensions.setdefault("survey_blank_forms", {})
    page = pages.get(key)
    if page is None:
        form = forms.build(lang, training.code, formdata=None)
        html = _form_page(training, form, kiosk).get_data(as_text=True)
        html = html.replace(form.sid.data, _SID_SLOT)
        if form.meta.csrf:  # off only in tests that turn CSRF off
            html = html.replace(form.csrf_token.current_token, _CSRF_SLOT)
        page = SlottedPage(html, [_SID_SLOT, _CSRF_SLOT])
        if len(pages) >= BLANK_FORMS_KEPT:
            pages.clear()
        pages[key] = page
    values = {_SID_SLOT: uuid.uuid4().hex}
    if _CSRF_SLOT in page.slots:
        values[_CSRF_SLOT] = formtoken.issue(training.code)
    if accepts_gzip():
        response = make_response(page.gzip(values))
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = make_response(page.text(values))
    response.vary.add("Accept-Encoding")
    response.cache_control.no_store = True
    return response


_CSRF_SLOT = "@@retour-csrf-slot@@"
_SID_SLOT = "@@retour-sid-slot@@"


def _thanks_redirect(training: Training, lang: str, kiosk: bool):
    target = url_for(".thanks", code=training.code, lang=lang, kiosk=1 if kiosk else None)
    return redirect(target, 303)


def _already_stored(training_id: int, sid: str | None) -> bool:
    """Whether the training has this submission (``sid`` in its stored form)."""
    if sid is None:
        return False
    found = get_session().scalar(
        select(Response.id).where(
            Response.training_id == training_id, Response.submission_id == sid
        )
    )
    return found is not None
