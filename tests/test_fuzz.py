"""Fuzz the participant form: never a server error, never a response stored in part."""

from __future__ import annotations

import re
from collections import defaultdict

from helpers import csrf_token
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from survey.models import Answer, Response

OPTION = re.compile(r'name="(q_[a-z_]+)"[^>]*value="([^"]*)"')
FIELD = re.compile(r'name="(q_[a-z_]+)"')

hostile_text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=5000),
    st.sampled_from(["\x00", "'; DROP TABLE responses; --", "<script>x</script>", "١٢", "NaN",
                     "1e309", "-1", "999999999999999999999", " ", "5\x00", "ﷺ" * 300]),
)  # fmt: skip


def _fields(page_html: str) -> dict[str, list[str]]:
    options: dict[str, list[str]] = defaultdict(list)
    for name in FIELD.findall(page_html):
        options.setdefault(name, [])
    for name, value in OPTION.findall(page_html):
        options[name].append(value)
    return dict(options)


def _values(options: list[str]):
    if not options:  # free text: anything goes in, and must come out whole
        return st.one_of(st.just([]), hostile_text.map(lambda t: [t]))
    return st.one_of(
        st.just([]),
        hostile_text.map(lambda t: [t]),
        st.lists(st.sampled_from(options), max_size=4),
    )


def test_fuzzed_submissions_are_stored_whole_or_not_at_all(client, db, make_training):
    training = make_training()
    url = f"/s/{training.code}"
    page = client.get(url)
    fields = _fields(page.text)
    token = csrf_token(page.text)
    assert {"q_satisfaction", "q_improve", "q_country"} <= fields.keys()
    seen = {"n": 0, "stored": 0}
    multiple = {
        name
        for tag in re.findall(r"<input[^>]*>", page.text)
        if 'type="checkbox"' in tag
        for name in FIELD.findall(tag)
    }

    # A complete valid form, then a few fields replaced by anything at all.
    valid = st.fixed_dictionaries(
        {name: st.sampled_from(opts).map(lambda v: [v]) if opts else hostile_text.map(lambda t: [t])
         for name, opts in fields.items()}
    )  # fmt: skip
    changes = st.sampled_from(sorted(fields)).flatmap(
        lambda name: st.tuples(st.just(name), _values(fields[name]))
    )

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        base=valid,
        replaced=st.lists(changes, max_size=3),
        extra=st.dictionaries(st.text(max_size=20), hostile_text, max_size=3),
    )
    def check(base, replaced, extra):
        answers = {**base, **dict(replaced)}
        seen["n"] += 1
        sid = f"{seen['n']:032x}"
        data = [("csrf_token", token), ("sid", sid)]
        data += [(name, value) for name, values in answers.items() for value in values]
        data += [(k, v) for k, v in extra.items() if k not in ("csrf_token", "sid")]
        response = client.post(url, data=MultiDict(data))
        assert response.status_code in (303, 422), response.status_code
        db.expire_all()
        stored = db.scalars(select(Response.id).where(Response.submission_id == sid)).all()
        if response.status_code == 422:
            assert stored == []
            return
        assert len(stored) == 1
        seen["stored"] += 1
        rows = db.scalar(select(func.count()).where(Answer.response_id == stored[0]))
        expected = 0
        for name, values in answers.items():
            if name in multiple:  # checkboxes: one row per distinct ticked option
                expected += len({v for v in values if v})
            else:  # one value: the first one sent, if not blank
                expected += 1 if values and values[0].replace("\x00", "").strip() else 0
        assert rows == expected, (answers, rows, expected)

    check()
    assert seen["stored"] >= 5, "too few accepted forms to test that they are stored whole"


def test_nul_byte_in_a_comment_is_not_a_server_error(client, db, make_training):
    """PostgreSQL refuses NUL in text: the form must reject or clean it, never crash."""
    import random
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from _loadgen import SID, random_answers

    training = make_training()
    page = client.get(f"/s/{training.code}")
    data = {
        **random_answers(random.Random(1)),
        "q_improve": "avant\x00après",
        "csrf_token": csrf_token(page.text),
        "sid": SID.search(page.text).group(1),
    }
    response = client.post(f"/s/{training.code}", data=data)
    assert response.status_code in (303, 422)
    texts = db.scalars(select(Answer.text).where(Answer.text.is_not(None))).all()
    assert all("\x00" not in text for text in texts)
