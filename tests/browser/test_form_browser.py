"""The participant form in a real phone-sized Chromium: send, offline, drafts, kiosk, a11y."""

from __future__ import annotations

import re

import pytest

# Playwright is a development dependency: missing, it is an install error, never a skip.
from playwright.sync_api import expect

SATISFIED = {"fr": "Très satisfait(e)", "ar": "راضٍ جدًا"}


def answer_required(page, comment: str | None = None) -> None:
    """Tap the two required questions (and type a comment), as a participant would."""
    page.locator("#q_satisfaction label.option").nth(4).click()
    page.locator("#q_adopt label.option").nth(3).click()
    page.locator("#q_recommend label.tap").nth(9).click()
    if comment:
        page.locator("#q_improve").fill(comment)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_fill_and_send(page, live_server, lang):
    code = live_server.new_training()
    page.goto(f"{live_server.url}/s/{code}?lang={lang}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    expect(page.locator("#q_satisfaction")).to_contain_text(SATISFIED[lang])
    answer_required(page, comment="تمارين أكثر" if lang == "ar" else "Plus d’exercices")
    page.get_by_role("button", name=re.compile("Envoyer|Send|إرسال")).click()
    page.wait_for_url(re.compile(r"/thanks"))
    assert live_server.responses(code) == 1


def test_form_works_without_javascript(browser, live_server):
    code = live_server.new_training()
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{code}?lang=en")
    page.locator("#q_satisfaction label.option").nth(4).click()
    page.locator(".send").click()
    # Server-side check: the missing required answer is shown, the given one kept.
    expect(page.locator("#q_adopt .error")).to_be_visible()
    expect(page.locator("#q_satisfaction input[value='5']")).to_be_checked()
    page.locator("#q_adopt label.option").nth(3).click()
    page.locator(".send").click()
    page.wait_for_url(re.compile(r"/thanks"))
    assert live_server.responses(code) == 1
    context.close()


def test_missing_answer_is_shown_before_sending(page, live_server):
    code = live_server.new_training()
    page.goto(f"{live_server.url}/s/{code}?lang=en")
    page.locator("#q_satisfaction label.option").nth(4).click()
    page.locator(".send").click()
    expect(page.locator("#q_adopt .error")).to_be_visible()
    expect(page.locator("#q_adopt input").first).to_be_focused()
    assert live_server.responses(code) == 0


def test_offline_answers_wait_on_the_phone_and_arrive_once(page, context, live_server):
    code = live_server.new_training()
    url = f"{live_server.url}/s/{code}?lang=en"
    page.goto(url)
    # The service worker has kept a copy of the form once it is ready.
    page.wait_for_function(
        "async () => !!(await caches.open('retour-v1').then(c => c.match(location.href)))"
    )
    answer_required(page, comment="Sent from the bus")
    context.set_offline(True)
    page.locator(".send").click()
    expect(page.locator("#status")).to_contain_text("Saved on this phone")
    assert live_server.responses(code) == 0
    # Closing and reopening the form without a network: it opens from the phone.
    assert page.reload().from_service_worker
    expect(page.locator("#q_satisfaction")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Saved on this phone")
    assert live_server.responses(code) == 0
    # Hours later the browser's session (and its CSRF token) may be gone: no matter.
    context.clear_cookies()
    context.set_offline(False)
    expect(page.locator("#thanks")).to_contain_text("have been sent", timeout=15_000)
    assert live_server.responses(code) == 1
    # The queue is empty, so another reconnection and another page load send nothing
    # more: wait until the network has been idle (no request in flight) to be sure.
    assert page.evaluate("localStorage.getItem('retour:queue')") == "[]"
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.goto(url, wait_until="networkidle")
    assert live_server.responses(code) == 1
    assert page.evaluate("localStorage.getItem('retour:queue')") == "[]"


def test_draft_survives_a_reload(page, live_server):
    code = live_server.new_training()
    page.goto(f"{live_server.url}/s/{code}?lang=en")
    answer_required(page, comment="Half-way through")
    sid = page.locator("input[name=sid]").input_value()
    page.reload()
    expect(page.locator("#q_satisfaction input[value='5']")).to_be_checked()
    expect(page.locator("#q_recommend input[value='9']")).to_be_checked()
    expect(page.locator("#q_improve")).to_have_value("Half-way through")
    assert page.locator("input[name=sid]").input_value() == sid
    page.locator(".send").click()
    page.wait_for_url(re.compile(r"/thanks"))
    # Sent: the draft is gone, the next visit starts empty with a new submission id.
    page.goto(f"{live_server.url}/s/{code}?lang=en")
    expect(page.locator("#q_satisfaction input[value='5']")).not_to_be_checked()
    assert page.locator("input[name=sid]").input_value() != sid
    assert live_server.responses(code) == 1


def test_double_tap_and_resend_are_stored_once(page, live_server):
    code = live_server.new_training()
    page.goto(f"{live_server.url}/s/{code}?lang=en")
    answer_required(page)
    fields = page.evaluate("() => [...new FormData(document.getElementById('survey'))]")
    page.locator(".send").dblclick()
    page.wait_for_url(re.compile(r"/thanks"))
    # The same form posted again later (a retry, the back button): still one response.
    status = page.evaluate(
        """async ([action, fields]) => {
             const r = await fetch(action, {method: 'POST', body: new URLSearchParams(fields)});
             return r.redirected && new URL(r.url).pathname.endsWith('/thanks');
           }""",
        [f"{live_server.url}/s/{code}", fields],
    )
    assert status
    assert live_server.responses(code) == 1


def test_kiosk_shows_nothing_of_the_previous_participant(page, live_server):
    code = live_server.new_training()
    page.goto(f"{live_server.url}/s/{code}?kiosk=1&lang=en")
    answer_required(page, comment="Private remark")
    page.locator(".send").click()
    page.get_by_role("link", name="Next participant").click()
    expect(page.locator("#q_satisfaction")).to_be_visible()
    assert page.locator("input:checked").count() == 0
    expect(page.locator("#q_improve")).to_have_value("")
    page.go_back()
    assert "Private remark" not in page.content()
    assert page.locator("input:checked").count() == 0
    assert page.evaluate("Object.keys(localStorage).filter(k => k.includes('draft'))") == []
    assert live_server.responses(code) == 1


def test_keyboard_only(page, live_server):
    code = live_server.new_training()
    page.goto(f"{live_server.url}/s/{code}?lang=en")
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.name, document.activeElement.className]"
        )
        if focused[0] in ("q_satisfaction", "q_adopt"):
            page.keyboard.press("Space")
        if "send" in (focused[1] or ""):
            page.keyboard.press("Enter")
            break
    page.wait_for_url(re.compile(r"/thanks"))
    assert live_server.responses(code) == 1


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_no_accessibility_violations(page, live_server, lang):
    from axe_playwright_python.sync_playwright import Axe

    code = live_server.new_training()
    page.goto(f"{live_server.url}/s/{code}?lang={lang}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_refused_send_shows_the_page_with_answers_kept(page, live_server):
    code = live_server.new_training()
    page.goto(f"{live_server.url}/s/{code}?lang=en")
    answer_required(page, comment="Kept")
    # A value the server refuses (a stale token never gets here: a fresh one is fetched).
    page.evaluate("document.querySelector('#q_adopt input:checked').value = '7'")
    page.locator(".send").click()
    expect(page.locator(".alert")).to_contain_text("1 question needs your attention")
    expect(page.locator("#q_adopt .error")).to_be_visible()
    expect(page.locator("#q_satisfaction input[value='5']")).to_be_checked()
    expect(page.locator("#q_improve")).to_have_value("Kept")
    assert live_server.responses(code) == 0
    page.locator("#q_adopt label.option").nth(4).click()
    page.locator(".send").click()
    page.wait_for_url(re.compile(r"/thanks"))
    assert live_server.responses(code) == 1


def queue_offline(page, context, url: str) -> None:
    """Open the form, answer, and press Send without a network: the answers wait."""
    page.goto(url)
    page.wait_for_function(
        "async () => !!(await caches.open('retour-v1').then(c => c.match(location.href)))"
    )
    answer_required(page, comment="Depuis le car")
    context.set_offline(True)
    page.locator(".send").click()
    expect(page.locator("#status")).to_contain_text(re.compile("Enregistré|حُفظت|Saved"))


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_answers_sent_on_a_later_visit_end_on_a_thank_you(context, live_server, lang):
    code = live_server.new_training()
    url = f"{live_server.url}/s/{code}?lang={lang}"
    first = context.new_page()
    queue_offline(first, context, url)
    first.close()
    assert live_server.responses(code) == 0
    # Later, with a network, the participant opens the link again.
    context.set_offline(False)
    page = context.new_page()
    page.goto(url)
    thanks = page.locator("#thanks")
    expect(thanks).to_contain_text(
        {
            "fr": "Vos réponses précédentes ont bien été envoyées. Vous pouvez fermer cette page.",
            "ar": "أُرسلت إجاباتكم السابقة. يمكنكم إغلاق هذه الصفحة.",
        }[lang]
    )
    expect(page.locator("#survey")).to_have_count(0)  # no empty form asking again
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.screenshot(path=f"/tmp/form-limits-earlier-{lang}.png")
    assert live_server.responses(code) == 1
    assert page.evaluate("localStorage.getItem('retour:queue')") == "[]"


def test_a_new_form_under_way_is_not_taken_away_by_an_earlier_send(context, live_server):
    code = live_server.new_training()
    url = f"{live_server.url}/s/{code}?lang=en"
    first = context.new_page()
    queue_offline(first, context, url)
    first.close()
    # Offline still: the form opens from the phone and someone starts answering again.
    page = context.new_page()
    page.goto(url)
    page.locator("#q_satisfaction label.option").nth(2).click()
    context.set_offline(False)
    expect(page.locator("#status")).to_contain_text("have been sent", timeout=15_000)
    expect(page.locator("#q_satisfaction input[value='3']")).to_be_checked()
    assert live_server.responses(code) == 1


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_language_buttons_are_large_enough_to_tap(page, live_server, lang):
    code = live_server.new_training()
    page.goto(f"{live_server.url}/s/{code}?lang={lang}")
    targets = page.locator(".languages button")
    assert targets.count() == 2
    for n in range(2):
        box = targets.nth(n).bounding_box()
        # WCAG 2.5.5 (target size): at least 44 by 44 CSS pixels.
        assert box["height"] >= 44 and box["width"] >= 44, box
    page.locator(".languages").screenshot(path=f"/tmp/form-limits-languages-{lang}.png")


IDLE = {
    "fr": ("Êtes-vous toujours là ?", "effacées dans 30 secondes"),
    "ar": ("هل ما زلتم هنا؟", "بعد 30 ثانية"),
}


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_kiosk_clears_a_half_filled_form_left_alone(page, live_server, lang):
    code = live_server.new_training()
    # The page's clock is Playwright's: the real 3 minutes and 30 seconds pass at once.
    page.clock.install()
    other = "ar" if lang == "fr" else "en"
    page.goto(f"{live_server.url}/s/{code}?kiosk=1&lang={other}")
    # The previous person switched language, answered and typed, then walked away.
    page.locator(f".languages button[value={lang}]").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    answer_required(page, comment="Remarque personnelle")
    page.clock.run_for(170_000)
    dialog = page.locator("#idle")
    expect(dialog).to_be_hidden()
    page.clock.run_for(15_000)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(IDLE[lang][0])
    expect(dialog).to_contain_text(IDLE[lang][1])
    page.screenshot(path=f"/tmp/form-limits-kiosk-{lang}.png")
    page.clock.run_for(31_000)
    # The next person: an empty form in the training's default language (French).
    page.wait_for_url(re.compile(r"kiosk=1&lang=fr$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#q_improve")).to_have_value("")
    assert page.locator("input:checked").count() == 0
    assert "Remarque personnelle" not in page.content()
    assert live_server.responses(code) == 0


def test_kiosk_keeps_the_form_of_someone_still_there(page, live_server):
    code = live_server.new_training()
    page.clock.install()
    page.goto(f"{live_server.url}/s/{code}?kiosk=1&lang=en")
    answer_required(page, comment="Still typing")
    page.clock.run_for(185_000)
    expect(page.locator("#idle")).to_be_visible()
    page.get_by_role("button", name="I am still here").click()
    expect(page.locator("#idle")).to_be_hidden()
    page.clock.run_for(60_000)  # within a new idle period: nothing happens
    expect(page.locator("#q_improve")).to_have_value("Still typing")
    # An untouched form in the default language waits as long as it must.
    page.goto(f"{live_server.url}/s/{code}?kiosk=1&lang=fr")
    page.clock.run_for(600_000)
    expect(page.locator("#idle")).to_be_hidden()


def test_a_post_too_large_to_read_leaves_the_answers_on_the_phone(page, live_server):
    code = live_server.new_training()
    page.goto(f"{live_server.url}/s/{code}?lang=ar")
    answer_required(page)
    # Past the field's maxlength (a tampered page): 360 KB once encoded.
    page.evaluate("document.querySelector('#q_improve').value = 'ب'.repeat(60000)")
    page.locator("#q_improve").dispatch_event("input")
    page.locator(".send").click()
    expect(page.locator(".card")).to_contain_text("إجاباتكم أطول من أن تُرسل")
    page.get_by_role("link", name="العودة إلى الاستمارة").click()
    expect(page.locator("#q_satisfaction input[value='5']")).to_be_checked()
    assert len(page.locator("#q_improve").input_value()) == 60000
    assert live_server.responses(code) == 0
