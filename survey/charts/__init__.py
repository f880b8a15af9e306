"""Charts drawn from analysis summaries: matplotlib Figure -> SVG text, never pyplot."""

from __future__ import annotations

from .likert import LikertRow, bar_chart_svg, diverging_likert_svg

__all__ = ["LikertRow", "bar_chart_svg", "diverging_likert_svg"]
