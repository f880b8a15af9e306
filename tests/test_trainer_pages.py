"""What trainers trip on in their pages, in French, English and Arabic (issue 11)."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import UTC, date

import pytest
from helpers import csrf_token, login
from test_collect import GOOD, form_url, open_form

from survey.charts.kpi import responses_over_time_svg


def answer(client, training, **fields):
    _, hidden = open_form(client, training)
    response = client.post(form_url(training), data={**hidden, **GOOD, **fields})
    assert response.status_code == 303  # to the thank-you page


def page_text(page) -> str:
    """The page's words, tags dropped and spaces squeezed, as a reader sees them."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page.text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text)


def test_from_after_until_is_explained_not_counted_as_zero(
    logged_in, trainer, make_training, client
):
    training = make_training(owner=trainer, expected=4)
    answer(client, training)
    answer(client, training)
    page = logged_in.get(
        f"/trainings/{training.id}?since=2026-12-31&until=2026-01-15",
        headers={"Accept-Language": "fr"},
    )
    assert page.status_code == 200
    text = page_text(page)
    assert "« Du » (31 déc. 2026) est après « Au » (15 janv. 2026)" in text
    # What was typed stays in the form, and the figures are the training's, not a 0.
    assert 'value="2026-12-31"' in page.text and 'value="2026-01-15"' in page.text
    kpi = re.search(r'id="kpi-response_rate".*?</p>', page.text, re.S).group(0)
    assert "2 / 4" in kpi
    assert "ne comptent que les 0 réponses" not in text


def tick_labels(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_timeline_ticks_carry_the_year_across_new_year():
    days = [(date(2025, 12, 20), 3), (date(2025, 12, 28), 1), (date(2026, 1, 5), 2)]
    svg = responses_over_time_svg(days, lang="fr")
    labels = " ".join(tick_labels(svg))
    assert "20/12/2025" in labels
    assert re.search(r"\d\d/01/2026", labels)
    english = " ".join(tick_labels(responses_over_time_svg(days, lang="en")))
    assert "Dec 20, 2025" in english
    # Within one year the short form stays.
    same_year = [(date(2026, 5, 16), 3), (date(2026, 5, 19), 1)]
    assert "2026" not in " ".join(tick_labels(responses_over_time_svg(same_year, lang="fr")))


def test_email_button_says_why_it_cannot_send(logged_in, trainer, make_training, client, app):
    training = make_training(owner=trainer)
    answer(client, training)
    page = logged_in.get(f"/trainings/{training.id}", headers={"Accept-Language": "en"})
    button = re.search(r"<button[^>]*>Email the report to donors</button>", page.text).group(0)
    assert "disabled" in button
    assert "E-mail is not set up on this server" in page_text(page)
    app.config["MAIL_SERVER"] = "mail.example.org"
    page = logged_in.get(f"/trainings/{training.id}", headers={"Accept-Language": "en"})
    button = re.search(r"<button[^>]*>Email the report to donors</button>", page.text).group(0)
    assert "disabled" in button
    assert "This project has no donor e-mail address." in page_text(page)


def test_email_button_works_when_mail_and_donors_are_set(
    logged_in, trainer, make_training, client, app, db
):
    training = make_training(owner=trainer)
    training.project.donor_emails = ["donor@example.org"]
    db.commit()
    answer(client, training)
    app.config["MAIL_SERVER"] = "mail.example.org"
    page = logged_in.get(f"/trainings/{training.id}", headers={"Accept-Language": "en"})
    button = re.search(r"<button[^>]*>Email the report to donors</button>", page.text).group(0)
    assert "disabled" not in button


def test_comment_picker_names_the_question_of_each_comment(
    logged_in, trainer, make_training, client
):
    training = make_training(owner=trainer)
    answer(client, training, q_improve="Plus de pratique.", q_apply="Orienter les mineurs.")
    page = logged_in.get(
        f"/trainings/{training.id}/report/comments", headers={"Accept-Language": "en"}
    )
    assert page.status_code == 200
    sections = re.findall(r"<fieldset>(.*?)</fieldset>", page.text, re.S)
    under = {
        page_text_of(re.search(r"<legend>(.*?)</legend>", s, re.S).group(1)): page_text_of(s)
        for s in sections
    }
    assert "Plus de pratique." in under["What could be improved in this training?"]
    assert "Orienter les mineurs." in under["What will you put into practice in your work?"]
    assert "Orienter" not in under["What could be improved in this training?"]


def page_text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def choose(client, lang, back):
    page = client.get("/trainings/")
    return client.post(
        "/language", data={"csrf_token": csrf_token(page.text), "lang": lang, "next": back}
    )


def test_the_language_a_trainer_picks_is_remembered(logged_in, trainer, make_training, client, db):
    training = make_training(owner=trainer)
    logged_in.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    page = logged_in.get(f"/trainings/{training.id}?country=MA")
    assert '<html lang="fr" dir="ltr">' in page.text
    # The switch is on the page, one button per language.
    for code in ("fr", "en", "ar"):
        assert re.search(rf'<button type="submit" name="lang" value="{code}"', page.text)
    moved = choose(logged_in, "ar", f"/trainings/{training.id}?lang=fr&country=MA")
    assert moved.status_code == 302
    # Back to the same view, without a ?lang= that would outrank the choice.
    assert moved.headers["Location"] == f"/trainings/{training.id}?country=MA"
    for url in (moved.headers["Location"], "/trainings/", f"/trainings/{training.id}/edit"):
        page = logged_in.get(url)
        assert '<html lang="ar" dir="rtl">' in page.text, url
    db.refresh(trainer)
    assert trainer.language == "ar"
    # Next time the trainer logs in, on another browser, the pages are still in Arabic.
    logged_in.post("/logout", data={"csrf_token": csrf_token(logged_in.get("/trainings/").text)})
    assert login(logged_in).status_code == 302
    assert '<html lang="ar" dir="rtl">' in logged_in.get("/trainings/").text
    # ?lang= still shows one page in another language, and does not change the choice.
    assert '<html lang="en" dir="ltr">' in logged_in.get("/trainings/?lang=en").text
    assert '<html lang="ar" dir="rtl">' in logged_in.get("/trainings/").text


@pytest.mark.parametrize("value", ["de", "", "ar\x00", "x" * 300, "../en"])
def test_an_unknown_language_changes_nothing(logged_in, trainer, db, value):
    response = choose(logged_in, value, "/trainings/")
    assert response.status_code == 302
    db.refresh(trainer)
    assert trainer.language is None


def export_links(page) -> dict[str, str]:
    return {
        kind: html.unescape(re.search(rf'href="([^"]*/export\.{kind}[^"]*)"', page.text).group(1))
        for kind in ("csv", "xlsx")
    }


def test_exports_follow_the_filters_and_speak_the_language(
    logged_in, trainer, make_training, client, db
):
    from datetime import datetime, timedelta

    from openpyxl import load_workbook
    from sqlalchemy import select

    from survey.models import Response

    training = make_training(owner=trainer, timezone="Asia/Tokyo")
    answer(client, training, q_country="MA", q_satisfaction="5", q_adopt="4")
    answer(client, training, q_country="CM", q_satisfaction="2")
    page = logged_in.get(f"/trainings/{training.id}?country=MA", headers={"Accept-Language": "fr"})
    links = export_links(page)
    assert "country=MA" in links["csv"] and "country=MA" in links["xlsx"]

    body = logged_in.get(links["csv"]).data.decode("utf-8")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert len(rows) == 2  # the header and the one response from Morocco
    header, row = rows
    assert header[:3] == ["Réponse", "Envoyée le", "Langue"]
    record = dict(zip(header, row, strict=True))
    satisfaction = next(h for h in header if h.startswith("Dans l’ensemble, êtes-vous satisfait"))
    assert record[satisfaction] == "5 - Très satisfait(e)"
    adopt = next(h for h in header if h.startswith("Je suis prêt(e) à adopter"))
    assert record[adopt] == "4 - D’accord"
    assert "Maroc" in row and "Cameroun" not in row
    # The training's wall-clock time, with its offset: the same instant as stored.
    sent = datetime.fromisoformat(record["Envoyée le"])
    assert sent.utcoffset() == timedelta(hours=9)
    stored = db.scalar(select(Response.submitted_at).where(Response.id == int(row[0])))
    stored = stored if stored.tzinfo else stored.replace(tzinfo=UTC)
    assert sent == stored.replace(microsecond=0)

    arabic = links["xlsx"].replace("lang=fr", "lang=ar")
    sheet = load_workbook(io.BytesIO(logged_in.get(arabic).data)).active
    assert sheet.sheet_view.rightToLeft is True
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[0][:3] == ("الإجابة", "أُرسلت في", "اللغة")
    assert "5 - راضٍ جدًا" in rows[1]
    french = load_workbook(io.BytesIO(logged_in.get(links["xlsx"]).data)).active
    assert not french.sheet_view.rightToLeft
