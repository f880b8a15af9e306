"""Small helpers the tests share (fixtures live in conftest.py)."""

import re
from pathlib import Path

PASSWORD = "correct horse battery"

# Real evaluations written by others (../shared/data, read-only): 5,820 rows, Q1..Q28.
TURKIYE_CSV = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "turkiye"
    / "turkiye-student-evaluation_generic.csv"
)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client, email="trainer@example.org", password=PASSWORD):
    page = client.get("/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_token(page.text)},
    )


def rule_url(rule, values: dict) -> str:
    """The address of a URL-map rule with its arguments taken from ``values``."""
    url = rule.rule
    for arg in rule.arguments:
        url = re.sub(rf"<(?:[a-z]+:)?{arg}>", str(values[arg]), url)
    return url
