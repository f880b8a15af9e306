"""Turn a training's figures into plain report data, then into a PDF."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from flask_babel import force_locale, format_date

from ..db import get_session
from ..figures import headlines, likert_charts
from ..i18n import date_range
from ..models import Training
from ..results import training_figures
from . import render


def training_report(training: Training, lang: str) -> render.TrainingReport:
    """Plain data for the report template: no ORM object crosses this line."""
    figures = training_figures(get_session(), training)
    with force_locale(lang):
        heads = [
            render.Headline(
                label=h.label,
                sentence=h.sentence,
                k=h.proportion.k if h.proportion else figures.responses,
                n=h.proportion.n if h.proportion else figures.responses,
                share=h.proportion.share if h.proportion else None,
                ci_low=h.proportion.ci.low if h.proportion and h.proportion.ci else None,
                ci_high=h.proportion.ci.high if h.proportion and h.proportion.ci else None,
            )
            for h in headlines(figures)
            # The report's cover block states the response rate itself.
            if h.key != "response_rate"
        ]
        charts = likert_charts(figures, lang)
        dates = date_range(training.start_date, training.end_date, lang)
        generated = format_date(datetime.now(UTC).date(), "long")
    project = training.project
    return render.TrainingReport(
        lang=lang,
        project_name=project.name,
        donor=project.donor,
        title=training.title,
        location=", ".join(p for p in (training.location, training.country) if p),
        dates=dates,
        responses=figures.responses,
        expected=training.expected_participants,
        headlines=heads,
        charts={f"likert{i}": svg for i, svg in enumerate(charts)},
        comments=[],
        generated_on=generated,
    )


def training_pdf(training: Training, lang: str) -> bytes:
    static = Path(current_app.static_folder or "static")
    return render.render_training_pdf(training_report(training, lang), static_dir=static)
