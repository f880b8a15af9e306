"""Report downloads for trainers."""

from __future__ import annotations

from flask import Blueprint, Response, request
from flask_login import login_required

from ..dashboard.views import get_training
from .build import training_pdf

bp = Blueprint("reports", __name__, url_prefix="/trainings")
REPORT_LANGUAGES = ("fr", "en", "ar")


@bp.get("/<int:training_id>/report.pdf")
@login_required
def training_pdf_view(training_id: int):
    training = get_training(training_id)
    lang = request.args.get("lang", "fr")
    if lang not in REPORT_LANGUAGES:
        lang = "fr"
    pdf = training_pdf(training, lang)
    filename = f"retour-{training.code}-{lang}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
