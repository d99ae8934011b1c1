"""Outgoing e-mail, sent only once the transaction that asked for it has committed.

``send`` queues a message on the database session. When that session commits, each message is
delivered: over SMTP when ``SMTP_HOST`` is set, otherwise written as an ``.eml`` file to
``<data>/outbox-mail/`` (the demo and the tests read them there). A rolled-back transaction
sends nothing, so no one is told of a sign-up or a decision that was not saved.
"""

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event

from showcase.extensions import db

QUEUED = "outgoing_mail"  # session.info: messages waiting for the commit
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """One plain-text message to one address."""

    to: str
    subject: str
    body: str


def send(to: str, subject: str, body: str) -> None:
    """Queue a message; it goes out when the current transaction commits."""
    db.session.info.setdefault(QUEUED, []).append(Message(to, str(subject), str(body)))


def mail_dir() -> Path:
    """Where messages are written when no SMTP server is configured."""
    return Path(current_app.config["DATA_DIR"]) / "outbox-mail"


def _as_email(message: Message) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = message.to
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain="showcase")
    email.set_content(message.body)
    return email


def _deliver(messages: list[Message]) -> None:
    config = current_app.config
    emails = [_as_email(message) for message in messages]
    if not config.get("SMTP_HOST"):
        folder = mail_dir()
        folder.mkdir(parents=True, exist_ok=True)
        for email in emails:
            name = email["Message-ID"].strip("<>").replace("@", "_")
            (folder / f"{name}.eml").write_bytes(bytes(email))
        return
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=20) as server:
        if config["SMTP_STARTTLS"]:
            server.starttls(context=ssl.create_default_context())
        if config.get("SMTP_USER"):
            server.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
        for email in emails:
            server.send_message(email)


@event.listens_for(FlaskSession, "after_commit")
def _send_queued(session) -> None:
    messages = session.info.pop(QUEUED, [])
    if messages:
        try:
            _deliver(messages)
        except (OSError, smtplib.SMTPException):
            # The change is saved; a mail server that is down must not turn it into an error
            # page. The log names the addresses so staff can follow up by hand.
            log.exception("could not send mail to %s", ", ".join(m.to for m in messages))


@event.listens_for(FlaskSession, "after_rollback")
def _drop_queued(session) -> None:
    session.info.pop(QUEUED, None)
