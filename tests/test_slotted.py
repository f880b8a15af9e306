"""The blank form's page with per-visitor slots, plain and gzipped (slotted.py)."""

import gzip
import re

from helpers import csrf_token
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from survey.collect.slotted import SlottedPage
from survey.models import Response

MARKERS = ["@@a@@", "@@b@@"]
text = st.text(st.characters(codec="utf-8", exclude_characters="@"), max_size=3000)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    pieces=st.lists(text, min_size=3, max_size=3),
    order=st.permutations(MARKERS),
    used=st.integers(0, 2),
    values=st.lists(st.text(max_size=80), min_size=2, max_size=2),
)
def test_slotted_page_is_the_page_with_its_values_plain_and_gzipped(pieces, order, used, values):
    markers = order[:used]
    html = pieces[0] + "".join(m + p for m, p in zip(markers, pieces[1:], strict=False))
    fresh = dict(zip(MARKERS, values, strict=True))
    expected = html
    for marker, value in fresh.items():
        expected = expected.replace(marker, value)
    page = SlottedPage(html, MARKERS)
    assert page.text(fresh) == expected.encode()
    assert gzip.decompress(page.gzip(fresh)) == expected.encode()  # Python's own inflater


def test_the_phone_gets_the_form_gzipped_and_it_works(client, db, make_training):
    training = make_training()
    url = f"/s/{training.code}"
    sent = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert sent.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in sent.headers["Vary"]
    html = gzip.decompress(sent.data).decode()
    plain = client.get(url)
    assert "Content-Encoding" not in plain.headers
    sid = re.compile(r'name="sid"[^>]*value="([^"]+)"')
    # The same page but for the visitor's own token and submission id.
    mine = {csrf_token(html): "TOKEN", sid.search(html).group(1): "SID"}
    other = {csrf_token(plain.text): "TOKEN", sid.search(plain.text).group(1): "SID"}
    assert mine.keys().isdisjoint(other.keys())
    assert _blank(html, mine) == _blank(plain.text, other)
    # Compressed in parts, it is still about as small as compressed whole.
    assert len(sent.data) <= 1.05 * len(gzip.compress(html.encode(), compresslevel=6))
    data = {"csrf_token": csrf_token(html), "sid": sid.search(html).group(1)}
    data |= {
        "q_satisfaction": "4",
        "q_adopt": "4",
        "q_country": "MA",
        "q_organisation_type": "GOV",
        "q_sex": "F",
    }
    assert client.post(url, data=data).status_code == 303
    assert db.scalar(select(func.count()).select_from(Response)) == 1


def _blank(html: str, values: dict[str, str]) -> str:
    for value, name in values.items():
        html = html.replace(value, name)
    return html
