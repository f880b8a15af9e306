"""Send e-mail through the SMTP server named in the instance configuration."""

from __future__ import annotations

import smtplib
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any


class MailNotConfiguredError(RuntimeError):
    """No MAIL_SERVER is set, so nothing can be sent."""


def send_pdf(
    config: Mapping[str, Any],
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    pdf: bytes,
    filename: str,
    lang: str,
) -> str:
    """Send one message with a PDF attached to ``to``; return its Message-ID."""
    server = config.get("MAIL_SERVER")
    if not server:
        raise MailNotConfiguredError("MAIL_SERVER is not set")
    sender = config.get("MAIL_SENDER") or "retour@localhost"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = ", ".join(to)
    # A header is one line: a title typed with a line break (CR, LF) is joined up.
    message["Subject"] = " ".join(subject.split())
    message_id = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message["Message-ID"] = message_id
    message.set_content(body)
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    # Set after the attachment: turning the message multipart moves Content-* headers
    # into the body part.
    message["Content-Language"] = lang
    port = int(config.get("MAIL_PORT") or 25)
    timeout = float(config.get("MAIL_TIMEOUT") or 30)
    with smtplib.SMTP(server, port, timeout=timeout) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)
    return message_id
