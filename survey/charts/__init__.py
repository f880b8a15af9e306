"""Charts drawn from analysis summaries: matplotlib Figure -> SVG text, never pyplot."""

from __future__ import annotations

from .kpi import KpiPoint, kpi_comparison_svg, nps_distribution_svg, responses_over_time_svg
from .likert import LikertRow, bar_chart_svg, diverging_likert_svg, likert_charts_by_scale
from .text import shape, shape_lines

__all__ = [
    "KpiPoint",
    "LikertRow",
    "bar_chart_svg",
    "diverging_likert_svg",
    "kpi_comparison_svg",
    "likert_charts_by_scale",
    "nps_distribution_svg",
    "responses_over_time_svg",
    "shape",
    "shape_lines",
]
