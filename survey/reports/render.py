"""Render a training report to PDF: frozen dataclasses -> Jinja2 HTML -> WeasyPrint."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = ROOT / "templates"
STATIC_DIR = ROOT / "static"
TEMPLATE = "reports/training.html"
STYLESHEET_URL = "static:/css/report.css"
# Relative URLs resolve against this and so still end up in the fetcher, which
# refuses them (urljoin leaves unknown schemes alone), instead of meaning a local file.
BASE_URL = "static:/"
PDF_VARIANT = "pdf/ua-1"

_CHART_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
# Only these kinds of static file are ever served: enough for CSS, fonts and images.
_STATIC_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


@dataclass(frozen=True, slots=True)
class Headline:
    """One key figure: k of n answered favourably, with its 95 % interval."""

    label: str
    sentence: str
    k: int
    n: int
    share: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainingReport:
    """Everything the report template shows, already computed and formatted by the caller."""

    lang: str
    project_name: str
    donor: str
    title: str
    location: str
    dates: str
    responses: int
    expected: int | None
    headlines: list[Headline]
    charts: dict[str, str]  # name -> SVG text; "likert" is the main chart
    comments: list[str] = field(default_factory=list)
    generated_on: str

    @property
    def response_rate(self) -> float | None:
        """Return responses / expected participants, or None when unknown."""
        return self.responses / self.expected if self.expected else None


STRINGS: dict[str, dict[str, str]] = {
    "fr": {
        "report_kind": "Rapport d’évaluation",
        "project": "Projet",
        "donor": "Bailleur",
        "location": "Lieu",
        "dates": "Dates",
        "summary": "Synthèse",
        "response_rate": "Taux de réponse",
        "responses": "Réponses",
        "responses_of_expected": "{responses} réponses sur {expected} participants",
        "responses_only": "{responses} réponses",
        "ci": "IC à 95\u202f%\u00a0: {interval}",
        "no_answer": "aucune réponse",
        "results": "Résultats détaillés",
        "likert_heading": "Appréciation de la formation",
        "likert_alt": (
            "Graphique en barres divergentes : pour chaque affirmation, la part des "
            "réponses de «\u00a0pas du tout d’accord\u00a0» à «\u00a0tout à fait d’accord\u00a0», "
            "de la plus à la moins approuvée."
        ),
        "chart_alt": "Graphique en barres : nombre de réponses par option.",
        "comments": "Commentaires des participants",
        "method": "Méthodologie",
        "method_survey": (
            "Les participants ont été interrogés par téléphone, de façon anonyme, "
            "après la formation. {responses} personnes ont répondu sur {expected} "
            "participants, soit un taux de réponse de {rate}."
        ),
        "method_survey_no_expected": (
            "Les participants ont été interrogés par téléphone, de façon anonyme, "
            "après la formation. {responses} personnes ont répondu."
        ),
        "method_ci": (
            "Chaque pourcentage est calculé sur les personnes ayant répondu à la question "
            "(n). L’intervalle de confiance à 95\u202f% (méthode de Wilson) donne la marge "
            "d’incertitude due à la taille de l’échantillon ; il ne tient pas compte d’un "
            "éventuel biais de non-réponse."
        ),
        "method_chart": (
            "Dans le graphique, les affirmations sont classées selon la part de réponses "
            "favorables (4 ou 5 sur 5) ; la réponse neutre est partagée de part et d’autre "
            "de l’axe."
        ),
        "generated": "Rapport généré le {date} avec Retour",
    },
    "en": {
        "report_kind": "Evaluation report",
        "project": "Project",
        "donor": "Donor",
        "location": "Location",
        "dates": "Dates",
        "summary": "Summary",
        "response_rate": "Response rate",
        "responses": "Responses",
        "responses_of_expected": "{responses} responses from {expected} participants",
        "responses_only": "{responses} responses",
        "ci": "95% CI: {interval}",
        "no_answer": "no answers",
        "results": "Detailed results",
        "likert_heading": "How participants rated the training",
        "likert_alt": (
            "Diverging bar chart: for each statement, the share of answers from "
            "“strongly disagree” to “strongly agree”, sorted from most to least agreed."
        ),
        "chart_alt": "Bar chart: number of answers per option.",
        "comments": "Participants’ comments",
        "method": "Methodology",
        "method_survey": (
            "Participants were interviewed anonymously by phone after the training. "
            "{responses} of {expected} participants answered, a response rate of {rate}."
        ),
        "method_survey_no_expected": (
            "Participants were interviewed anonymously by phone after the training. "
            "{responses} people answered."
        ),
        "method_ci": (
            "Each percentage is computed over the people who answered that question (n). "
            "The 95% confidence interval (Wilson method) shows the uncertainty due to the "
            "sample size; it does not account for possible non-response bias."
        ),
        "method_chart": (
            "In the chart, statements are sorted by the share of favourable answers "
            "(4 or 5 out of 5); the neutral answer is split on both sides of the axis."
        ),
        "generated": "Report generated on {date} with Retour",
    },
}
RTL_LANGS = frozenset({"ar", "fa", "he", "ur"})


class RefusedURLError(ValueError):
    """The report fetcher does not serve this URL."""


class SafeURLFetcher(URLFetcher):
    """Serve only the app's static files and in-memory charts to WeasyPrint.

    ``static:/css/report.css`` reads ``static_dir/css/report.css``; ``chart:likert``
    returns the SVG registered with :meth:`add_chart`. Every other URL (``file:``,
    ``http(s):``, ``ftp:``, ``data:``, relative paths...) raises, and is recorded in
    :attr:`refused` so tests can check nothing left the process.
    """

    def __init__(self, static_dir: Path) -> None:
        # No protocol and no redirect for the parent class: if some WeasyPrint code
        # path ever reached urllib's opener directly, it would refuse too.
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.static_dir = Path(static_dir).resolve(strict=True)
        self._resources: dict[str, tuple[bytes, str]] = {}
        self.served: list[str] = []
        self.refused: list[str] = []

    def add_chart(self, name: str, svg: str) -> str:
        """Register an SVG chart in memory and return the URL that serves it."""
        if not _CHART_NAME.fullmatch(name):
            raise ValueError(f"chart names are lowercase words, got {name!r}")
        url = f"chart:{name}"
        self._resources[url] = (svg.encode("utf-8"), "image/svg+xml")
        return url

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        """Return the resource for ``url`` or raise RefusedURLError."""
        try:
            body, mime_type = self._lookup(url)
        except RefusedURLError:
            self.refused.append(url)
            raise
        self.served.append(url)
        content_type = f"{mime_type}; charset=utf-8" if mime_type == "text/css" else mime_type
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    def _lookup(self, url: str) -> tuple[bytes, str]:
        scheme, sep, rest = url.partition(":")
        scheme = scheme.lower()
        if sep and scheme == "chart":
            resource = self._resources.get(f"chart:{rest}")
            if resource is None:
                raise RefusedURLError(f"no chart registered as {url!r}")
            return resource
        if sep and scheme == "static":
            path = self._static_path(rest)
            return path.read_bytes(), _STATIC_TYPES[path.suffix.lower()]
        # data: URIs are self-contained, but nothing we render needs them, and refusing
        # them keeps "only our own files and charts" true with no exception to reason about.
        raise RefusedURLError(f"refused URL {url[:200]!r}")

    def _static_path(self, rest: str) -> Path:
        relative = unquote(rest.split("#", 1)[0].split("?", 1)[0]).lstrip("/")
        parts = PurePosixPath(relative).parts
        if not parts or "\\" in relative or "\x00" in relative or ".." in parts:
            raise RefusedURLError(f"refused static path {rest[:200]!r}")
        # resolve() follows symlinks, so a link pointing out of static/ is caught here.
        path = (self.static_dir / relative).resolve()
        if not path.is_relative_to(self.static_dir) or not path.is_file():
            raise RefusedURLError(f"no static file {rest[:200]!r}")
        if path.suffix.lower() not in _STATIC_TYPES:
            raise RefusedURLError(f"static type not served: {rest[:200]!r}")
        return path


def format_percent(share: float | None, lang: str) -> str:
    """Return a share as a whole percentage in the report's typography ("90 %")."""
    if share is None:
        return "–"
    return _with_percent_sign(str(_round_half_up(100 * share)), lang)


def format_interval(low: float | None, high: float | None, lang: str) -> str:
    """Return a 95 % interval as "79–96 %", or "" when there is none."""
    if low is None or high is None:
        return ""
    span = f"{_round_half_up(100 * low)}–{_round_half_up(100 * high)}"
    return _with_percent_sign(span, lang)


def render_training_html(report: TrainingReport) -> str:
    """Render the report template to HTML text, every value escaped."""
    t = strings_for(report.lang)
    rate = format_percent(report.response_rate, report.lang)
    if report.expected:
        survey = t["method_survey"].format(
            responses=report.responses, expected=report.expected, rate=rate
        )
        response_line = t["responses_of_expected"].format(
            responses=report.responses, expected=report.expected
        )
    else:
        survey = t["method_survey_no_expected"].format(responses=report.responses)
        response_line = t["responses_only"].format(responses=report.responses)
    context: dict[str, Any] = {
        "report": report,
        "t": t,
        "dir": "rtl" if report.lang.split("-")[0].lower() in RTL_LANGS else "ltr",
        "response_rate": rate,
        "response_line": response_line,
        "methodology": [survey, t["method_ci"], t["method_chart"]],
        "figures": _figures(report.charts, t),
        "generated": t["generated"].format(date=report.generated_on),
    }
    return _jinja_env().get_template(TEMPLATE).render(context)


def render_training_pdf(
    report: TrainingReport,
    *,
    static_dir: Path,
    url_fetcher: SafeURLFetcher | None = None,
) -> bytes:
    """Render the report to PDF bytes, fetching only static files and its own charts.

    Pass ``url_fetcher`` to inspect afterwards what was served or refused.
    """
    fetcher = url_fetcher or SafeURLFetcher(static_dir)
    if fetcher.static_dir != Path(static_dir).resolve():
        raise ValueError("url_fetcher serves another static folder than static_dir")
    for name, svg in report.charts.items():
        fetcher.add_chart(name, svg)
    html = render_training_html(report)
    # One FontConfiguration for the stylesheet's @font-face rules and for write_pdf,
    # otherwise the bundled fonts are loaded but never used.
    font_config = FontConfiguration()
    stylesheet = CSS(url=STYLESHEET_URL, url_fetcher=fetcher, font_config=font_config)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    pdf = document.write_pdf(
        stylesheets=[stylesheet], font_config=font_config, pdf_variant=PDF_VARIANT
    )
    if not isinstance(pdf, bytes):  # write_pdf returns bytes when given no target
        raise TypeError("WeasyPrint returned no PDF bytes")
    return pdf


def strings_for(lang: str) -> dict[str, str]:
    """Return the interface words for ``lang``, English when it has none yet."""
    return STRINGS.get(lang.split("-")[0].lower(), STRINGS["en"])


@cache
def _jinja_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["percent"] = format_percent
    env.filters["interval"] = format_interval
    return env


def _figures(charts: Mapping[str, str], t: Mapping[str, str]) -> list[dict[str, str | None]]:
    """Return src, alt text and optional heading for each chart, in the caller's order."""
    figures: list[dict[str, str | None]] = []
    first_likert = True
    for name in charts:
        # Charts named likert, likert0, likert-2... are diverging Likert charts.
        likert = name.startswith("likert")
        figures.append(
            {
                "src": f"chart:{name}",
                "alt": t["likert_alt"] if likert else t["chart_alt"],
                "heading": t["likert_heading"] if likert and first_likert else None,
            }
        )
        first_likert = first_likert and not likert
    return figures


def _round_half_up(value: float) -> int:
    # round() rounds half to even: 52.5 % would print as 52 %, and 53.5 % as 54 %.
    return math.floor(value + 0.5)


def _with_percent_sign(number: str, lang: str) -> str:
    # French sets a narrow no-break space before %; English sets none.
    return f"{number}\u202f%" if lang.startswith("fr") else f"{number}%"
