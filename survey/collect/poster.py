"""A printable A4 poster for the venue: the form's QR code, short link, title and dates."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import segno
from flask import current_app, render_template
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from ..i18n import date_range, text_direction
from ..links import public_url
from ..models import Training
from ..reports.render import BASE_URL, SafeURLFetcher

# Printed words in every language of the training at once, whatever the visitor's
# language: kept here like the report's words, not in the interface catalogs.
TEXTS = {
    "fr": {
        "ask": "Votre avis compte",
        "how": "Scannez le code ou tapez l’adresse sur votre téléphone.",
        "anonymous": "Anonyme · 3 minutes",
    },
    "en": {
        "ask": "Your opinion counts",
        "how": "Scan the code or type the address on your phone.",
        "anonymous": "Anonymous · 3 minutes",
    },
    "ar": {
        "ask": "رأيكم يهمّنا",
        "how": "امسحوا الرمز أو اكتبوا العنوان على هاتفكم.",
        "anonymous": "بدون ذكر الاسم · 3 دقائق",
    },
}


def poster_pdf(training: Training) -> bytes:
    """Render the poster of ``training`` to PDF bytes, fetching only our own files."""
    link = public_url("collect.form", code=training.code)
    return _render(
        training.title,
        training.location,
        training.start_date,
        training.end_date,
        tuple(lang for lang in training.languages if lang in TEXTS),
        link,
    )


# The poster is public: keep recent ones rather than run WeasyPrint on every request.
@lru_cache(maxsize=32)
def _render(
    title: str,
    location: str,
    start: date | None,
    end: date | None,
    languages: tuple[str, ...],
    link: str,
) -> bytes:
    short = link.split("://", 1)[-1]
    fetcher = SafeURLFetcher(Path(current_app.static_folder or ""))
    qr = segno.make(link, error="m").svg_inline(scale=10, border=0, dark="#1c2430")
    fetcher.add_chart("qr", qr)
    blocks = [
        {
            "lang": lang,
            "dir": text_direction(lang),
            "dates": date_range(start, end, lang),
            **TEXTS[lang],
        }
        for lang in languages
    ]
    html = render_template(
        "collect/poster.html",
        title=title,
        location=location,
        short=short,
        blocks=blocks,
        qr="chart:qr",
    )
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(font_config=font_config)
