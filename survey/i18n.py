"""Interface language: Flask-Babel catalogs in French, English and Arabic."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_interval, format_time, get_timezone_location
from flask import Flask, current_app, g, request
from flask_babel import Babel
from flask_babel import gettext as _
from flask_login import current_user

from .models.base import as_utc

RTL_LANGUAGES = frozenset({"ar"})
LANGUAGE_NAMES = {"fr": "Français", "en": "English", "ar": "العربية"}


def choose_language(offered: list[str], default: str) -> str:
    """Pick ``?lang=``, then the browser's Accept-Language, then ``default``."""
    asked = request.args.get("lang", "")
    if asked in offered:
        return asked
    best = request.accept_languages.best_match(offered)
    return best or (default if default in offered else offered[0])


def get_locale() -> str:
    # Views for participants set g.lang from the training's languages; other pages
    # follow ?lang= for one page, then the language a logged-in user chose, then the
    # browser.
    lang = g.get("lang")
    if lang:
        return lang
    languages = current_app.config["LANGUAGES"]
    if request.args.get("lang", "") not in languages:
        chosen = getattr(current_user, "language", None)
        if chosen in languages:
            return chosen
    return choose_language(languages, current_app.config["BABEL_DEFAULT_LOCALE"])


def date_range(start: date | None, end: date | None, lang: str | None = None) -> str:
    """'16–19 mai 2016': a training's dates, written the way the language writes them."""
    if start is None:
        return ""
    locale = lang or get_locale()
    if end is None or end == start:
        return format_date(start, "long", locale=locale)
    return format_interval(start, end, "yMMMd", locale=locale)


def local_time(when: datetime, zone: ZoneInfo, lang: str | None = None) -> str:
    """'3 décembre 2026 à 09:00 (heure : Maroc)': a stored time in a training's zone."""
    locale = lang or get_locale()
    local = as_utc(when).astimezone(zone)
    day = format_date(local, "long", locale=locale)
    hour = format_time(local, "short", locale=locale)
    if zone.key == "UTC":
        return _("%(date)s at %(time)s (UTC)", date=day, time=hour)
    where = get_timezone_location(zone, locale=locale)
    return _("%(date)s at %(time)s (%(zone)s)", date=day, time=hour, zone=where)


def text_direction(lang: str) -> str:
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=get_locale)

    @app.context_processor
    def language_context() -> dict:
        lang = get_locale()
        return {
            "lang": lang,
            "text_dir": text_direction(lang),
            "language_names": LANGUAGE_NAMES,
            "date_range": date_range,
            "local_time": local_time,
        }
