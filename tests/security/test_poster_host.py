"""The public poster and the form links use the configured address, never the Host header."""

from __future__ import annotations

import io
import re
import time

import pytest
from helpers import csrf_token
from pypdf import PdfReader

from survey import create_app
from survey.collect import poster

HOSTS = ["evil.example", "retour.test", "127.0.0.1:8080", "x.invalid", "retour.test.evil"]


def test_the_poster_prints_the_configured_address_whatever_the_host(
    app, client, make_training, monkeypatch
):
    app.config["PUBLIC_BASE_URL"] = "https://retour.example.org/"
    training = make_training()
    renders = []
    real = poster.HTML

    def counted(*args, **kwargs):
        renders.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(poster, "HTML", counted)
    poster._render.cache_clear()
    pdfs, times = [], []
    for host in HOSTS:
        start = time.perf_counter()
        response = client.get(f"/s/{training.code}/poster.pdf", headers={"Host": host})
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
        pdfs.append(response.data)
    text = PdfReader(io.BytesIO(pdfs[0])).pages[0].extract_text()
    assert f"retour.example.org/s/{training.code}" in text
    assert not any(host.split(":")[0] in text for host in HOSTS if "example.org" not in host)
    # One poster for everyone: drawn once, not once per Host a visitor makes up.
    assert all(pdf == pdfs[0] for pdf in pdfs)
    assert len(renders) == 1
    print(f"poster: first {times[0]:.2f} s, then {max(times[1:]) * 1000:.0f} ms at most")


def test_the_trainers_link_and_qr_code_use_the_configured_address(
    app, logged_in, make_training, trainer
):
    app.config["PUBLIC_BASE_URL"] = "https://retour.example.org"
    training = make_training(owner=trainer)
    # The trainer's own session reached the app as retour.test: not what phones are given.
    page = logged_in.get(f"/trainings/{training.id}")
    assert f"https://retour.example.org/s/{training.code}" in page.text
    assert f"retour.test/s/{training.code}" not in page.text


def test_without_a_configured_address_the_local_demo_is_named(app, client, make_training):
    app.config["SERVER_NAME"] = None
    training = make_training()
    poster._render.cache_clear()
    response = client.get(f"/s/{training.code}/poster.pdf", headers={"Host": "evil.example"})
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert f"127.0.0.1:5000/s/{training.code}" in text
    assert "evil.example" not in text


def test_a_new_donor_link_uses_the_configured_address(app, logged_in, make_training, trainer):
    app.config["PUBLIC_BASE_URL"] = "https://retour.example.org"
    training = make_training(owner=trainer)
    page = logged_in.get(f"/projects/{training.project_id}/donor-links?lang=en")
    data = {"csrf_token": csrf_token(page.text), "scope": str(training.id), "lang": "en"}
    made = logged_in.post(
        f"/projects/{training.project_id}/donor-links?lang=en", data=data, follow_redirects=True
    )
    shown = re.search(r"<code>([^<]+/d/[^<]+)</code>", made.text).group(1)
    assert shown.startswith("https://retour.example.org/d/")
    # The link works (as the donor opens it through the public address's server).
    assert logged_in.get(shown.removeprefix("https://retour.example.org")).status_code == 200


def test_a_public_address_that_is_no_address_is_refused_at_start(tmp_path, monkeypatch):
    monkeypatch.setenv("SURVEY_INSTANCE_PATH", str(tmp_path))
    for bad in ("retour.example.org", "https://retour.example.org/s/", "javascript:alert(1)"):
        with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
            create_app({"TESTING": True, "SECRET_KEY": "k", "PUBLIC_BASE_URL": bad})
