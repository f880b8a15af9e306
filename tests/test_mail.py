"""Reports e-mailed to donors through a real local SMTP server, read back."""

from __future__ import annotations

import email
import email.policy
import io
import socket

import pytest
from aiosmtpd.controller import Controller
from helpers import csrf_token
from pypdf import PdfReader

from survey.db import get_session


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def set_donors(app, training_id: int, emails: list[str]) -> None:
    with app.app_context():
        session = get_session()
        from survey.models import Training

        project = session.get(Training, training_id).project
        project.donor_emails = emails
        project.organisation = "OIM Maroc"
        session.commit()


def test_report_is_emailed_to_the_donors_in_its_language(
    app, client, logged_in, trainer, make_training, smtp
):
    controller, inbox = smtp
    logged_in.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # the messages checked are English
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=controller.port,
        MAIL_USE_TLS=False,
        MAIL_SENDER="rapports@retour.example",
    )
    training = make_training(owner=trainer)
    set_donors(app, training.id, ["donor@eu.example", "officer@eu.example"])
    # One participant has answered (before any answer the page offers only the link).
    from test_collect import GOOD, form_url, open_form

    _, hidden = open_form(client, training)
    assert client.post(form_url(training), data={**hidden, **GOOD}).status_code == 303
    page = logged_in.get(f"/trainings/{training.id}?lang=en")
    assert "Email the report to donors" in page.text
    for lang, subject, word in (
        ("fr", "Rapport d’évaluation", "Synthèse"),
        ("ar", "تقرير التقييم", None),
    ):
        sent = logged_in.post(
            f"/trainings/{training.id}/report/email",
            data={"csrf_token": csrf_token(page.text), "lang": lang},
            follow_redirects=True,
        )
        assert "Report sent to donor@eu.example, officer@eu.example" in sent.text
        message = inbox.messages[-1]
        assert inbox.envelopes[-1] == (
            "rapports@retour.example",
            ["donor@eu.example", "officer@eu.example"],
        )
        assert message["Subject"].startswith(subject)
        assert training.title in message["Subject"]
        assert message["Content-Language"] == lang
        body = message.get_body(("plain",)).get_content()
        assert "OIM Maroc" in body
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_filename() == f"retour-{training.code}-{lang}.pdf"
        reader = PdfReader(io.BytesIO(attachment.get_content()))
        assert reader.trailer["/Root"]["/Lang"] == lang
        if word:
            assert word in reader.pages[0].extract_text()
    assert len(inbox.messages) == 2


def test_no_donor_address_or_no_server_says_so(app, logged_in, trainer, make_training, smtp):
    training = make_training(owner=trainer)
    page = logged_in.get(f"/trainings/{training.id}/report/comments?lang=en")
    token = csrf_token(page.text)
    answer = logged_in.post(
        f"/trainings/{training.id}/report/email?lang=en",
        data={"csrf_token": token, "lang": "fr"},
        follow_redirects=True,
    )
    assert "This project has no donor e-mail address." in answer.text
    set_donors(app, training.id, ["donor@eu.example"])
    app.config["MAIL_SERVER"] = None
    answer = logged_in.post(
        f"/trainings/{training.id}/report/email?lang=en",
        data={"csrf_token": token, "lang": "fr"},
        follow_redirects=True,
    )
    assert "E-mail is not set up on this server" in answer.text
    # A server that refuses the connection: the trainer is told, nothing crashes.
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)
    answer = logged_in.post(
        f"/trainings/{training.id}/report/email?lang=en",
        data={"csrf_token": token, "lang": "fr"},
        follow_redirects=True,
    )
    assert "The report could not be sent" in answer.text
    assert smtp[1].messages == []


def test_email_needs_a_csrf_token(logged_in, trainer, make_training):
    training = make_training(owner=trainer)
    assert logged_in.post(f"/trainings/{training.id}/report/email").status_code == 400
