"""Counted words agree with their numbers in French, English and Arabic (six forms)."""

from __future__ import annotations

import re

import pytest
from test_collect import GOOD, form_url, open_form
from test_trainer_pages import page_text

from survey.reports.strings import PLURALS, plural


def answer(client, training, **fields):
    _, hidden = open_form(client, training)
    response = client.post(form_url(training), data={**hidden, **GOOD, **fields})
    assert response.status_code == 303


def kpi_sentence(page, key: str) -> str:
    block = re.search(rf'id="kpi-{key}".*?<p>(.*?)</p>', page.text, re.S).group(1)
    return re.sub(r"\s+", " ", block)


def test_one_answer_reads_in_the_singular_in_french(logged_in, trainer, make_training, client):
    training = make_training(owner=trainer, expected=1)
    answer(client, training, q_satisfaction="5", q_adopt="2", q_recommend="9")
    page = logged_in.get(f"/trainings/{training.id}", headers={"Accept-Language": "fr"})
    assert "1 participant sur 1 attendu a répondu" in kpi_sentence(page, "response_rate")
    satisfied = kpi_sentence(page, "satisfied")
    assert satisfied.startswith("1 répondant sur 1 (")
    assert "s’est dit satisfait ou très satisfait" in satisfied
    assert kpi_sentence(page, "ready_to_adopt").startswith("0 répondant sur 1 (")
    recommend = kpi_sentence(page, "recommend")
    assert "1 recommanderait la formation" in recommend
    assert "0 lui a donné une note de 0 à 6" in recommend
    text = page_text(page)
    for wrong in ("1 répondants", "1 recommanderaient", "1 lui ont donné", "1 réponses"):
        assert wrong not in text
    assert re.search(r'id="live-count">1</strong> <span id="live-words">réponse sur', page.text)


def test_two_answers_read_in_the_arabic_dual(logged_in, trainer, make_training, client):
    training = make_training(owner=trainer, expected=25)
    answer(client, training, q_satisfaction="5")
    answer(client, training, q_satisfaction="4")
    page = logged_in.get(f"/trainings/{training.id}?lang=ar")
    assert "أجاب مشاركان من أصل 25" in kpi_sentence(page, "response_rate")
    assert kpi_sentence(page, "satisfied").startswith("كان مجيبان من أصل 2 ")
    assert '<span id="live-words">ردّان من أصل 25' in page.text
    live = logged_in.get(f"/trainings/{training.id}/live.json?lang=ar").json
    assert live["words"].startswith("ردّان")


# What Arabic says after a count of responses: the six forms of its plural rules.
ARABIC_RESPONSES = {0: "ردّ", 1: "ردّ", 2: "ردّان", 3: "ردود", 10: "ردود", 11: "ردًّا"}
ARABIC_RESPONSES |= {99: "ردًّا", 100: "ردّ", 102: "ردّ", 103: "ردود", 111: "ردًّا"}


@pytest.mark.parametrize("count", sorted(ARABIC_RESPONSES))
def test_live_count_words_follow_arabic_plural_rules(app, count):
    from survey.dashboard.views import response_count_words

    with app.test_request_context("/?lang=ar"):
        assert response_count_words(count, None) == ARABIC_RESPONSES[count]


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("fr", 0, "0 réponse"),
        ("fr", 1, "1 réponse"),
        ("fr", 2, "2 réponses"),
        ("en", 0, "0 responses"),
        ("en", 1, "1 response"),
        ("en", 2, "2 responses"),
        ("ar", 1, "إجابة واحدة"),
        ("ar", 2, "إجابتان"),
        ("ar", 3, "3 إجابات"),
        ("ar", 11, "11 إجابة"),
        ("ar", 100, "100 إجابة"),
    ],
)
def test_report_words_follow_each_languages_plural_rules(lang, count, expected):
    assert plural(lang, "responses_only", count) == expected


def test_report_sentences_agree_with_both_counts():
    share = {"share": "33 %", "ci": "6–79 %"}
    one = plural("fr", "satisfied_sentence", 1, of_total=plural("fr", "of_respondents", 3), **share)
    assert one.startswith("1 répondant sur 3 (") and "se dit satisfait" in one
    en = plural("en", "satisfied_sentence", 1, of_total=plural("en", "of_respondents", 1), **share)
    assert en.startswith("1 of 1 respondent (") and "was satisfied" in en
    fr = plural(
        "fr",
        "recommend_sentence",
        2,
        promoters=plural("fr", "promoters", 1),
        detractors=plural("fr", "detractors", 1),
        score="0",
        ci="–",
    )
    assert fr.startswith("Sur 2 répondants, 1 recommanderait vivement la formation et 1 lui a")


def test_every_counted_report_phrase_exists_in_every_language():
    keys = set(PLURALS["en"])
    for lang, table in PLURALS.items():
        assert set(table) == keys, lang
        assert all("other" in forms for forms in table.values()), lang
