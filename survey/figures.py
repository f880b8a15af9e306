"""Words and pictures of a training's figures, shared by the dashboard and the reports.

A headline sentence on screen and the same sentence in a PDF come from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_percent
from flask_babel import gettext as _

from .analysis.proportions import Proportion
from .charts.likert import LikertRow, diverging_likert_svg
from .models import QuestionType
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
    return "–" if share is None else format_percent(share)


def ci_text(p: Proportion | None) -> str:
    if p is None or p.ci is None:
        return ""
    return _("95%% CI %(low)s–%(high)s", low=pct(p.ci.low), high=pct(p.ci.high))


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
    """One diverging bar chart (SVG) per Likert answer scale, questions in agreement order."""
    groups: dict[tuple[str, ...], list[LikertRow]] = {}
    for result in figures.questions:
        q = result.question
        if q.type != QuestionType.LIKERT or result.likert is None:
            continue
        anchors = tuple(q.choice_label(str(v), lang) for v in range(1, 6))
        counts = result.likert.distribution.counts
        groups.setdefault(anchors, []).append(LikertRow(q.label(lang), tuple(counts)))
    return [
        diverging_likert_svg(rows, lang=lang, anchors=anchors) for anchors, rows in groups.items()
    ]
