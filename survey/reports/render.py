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

from babel.numbers import format_decimal as babel_format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..analysis.proportions import whole_percent
from ..gcpause import collector_paused
from .strings import plural, strings_for

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = ROOT / "templates"
STATIC_DIR = ROOT / "static"
TEMPLATE = "reports/training.html"
STYLESHEET_URL = "static:/css/report.css"
# Relative URLs resolve against this and so still end up in the fetcher, which
# refuses them (urljoin leaves unknown schemes alone), instead of meaning a local file.
BASE_URL = "static:/"
PDF_VARIANT = "pdf/ua-1"
# Below this many responses a report says on its cover that its sample is small: one
# person more or less then moves a percentage by ten points or more.
SMALL_SAMPLE = 10

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
# matplotlib writes font-family: 'Noto Sans', 'Noto Naskh Arabic', 'DejaVu Sans' on each
# <text>. WeasyPrint's SVG reader splits that list on commas and strips the quotes only
# where no space precedes them, so it knows just the first family: Arabic fell back to a
# system font (DejaVu) instead of the Noto Naskh Arabic that matplotlib measured it with.
# Only the markup of <text> tags is matched; user text cannot hold a raw "<" or ">".
_SVG_FONT_FAMILY = re.compile(r"(<text\b[^<>]*?font-family: )([^;\"<>]*)")
# Uploaded logos: raster images only. An SVG logo could carry scripts or links, and
# although the fetcher would refuse them, there is no need to parse one at all.
_IMAGE_TYPES = frozenset({"image/png", "image/jpeg"})


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
    # What the big number shows; by default the share as a percentage.
    value: str | None = None


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """A project indicator against its target; status is met, not_met, unclear or no_data."""

    label: str
    target: str
    achieved: str
    ci: str
    n: int | None
    status: str
    sentence: str
    explanation: str


@dataclass(frozen=True, slots=True)
class Table:
    """A small table of already formatted cells; a row of one cell spans the table."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Quote:
    """A participant's comment, anonymised, in the language it was written in."""

    text: str
    lang: str


@dataclass(frozen=True, slots=True)
class Logo:
    """An image uploaded for the project, served to WeasyPrint from memory."""

    data: bytes
    mime_type: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TrainingReport:
    """Everything the report template shows, already computed and formatted by the caller.

    The same shape serves a project report (``kind="project"``), whose ``comparison``
    table puts the trainings side by side.
    """

    lang: str
    project_name: str
    donor: str
    title: str
    location: str
    dates: str
    responses: int
    expected: int | None
    headlines: list[Headline]
    charts: dict[str, str]  # name -> SVG text; "likert..." are diverging Likert charts
    comments: list[Quote | str] = field(default_factory=list)
    generated_on: str
    kind: str = "training"
    organisation: str = ""
    org_logo: Logo | None = None
    donor_logo: Logo | None = None
    response_sentence: str = ""
    indicators: list[IndicatorResult] = field(default_factory=list)
    comparison: Table | None = None
    breakdowns: list[Table] = field(default_factory=list)
    annex: list[Table] = field(default_factory=list)
    min_cell_size: int = 5
    # Optional heading above a chart, by chart name.
    chart_titles: dict[str, str] = field(default_factory=dict)

    @property
    def response_rate(self) -> float | None:
        """Return responses / expected participants, or None when unknown."""
        return self.responses / self.expected if self.expected else None

    @property
    def author(self) -> str:
        """Return who signs the report: the organisation, else the project."""
        return self.organisation or self.project_name


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
        self._resources[url] = (_weasyprint_fonts(svg).encode("utf-8"), "image/svg+xml")
        return url

    def add_image(self, name: str, data: bytes, mime_type: str) -> str:
        """Register an uploaded image (a logo) in memory and return the URL that serves it."""
        if not _CHART_NAME.fullmatch(name):
            raise ValueError(f"image names are lowercase words, got {name!r}")
        if mime_type not in _IMAGE_TYPES:
            raise ValueError(f"image type not served: {mime_type!r}")
        url = f"image:{name}"
        self._resources[url] = (data, mime_type)
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
        if sep and scheme == "image":
            resource = self._resources.get(f"image:{rest}")
            if resource is None:
                raise RefusedURLError(f"no image registered as {url!r}")
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


def _weasyprint_fonts(svg: str) -> str:
    """Return the chart with its font-family lists written so that WeasyPrint reads them."""
    return _SVG_FONT_FAMILY.sub(
        lambda m: m[1] + ",".join(family.strip() for family in m[2].split(",")), svg
    )


def format_percent(share: float | None, lang: str) -> str:
    """Return a share as a whole percentage in the report's typography ("90 %")."""
    if share is None:
        return "–"
    return _with_percent_sign(str(whole_percent(share)), lang)


def format_target(metric: str, target: float, lang: str) -> str:
    """Return a target with its decimals and unit: "72,5 %" or "+12,5 points"."""
    number = babel_format_decimal(
        round(abs(target) if metric == "recommend" else 100 * target, 2), format="0.##", locale=lang
    )
    if metric != "recommend":
        return _with_percent_sign(number, lang)
    # As the scores: no "+" in right-to-left text, where it lands on the wrong side.
    sign = "-" if target < 0 else "+" if target > 0 and text_direction(lang) == "ltr" else ""
    return strings_for(lang)["points"].format(score=sign + number)


def format_decimal(value: float, lang: str) -> str:
    """Return a mean with one decimal in the report's language ("3,8" in French),
    halves rounded up as the percentages are."""
    return babel_format_decimal(math.floor(value * 10 + 0.5) / 10, format="0.0", locale=lang)


def format_interval(low: float | None, high: float | None, lang: str) -> str:
    """Return a 95 % interval as "79–96 %", or "" when there is none."""
    if low is None or high is None:
        return ""
    span = f"{whole_percent(low)}–{whole_percent(high)}"
    return _with_percent_sign(span, lang)


def render_training_html(report: TrainingReport) -> str:
    """Render the report template to HTML text, every value escaped."""
    t = strings_for(report.lang)
    rate = format_percent(report.response_rate, report.lang)
    if report.expected:
        participants = plural(report.lang, "participants", report.expected)
        survey = plural(
            report.lang, "method_survey", report.responses, participants=participants, rate=rate
        )
        response_line = plural(
            report.lang, "responses_of_expected", report.responses, participants=participants
        )
    else:
        survey = plural(report.lang, "method_survey_no_expected", report.responses)
        response_line = plural(report.lang, "responses_only", report.responses)
    methodology = [survey, t["method_ci"]]
    if any(name.startswith("likert") for name in report.charts):
        methodology.append(t["method_chart"])
    if any(name.startswith("recommend") for name in report.charts):
        methodology.append(t["method_nps"])
    if report.indicators:
        methodology.append(t["method_targets"])
    methodology.append(t["method_suppression"].format(min=report.min_cell_size))
    comments = [
        c if isinstance(c, Quote) else Quote(text=c, lang=report.lang) for c in report.comments
    ]
    small = 0 < report.responses < SMALL_SAMPLE
    context: dict[str, Any] = {
        "report": report,
        "small_sample_cover": t["small_sample_cover"].format(n=report.responses) if small else "",
        "small_sample": t["small_sample"].format(n=report.responses) if small else "",
        "t": t,
        "dir": text_direction(report.lang),
        "response_rate": rate,
        "response_line": response_line,
        "methodology": methodology,
        "figures": _figures(report.charts, t, report.chart_titles),
        "generated": t["generated"].format(date=report.generated_on),
        "kind": t["project_report_kind"] if report.kind == "project" else t["report_kind"],
        "comments": comments,
        "logos": [
            name for name, logo in (("org", report.org_logo), ("donor", report.donor_logo)) if logo
        ],
    }
    return _jinja_env().get_template(TEMPLATE).render(context)


def text_direction(lang: str) -> str:
    """Return "rtl" for right-to-left languages, else "ltr"."""
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGS else "ltr"


def render_training_pdf(
    report: TrainingReport,
    *,
    static_dir: Path,
    url_fetcher: SafeURLFetcher | None = None,
) -> bytes:
    """Render the report to PDF bytes, fetching only static files and its own charts.

    Pass ``url_fetcher`` to inspect afterwards what was served or refused.
    """
    with collector_paused():
        return _render_pdf(report, static_dir, url_fetcher or SafeURLFetcher(static_dir))


def _render_pdf(report: TrainingReport, static_dir: Path, fetcher: SafeURLFetcher) -> bytes:
    if fetcher.static_dir != Path(static_dir).resolve():
        raise ValueError("url_fetcher serves another static folder than static_dir")
    for name, svg in report.charts.items():
        fetcher.add_chart(name, svg)
    for name, logo in (("org", report.org_logo), ("donor", report.donor_logo)):
        if logo is not None:
            fetcher.add_image(name, logo.data, logo.mime_type)
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
    env.filters["direction"] = text_direction
    return env


def _figures(
    charts: Mapping[str, str], t: Mapping[str, str], titles: Mapping[str, str] | None = None
) -> list[dict[str, str | None]]:
    """Return src, alt text and optional heading for each chart, in the caller's order."""
    figures: list[dict[str, str | None]] = []
    first_likert = True
    for name in charts:
        # Charts named likert, likert0, likert-2... are diverging Likert charts.
        likert = name.startswith("likert")
        heading = (titles or {}).get(name)
        if heading is None and likert and first_likert:
            heading = t["likert_heading"]
        figures.append(
            {
                "src": f"chart:{name}",
                "alt": t["likert_alt"] if likert else t["chart_alt"],
                "heading": heading,
            }
        )
        first_likert = first_likert and not likert
    return figures


def _with_percent_sign(number: str, lang: str) -> str:
    # French sets a narrow no-break space before %; English sets none.
    return f"{number}\u202f%" if lang.startswith("fr") else f"{number}%"
