"""Arabic labels for matplotlib, which neither joins Arabic letters nor reorders them."""

from __future__ import annotations

import re

from arabic_reshaper import reshape
from bidi.algorithm import get_display

_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# Left-to-right override ... pop: the SVG keeps its text as text, and a browser or
# WeasyPrint would otherwise run the bidi algorithm again over the already visual order.
_LRO, _PDF = "\u202d", "\u202c"


def has_rtl(text: str) -> bool:
    """Return True when text contains Arabic or Hebrew letters."""
    return bool(_RTL.search(text))


def shape(line: str) -> str:
    """Return one line of text as it must be drawn: letters joined, in visual order.

    Text without right-to-left letters is returned unchanged. Call it per line, after
    wrapping: the visual order of a wrapped paragraph is not that of its lines.
    """
    if not has_rtl(line):
        return line
    return _LRO + get_display(reshape(line)) + _PDF


def shape_lines(text: str) -> str:
    """Return multi-line text with every line shaped."""
    return "\n".join(shape(line) for line in text.split("\n"))
