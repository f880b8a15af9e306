"""The phone keeps its queued copy until the server has stored the answers.

The server answers the thank-you redirect only after the commit is on disk
(tests/test_durability.py); until then, any other answer (a busy database's 503, a
dropped connection) leaves the answers queued on the phone, to be sent again.
"""

from __future__ import annotations

from playwright.sync_api import expect


def answer_required(page) -> None:
    page.locator("#q_satisfaction label.option").nth(4).click()
    page.locator("#q_adopt label.option").nth(3).click()


def test_queue_keeps_the_answers_until_the_server_stores_them(page, live_server):
    code = live_server.new_training()
    url = f"{live_server.url}/s/{code}?lang=en"
    refusals = []

    def busy(route):
        # The database is locked (a backup, another writer): nothing is stored.
        if route.request.method == "POST" and len(refusals) < 2:
            refusals.append(route.request.url)
            route.fulfill(status=503, headers={"Retry-After": "1"}, body="busy")
        else:
            route.continue_()

    page.route(f"**/s/{code}*", busy)
    page.goto(url)
    answer_required(page)
    page.locator(".send").click()
    expect(page.locator("#status")).to_contain_text("Saved on this phone")
    queued = page.evaluate("JSON.parse(localStorage.getItem('retour:queue'))")
    assert [item["code"] for item in queued] == [code]
    assert live_server.responses(code) == 0

    # The queue tries again by itself; the second refusal keeps the copy too, and the
    # answers are dropped from the phone only when the server has stored them.
    page.wait_for_url("**/thanks*", timeout=20_000)
    assert len(refusals) == 2
    assert live_server.responses(code) == 1
    assert page.evaluate("localStorage.getItem('retour:queue')") == "[]"
