"""What a new password must be: long enough, and not one of the commonest.

The list is Django's 20,000 common passwords (lower-cased; see common-passwords.LICENSE).
Every password shorter than MIN_LENGTH is refused anyway, so what the list adds is its
long entries ("qwerty123456", "1qaz2wsx3edc"); a common password said twice or more
("passwordpassword") is refused as well.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

MIN_LENGTH = 12
# The login form reads at most this many characters: a longer password could never log in.
MAX_LENGTH = 1024
COMMON_PASSWORDS = Path(__file__).resolve().parent / "common-passwords.txt.gz"

TOO_SHORT, TOO_LONG, COMMON = "too short", "too long", "common"


def password_problem(password: str) -> str | None:
    """None when ``password`` may be set, else which rule it breaks (TOO_SHORT, ...)."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    if _is_common(password.strip().lower()):
        return COMMON
    return None


def _is_common(password: str) -> bool:
    common = common_passwords()
    if password in common:
        return True
    # The same few characters or a listed password, repeated ("abcabcabcabc").
    for size in range(1, len(password) // 2 + 1):
        if len(password) % size == 0 and password[:size] * (len(password) // size) == password:
            return size <= 4 or password[:size] in common
    return False


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines)
