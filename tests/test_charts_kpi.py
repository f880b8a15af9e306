"""NPS, KPI comparison and timeline charts; Arabic labels shaped for matplotlib."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from survey.charts import (
    KpiPoint,
    LikertRow,
    diverging_likert_svg,
    kpi_comparison_svg,
    nps_distribution_svg,
    responses_over_time_svg,
)
from survey.charts.kpi import DETRACTOR, PASSIVE, PROMOTER


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)  # noqa: S314 (our own chart)
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_nps_bars_are_coloured_by_group() -> None:
    svg = nps_distribution_svg([1, 0, 0, 0, 0, 0, 2, 3, 4, 5, 6], lang="en")
    words = " ".join(texts(svg))
    assert "Detractors (0-6)" in words and "Promoters (9-10)" in words and "n = 21" in words
    for colour in (DETRACTOR, PASSIVE, PROMOTER):
        assert colour in svg
    with pytest.raises(ValueError):
        nps_distribution_svg([1, 2, 3])


def test_kpi_comparison_shows_each_share_with_its_n_and_target() -> None:
    svg = kpi_comparison_svg(
        [KpiPoint("Rabat", 0.83, 0.66, 0.93, 30), KpiPoint("Vide", None, None, None, 0)],
        lang="en",
        target=0.8,
    )
    words = texts(svg)
    assert "83%" in words and "n = 30" in words and "n = 0" in words
    assert "Target 80%" in words


def test_timeline_draws_a_running_total() -> None:
    svg = responses_over_time_svg(
        [(date(2016, 5, 16), 3), (date(2016, 5, 19), 40)], lang="fr", expected=63
    )
    words = texts(svg)
    assert "16/05" in words and "Total cumulé" in words and "Participants attendus" in words


def test_timeline_puts_quiet_days_in_their_place() -> None:
    # Answers on the 16th, 19th and, after two quiet weeks, 2 June: the axis is time, so
    # its labels are evenly spaced days, quiet ones included, not the three answer days.
    days = [(date(2016, 5, 16), 3), (date(2016, 5, 19), 40), (date(2016, 6, 2), 2)]
    labels = [w for w in texts(responses_over_time_svg(days, lang="fr")) if "/" in w]
    dates = [date(2016, int(w[3:5]), int(w[:2])) for w in labels]
    gaps = {(b - a).days for a, b in itertools.pairwise(dates)}
    assert dates[0] == date(2016, 5, 16) and len(gaps) == 1 and len(dates) >= 4
    assert set(dates) - {d for d, _ in days}  # days nobody answered are on the axis


def test_arabic_labels_are_joined_and_in_visual_order() -> None:
    svg = diverging_likert_svg(
        [LikertRow("أنا راضٍ عن التدريب", (1, 2, 3, 4, 5))],
        lang="ar",
        anchors=["لا أوافق إطلاقًا", "لا أوافق", "محايد", "أوافق", "أوافق تمامًا"],
    )
    words = texts(svg)
    label = next(w for w in words if "\u202d" in w and "\ufe8e" in w or "\ufee8" in w)
    # Presentation forms (U+FE70-U+FEFF) mean the letters are joined; the override keeps
    # a browser from reordering the already visual order.
    assert label.startswith("\u202d") and label.endswith("\u202c")
    assert any("\ufe70" <= ch <= "\ufeff" for ch in label)
    assert "٪ من إجابات كل سطر" not in words  # the axis title is shaped too
    latin = diverging_likert_svg([LikertRow("Satisfied", (1, 2, 3, 4, 5))], lang="en")
    assert "\u202d" not in latin
