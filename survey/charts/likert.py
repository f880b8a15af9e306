"""Diverging Likert bars and plain choice bars, drawn as SVG text."""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch, Rectangle
from matplotlib.textpath import TextToPath

from ..analysis.proportions import whole_percent
from .text import shape_lines

CM = 1 / 2.54  # matplotlib measures figures in inches
FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"

# The PDF embeds the same Noto Sans files, so matplotlib measures labels with the
# font WeasyPrint will draw them in; DejaVu Sans (shipped with matplotlib) is the fallback.
for _font in sorted(FONT_DIR.glob("Noto*.ttf")):
    font_manager.fontManager.addfont(str(_font))

matplotlib.rcParams.update(
    {
        # Text stays <text>: selectable in the PDF, readable by screen readers, small.
        "svg.fonttype": "none",
        # Fixed ids (clip paths) so the same data always gives the same bytes.
        "svg.hashsalt": "retour",
        # Families listed here (not through "sans-serif") get per-glyph fallback:
        # Noto Naskh Arabic draws the Arabic letters Noto Sans lacks.
        "font.family": ["Noto Sans", "Noto Naskh Arabic", "DejaVu Sans"],
        "font.sans-serif": ["Noto Sans", "DejaVu Sans"],
        "font.size": 8.5,
        # Labels are user text: "$5 and $10" must not turn into mathtext.
        "text.parse_math": False,
    }
)

# ColorBrewer RdBu (colour-blind safe), with a mid grey instead of near-white for the
# neutral answer so it stays visible on white paper and in greyscale print.
LIKERT_COLOURS: tuple[str, str, str, str, str] = (
    "#b2182b",
    "#ef8a62",
    "#cfcfcf",
    "#67a9cf",
    "#2166ac",
)
# Dark segments get white figures; light ones dark figures (contrast >= 4.5:1).
_SEGMENT_TEXT = ("#ffffff", "#1a1a1a", "#1a1a1a", "#1a1a1a", "#ffffff")
BAR_COLOUR = "#2166ac"
INK = "#1a1a1a"
MUTED = "#555555"
GRID = "#e3e3e3"

DEFAULT_ANCHORS: dict[str, tuple[str, str, str, str, str]] = {
    "fr": (
        "Pas du tout d’accord",
        "Plutôt pas d’accord",
        "Ni d’accord ni pas d’accord",
        "Plutôt d’accord",
        "Tout à fait d’accord",
    ),
    "en": (
        "Strongly disagree",
        "Disagree",
        "Neither agree nor disagree",
        "Agree",
        "Strongly agree",
    ),
}
_WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "likert_axis": "% des réponses de chaque ligne",
        "count_axis": "Nombre de réponses",
        "no_answer": "aucune réponse",
    },
    "en": {
        "likert_axis": "% of each row’s responses",
        "count_axis": "Number of responses",
        "no_answer": "no answers",
    },
    "ar": {
        "likert_axis": "٪ من إجابات كل سطر",
        "count_axis": "عدد الإجابات",
        "no_answer": "لا إجابات",
    },
}

WIDTH_CM = 16.0
LABEL_CM = 5.6  # left column for the wrapped row labels
N_CM = 1.5  # right column for "n = 58"
ROW_CM = 0.8
BAR_CM = 0.5
LINE_CM = 0.36  # one line of 8.5 pt text, with leading
LABEL_WIDTH_PT = (LABEL_CM - 0.35) / 2.54 * 72  # the label column, less the tick pad
TITLE_WIDTH_PT = (WIDTH_CM - 0.4) / 2.54 * 72
LEGEND_WIDTH_PT = 2.4 / 2.54 * 72
MAX_LABEL_LINES = 4
MIN_SEGMENT_PCT = 6.0  # narrower segments get no figure: it would not fit

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TEXT_TO_PATH = TextToPath()


@dataclass(frozen=True, slots=True)
class LikertRow:
    """One statement and how many answered 1, 2, 3, 4 and 5."""

    label: str
    counts: tuple[int, int, int, int, int]

    def __post_init__(self) -> None:
        if len(self.counts) != 5 or any(c < 0 for c in self.counts):
            raise ValueError(f"need five non-negative counts, got {self.counts!r}")

    @property
    def n(self) -> int:
        """Return the number of answers."""
        return sum(self.counts)

    @property
    def agreement(self) -> float | None:
        """Return the share answering 4 or 5, or None when nobody answered."""
        return (self.counts[3] + self.counts[4]) / self.n if self.n else None


def likert_charts_by_scale(
    items: Iterable[tuple[Sequence[str], LikertRow, bool]], lang: str = "fr"
) -> list[str]:
    """One diverging chart per answer scale, from (anchors, row, before/after) items.

    Rows sharing five anchors go in one chart, sorted by agreement; a scale that holds
    only the knowledge before/after pair keeps that pair in its own order.
    """
    groups: dict[tuple[str, ...], list[LikertRow]] = {}
    sorted_scales: set[tuple[str, ...]] = set()
    for anchors, row, before_after in items:
        scale = tuple(anchors)
        groups.setdefault(scale, []).append(row)
        if not before_after:
            sorted_scales.add(scale)
    return [
        diverging_likert_svg(rows, lang=lang, anchors=scale, in_order=scale not in sorted_scales)
        for scale, rows in groups.items()
    ]


def diverging_likert_svg(
    rows: Sequence[LikertRow],
    *,
    lang: str = "fr",
    anchors: Sequence[str] | None = None,
    title: str | None = None,
    in_order: bool = False,
) -> str:
    """Draw diverging stacked bars centred on the neutral answer; return SVG text.

    Rows are sorted by agreement (share of 4 and 5), highest on top; rows nobody
    answered go last; ``in_order`` keeps them as given instead (a before/after pair
    reads top to bottom). ``anchors`` defaults to the agreement scale in ``lang``.
    """
    words = _words(lang)
    anchor_labels = tuple(anchors) if anchors is not None else _default_anchors(lang)
    if len(anchor_labels) != 5:
        raise ValueError(f"need five anchors, got {len(anchor_labels)}")
    # sorted() is stable: ties keep the caller's order
    ordered = list(rows) if in_order else sorted(rows, key=_agreement_key)
    labels = [_wrap(row.label, LABEL_WIDTH_PT, MAX_LABEL_LINES, 8.5) for row in ordered]
    heights = [max(ROW_CM, LINE_CM * (label.count("\n") + 1) + 0.2) for label in labels]
    plot_cm = sum(heights) if heights else ROW_CM

    title_text = _wrap(title, TITLE_WIDTH_PT, 2, 10, bold=True) if title else ""
    title_cm = 0.45 + LINE_CM * 1.15 * (title_text.count("\n") + 1) if title_text else 0.2
    legend_cm = 1.0
    bottom_cm = 1.0
    height_cm = title_cm + legend_cm + plot_cm + bottom_cm

    fig, ax, centres = _row_axes(heights, plot_cm, height_cm, bottom_cm, right_cm=N_CM)

    left_limit, right_limit = _axis_limits(ordered)
    ax.set_xlim(-left_limit, right_limit)
    ticks = list(range(-left_limit, right_limit + 1, 25))
    ax.set_xticks(ticks, labels=[_percent(abs(t), lang) for t in ticks])
    ax.set_xlabel(words["likert_axis"], color=MUTED, fontsize=7.5, labelpad=4)
    ax.set_yticks(centres, labels=labels)
    _style_axes(ax)
    # Behind the bars: the line shows between rows without crossing the neutral figures.
    ax.axvline(0, color=MUTED, linewidth=0.8, zorder=1.5)

    # Every segment of every row goes to one barh call below: a call per segment cost
    # about a tenth of the chart's time, and one call makes the same rectangles in the
    # same order, so the SVG is byte for byte the same.
    segments: dict[str, list] = {"y": [], "width": [], "left": [], "color": []}
    for row, y in zip(ordered, centres, strict=True):
        n = row.n
        ax.text(
            1.02,
            y,
            f"n = {n}",
            transform=ax.get_yaxis_transform(),
            va="center",
            ha="left",
            color=MUTED,
            fontsize=8,
        )
        if n == 0:
            ax.add_patch(
                Rectangle(
                    (-left_limit, y - BAR_CM / 2),
                    left_limit + right_limit,
                    BAR_CM,
                    fill=False,
                    edgecolor="#b0b0b0",
                    linewidth=0.6,
                    linestyle=(0, (3, 2)),
                )
            )
            ax.text(
                0.5,
                y,
                words["no_answer"],
                transform=ax.get_yaxis_transform(),
                ha="center",
                va="center",
                color=MUTED,
                fontsize=7.5,
                # White ground so the zero line does not cut through the words.
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
            )
            continue
        shares = [100 * c / n for c in row.counts]
        left = -(shares[0] + shares[1] + shares[2] / 2)
        for i, share in enumerate(shares):
            if share > 0:
                segments["y"].append(y)
                segments["width"].append(share)
                segments["left"].append(left)
                segments["color"].append(LIKERT_COLOURS[i])
            if share >= MIN_SEGMENT_PCT:
                ax.text(
                    left + share / 2,
                    y,
                    str(whole_percent(share / 100)),
                    ha="center",
                    va="center",
                    color=_SEGMENT_TEXT[i],
                    fontsize=7.5,
                    zorder=4,
                )
            left += share
    if segments["y"]:
        ax.barh(
            segments["y"],
            segments["width"],
            left=segments["left"],
            height=BAR_CM,
            color=segments["color"],
            edgecolor="white",
            linewidth=0.5,
            zorder=2,
        )

    handles = [Patch(facecolor=c, edgecolor="none") for c in LIKERT_COLOURS]
    fig.legend(
        handles,
        [_wrap(a, LEGEND_WIDTH_PT, 2, 7.5) for a in anchor_labels],
        loc="upper center",
        bbox_to_anchor=(0.5, 1 - title_cm / height_cm),
        ncol=5,
        frameon=False,
        fontsize=7.5,
        handlelength=1.0,
        handleheight=1.0,
        handletextpad=0.4,
        columnspacing=1.4,
        borderaxespad=0.1,
    )
    _draw_title(fig, title_text, height_cm)
    return _to_svg(fig, title)


def bar_chart_svg(
    labels: Sequence[str],
    counts: Sequence[int],
    *,
    title: str | None = None,
    lang: str = "fr",
    n: int | None = None,
) -> str:
    """Draw one horizontal bar per choice, in the given order, with count and %; return SVG.

    ``n`` is the denominator for percentages (respondents, for multiple-answer
    questions); it defaults to the sum of ``counts``.
    """
    if len(labels) != len(counts):
        raise ValueError("labels and counts differ in length")
    if any(c < 0 for c in counts):
        raise ValueError("counts must be non-negative")
    words = _words(lang)
    total = sum(counts) if n is None else n
    wrapped = [_wrap(label, LABEL_WIDTH_PT, MAX_LABEL_LINES, 8.5) for label in labels]
    heights = [max(0.7, LINE_CM * (w.count("\n") + 1) + 0.2) for w in wrapped]
    plot_cm = sum(heights) if heights else 0.7
    title_text = _wrap(title, TITLE_WIDTH_PT, 2, 10, bold=True) if title else ""
    title_cm = 0.45 + LINE_CM * 1.15 * (title_text.count("\n") + 1) if title_text else 0.2
    bottom_cm = 1.0
    gap_cm = 0.25
    height_cm = title_cm + gap_cm + plot_cm + bottom_cm

    fig, ax, centres = _row_axes(heights, plot_cm, height_cm, bottom_cm, right_cm=0.5)
    peak = max(counts, default=0)
    # Leave room right of the longest bar for its "23 (40 %)" label.
    ax.set_xlim(0, max(peak, 1) * 1.3)
    ax.set_yticks(centres, labels=wrapped)
    ax.set_xlabel(f"{words['count_axis']} (n = {total})", color=MUTED, fontsize=7.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    _style_axes(ax)
    ax.spines["left"].set_visible(True)
    ax.spines["left"].set_color(MUTED)
    ax.spines["left"].set_linewidth(0.8)

    for count, y in zip(counts, centres, strict=True):
        if count:
            ax.barh(y, count, height=0.45, color=BAR_COLOUR, zorder=2)
        share = _percent(100 * count / total, lang) if total else "–"
        ax.text(
            count + max(peak, 1) * 0.02,
            y,
            f"{count} ({share})",
            va="center",
            ha="left",
            color=INK,
            fontsize=8,
        )
    _draw_title(fig, title_text, height_cm)
    return _to_svg(fig, title)


def _row_axes(
    heights: Sequence[float], plot_cm: float, height_cm: float, bottom_cm: float, right_cm: float
) -> tuple[Figure, Axes, list[float]]:
    """A figure with one horizontal band per row, labels on the left; returns the row centres.

    y is measured in cm from the top of the plot, so rows keep their physical size.
    """
    fig = Figure(figsize=(WIDTH_CM * CM, height_cm * CM))
    ax = fig.add_axes(
        (
            LABEL_CM / WIDTH_CM,
            bottom_cm / height_cm,
            (WIDTH_CM - LABEL_CM - right_cm) / WIDTH_CM,
            plot_cm / height_cm,
        )
    )
    centres: list[float] = []
    top = 0.0
    for h in heights:
        centres.append(top + h / 2)
        top += h
    ax.set_ylim(plot_cm, 0)
    return fig, ax, centres


def _draw_title(fig: Figure, title_text: str, height_cm: float) -> None:
    """Write the (already wrapped) title at the top left of the figure, if there is one."""
    if title_text:
        fig.text(
            0.2 / WIDTH_CM,
            1 - 0.3 / height_cm,
            title_text,
            ha="left",
            va="top",
            fontsize=10,
            fontweight="bold",
            color=INK,
        )


def _agreement_key(row: LikertRow) -> float:
    share = row.agreement
    return math.inf if share is None else -share


def _axis_limits(rows: Sequence[LikertRow]) -> tuple[int, int]:
    """Return how far the axis reaches left and right of 0, rounded up to 25 %.

    Each side is sized on its own: with mostly positive answers a symmetric axis
    would leave half the width empty and squeeze the bars that matter.
    """
    left = right = 25.0
    for row in rows:
        if row.n:
            c = row.counts
            half = c[2] / 2
            left = max(left, 100 * (c[0] + c[1] + half) / row.n)
            right = max(right, 100 * (c[3] + c[4] + half) / row.n)
    return _round_up(left), _round_up(right)


def _round_up(extent: float) -> int:
    return min(100, 25 * math.ceil(extent / 25 - 1e-9))


def _style_axes(ax: Axes) -> None:
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0, pad=6, labelsize=8.5, labelcolor=INK)
    ax.tick_params(axis="x", length=0, pad=3, labelsize=7.5, labelcolor=MUTED)
    ax.grid(axis="x", color=GRID, linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)


_FRENCH_SPACE = re.compile(r" (?=[?!:;»])|(?<=«) ")


# Question labels repeat on every page drawn: measuring them once per process saves a
# third of a Likert chart's drawing time.
@functools.lru_cache(maxsize=2048)
def _wrap(text: str, max_width: float, max_lines: int, size: float, bold: bool = False) -> str:
    """Wrap user text to ``max_width`` points on at most ``max_lines`` lines.

    Widths are measured with the font matplotlib draws in, so labels never spill out
    of their column; words too long for a line are broken, extra lines end in "…".
    """
    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    # Nothing longer than this can fit anyway; it also bounds the work on hostile input.
    clean = _CONTROL_CHARS.sub("", " ".join(text.split()))[: max_lines * 120]
    # French puts a space before ? ! : ; » and after «: keep those marks on their word.
    clean = _FRENCH_SPACE.sub("\u00a0", clean)
    lines: list[str] = []
    current = ""
    for word in clean.split(" "):
        candidate = f"{current} {word}" if current else word
        if _width(candidate, prop) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        while len(word) > 1 and _width(word, prop) > max_width:
            cut = _longest_fitting_prefix(word, max_width, prop)
            lines.append(word[:cut])
            word = word[cut:]
        current = word
        if len(lines) > max_lines:
            break
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and _width(last + " …", prop) > max_width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last.rstrip() + " …"]
    return shape_lines("\n".join(lines))


def _longest_fitting_prefix(word: str, max_width: float, prop: FontProperties) -> int:
    low, high = 1, len(word)  # word[:low] always goes on the line, even if too wide
    while low < high:
        mid = (low + high + 1) // 2
        if _width(word[:mid], prop) <= max_width:
            low = mid
        else:
            high = mid - 1
    return low


def _width(text: str, prop: FontProperties) -> float:
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, prop, ismath=False)
    return float(width)


def _percent(value: float, lang: str) -> str:
    # French sets a narrow no-break space before %; English none.
    number = whole_percent(value / 100)
    return f"{number}\u202f%" if _base_lang(lang) == "fr" else f"{number}%"


def _words(lang: str) -> dict[str, str]:
    return {
        key: shape_lines(text) for key, text in _WORDS.get(_base_lang(lang), _WORDS["en"]).items()
    }


def _default_anchors(lang: str) -> tuple[str, str, str, str, str]:
    return DEFAULT_ANCHORS.get(_base_lang(lang), DEFAULT_ANCHORS["en"])


def _base_lang(lang: str) -> str:
    return lang.split("-")[0].lower()


def _to_svg(fig: Figure, title: str | None) -> str:
    buf = io.StringIO()
    metadata: dict[str, str | None] = {"Date": None}
    if title:
        metadata["Title"] = _CONTROL_CHARS.sub("", title)
    fig.savefig(buf, format="svg", metadata=metadata)
    text = buf.getvalue()
    # A browser without these fonts (app.css serves them) falls back to a sans-serif,
    # not to its default serif. Drop the XML declaration and DOCTYPE: both are invalid
    # inside HTML.
    text = text.replace(_SVG_FAMILIES, _SVG_FAMILIES + ", sans-serif")
    return text[text.index("<svg") :]


_SVG_FAMILIES = "font-family: 'Noto Sans', 'Noto Naskh Arabic', 'DejaVu Sans'"
