"""Donor links: unguessable, read-only, expiring, revocable; each opening is counted."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import UTC, datetime, timedelta

from helpers import csrf_token
from pypdf import PdfReader
from sqlalchemy import select

from survey.db import get_session
from survey.models import DonorLink, DonorLinkVisit


def create_link(client, training, **form) -> tuple[str, str]:
    """Create a link from the management page; return (its path, the page)."""
    page = client.get(f"/projects/{training.project_id}/donor-links?training={training.id}&lang=en")
    assert page.status_code == 200
    data = {"csrf_token": csrf_token(page.text), "scope": str(training.id), "lang": "en", **form}
    made = client.post(
        f"/projects/{training.project_id}/donor-links?lang=en", data=data, follow_redirects=True
    )
    assert made.status_code == 200
    # Created, then redirected: reloading the page cannot post a second link.
    assert [r.status_code for r in made.history] == [303]
    url = re.search(r"<code>(http://retour\.test/d/[^<]+)</code>", made.text).group(1)
    return url.removeprefix("http://retour.test"), made.text


def test_link_opens_summary_and_latest_pdf_without_login(app, logged_in, trainer, make_training):
    training = make_training(owner=trainer, title="Mineurs non accompagnés")
    path, page = create_link(logged_in, training, label="EU delegation")
    assert "Copy it now" in page
    token = path.rsplit("/", 1)[1]
    assert len(token) >= 43  # secrets.token_urlsafe(32)
    with app.app_context():
        link = get_session().scalar(select(DonorLink))
        assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in repr(link.__dict__)

    donor = app.test_client()  # no session: a donor has no account
    summary = donor.get(path)
    assert summary.status_code == 200
    assert "Mineurs non accompagnés" in summary.text
    assert "Download the PDF report" in summary.text
    assert "noindex" in summary.text
    pdf = donor.get(path + "/report.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert PdfReader(io.BytesIO(pdf.data)).trailer["/Root"]["/Lang"] == "en"
    # Read-only: the link offers nothing to post to.
    assert donor.post(path).status_code == 405

    with app.app_context():
        visits = get_session().scalars(select(DonorLinkVisit)).all()
        assert len(visits) == 2
        columns = set(DonorLinkVisit.__table__.columns.keys())
        assert columns == {"id", "link_id", "opened_at"}  # no address, no browser

    listing = logged_in.get(f"/projects/{training.project_id}/donor-links?lang=en")
    assert "EU delegation" in listing.text
    assert re.search(r"<td>2<br>", listing.text)
    assert token not in listing.text  # shown once, at creation only


def test_revoked_and_expired_links_say_so(app, logged_in, trainer, make_training):
    logged_in.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages checked are English
    training = make_training(owner=trainer)
    path, page = create_link(logged_in, training)
    listing = logged_in.get(f"/projects/{training.project_id}/donor-links?lang=en")
    with app.app_context():
        link_id = get_session().scalar(select(DonorLink.id))
    # Revoking needs the CSRF token.
    assert logged_in.post(f"/donor-links/{link_id}/revoke").status_code == 400
    revoked = logged_in.post(
        f"/donor-links/{link_id}/revoke",
        data={"csrf_token": csrf_token(listing.text)},
        follow_redirects=True,
    )
    assert "Revoked" in revoked.text
    donor = app.test_client()
    donor.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    gone = donor.get(path)
    assert gone.status_code == 410
    assert "withdrawn by the project team" in gone.text
    assert donor.get(path + "/report.pdf").status_code == 410

    path2, _ = create_link(logged_in, training, days="3")
    with app.app_context():
        session = get_session()
        link = session.scalars(select(DonorLink).order_by(DonorLink.id.desc())).first()
        link.expires_at = datetime.now(UTC) - timedelta(minutes=1)
        session.commit()
    expired = donor.get(path2)
    assert expired.status_code == 410
    assert "expired on" in expired.text
    with app.app_context():
        assert get_session().scalars(select(DonorLinkVisit)).all() == []

    assert donor.get("/d/" + "x" * 43).status_code == 404


def test_only_the_projects_trainers_manage_its_links(
    app, client, make_user, make_training, trainer
):
    from helpers import login

    training = make_training(owner=trainer)
    make_user("other@example.org")
    login(client, "other@example.org")
    assert client.get(f"/projects/{training.project_id}/donor-links").status_code == 404
    assert client.get(f"/projects/{training.project_id}/report.pdf").status_code == 404
