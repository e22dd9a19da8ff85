"""Outgoing email over SMTP (smtplib + email.message), for reminders and digests.

Callers hand over plain text they rendered from masked values only: a product
key never reaches this module in clear. As a last line of defence, `send`
refuses a message whose text contains any string the caller marks as secret.
The Message-ID is derived from the delivery key, so if a crash makes the outbox
send a message twice the receiving side can recognise the copy.
"""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Iterable

from license_hub.services.core import emails as emails_mod
from license_hub.services.notify.notify_settings import NotifySettings

TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    body: str
    key: str = ""  # the idempotency key the Message-ID is derived from
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Attachment:
    """A file sent with the message (a scheduled report's CSV)."""

    filename: str
    content: bytes
    mime: str = "text/csv"


class SecretInMessage(ValueError):
    """A message would have carried a secret in clear; it was not sent."""


def _domain(sender: str) -> str:
    return sender.rsplit("@", 1)[-1].strip("> ") or "localhost"


def message_id(key: str, sender: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<license-hub.{digest}@{_domain(sender)}>"


def build(cfg: NotifySettings, email: OutgoingEmail) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = cfg.smtp_from
    msg["To"] = email.to
    msg["Subject"] = " ".join(email.subject.split())[:250]
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    if email.key:
        msg["Message-ID"] = message_id(email.key, cfg.smtp_from or "")
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(email.body, cte="quoted-printable")  # 7-bit clean for any relay
    for att in email.attachments:
        maintype, _, subtype = att.mime.partition("/")
        msg.add_attachment(att.content, maintype=maintype, subtype=subtype or "octet-stream", filename=att.filename)
    return msg


def _check(email: OutgoingEmail, secrets: Iterable[str]) -> None:
    text = f"{email.subject}\n{email.body}"
    for secret in secrets:
        if secret and len(secret) >= 6 and secret in text:
            raise SecretInMessage("refused to email a message that contains a key in clear")


def _connect(cfg: NotifySettings) -> smtplib.SMTP:
    smtp = smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=TIMEOUT_SECONDS)
    try:
        smtp.ehlo()
        if cfg.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if cfg.smtp_user:
            smtp.login(cfg.smtp_user, cfg.smtp_password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def send(cfg: NotifySettings, emails: list[OutgoingEmail], secrets: Iterable[str] = ()) -> list[str | None]:
    """Send each email over one connection. Returns, per email, None when the
    server accepted it or the reason it was not sent (never raises for one bad
    address; a connection failure marks every email not yet sent)."""
    if not cfg.email_enabled:
        raise RuntimeError("SMTP is not configured (LICENSE_HUB_SMTP_HOST and LICENSE_HUB_SMTP_FROM)")
    secrets = [s for s in secrets if s]
    results: list[str | None] = [None] * len(emails)
    if not emails:
        return results
    try:
        smtp = _connect(cfg)
    except (OSError, smtplib.SMTPException) as exc:
        return [f"SMTP connection or sign-in failed: {exc}"] * len(emails)
    try:
        for i, email in enumerate(emails):
            try:
                _check(email, secrets)
                if not emails_mod.is_valid(email.to):
                    results[i] = f"not sent: {emails_mod.INVALID.lower()} ({email.to[:80]!r})"
                    continue
                refused = smtp.send_message(build(cfg, email))
                if refused:
                    results[i] = f"refused: {refused}"
            except SecretInMessage as exc:
                results[i] = str(exc)
            except ValueError as exc:  # a header the email library refuses: this message only
                results[i] = f"not sent: {exc}"
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                results[i] = f"refused: {exc}"
            except (OSError, smtplib.SMTPException) as exc:
                for j in range(i, len(emails)):
                    results[j] = f"connection lost: {exc}"
                break
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
    return results
