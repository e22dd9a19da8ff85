"""A bad address fails its own message, never the batch, and can never add a
header or a recipient."""

from __future__ import annotations

import pytest

from license_hub.db import write_session
from license_hub.services.access import accounts as access
from license_hub.services.core import emails
from license_hub.services.core.errors import ValidationError
from license_hub.services.notify import mailer
from tests.services.notify.test_mailer import _cfg, smtp_server  # noqa: F401 - the fixture

BAD = [
    "ann@example.com\r\nBcc: thief@evil.example",
    "ann@example.com, thief@evil.example",
    "Ann <ann@example.com>",
    "ann@@example.com",
    "ann@exa mple.com",
    "no-at-sign",
    "",
]


def test_bad_addresses_fail_alone_and_add_no_recipient(smtp_server):  # noqa: F811
    sink, port = smtp_server
    batch = [mailer.OutgoingEmail(to, "Reminder", "Figma expires in 7 days") for to in BAD]
    batch.insert(3, mailer.OutgoingEmail("ok@example.com", "Reminder", "Figma expires in 7 days"))
    results = mailer.send(_cfg(port), batch)
    assert results[3] is None
    assert all(r and r.startswith("not sent") for i, r in enumerate(results) if i != 3)
    recipients = [rcpt for _, rcpts, _ in sink.received for rcpt in rcpts]
    assert recipients == ["ok@example.com"]


@pytest.mark.parametrize("address", BAD)
def test_accounts_refuse_what_the_library_refuses(database, address):
    with pytest.raises(ValidationError) as err, write_session() as s:
        access.create_user(s, "admin", email=address, password="correct horse battery", role="Viewer")
    assert err.value.errors == {"email": emails.INVALID}


def test_the_first_admins_local_address_is_still_allowed():
    assert emails.normalized("Admin@localhost", allow_local=True) == "admin@localhost"
    with pytest.raises(ValueError):
        emails.normalized("admin@localhost")
