"""The language switch goes back only to a page of this site (no open redirect)."""

import pytest
from helpers import csrf_token


@pytest.mark.parametrize(
    "back",
    ["https://evil.example/x", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_language_switch_never_leaves_the_site(logged_in, back):
    page = logged_in.get("/trainings/")
    response = logged_in.post(
        "/language", data={"csrf_token": csrf_token(page.text), "lang": "en", "next": back}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/trainings/"


def test_language_switch_needs_its_token(logged_in):
    assert (
        logged_in.post("/language", data={"lang": "en", "next": "/trainings/"}).status_code == 400
    )
