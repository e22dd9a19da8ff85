"""Reminder emails through a real local SMTP server: sent once, addressed to the
owner and the admins, carrying the key's mask and never the key; an unreachable
server delays them without losing or repeating any; the daily digest gathers
them; STARTTLS and login work."""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import socket
import ssl
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.jobs import outbox, reminder_scan
from license_hub.models import Notification, ReminderDelivery
from license_hub.services.access import accounts as access
from license_hub.services.directory import people
from license_hub.services.notify import mailer
from license_hub.services.notify.notify_settings import NotifySettings
from tests.factories import ACTOR, make_license, make_product

KEY = "QX7RT-PL9KM-VB3NW-ZC8HY-J4F6D"
EXPIRY = dt.date(2027, 3, 31)


class Sink:
    def __init__(self):
        self.received: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    def messages(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(raw, policy=policy.default) for _, _, raw in self.received]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield sink, controller.port
    controller.stop()


def _cfg(port: int, **kw) -> NotifySettings:
    base = dict(
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_from="License Hub <licenses@example.com>",
        smtp_starttls=False,
        reminder_lead_days=(30, 7),
        app_url="https://licenses.example.com",
    )
    return NotifySettings(**{**base, **kw})


def _scan(day: dt.date, cfg: NotifySettings) -> reminder_scan.ScanResult:
    return reminder_scan.run(today=day, now=dt.datetime.combine(day, dt.time(6), tzinfo=dt.timezone.utc), config=cfg)


def _people_and_license() -> int:
    with write_session() as s:
        owner = people.create_person(s, ACTOR, name="Olivia Owner", email="olivia@example.com").id
        access.create_user(s, ACTOR, email="admin@example.com", password="correct horse battery", role="Admin")
        access.create_user(s, ACTOR, email="olivia@example.com", password="correct horse battery", role="Viewer")
    return make_license(
        expiry_date=EXPIRY.isoformat(),
        name="Design team",
        product_key=KEY,
        business_owner_id=owner,
        vendor="Figma Inc.",
        purchase_order="PO-2291",
    )


def test_reminder_email_is_sent_once_and_shows_only_the_mask(database, smtp_server):
    sink, port = smtp_server
    lic = _people_and_license()
    cfg = _cfg(port)
    result = _scan(EXPIRY - dt.timedelta(days=7), cfg)
    assert result.emails_queued == 2 and result.emails_sent == 2
    _scan(EXPIRY - dt.timedelta(days=7), cfg)
    _scan(EXPIRY - dt.timedelta(days=6), cfg)
    assert sorted(rcpt for _, rcpts, _ in sink.received for rcpt in rcpts) == [
        "admin@example.com",
        "olivia@example.com",
    ]
    for (_, _, raw), msg in zip(sink.received, sink.messages()):
        body = msg.get_content()
        assert KEY not in raw.decode("utf-8", "replace") and KEY not in body
        for part in KEY.split("-")[:-1]:
            assert part not in body
        assert "Product key: ••••-••••-4F6D" in body
        assert msg["Subject"] == "Figma — Design team expires in 7 days"
        assert msg["From"] == "License Hub <licenses@example.com>"
        assert msg["Message-ID"].startswith("<license-hub.") and msg["Message-ID"].endswith("@example.com>")
        assert f"https://licenses.example.com/licenses/{lic}" in body
        assert "Business owner: Olivia Owner" in body and "Purchase order: PO-2291" in body
    with read_session() as s:
        rows = s.exec(select(ReminderDelivery).where(ReminderDelivery.channel == "email")).all()
    assert {(r.status, r.attempts) for r in rows} == {("sent", 1)}


def test_unreachable_server_delays_the_email_without_losing_or_repeating_it(database, smtp_server):
    sink, port = smtp_server
    _people_and_license()
    day = EXPIRY - dt.timedelta(days=7)
    down = _cfg(_free_port())  # nothing listens there
    result = _scan(day, down)
    assert result.emails_queued == 2 and result.emails_sent == 0
    with read_session() as s:
        assert s.exec(select(Notification)).all()  # the in-app notifications did not wait for email
        rows = s.exec(select(ReminderDelivery).where(ReminderDelivery.channel == "email")).all()
    assert {r.status for r in rows} == {"pending"} and all("connection or sign-in failed" in r.last_error for r in rows)
    # The server is back; the next run, a few minutes later, sends each email once.
    later = dt.datetime.combine(day, dt.time(6, 10), tzinfo=dt.timezone.utc)
    up = _cfg(port)
    assert outbox.send_pending(now=later, config=up) == 2
    assert outbox.send_pending(now=later + dt.timedelta(hours=1), config=up) == 0
    _scan(day, up)
    assert len(sink.received) == 2


def test_daily_digest_gathers_the_reminders_into_one_email_each(database, smtp_server):
    sink, port = smtp_server
    _people_and_license()
    make_license(make_product("Slack", publisher="Slack"), expiry_date=(EXPIRY - dt.timedelta(days=1)).isoformat())
    cfg = _cfg(port, email_digest=True)
    _scan(EXPIRY - dt.timedelta(days=7), cfg)
    _scan(EXPIRY - dt.timedelta(days=7), cfg)
    assert sink.received == []  # the scan only queues in digest mode
    assert outbox.send_pending(config=cfg, digest=True) == 3  # 2 reminders to the admin, 1 to the owner
    assert outbox.send_pending(config=cfg, digest=True) == 0
    by_rcpt = {rcpts[0]: msg for (_, rcpts, _), msg in zip(sink.received, sink.messages())}
    assert set(by_rcpt) == {"admin@example.com", "olivia@example.com"}
    admin_mail = by_rcpt["admin@example.com"]
    assert admin_mail["Subject"] == "License Hub: 2 reminders"
    body = admin_mail.get_content()
    assert "Slack expires in 6 days" in body and "Figma — Design team expires in 7 days" in body
    assert KEY not in body and "••••-••••-4F6D" in body
    assert by_rcpt["olivia@example.com"]["Subject"] == "License Hub: 1 reminder"


def test_mailer_refuses_a_message_carrying_a_key(smtp_server):
    sink, port = smtp_server
    cfg = _cfg(port)
    leaky = mailer.OutgoingEmail("admin@example.com", "Your key", f"The key is {KEY}")
    fine = mailer.OutgoingEmail("admin@example.com", "Masked", "The key is ••••-••••-4F6D")
    results = mailer.send(cfg, [leaky, fine], secrets=[KEY])
    assert results[0] and "refused" in results[0] and results[1] is None
    assert len(sink.received) == 1 and KEY not in sink.received[0][2].decode()


def _self_signed(tmp_path) -> tuple[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(cert_path), str(key_path)


def test_starttls_and_login(tmp_path, monkeypatch):
    cert, key = _self_signed(tmp_path)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", cert)  # the client trusts the test certificate, and verifies it
    logins = []

    def authenticate(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.login == b"mailer" and auth_data.password == b"s3cret-pass")

    sink = Sink()
    controller = Controller(
        sink,
        hostname="127.0.0.1",
        port=_free_port(),
        tls_context=server_ctx,
        require_starttls=True,
        authenticator=authenticate,
        auth_required=True,
    )
    controller.start()
    try:
        cfg = _cfg(controller.port, smtp_starttls=True, smtp_user="mailer", smtp_password="s3cret-pass")
        assert mailer.send(cfg, [mailer.OutgoingEmail("a@example.com", "Hello", "Over TLS", key="k1")]) == [None]
        wrong = _cfg(controller.port, smtp_starttls=True, smtp_user="mailer", smtp_password="wrong")
        monkeypatch.setattr(mailer, "TIMEOUT_SECONDS", 2)  # after refusing, this server lets the client wait
        assert (
            "connection or sign-in failed" in mailer.send(wrong, [mailer.OutgoingEmail("a@example.com", "x", "y")])[0]
        )
    finally:
        controller.stop()
    assert len(sink.received) == 1 and logins[0] == (b"mailer", b"s3cret-pass")
