"""Total parsing of numbers typed by people or read back from what they typed.

``str.isdigit`` is true for superscripts and other digit-like characters ("²", "①")
that ``int`` refuses, so "isdigit, then int" raises on them; these helpers return None
instead of raising.
"""

from __future__ import annotations

import re

# ASCII digits only, and few enough that the number fits a 64-bit database column.
_WHOLE = re.compile(r"[0-9]{1,18}")


def plain_int(value: object) -> int | None:
    """The whole number written in ASCII digits in ``value``, else None."""
    if isinstance(value, str) and _WHOLE.fullmatch(value):
        return int(value)
    return None
