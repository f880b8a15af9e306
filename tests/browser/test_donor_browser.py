"""The donor page in real Chromium: its charts and logos drawn, no accessibility violation."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select


@pytest.fixture(scope="module")
def donor_links(live_server):
    """Demo data with logos, and an active donor link per language: {lang: path}."""
    from PIL import Image

    from survey.demo import seed_demo
    from survey.models import DonorLink, Project, Training

    def png(colour) -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", (300, 100), colour).save(buffer, format="PNG")
        return buffer.getvalue()

    with live_server.sessions() as db:
        seed_demo(db)
        project = db.scalar(select(Project).order_by(Project.id.desc()))
        project.org_logo, project.org_logo_type = png((31, 78, 121)), "image/png"
        project.donor_logo, project.donor_logo_type = png((150, 30, 30)), "image/png"
        training = db.scalar(select(Training).where(Training.project_id == project.id))
        paths = {}
        for lang in ("fr", "ar"):
            token = f"browser-donor-link-{lang}-0123456789abcdefghijklmnopq"
            db.add(
                DonorLink(
                    project_id=project.id,
                    training_id=training.id,
                    lang=lang,
                    token_hash=hashlib.sha256(token.encode()).hexdigest(),
                    expires_at=datetime.now(UTC) + timedelta(days=3),
                )
            )
            paths[lang] = f"/d/{token}"
        db.commit()
        return paths


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_donor_page_draws_its_charts_and_logos_accessibly(page, live_server, donor_links, lang):
    from axe_playwright_python.sync_playwright import Axe

    errors = []
    page.on("console", lambda message: errors.append(message.text))
    page.goto(f"{live_server.url}{donor_links[lang]}", wait_until="networkidle")
    assert page.locator("svg").count() >= 3
    logos = page.locator(".donor-logos img")
    assert logos.count() == 2
    # Each logo loaded under the page's CSP: a refused image has no natural width.
    for i in range(2):
        assert logos.nth(i).evaluate("img => img.naturalWidth") == 300
    assert not [e for e in errors if "Content Security Policy" in e], errors
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
