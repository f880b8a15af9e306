"""NPS distribution, KPI comparison with intervals, and responses over time, as SVG text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .likert import (
    BAR_COLOUR,
    CM,
    GRID,
    INK,
    LABEL_WIDTH_PT,
    LIKERT_COLOURS,
    LINE_CM,
    MAX_LABEL_LINES,
    MUTED,
    WIDTH_CM,
    _base_lang,
    _percent,
    _row_axes,
    _style_axes,
    _to_svg,
    _wrap,
)
from .text import shape_lines

# The ends and the middle of the Likert palette (ColorBrewer RdBu): the same red means
# "negative" and the same blue "positive" on every chart of the dashboard and report.
DETRACTOR, PASSIVE, PROMOTER = LIKERT_COLOURS[0], LIKERT_COLOURS[2], LIKERT_COLOURS[4]
TARGET_COLOUR = "#b35806"  # ColorBrewer PuOr orange, apart from the red-blue pair

_WORDS = {
    "fr": {
        "detractors": "Détracteurs (0-6)",
        "passives": "Passifs (7-8)",
        "promoters": "Promoteurs (9-10)",
        "rating_axis": "Note de 0 à 10",
        "count_axis": "Nombre de réponses",
        "share_axis": "Part des répondants (intervalle de confiance à 95 %)",
        "target": "Cible",
        "per_day": "Réponses par jour",
        "per_hour": "Réponses par heure",
        "cumulative": "Total cumulé",
        "expected": "Participants attendus",
    },
    "en": {
        "detractors": "Detractors (0-6)",
        "passives": "Passives (7-8)",
        "promoters": "Promoters (9-10)",
        "rating_axis": "Rating from 0 to 10",
        "count_axis": "Number of responses",
        "share_axis": "Share of respondents (95% confidence interval)",
        "target": "Target",
        "per_day": "Responses per day",
        "per_hour": "Responses per hour",
        "cumulative": "Running total",
        "expected": "Expected participants",
    },
    "ar": {
        "detractors": "المنتقدون (0-6)",
        "passives": "المحايدون (7-8)",
        "promoters": "المروّجون (9-10)",
        "rating_axis": "التقييم من 0 إلى 10",
        "count_axis": "عدد الإجابات",
        "share_axis": "نسبة المجيبين (فاصل ثقة 95٪)",
        "target": "الهدف",
        "per_day": "الإجابات في اليوم",
        "per_hour": "الإجابات في الساعة",
        "cumulative": "المجموع التراكمي",
        "expected": "المشاركون المتوقعون",
    },
}


def _words(lang: str) -> dict[str, str]:
    words = _WORDS.get(_base_lang(lang), _WORDS["en"])
    return {key: shape_lines(text) for key, text in words.items()}


@dataclass(frozen=True, slots=True)
class KpiPoint:
    """One row of a KPI comparison: a share (0-1) with its interval and n."""

    label: str
    share: float | None
    low: float | None
    high: float | None
    n: int


def nps_distribution_svg(
    counts: Sequence[int], *, lang: str = "fr", title: str | None = None
) -> str:
    """Draw one bar per rating 0-10, coloured as detractor, passive or promoter."""
    if len(counts) != 11 or any(c < 0 for c in counts):
        raise ValueError("need eleven non-negative counts, for the ratings 0 to 10")
    words = _words(lang)
    n = sum(counts)
    height_cm = 6.5
    fig = Figure(figsize=(WIDTH_CM * CM, height_cm * CM))
    ax = fig.add_axes(
        (1.4 / WIDTH_CM, 1.6 / height_cm, (WIDTH_CM - 1.9) / WIDTH_CM, 3.9 / height_cm)
    )
    colours = [DETRACTOR] * 7 + [PASSIVE] * 2 + [PROMOTER] * 2
    ax.bar(range(11), counts, color=colours, width=0.7, zorder=2)
    peak = max(counts, default=0)
    for rating, count in enumerate(counts):
        ax.text(
            rating,
            count + max(peak, 1) * 0.03,
            str(count),
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=INK,
        )
    ax.set_xticks(range(11), labels=[str(i) for i in range(11)])
    ax.set_xlim(-0.6, 10.6)
    ax.set_ylim(0, max(peak, 1) * 1.2)
    ax.set_xlabel(f"{words['rating_axis']} (n = {n})", color=MUTED, fontsize=7.5)
    ax.yaxis.get_major_locator().set_params(integer=True)
    _style_axes(ax)
    ax.grid(axis="x", visible=False)
    ax.grid(axis="y", color=GRID, linewidth=0.6, zorder=0)
    ax.tick_params(axis="x", labelsize=8, labelcolor=INK)
    handles = [Patch(facecolor=c, edgecolor="none") for c in (DETRACTOR, PASSIVE, PROMOTER)]
    fig.legend(
        handles,
        [words["detractors"], words["passives"], words["promoters"]],
        loc="upper center",
        bbox_to_anchor=(0.5, 1 - 0.15 / height_cm),
        ncol=3,
        frameon=False,
        fontsize=7.5,
        handlelength=1.0,
        handleheight=1.0,
    )
    return _to_svg(fig, title)


def kpi_comparison_svg(
    points: Sequence[KpiPoint],
    *,
    lang: str = "fr",
    target: float | None = None,
    title: str | None = None,
    axis_label: str | None = None,
) -> str:
    """Draw each row's share as a dot with its 95% interval as whiskers, on 0-100 %."""
    words = _words(lang)
    labels = [_wrap(p.label, LABEL_WIDTH_PT, MAX_LABEL_LINES, 8.5) for p in points]
    heights = [max(0.75, LINE_CM * (label.count("\n") + 1) + 0.2) for label in labels]
    plot_cm = sum(heights) if heights else 0.75
    top_cm = 0.9 if target is not None else 0.3
    bottom_cm = 1.1
    n_cm = 1.6
    height_cm = top_cm + plot_cm + bottom_cm
    fig, ax, centres = _row_axes(heights, plot_cm, height_cm, bottom_cm, right_cm=n_cm)
    ax.set_xlim(0, 100)
    ticks = [0, 25, 50, 75, 100]
    ax.set_xticks(ticks, labels=[_percent(t, lang) for t in ticks])
    ax.set_yticks(centres, labels=labels)
    ax.set_xlabel(
        shape_lines(axis_label) if axis_label else words["share_axis"], color=MUTED, fontsize=7.5
    )
    _style_axes(ax)
    for point, y in zip(points, centres, strict=True):
        ax.text(
            1.02,
            y,
            f"n = {point.n}",
            transform=ax.get_yaxis_transform(),
            va="center",
            ha="left",
            color=MUTED,
            fontsize=8,
        )
        if point.share is None:
            ax.text(50, y, "–", ha="center", va="center", color=MUTED)
            continue
        if point.low is not None and point.high is not None:
            ax.plot(
                [100 * point.low, 100 * point.high],
                [y, y],
                color=BAR_COLOUR,
                linewidth=1.4,
                zorder=2,
                solid_capstyle="butt",
            )
            for end in (point.low, point.high):
                ax.plot(
                    [100 * end, 100 * end],
                    [y - 0.12, y + 0.12],
                    color=BAR_COLOUR,
                    linewidth=1.2,
                    zorder=2,
                )
        ax.plot([100 * point.share], [y], "o", color=BAR_COLOUR, markersize=6, zorder=3)
        ax.text(
            100 * point.share,
            y - 0.2,
            _percent(100 * point.share, lang),
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=INK,
        )
    if target is not None:
        ax.axvline(
            100 * target, color=TARGET_COLOUR, linewidth=1.2, linestyle=(0, (4, 2)), zorder=1.5
        )
        fig.legend(
            [Line2D([0], [0], color=TARGET_COLOUR, linewidth=1.2, linestyle=(0, (4, 2)))],
            [f"{words['target']} {_target_percent(target, lang)}"],
            loc="upper right",
            bbox_to_anchor=(1 - n_cm / WIDTH_CM, 1),
            frameon=False,
            fontsize=7.5,
        )
    return _to_svg(fig, title)


def _target_percent(target: float, lang: str) -> str:
    # A target keeps the decimals it was set with (72.5 %), as the reports print it.
    number = f"{100 * target:.2f}".rstrip("0").rstrip(".")
    if _base_lang(lang) == "fr":
        return f"{number.replace('.', ',')}\u202f%"
    return f"{number}%"


def responses_over_time_svg(
    days: Sequence[tuple[date | datetime, int]],
    *,
    lang: str = "fr",
    expected: int | None = None,
    title: str | None = None,
) -> str:
    """Draw responses per day (or hour, given datetimes) as bars and their running total."""
    hourly = bool(days) and isinstance(days[0][0], datetime)
    words = _words(lang)
    height_cm = 6.0
    fig = Figure(figsize=(WIDTH_CM * CM, height_cm * CM))
    ax = fig.add_axes(
        (1.4 / WIDTH_CM, 1.5 / height_cm, (WIDTH_CM - 2.9) / WIDTH_CM, 3.6 / height_cm)
    )
    # x is time itself (days or hours since the first): a quiet day takes its place on
    # the axis instead of being skipped, and the total stays flat across it.
    first = days[0][0] if days else None
    xs = [_offset(first, d, hourly) for d, _ in days]
    counts = [n for _, n in days]
    running = []
    total = 0
    for n in counts:
        total += n
        running.append(total)
    ax.bar(
        xs,
        counts,
        color=PASSIVE,
        width=0.7,
        zorder=2,
        label=words["per_hour" if hourly else "per_day"],
    )
    ax.plot(
        xs,
        running,
        color=BAR_COLOUR,
        marker="o",
        markersize=3.5,
        linewidth=1.4,
        drawstyle="steps-post",
        zorder=3,
        label=words["cumulative"],
    )
    if expected:
        ax.axhline(
            expected,
            color=TARGET_COLOUR,
            linewidth=1.1,
            linestyle=(0, (4, 2)),
            label=words["expected"],
        )
    span = xs[-1] if xs else 0
    step = max(1, -(-(span + 1) // 8))  # at most eight labels, one per `step` days or hours
    ticks = list(range(0, span + 1, step)) if first is not None else []
    # Answers over a new year: "15/12" then "03/01" would read as going back in time.
    with_year = first is not None and _at(first, span, hourly).year != first.year
    ax.set_xticks(ticks, labels=[_day(_at(first, x, hourly), lang, with_year) for x in ticks])
    ax.set_xlim(-0.6, span + 0.6)
    ax.set_ylim(0, max([*running, expected or 0, 1]) * 1.15)
    ax.set_ylabel(words["count_axis"], color=MUTED, fontsize=7.5)
    ax.yaxis.get_major_locator().set_params(integer=True)
    _style_axes(ax)
    ax.grid(axis="x", visible=False)
    ax.grid(axis="y", color=GRID, linewidth=0.6, zorder=0)
    fig.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, 1 - 0.1 / height_cm),
        ncol=3,
        frameon=False,
        fontsize=7.5,
    )
    return _to_svg(fig, title)


def _offset(first: date, when: date, hourly: bool) -> int:
    """Whole days, or hours, from ``first`` to ``when``."""
    if hourly:
        return round((when - first).total_seconds() / 3600)  # type: ignore[operator]
    return (when - first).days


def _at(first: date, offset: int, hourly: bool) -> date:
    return first + (timedelta(hours=offset) if hourly else timedelta(days=offset))


def _day(day: date, lang: str, with_year: bool = False) -> str:
    if isinstance(day, datetime):
        hour = "%d/%m/%Y %H" if with_year else "%d/%m %H"
        return day.strftime(hour + ("h" if _base_lang(lang) == "fr" else ":00"))
    if _base_lang(lang) in ("fr", "ar"):
        return day.strftime("%d/%m/%Y" if with_year else "%d/%m")
    return day.strftime("%b %d, %Y" if with_year else "%b %d")
