"""The form on a phone: its weight, caching, privacy notice, parts, kiosk, poster."""

import gzip
import io
import re

import pytest
from helpers import csrf_token
from pypdf import PdfReader
from sqlalchemy import func, select

from survey.collect.assets import BUDGET, page_weight
from survey.models import Response


@pytest.fixture
def training(make_training):
    return make_training()


GOOD = {"q_satisfaction": "5", "q_adopt": "4"}


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_first_render_fits_in_the_first_round_trip(client, training, lang):
    weights = page_weight(client, f"/s/{training.code}?lang={lang}")
    assert sum(w.compressed for w in weights) <= BUDGET
    page = weights[0]
    assert page.compressed < page.raw / 3  # the page really went out compressed
    html = client.get(f"/s/{training.code}?lang={lang}").text
    # Nothing blocks the first paint: CSS inline, the one script deferred.
    assert '<link rel="stylesheet"' not in html and "<style>" in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts and all(" defer" in s and " src=" in s for s in scripts)


def test_static_files_are_versioned_cached_and_compressed(client, training):
    html = client.get(f"/s/{training.code}").text
    src = re.search(r'<script src="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "?v=" in src
    js = client.get(src, headers={"Accept-Encoding": "gzip"})
    assert js.status_code == 200
    assert (
        "immutable" in js.headers["Cache-Control"]
        and "max-age=31536000" in js.headers["Cache-Control"]
    )
    assert js.headers["Content-Encoding"] == "gzip"
    assert b"serviceWorker" in gzip.decompress(js.data)
    # Without the version the file may change: no year-long cache.
    with client.get(src.split("?")[0]) as plain:
        assert "immutable" not in plain.headers.get("Cache-Control", "")


def test_service_worker_scope_covers_the_forms(client, training):
    with client.get("/s/sw.js") as sw:
        assert b'addEventListener("fetch"' in sw.data
    assert sw.status_code == 200
    assert sw.mimetype == "text/javascript"
    assert "no-cache" in sw.headers["Cache-Control"]
    assert 'data-sw="/s/sw.js"' in client.get(f"/s/{training.code}").text


def test_trainer_pages_are_not_compressed(client):
    # A CSRF token next to reflected text in a compressed page invites BREACH.
    page = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in page.headers


def test_sections_say_which_part_of_how_many(client, training):
    html = client.get(f"/s/{training.code}?lang=en").text
    assert re.search(r"<h2[^>]*><span class=\"part\">Part 1 of 4</span> The training</h2>", html)
    assert "Part 4 of 4</span> About you" in html
    # Required questions say so in words, not only with a star.
    assert html.count("(required)") == 2


def test_every_control_is_a_labelled_group(client, training):
    html = client.get(f"/s/{training.code}?lang=en").text
    likert = re.search(
        r'<fieldset class="question scale"[^>]*id="q_satisfaction".*?</fieldset>', html, re.S
    )
    assert likert and "<legend" in likert.group(0)
    assert len(re.findall(r'type="radio" name="q_satisfaction"', likert.group(0))) == 5
    assert "Very satisfied" in likert.group(0)
    rating = re.search(r'id="q_recommend".*?</fieldset>', html, re.S).group(0)
    assert len(re.findall(r'type="radio" name="q_recommend"', rating)) == 11


def test_default_privacy_notice_names_who_collects_and_whom_to_ask(client, db, training):
    training.project.organisation = "Association Rabat Migrations"
    training.project.contact_email = "dpo@example.org"
    db.commit()
    html = client.get(f"/s/{training.code}?lang=en").text
    notice = re.search(r'<section class="privacy".*?</section>', html, re.S).group(0)
    assert "Association Rabat Migrations collects these answers" in notice
    assert "anonymous" in notice
    assert 'href="mailto:dpo@example.org"' in notice


def test_projects_own_privacy_notice_in_the_form_language(client, db, training):
    training.project.privacy_notice = {"fr": "Notice du projet.", "ar": "إشعار المشروع."}
    db.commit()
    assert "Notice du projet." in client.get(f"/s/{training.code}?lang=fr").text
    assert "إشعار المشروع." in client.get(f"/s/{training.code}?lang=ar").text
    # No English text of its own: the default notice, not another language's.
    en = client.get(f"/s/{training.code}?lang=en").text
    assert "Notice du projet." not in en and "collect these answers" in en


def test_kiosk_starts_afresh_for_the_next_participant(client, db, training):
    page = client.get(f"/s/{training.code}?kiosk=1&lang=en")
    assert 'autocomplete="off"' in page.text and 'data-kiosk="1"' in page.text
    assert "no-store" in page.headers["Cache-Control"]
    sid = re.search(r'name="sid"[^>]*value="([^"]+)"', page.text).group(1)
    action = re.search(r'<form id="survey" method="post" action="([^"]+)"', page.text).group(1)
    assert "kiosk=1" in action
    sent = client.post(
        action.replace("&amp;", "&"),
        data={"csrf_token": csrf_token(page.text), "sid": sid, "lang": "en", **GOOD},
    )
    assert sent.status_code == 303 and "kiosk=1" in sent.headers["Location"]
    thanks = client.get(sent.headers["Location"])
    assert "Next participant" in thanks.text
    next_url = re.search(r'<a class="button next" href="([^"]+)"', thanks.text).group(1)
    fresh = client.get(next_url.replace("&amp;", "&"))
    assert not re.search(r"<input[^>]* checked", fresh.text)
    assert re.search(r'name="sid"[^>]*value="([^"]+)"', fresh.text).group(1) != sid
    assert db.scalar(select(func.count()).select_from(Response)) == 1


def test_poster_is_one_a4_page_with_link_title_and_dates(client, db, training):
    from datetime import date

    training.start_date, training.end_date = date(2016, 5, 16), date(2016, 5, 19)
    db.commit()
    pdf = client.get(f"/s/{training.code}/poster.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)
    text = reader.pages[0].extract_text()
    assert f"retour.test/s/{training.code}" in text
    assert "Retour et réintégration" in text
    assert "16–19 mai 2016" in text and "May 16" in text
    assert "Votre avis compte" in text and "Your opinion counts" in text


def test_inline_style_hash_matches_the_page(app, client, training):
    import base64
    import hashlib

    from survey.collect.assets import inline_style_hash

    html = client.get(f"/s/{training.code}").text
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    with app.app_context():
        assert inline_style_hash() == f"'sha256-{digest}'"
