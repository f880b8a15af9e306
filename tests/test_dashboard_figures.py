"""The training dashboard as a trainer reads it: filters, breakdowns, live count, comments."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime

import pytest
from helpers import login
from statsmodels.stats.proportion import proportion_confint

from survey.models import Answer, Response

_ids = itertools.count(1)


def add_response(db, training, when=None, language="fr", **answers):
    """Store one response with answers given by question code (values as stored)."""
    questions = {q.code: q for q in training.questionnaire.questions}
    response = Response(
        training_id=training.id,
        questionnaire_id=training.questionnaire_id,
        submission_id=f"test-{next(_ids)}",
        submitted_at=when or datetime(2016, 5, 19, 12, tzinfo=UTC),
        language=language,
    )
    for code, value in answers.items():
        if value is None:
            continue
        q = questions[code]
        column = {"likert": "likert", "rating": "rating"}.get(q.type)
        if column is None:
            column = "text" if q.type.endswith("text") else "choice"
        response.answers.append(Answer(question_id=q.id, **{column: value}))
    db.add(response)
    return response


@pytest.fixture
def seeded(db, trainer, make_training):
    """6 from Morocco, 3 from Cameroon, 7 from Nigeria; the Nigerians all satisfied."""
    training = make_training(owner=trainer, expected=20)
    for _ in range(6):
        add_response(db, training, satisfaction=2, adopt=4, country="MA", sex="F")
    for _ in range(3):
        add_response(db, training, satisfaction=4, adopt=4, country="CM", sex="M")
    for i in range(7):
        add_response(
            db,
            training,
            when=datetime(2016, 5, 20, 9, tzinfo=UTC),
            satisfaction=5,
            adopt=2,
            country="NG",
            sex="M",
            improve=f"<b>plus de pratique</b> {i}" if i < 2 else None,
        )
    db.commit()
    return training


def table(html: str, by: str) -> str:
    match = re.search(rf'<table class="breakdown" id="breakdown-{by}">(.*?)</table>', html, re.S)
    assert match, f"no breakdown table by {by}"
    return match.group(1)


def row(table_html: str, label: str) -> str:
    match = re.search(rf"<tr>\s*<th scope=\"row\">{label}</th>(.*?)</tr>", table_html, re.S)
    assert match, f"no row {label}"
    return " ".join(match.group(1).split())


def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_small_groups_are_hidden_with_their_complement(logged_in, seeded):
    page = english(logged_in).get(f"/trainings/{seeded.id}")
    countries = table(page.text, "country")
    cameroon = row(countries, "Cameroon")
    assert "hidden" in cameroon
    assert re.search(r"\d+ of \d+", cameroon) is None  # no number at all for 3 people
    # With one small group, the next smallest (Morocco, 6) is hidden too, or 3 = 16 - 6 - 7.
    morocco = row(countries, "Morocco")
    assert "hidden" in morocco and re.search(r"\d+ of \d+", morocco) is None
    # Both read alike: "fewer than 5" on one would bound both with the total (3 and 6).
    assert cameroon == morocco
    nigeria = row(countries, "Nigeria")
    assert "100%" in nigeria and "7 of 7" in nigeria
    assert "All respondents" in countries and "10 of 16" in countries


def test_each_group_shows_its_interval(logged_in, seeded):
    # 7 of 7 satisfied sounds certain; with 7 people the interval says how much it is not.
    page = english(logged_in).get(f"/trainings/{seeded.id}")
    for label, k, n in (("Nigeria", 7, 7), ("All respondents", 10, 16)):
        low, high = proportion_confint(k, n, alpha=0.05, method="wilson")
        interval = f"{int(100 * low + 0.5)}%–{int(100 * high + 0.5)}%"
        cells = row(page.text, label)
        assert f"{k} of {n}" in cells and interval in cells, (interval, cells)
    assert "95% confidence interval" in page.text


def test_filters_in_the_url_change_the_numbers(logged_in, seeded):
    client = english(logged_in)
    everyone = client.get(f"/trainings/{seeded.id}").text
    assert "10 of 16 respondents" in everyone
    nigeria = client.get(f"/trainings/{seeded.id}?country=NG").text
    assert "7 of 7 respondents" in nigeria
    assert "count only the 7 responses that match" in nigeria
    assert '<option value="NG" selected>' in nigeria  # the form shows the filter
    # The date range filters by the day of submission, in the training's zone (UTC here).
    day_one = client.get(f"/trainings/{seeded.id}?until=2016-05-19").text
    assert "3 of 9 respondents" in day_one
    figures = client.get(f"/trainings/{seeded.id}/figures.json?sex=M&since=2016-05-20").json
    assert figures["responses"] == 7
    assert figures["filters"] == {"sex": "M", "since": "2016-05-20"}
    assert figures["response_rate"] is None  # no expected count for a subset
    assert figures["satisfied"]["k"] == 7


def test_json_figures_carry_breakdowns_with_suppression_flags(logged_in, seeded):
    data = english(logged_in).get(f"/trainings/{seeded.id}/figures.json").json
    low, high = proportion_confint(10, 16, method="wilson")
    assert data["satisfied"] == {
        "k": 10,
        "n": 16,
        "share": 0.625,
        "ci95": [round(low, 4), round(high, 4)],
    }
    groups = {g["key"]: g for g in data["breakdowns"]["country"]["satisfaction"]["groups"]}
    assert groups["CM"] == {
        "key": "CM",
        "label": "Cameroon",
        "n": None,
        "outcome": None,
        "suppressed": True,
        "reason": "protected",
    }
    # The small group and its partner publish the same reason (sizes 3 and 6, total 16).
    assert groups["MA"]["reason"] == "protected" and groups["MA"]["n"] is None
    assert groups["NG"]["outcome"]["k"] == 7


def test_cli_results_give_the_same_figures_as_the_endpoint(app, logged_in, seeded):
    import json

    endpoint = logged_in.get(f"/trainings/{seeded.id}/figures.json?lang=en").json
    cli = app.test_cli_runner().invoke(args=["results", str(seeded.id), "--lang", "en"])
    assert json.loads(cli.output) == endpoint


def test_live_count_endpoint_and_script(logged_in, seeded, db):
    live = logged_in.get(f"/trainings/{seeded.id}/live.json").json
    assert live["responses"] == 16 and live["expected"] == 20
    add_response(db, seeded, satisfaction=3)
    db.commit()
    again = logged_in.get(f"/trainings/{seeded.id}/live.json").json
    assert again["responses"] == 17 and again["version"] != live["version"]
    page = logged_in.get(f"/trainings/{seeded.id}").text
    assert '<strong id="live-count">17</strong>' in page
    assert "/static/js/dashboard.js" in page and "<script>" not in page


def test_a_new_response_is_counted_on_reload_despite_the_cache(logged_in, seeded, db):
    client = english(logged_in)
    assert "10 of 16 respondents" in client.get(f"/trainings/{seeded.id}").text
    add_response(db, seeded, satisfaction=5)
    db.commit()
    assert "11 of 17 respondents" in client.get(f"/trainings/{seeded.id}").text


def test_comments_are_escaped_and_filtered_by_language(logged_in, seeded, db):
    add_response(db, seeded, language="ar", improve="مزيد من التمارين")
    db.commit()
    client = english(logged_in)
    page = client.get(f"/trainings/{seeded.id}").text
    assert "&lt;b&gt;plus de pratique&lt;/b&gt; 0" in page and "<b>plus de pratique" not in page
    # Each comment takes its direction from its own text: someone answering the Arabic
    # form may write in French.
    assert 'lang="ar" dir="auto">مزيد من التمارين' in page
    arabic = client.get(f"/trainings/{seeded.id}?clang=ar").text
    assert "مزيد من التمارين" in arabic and "plus de pratique" not in arabic
    assert "العربية" in arabic  # each comment says its language


def test_cronbach_alpha_and_knowledge_shift_say_their_n(logged_in, db, trainer, make_training):
    from survey.analysis import cronbach_alpha

    training = make_training(owner=trainer)
    rows = [(4, 4, 5, 3, 4), (2, 3, 2, 2, 3), (5, 5, 4, 5, 5), (3, 3, 3, 4, 3), (4, 5, 4, 4, 4)]
    codes = ("satisfaction", "relevance", "trainers", "practical", "organisation")
    for values in rows:
        add_response(
            db,
            training,
            knowledge_before=2,
            knowledge_after=4,
            **dict(zip(codes, values, strict=True)),
        )
    add_response(db, training, satisfaction=5)  # incomplete: not in alpha
    db.commit()
    page = english(logged_in).get(f"/trainings/{training.id}").text
    alpha = cronbach_alpha(rows).alpha
    assert f"satisfaction items: {alpha:.2f} (n = 5 respondents" in page
    assert "knowledge changed by +2.0 on the 1-to-5 scale after the training (n = 5" in page


def test_another_trainers_training_is_not_found(client, db, make_user, make_training):
    owner = make_user("owner@example.org")
    make_user("other@example.org")
    training = make_training(owner=owner)
    login(client, email="other@example.org")
    for url in ("", "/live.json", "/figures.json", "/export.xlsx"):
        assert client.get(f"/trainings/{training.id}{url}").status_code == 404


def test_counts_updated_from_the_cache_equal_a_fresh_count(app, logged_in, seeded, db):
    from survey.dashboard.cache import cache_for, tallies_for

    url = f"/trainings/{seeded.id}/figures.json"
    logged_in.get(url)  # the tally is stored
    extra = add_response(db, seeded, satisfaction=1, adopt=5, country="NG", sex="F")
    db.commit()
    updated = logged_in.get(url).json  # only the new response is counted
    cache_for(app).clear()
    tallies_for(app).clear()
    assert logged_in.get(url).json == updated
    assert updated["responses"] == 17 and updated["satisfied"]["n"] == 17
    # A deleted response makes the tally count everything again.
    db.delete(extra)
    db.commit()
    after = logged_in.get(url).json
    assert after["responses"] == 16 and after["satisfied"]["k"] == 10


@pytest.mark.parametrize("hourly", [False, True])
def test_responses_per_day_and_per_hour_equal_a_count_of_the_times(db, hourly):
    from collections import Counter

    from sqlalchemy import select

    from survey.demo import seed_demo
    from survey.models.base import as_utc
    from survey.results import daily_responses

    demo = seed_demo(db, responses=150)
    db.commit()
    tid = demo.training_ids[0]
    times = [
        as_utc(t)
        for t in db.scalars(select(Response.submitted_at).where(Response.training_id == tid))
    ]
    expected = Counter(
        t.replace(minute=0, second=0, microsecond=0) if hourly else t.date() for t in times
    )
    got = daily_responses(db, [tid], hourly=hourly)
    assert dict(got) == expected and sum(expected.values()) == len(times) > 50
    assert [when for when, _n in got] == sorted(expected)


def test_days_are_the_trainings_own_days(app, logged_in, db, trainer, make_training):
    # Two responses, one per day: the days are tested here, not the hiding of small sets.
    app.config["MIN_CELL_SIZE"] = 1
    # In Tokyo (UTC+9, no summer time) 20:00 UTC on 19 May is 05:00 on 20 May.
    training = make_training(owner=trainer, timezone="Asia/Tokyo")
    add_response(db, training, when=datetime(2016, 5, 19, 10, tzinfo=UTC), satisfaction=5)
    add_response(db, training, when=datetime(2016, 5, 19, 20, tzinfo=UTC), satisfaction=5)
    db.commit()
    client = english(logged_in)
    url = f"/trainings/{training.id}/figures.json"
    assert client.get(f"{url}?until=2016-05-19").json["responses"] == 1
    assert client.get(f"{url}?since=2016-05-20").json["responses"] == 1
    # The timeline counts each response on its local day (hour here: a short training).
    from survey.results import daily_responses

    hours = daily_responses(db, [training.id], hourly=True)
    assert [(h.date().isoformat(), h.hour, n) for h, n in hours] == [
        ("2016-05-19", 19, 1),
        ("2016-05-20", 5, 1),
    ]
    days = daily_responses(db, [training.id])
    assert [(d.isoformat(), n) for d, n in days] == [("2016-05-19", 1), ("2016-05-20", 1)]
