"""Words and pictures of a training's figures, shared by the dashboard and the reports.

A headline sentence on screen and the same sentence in a PDF come from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from .analysis.proportions import Proportion, round_half_up, whole_percent
from .charts.kpi import nps_distribution_svg
from .charts.likert import LikertRow, bar_chart_svg, likert_charts_by_scale
from .models import QuestionRole, QuestionType
from .results import TrainingFigures


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: str
    detail: str
    sentence: str
    proportion: Proportion | None


def pct(share: float | None) -> str:
    # Babel would round half to even (112.5 % as 112 %): the reports' rule instead.
    return "–" if share is None else format_percent(whole_percent(share) / 100)


def ci_text(p: Proportion | None) -> str:
    if p is None or p.ci is None:
        return ""
    return _("95%% CI %(low)s–%(high)s", low=pct(p.ci.low), high=pct(p.ci.high))


def ci_range(p: Proportion | None) -> str:
    """The 95 % interval alone ("55%–95%"), where a caption says what it is."""
    if p is None or p.ci is None:
        return ""
    return f"{pct(p.ci.low)}–{pct(p.ci.high)}"


def headlines(figures: TrainingFigures) -> list[Headline]:
    """The figures a trainer and a donor look at first, with their n and interval."""
    items = []
    rate = figures.response_rate
    if rate is not None:
        sentence = _(
            "%(k)d of %(n)d expected participants answered (%(share)s).",
            k=rate.k,
            n=rate.n,
            share=pct(rate.share),
        )
        if rate.k > rate.n:
            sentence += " " + _(
                "There are more responses than expected participants: check the expected "
                "number, or look for test answers."
            )
        items.append(
            Headline(
                "response_rate",
                _("Responses"),
                f"{rate.k} / {rate.n}",
                pct(rate.share),
                sentence,
                rate,
            )
        )
    else:
        items.append(
            Headline(
                "response_rate",
                _("Responses"),
                str(figures.responses),
                "",
                _("%(n)d responses.", n=figures.responses),
                None,
            )
        )
    for key, label, template, p in (
        (
            "satisfied",
            _("Satisfied"),
            _("%(k)d of %(n)d respondents (%(share)s, %(ci)s) were satisfied or very satisfied."),
            figures.satisfied,
        ),
        (
            "ready_to_adopt",
            _("Ready to adopt new approaches"),
            _(
                "%(k)d of %(n)d respondents (%(share)s, %(ci)s) are ready to adopt new approaches "
                "in their daily work."
            ),
            figures.ready_to_adopt,
        ),
    ):
        if p is None:
            continue
        if p.n == 0:
            sentence = _("No answer yet.")
        else:
            sentence = template % {"k": p.k, "n": p.n, "share": pct(p.share), "ci": ci_text(p)}
        detail = _("n = %(n)d", n=p.n) + (" · " + ci_text(p) if p.ci else "")
        items.append(Headline(key, label, pct(p.share), detail, sentence, p))
    return items


def likert_charts(figures: TrainingFigures, lang: str) -> list[str]:
    """One diverging bar chart (SVG) per Likert answer scale, questions in agreement
    order (a before/after pair in its own order)."""
    items = []
    for result in figures.questions:
        q = result.question
        if q.type != QuestionType.LIKERT or result.likert is None:
            continue
        anchors = tuple(q.choice_label(str(v), lang) for v in range(1, 6))
        row = LikertRow(q.label(lang), tuple(result.likert.distribution.counts))
        items.append((anchors, row, q.role in QuestionRole.before_after()))
    return likert_charts_by_scale(items, lang)


def score_text(value: float | None) -> str:
    """A Net Promoter Score (or a bound of its interval) in whole points, halves up."""
    return "–" if value is None else format_decimal(round_half_up(value))


def number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else format_decimal(round(value, digits))


def extra_headlines(figures: TrainingFigures) -> list[Headline]:
    """Net Promoter Score and knowledge gain, with their n and interval, when asked."""
    items = []
    score = figures.recommend
    if score is not None:
        if score.n == 0 or score.score is None:
            sentence = _("No answer yet.")
        else:
            sentence = _(
                "Of %(n)d respondents, %(p)d would recommend the training (9-10 of 10) and "
                "%(d)d gave it 0 to 6: a Net Promoter Score of %(score)s.",
                n=score.n,
                p=score.promoters,
                d=score.detractors,
                score=score_text(score.score),
            )
        detail = _("n = %(n)d", n=score.n)
        if score.ci is not None:
            detail += " · " + _(
                "95%% CI %(low)s to %(high)s",
                low=score_text(score.ci.low),
                high=score_text(score.ci.high),
            )
        items.append(
            Headline(
                "recommend",
                _("Net Promoter Score"),
                score_text(score.score),
                detail,
                sentence,
                None,
            )
        )
    k = figures.knowledge
    if k is not None:
        gain = k.gain
        if k.n == 0:
            sentence = _("No answer yet.")
        else:
            sentence = _(
                "%(k)d of %(n)d respondents (%(share)s, %(ci)s) rated their knowledge higher "
                "after the training than before (mean %(before)s → %(after)s of 5).",
                k=gain.k,
                n=gain.n,
                share=pct(gain.share),
                ci=ci_text(gain),
                before=number(k.mean_before),
                after=number(k.mean_after),
            )
        detail = _("n = %(n)d", n=gain.n) + (" · " + ci_text(gain) if gain.ci else "")
        items.append(
            Headline(
                "knowledge_gain",
                _("Reported more knowledge"),
                pct(gain.share),
                detail,
                sentence,
                gain,
            )
        )
    return items


def knowledge_sentence(figures: TrainingFigures) -> str:
    """The mean shift of self-rated knowledge, with its n and interval."""
    k = figures.knowledge
    if k is None or k.n == 0 or k.shift.mean is None:
        return ""
    text = _(
        "On average, respondents rated their knowledge %(shift)s points higher after the "
        "training (n = %(n)d",
        shift=number(k.shift.mean),
        n=k.n,
    )
    if k.shift.ci is not None:
        text += ", " + _(
            "95%% CI %(low)s to %(high)s",
            low=number(k.shift.ci.low),
            high=number(k.shift.ci.high),
        )
    return text + ")."


def reliability_sentence(figures: TrainingFigures) -> str:
    """Cronbach's alpha of the satisfaction items, with its n, in one sentence."""
    r = figures.reliability
    if r is None:
        return ""
    if r.alpha is None:
        return _(
            "Cronbach's alpha of the %(items)d satisfaction items needs at least two complete "
            "answers with some variation (n = %(n)d).",
            items=r.items,
            n=r.n,
        )
    return _(
        "Cronbach's alpha of the %(items)d satisfaction items: %(alpha)s (n = %(n)d "
        "respondents who answered all of them). Above 0.7 the items measure one thing "
        "consistently.",
        items=r.items,
        alpha=format_decimal(r.alpha, format="0.00"),
        n=r.n,
    )


@dataclass(frozen=True)
class QuestionChart:
    code: str
    title: str
    svg: str


def question_charts(figures: TrainingFigures, lang: str) -> list[QuestionChart]:
    """A bar chart per choice question and an NPS chart for the 0-10 recommendation."""
    charts = []
    for result in figures.questions:
        q = result.question
        if result.nps is not None and result.distribution is not None:
            charts.append(
                QuestionChart(
                    q.code,
                    q.label(lang),
                    nps_distribution_svg(result.distribution.counts, lang=lang),
                )
            )
        elif (
            q.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.YES_NO)
            and result.distribution is not None
        ):
            dist = result.distribution
            labels = [q.choice_label(str(option), lang) for option in dist.options]
            charts.append(
                QuestionChart(
                    q.code,
                    q.label(lang),
                    bar_chart_svg(labels, list(dist.counts), lang=lang, n=dist.n),
                )
            )
    return charts
