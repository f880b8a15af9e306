"""Short public codes for form links: easy to read aloud and to type on a phone."""

import secrets

# No 0/o, 1/l/i: a code is read off a poster or a slide.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def new_code(length: int = 6) -> str:
    """Return a random code of ``length`` characters (31^6 ~ 887 million codes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))
