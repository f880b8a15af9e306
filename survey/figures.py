"""Words and pictures of a training's figures, shared by the dashboard and the reports.

A headline sentence on screen and the same sentence in a PDF come from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_decimal, format_percent, ngettext
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


def of_respondents(n: int) -> str:
    """'of 3 respondents': the total a count is out of, worded for its own number."""
    return ngettext("of %(num)d respondent", "of %(num)d respondents", n)


def share_sentence(key: str, p: Proportion) -> str:
    """'2 of 3 respondents (67%, 95% CI …) were satisfied', agreeing with both counts."""
    fields = {"of_total": of_respondents(p.n), "share": pct(p.share), "ci": ci_text(p)}
    if key == "satisfied":
        return ngettext(
            "%(num)d %(of_total)s (%(share)s, %(ci)s) was satisfied or very satisfied.",
            "%(num)d %(of_total)s (%(share)s, %(ci)s) were satisfied or very satisfied.",
            p.k,
            **fields,
        )
    return ngettext(
        "%(num)d %(of_total)s (%(share)s, %(ci)s) is ready to adopt new approaches in their "
        "daily work.",
        "%(num)d %(of_total)s (%(share)s, %(ci)s) are ready to adopt new approaches in their "
        "daily work.",
        p.k,
        **fields,
    )


def headlines(figures: TrainingFigures) -> list[Headline]:
    """The figures a trainer and a donor look at first, with their n and interval."""
    items = []
    rate = figures.response_rate
    if rate is not None:
        # Two counts, each with its own plural: the total is worded on its own, so each
        # language puts the noun where its grammar wants it ("1 participant sur 3").
        sentence = ngettext(
            "%(num)d %(of_total)s answered (%(share)s).",
            "%(num)d %(of_total)s answered (%(share)s).",
            rate.k,
            of_total=ngettext(
                "of %(num)d expected participant", "of %(num)d expected participants", rate.n
            ),
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
                ngettext("%(num)d response.", "%(num)d responses.", figures.responses),
                None,
            )
        )
    for key, label, p in (
        ("satisfied", _("Satisfied"), figures.satisfied),
        ("ready_to_adopt", _("Ready to adopt new approaches"), figures.ready_to_adopt),
    ):
        if p is None:
            continue
        sentence = _("No answer yet.") if p.n == 0 else share_sentence(key, p)
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
            # Three counts, three plurals: each part agrees with its own number.
            sentence = _(
                "Of %(respondents)s, %(promoters)s and %(detractors)s: a Net Promoter Score "
                "of %(score)s.",
                respondents=ngettext("%(num)d respondent", "%(num)d respondents", score.n),
                promoters=ngettext(
                    "%(num)d would recommend the training (9-10 of 10)",
                    "%(num)d would recommend the training (9-10 of 10)",
                    score.promoters,
                ),
                detractors=ngettext(
                    "%(num)d gave it 0 to 6", "%(num)d gave it 0 to 6", score.detractors
                ),
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
            sentence = ngettext(
                "%(num)d %(of_total)s (%(share)s, %(ci)s) rated their knowledge higher after "
                "the training than before (mean %(before)s → %(after)s of 5).",
                "%(num)d %(of_total)s (%(share)s, %(ci)s) rated their knowledge higher after "
                "the training than before (mean %(before)s → %(after)s of 5).",
                gain.k,
                of_total=of_respondents(gain.n),
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
    # The shift is a difference of means on the 1-5 scale (a decimal, possibly negative):
    # written as a signed change on the scale, it needs no plural of "point".
    text = _(
        "On average, respondents' rating of their own knowledge changed by %(shift)s on the "
        "1-to-5 scale after the training (n = %(n)d",
        shift=format_decimal(round(k.shift.mean, 1), format="+0.0;-0.0"),
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
    items = ngettext("%(num)d satisfaction item", "%(num)d satisfaction items", r.items)
    if r.alpha is None:
        return _(
            "Cronbach's alpha of the %(items)s needs at least two complete answers with some "
            "variation (n = %(n)d).",
            items=items,
            n=r.n,
        )
    return _(
        "Cronbach's alpha of the %(items)s: %(alpha)s (n = %(respondents)s). Above 0.7 the "
        "items measure one thing consistently.",
        items=items,
        alpha=format_decimal(r.alpha, format="0.00"),
        respondents=ngettext(
            "%(num)d respondent who answered all of them",
            "%(num)d respondents who answered all of them",
            r.n,
        ),
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
