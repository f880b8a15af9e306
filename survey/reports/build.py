"""Turn a training's or a project's figures into plain report data, then into a PDF.

Nothing below ``render`` sees an ORM object: this module reads the database (through
``results``) and hands frozen dataclasses of formatted text to the template.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import force_locale, format_date
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..analysis.proportions import Proportion, round_half_up
from ..analysis.summaries import NPS, distribution, likert_summary, nps
from ..charts import (
    KpiPoint,
    LikertRow,
    kpi_comparison_svg,
    likert_charts_by_scale,
    nps_distribution_svg,
)
from ..dashboard.cache import LRUCache
from ..db import get_session
from ..i18n import date_range
from ..models import (
    Answer,
    Project,
    QuestionRole,
    QuestionType,
    ReportComment,
    Response,
    Training,
)
from ..results import (
    COMMENT_ROLES,
    NOT_STATED,
    BreakdownGroup,
    QuestionResult,
    TrainingFigures,
    breakdown,
    data_version,
    project_figures,
    training_figures,
)
from . import render
from .render import (
    format_decimal,
    format_interval,
    format_percent,
    format_target,
    text_direction,
)
from .strings import plural, strings_for

# The bundled fonts have no U+2212 MINUS SIGN: a hyphen-minus keeps the text in them.
MINUS = "-"
LOGO_TYPES = frozenset({"image/png", "image/jpeg"})
BREAKDOWN_ROLES = (
    (QuestionRole.COUNTRY, "by_country"),
    (QuestionRole.ORGANISATION_TYPE, "by_organisation_type"),
    (QuestionRole.SEX, "by_sex"),
)
OUTCOMES = (
    (QuestionRole.SATISFACTION, "satisfied_label"),
    (QuestionRole.INTENT_TO_ADOPT, "ready_label"),
)


# --- numbers as words -----------------------------------------------------------------


def _ci(p: Proportion | None, lang: str) -> str:
    if p is None or p.ci is None:
        return "–"
    return format_interval(p.ci.low, p.ci.high, lang)


def _signed(value: float, lang: str) -> str:
    number = round_half_up(value)
    if text_direction(lang) == "rtl":
        # WeasyPrint ignores bidi controls, and a "+" beside digits inside Arabic text
        # is drawn on the wrong side: positive scores go without it (the scale is stated).
        return (MINUS if number < 0 else "") + str(abs(number))
    return ("+" if number > 0 else MINUS if number < 0 else "") + str(abs(number))


def _nps_ci(value: NPS, lang: str) -> str:
    if value.ci is None:
        return "–"
    low, high = _signed(value.ci.low, lang), _signed(value.ci.high, lang)
    return strings_for(lang)["range"].format(low=low, high=high)


def _headlines(figures: Any, lang: str) -> tuple[str, list[render.Headline]]:
    """Return the response-rate sentence and the key figures as sentences with n and CI."""
    t = strings_for(lang)
    rate = figures.response_rate
    response_sentence = ""
    if rate is not None:
        # Everyone expected either answered or did not: a count, with no interval.
        response_sentence = plural(
            lang,
            "response_sentence",
            rate.k,
            of_total=plural(lang, "of_expected", rate.n),
            share=format_percent(rate.share, lang),
        )
        if rate.k > rate.n:
            response_sentence += " " + t["over_expected"]
    heads = []
    shares = [("satisfied", figures.satisfied), ("ready", figures.ready_to_adopt)]
    knowledge = figures.knowledge
    if knowledge is not None and knowledge.gain is not None:
        shares.append(("knowledge", knowledge.gain))
    for key, p in shares:
        if p is None:
            continue
        if p.n == 0:
            sentence = t["no_answer_yet"]
        else:
            sentence = plural(
                lang,
                f"{key}_sentence",
                p.k,
                of_total=plural(lang, "of_respondents", p.n),
                share=format_percent(p.share, lang),
                ci=_ci(p, lang),
            )
        low, high = (p.ci.low, p.ci.high) if p.ci else (None, None)
        heads.append(render.Headline(t[f"{key}_label"], sentence, p.k, p.n, p.share, low, high))
    value = figures.recommend
    if value is not None and value.n:
        sentence = plural(
            lang,
            "recommend_sentence",
            value.n,
            promoters=plural(lang, "promoters", value.promoters),
            detractors=plural(lang, "detractors", value.detractors),
            score=_signed(value.score, lang),
            ci=_nps_ci(value, lang),
        )
        heads.append(
            render.Headline(
                t["recommend_label"],
                sentence,
                value.promoters,
                value.n,
                None,
                None,
                None,
                value=_signed(value.score, lang),
            )
        )
    return response_sentence, heads


def _indicator_value(figures: Any, metric: str) -> Proportion | NPS | None:
    if metric == "knowledge_gain":
        return figures.knowledge.gain if figures.knowledge else None
    return getattr(figures, metric, None)


def indicator_results(project: Project, figures: Any, lang: str) -> list[render.IndicatorResult]:
    """Compare each project indicator with its target, honestly: met only beyond the CI."""
    t = strings_for(lang)
    results = []
    for indicator in project.indicators:
        label = indicator.labels.get(lang) or t[f"metric_{indicator.metric}"]
        value = _indicator_value(figures, indicator.metric)
        # A response rate is a count of everyone expected (a census), not an estimate.
        census = indicator.metric == "response_rate"
        target = format_target(indicator.metric, indicator.target, lang)
        if isinstance(value, NPS):
            achieved = _signed(value.score, lang) if value.n else "–"
            point, ci = (value.score, value.ci) if value.n else (None, None)
            ci_text = _nps_ci(value, lang) if value.ci else ""
            n = value.n
        else:
            has = value is not None and value.share is not None
            achieved = format_percent(value.share, lang) if has else "–"
            point = value.share if has else None
            ci = value.ci if has and not census else None
            ci_text = _ci(value, lang) if ci else ""
            n = value.n if value is not None else None
        # More responses than expected participants is a wrong count or test answers,
        # not an achievement: the rate cannot be judged until someone checks.
        over_expected = census and isinstance(value, Proportion) and value.k > value.n
        if point is None:
            status = "no_data"
        elif over_expected:
            status = "unclear"
        elif ci is None:
            status = "met" if point >= indicator.target else "not_met"
        elif ci.low >= indicator.target:
            status = "met"
        elif ci.high < indicator.target:
            status = "not_met"
        else:
            status = "unclear"
        explanation = t[f"explain_{status}"]
        if over_expected:
            explanation = t["explain_over_expected"]
        elif indicator.metric == "response_rate" and point is not None:
            explanation = t["explain_census"]
        elif ci is None and point is not None:
            explanation = t["explain_point"]
        ci_words = f" ({t['ci'].format(interval=ci_text)}, n = {n})" if ci_text else ""
        sentence = t["indicator_sentence"].format(
            label=label, target=target, achieved=achieved, ci=ci_words
        )
        results.append(
            render.IndicatorResult(
                label=label,
                target=target,
                achieved=achieved,
                ci=t["ci"].format(interval=ci_text) if ci_text else "",
                n=n,
                status=status,
                sentence=f"{sentence} {t['status_' + status]}: {explanation}",
                explanation=explanation,
            )
        )
    return results


# --- tables -----------------------------------------------------------------------------


def _group_cell(p: Proportion, lang: str) -> str:
    """'83 % (n = 12 ; IC 55–95 %)': a group's share with its n and interval."""
    share = format_percent(p.share, lang)
    return strings_for(lang)["cell"].format(share=share, n=p.n, ci=_ci(p, lang))


def _breakdowns(
    session: Session, ids: Sequence[int], lang: str, min_size: int
) -> list[render.Table]:
    """One table per demographic question: outcome shares per group, small groups hidden."""
    t = strings_for(lang)
    tables = []
    for role, title in BREAKDOWN_ROLES:
        per_outcome = []
        for outcome, label in OUTCOMES:
            table = breakdown(session, ids, role.value, outcome.value, min_size)
            # An outcome nobody answered has no column: its empty table would otherwise
            # read as every group hidden.
            if table is not None and table.total.n:
                per_outcome.append((label, table))
        if not per_outcome:
            continue
        # Every group any outcome has, in the order the outcomes give them.
        groups: dict[str, BreakdownGroup] = {}
        for _, tb in per_outcome:
            for g in tb.groups:
                groups.setdefault(g.key, g)
        if set(groups) == {NOT_STATED} or not groups:
            continue
        rows = []
        for key, group in groups.items():
            name = t["not_stated"] if key == NOT_STATED else group.label(lang)
            found = [next((g for g in tb.groups if g.key == key), None) for _, tb in per_outcome]
            # A group hidden for any outcome is hidden in the whole row, so one column
            # cannot give away another. A group absent from an outcome (none of it
            # answered that question) is not hidden: its cell says it has no answers.
            hidden = [g for g in found if g is not None and g.suppressed]
            if hidden:
                # One word for every hidden group: see disclosure.PUBLISHED_REASON.
                rows.append((name, t["hidden_group"]))
                continue
            cells = []
            for g in found:
                if g is None or g.outcome is None:
                    cells.append(t["no_answer"])
                else:
                    cells.append(_group_cell(g.outcome, lang))
            rows.append((name, *cells))
        totals = [_group_cell(tb.total, lang) for _, tb in per_outcome]
        rows.append((t["all_respondents"], *totals))
        tables.append(
            render.Table(
                title=t[title],
                columns=(t["group"], *(t[label] for label, _ in per_outcome)),
                rows=tuple(rows),
            )
        )
    return tables


def _pooled_results(all_results: Sequence[Sequence[QuestionResult]]) -> list[QuestionResult]:
    """Sum each question's counts over trainings (matched by question code)."""
    first = list(all_results[0]) if all_results else []
    pooled = []
    for result in first:
        q = result.question
        same = [r for results in all_results for r in results if r.question.code == q.code]
        answered = sum(r.answered for r in same)
        missing = sum(r.no_answer for r in same)
        if result.likert is not None:
            counts: dict[Any, int] = {}
            for r in same:
                if r.likert is not None:
                    d = r.likert.distribution
                    for option, count in zip(d.options, d.counts, strict=True):
                        counts[option] = counts.get(option, 0) + count
            pooled.append(
                QuestionResult(
                    q, answered, missing, likert=likert_summary(counts, no_answer=missing)
                )
            )
        elif result.distribution is not None:
            counts = {}
            # Trainings may offer different options (a project's country list changed):
            # every option any of them offered, in the order first seen.
            options: dict[Any, None] = {}
            for r in same:
                if r.distribution is not None:
                    d = r.distribution
                    for option, count in zip(d.options, d.counts, strict=True):
                        counts[option] = counts.get(option, 0) + count
                        options.setdefault(option)
            ordered = [o for o in options if o != "OTHER"] + [o for o in options if o == "OTHER"]
            dist = distribution(counts, ordered, missing)
            pooled.append(
                QuestionResult(
                    q,
                    answered,
                    missing,
                    distribution=dist,
                    nps=nps(counts) if result.nps is not None else None,
                )
            )
        else:
            pooled.append(QuestionResult(q, answered, missing))
    return pooled


def _annex(results: Sequence[QuestionResult], lang: str) -> list[render.Table]:
    """One table per question: each answer's count and share (not the demographics)."""
    t = strings_for(lang)
    tables = []
    demographics = {role.value for role in QuestionRole.demographics()}
    for r in results:
        q = r.question
        # Who answered is published only through the breakdowns, with their suppression:
        # a second table of the same groups, suppressed on its own, could undo it.
        if q.role in demographics:
            continue
        if q.type in (QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT):
            tables.append(
                render.Table(
                    title=q.label(lang),
                    columns=(),
                    rows=(),
                    note=plural(lang, "annex_text", r.answered),
                )
            )
            continue
        dist = r.likert.distribution if r.likert is not None else r.distribution
        if dist is None:
            continue
        labels = [q.choice_label(str(option), lang) for option in dist.options]
        if q.type == QuestionType.RATING:
            labels = [str(option) for option in dist.options]
        rows = []
        for label, count, percent in zip(labels, dist.counts, dist.percent, strict=True):
            share = None if percent is None else percent / 100
            rows.append((label, str(count), format_percent(share, lang)))
        note = t["annex_note"].format(n=dist.n, missing=r.no_answer)
        summary = r.likert.summary if r.likert is not None else r.numeric
        if summary is not None and summary.mean is not None and summary.ci is not None:
            mean = format_decimal(summary.mean, lang)
            ci = f"{format_decimal(summary.ci.low, lang)}–{format_decimal(summary.ci.high, lang)}"
            note += " · " + t["annex_mean"].format(mean=mean, ci=ci)
        tables.append(
            render.Table(
                title=q.label(lang),
                columns=(t["answer"], t["count"], t["percent"]),
                rows=tuple(rows),
                note=note,
            )
        )
    return tables


def selected_quotes(session: Session, training_ids: Sequence[int]) -> list[render.Quote]:
    """Return the comments trainers chose for reports, oldest first, as anonymous quotes."""
    rows = session.execute(
        select(Answer.text, Response.language)
        .join(ReportComment, ReportComment.answer_id == Answer.id)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.training_id.in_(list(training_ids)), Answer.text.is_not(None))
        .order_by(Response.training_id, Response.submitted_at, Answer.id)
    )
    return [render.Quote(text=text, lang=language) for text, language in rows]


def commentable_answers(
    session: Session, training: Training
) -> list[tuple[int, str, str, bool, int]]:
    """Return (answer id, text, language, selected, question id) for every comment."""
    questions = [q.id for q in training.questionnaire.questions if q.role in COMMENT_ROLES]
    if not questions:
        return []
    rows = session.execute(
        select(
            Answer.id, Answer.text, Response.language, ReportComment.answer_id, Answer.question_id
        )
        .join(Response, Response.id == Answer.response_id)
        .outerjoin(ReportComment, ReportComment.answer_id == Answer.id)
        .where(
            Response.training_id == training.id,
            Answer.question_id.in_(questions),
            Answer.text.is_not(None),
        )
        .order_by(Response.submitted_at, Answer.id)
    )
    return [
        (aid, text, lang, selected is not None, question)
        for aid, text, lang, selected, question in rows
    ]


def _logo(data: bytes | None, mime_type: str | None) -> render.Logo | None:
    if not data or mime_type not in LOGO_TYPES:
        return None
    return render.Logo(data=data, mime_type=mime_type)


def _charts(results: Sequence[QuestionResult], lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Return the report's charts (SVG by name) and their headings."""
    t = strings_for(lang)
    likert = []
    for r in results:
        q = r.question
        if q.type == QuestionType.LIKERT and r.likert is not None:
            anchors = tuple(q.choice_label(str(v), lang) for v in range(1, 6))
            counts = tuple(r.likert.distribution.counts)
            likert.append((anchors, q.label(lang), counts, q.role in QuestionRole.before_after()))
    recommend = next((r for r in results if r.question.role == QuestionRole.RECOMMEND), None)
    nps_counts = None
    if recommend is not None and recommend.distribution is not None and recommend.distribution.n:
        nps_counts = tuple(recommend.distribution.counts)
    charts = dict(_draw_charts(lang, tuple(likert), nps_counts))
    titles = {"recommend": t["recommend_heading"]} if nps_counts else {}
    return charts, titles


@lru_cache(maxsize=64)
def _draw_charts(
    lang: str,
    likert: tuple[tuple[tuple[str, ...], str, tuple[int, ...], bool], ...],
    nps_counts: tuple[int, ...] | None,
) -> tuple[tuple[str, str], ...]:
    """Draw the charts for these counts; the same counts are drawn once per process.

    Drawing is most of the time a report takes before WeasyPrint, and the same counts
    come back for every language option, the project report and the donor page.
    """
    items = [
        (anchors, LikertRow(label, counts), before_after)  # type: ignore[arg-type]
        for anchors, label, counts, before_after in likert
    ]
    charts = [(f"likert{i}", svg) for i, svg in enumerate(likert_charts_by_scale(items, lang))]
    if nps_counts is not None:
        charts.append(("recommend", nps_distribution_svg(list(nps_counts), lang=lang)))
    return tuple(charts)


def _min_size() -> int:
    return int(current_app.config.get("MIN_CELL_SIZE", 5))


def _today(lang: str) -> str:
    with force_locale(lang):
        return format_date(datetime.now(UTC).date(), "long")


# --- reports ----------------------------------------------------------------------------


def training_report(training: Training, lang: str) -> render.TrainingReport:
    """Plain data for the report template: no ORM object crosses this line."""
    session = get_session()
    figures: TrainingFigures = training_figures(session, training)
    project = training.project
    min_size = _min_size()
    response_sentence, heads = _headlines(figures, lang)
    charts, titles = _charts(figures.questions, lang)
    return render.TrainingReport(
        lang=lang,
        project_name=project.name_in(lang),
        donor=project.donor_in(lang),
        organisation=project.organisation_in(lang),
        org_logo=_logo(project.org_logo, project.org_logo_type),
        donor_logo=_logo(project.donor_logo, project.donor_logo_type),
        title=training.title_in(lang),
        location=training.place_in(lang),
        dates=date_range(training.start_date, training.end_date, lang),
        responses=figures.responses,
        expected=training.expected_participants,
        response_sentence=response_sentence,
        headlines=heads,
        indicators=indicator_results(project, figures, lang),
        charts=charts,
        chart_titles=titles,
        breakdowns=_breakdowns(session, [training.id], lang, min_size),
        comments=list(selected_quotes(session, [training.id])),
        annex=_annex(figures.questions, lang),
        min_cell_size=min_size,
        generated_on=_today(lang),
    )


def project_report(
    project: Project, lang: str, trainings: Sequence[Training] | None = None
) -> render.TrainingReport:
    """A project's report: its trainings side by side, then everything pooled."""
    session = get_session()
    t = strings_for(lang)
    chosen = list(project.trainings if trainings is None else trainings)
    pf = project_figures(session, project, chosen)
    ids = [tr.id for tr in chosen]
    min_size = _min_size()
    response_sentence, heads = _headlines(pf, lang)
    pooled = _pooled_results([f.questions for f in pf.trainings])
    charts, titles = _charts(pooled, lang)

    def cell(p: Proportion | None) -> str:
        if p is None or p.share is None:
            return "–"
        return f"{format_percent(p.share, lang)} ({_ci(p, lang)})"

    def rate_cell(p: Proportion | None) -> str:  # a census: no interval
        return "–" if p is None or p.share is None else format_percent(p.share, lang)

    def nps_cell(v: NPS | None) -> str:
        return f"{_signed(v.score, lang)} ({_nps_ci(v, lang)})" if v is not None and v.n else "–"

    columns = (t["indicator"], *(tr.title_in(lang) for tr in chosen), t["pooled"])
    everyone = [*pf.trainings, pf]
    comparison = render.Table(
        title="",
        columns=columns,
        rows=(
            (t["responses"], *(str(f.responses) for f in everyone)),
            (t["response_rate"], *(rate_cell(f.response_rate) for f in everyone)),
            (t["satisfied_label"], *(cell(f.satisfied) for f in everyone)),
            (t["ready_label"], *(cell(f.ready_to_adopt) for f in everyone)),
            (t["recommend_label"], *(nps_cell(f.recommend) for f in everyone)),
        ),
        note=t["pooled_note"] + " " + t["in_brackets"],
    )
    if len(chosen) > 1:
        points = [
            KpiPoint(
                tr.title_in(lang),
                f.ready_to_adopt.share if f.ready_to_adopt else None,
                f.ready_to_adopt.ci.low if f.ready_to_adopt and f.ready_to_adopt.ci else None,
                f.ready_to_adopt.ci.high if f.ready_to_adopt and f.ready_to_adopt.ci else None,
                f.ready_to_adopt.n if f.ready_to_adopt else 0,
            )
            for tr, f in zip(chosen, pf.trainings, strict=True)
        ]
        target = next((i.target for i in project.indicators if i.metric == "ready_to_adopt"), None)
        charts = {"kpi-ready": kpi_comparison_svg(points, lang=lang, target=target), **charts}
        titles["kpi-ready"] = t["ready_label"] + " – " + t["comparison"].lower()
    starts = [tr.start_date for tr in chosen if tr.start_date]
    ends = [tr.end_date or tr.start_date for tr in chosen if tr.start_date]
    dates = date_range(min(starts), max(e for e in ends if e), lang) if starts else ""
    return render.TrainingReport(
        kind="project",
        lang=lang,
        project_name=project.name_in(lang),
        donor=project.donor_in(lang),
        organisation=project.organisation_in(lang),
        org_logo=_logo(project.org_logo, project.org_logo_type),
        donor_logo=_logo(project.donor_logo, project.donor_logo_type),
        title=project.name_in(lang),
        location=" · ".join(tr.title_in(lang) for tr in chosen),
        dates=dates,
        responses=pf.responses,
        expected=pf.expected,
        response_sentence=response_sentence,
        headlines=heads,
        indicators=indicator_results(project, pf, lang),
        comparison=comparison,
        charts=charts,
        chart_titles=titles,
        breakdowns=_breakdowns(session, ids, lang, min_size) if ids else [],
        comments=list(selected_quotes(session, ids)) if ids else [],
        annex=_annex(pooled, lang),
        min_cell_size=min_size,
        generated_on=_today(lang),
    )


# --- cache ------------------------------------------------------------------------------


def report_cache() -> LRUCache:
    """Return this app's cache of rendered PDFs (made on first use; size 0 keeps none)."""
    cache = current_app.extensions.get("report_cache")
    if cache is None:
        cache = LRUCache(int(current_app.config.get("REPORT_CACHE_SIZE", 32)))
        current_app.extensions["report_cache"] = cache
    return cache


def report_version(session: Session, project: Project, trainings: Sequence[Training]) -> tuple:
    """Return a cheap key that changes whenever anything a report shows changes."""
    ids = [t.id for t in trainings]
    responses = data_version(session, ids) if ids else (0, 0)
    comments = session.execute(
        select(func.count(ReportComment.answer_id), func.max(ReportComment.selected_at))
        .join(Answer, Answer.id == ReportComment.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.training_id.in_(ids))
    ).one()
    digest = hashlib.sha256()
    fields: list[Any] = [
        project.name,
        project.donor,
        project.organisation,
        [
            sorted((getattr(project, f"{name}_translations") or {}).items())
            for name in ("name", "donor", "organisation")
        ],
        project.org_logo_type,
        project.donor_logo_type,
        [(i.metric, i.target, sorted(i.labels.items()), i.position) for i in project.indicators],
    ]
    for t in trainings:
        fields.append(
            (
                t.id,
                t.title,
                sorted((t.title_translations or {}).items()),
                t.location,
                t.country,
                sorted((t.place_translations or {}).items()),
                t.start_date,
                t.end_date,
                t.expected_participants,
            )
        )
    digest.update(repr(fields).encode())
    for logo in (project.org_logo, project.donor_logo):
        digest.update(hashlib.sha256(logo or b"").digest())
    # The cover says when the report was made: a new day makes a new report.
    today = datetime.now(UTC).date().isoformat()
    return (responses, comments[0], str(comments[1]), digest.hexdigest(), today)


def _static_dir() -> Path:
    return Path(current_app.static_folder or "static")


def _render(make_report: Callable[[], render.TrainingReport]) -> bytes:
    # The queries and charts allocate like the PDF does: one collector pause for all.
    with render.collector_paused():
        return render.render_training_pdf(make_report(), static_dir=_static_dir())


def training_pdf(training: Training, lang: str) -> bytes:
    """Return the training's report as PDF bytes, from the cache when nothing changed."""
    key = (
        "training",
        training.id,
        lang,
        report_version(get_session(), training.project, [training]),
        _min_size(),
    )
    return report_cache().get_or_make(key, lambda: _render(lambda: training_report(training, lang)))


def project_pdf(project: Project, lang: str, trainings: Sequence[Training] | None = None) -> bytes:
    """Return the project's report as PDF bytes, from the cache when nothing changed."""
    chosen = list(project.trainings if trainings is None else trainings)
    key = (
        "project",
        project.id,
        tuple(t.id for t in chosen),
        lang,
        report_version(get_session(), project, chosen),
        _min_size(),
    )
    return report_cache().get_or_make(
        key, lambda: _render(lambda: project_report(project, lang, chosen))
    )
