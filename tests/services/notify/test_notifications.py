"""The bell: unread count, mark read (one or all, only one's own), newest first,
and a reminder's notification links to its license page."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from license_hub.db import read_session, write_session
from license_hub.jobs import reminder_scan
from license_hub.services.access import accounts as access
from license_hub.services.core.errors import NotFound
from license_hub.services.notify import notifications
from license_hub.services.notify.notify_settings import NotifySettings
from tests.factories import ACTOR, make_license

T0 = datetime(2027, 1, 1, 9, 0, tzinfo=timezone.utc)


def _user(email: str, role: str = "Admin") -> int:
    with write_session() as s:
        return access.create_user(s, ACTOR, email=email, password="correct horse battery", role=role).id


def _notify(user_id: int, n: int) -> list[int]:
    with write_session() as s:
        rows = [
            notifications.add(
                s, user_id, kind="expiry", title=f"Note {i}", link="/licenses/1", now=T0 + timedelta(minutes=i)
            )
            for i in range(n)
        ]
        s.flush()
        return [r.id for r in rows]


def test_unread_count_and_mark_read(database):
    alice, bob = _user("alice@example.com"), _user("bob@example.com", role="Viewer")
    ids = _notify(alice, 3)
    _notify(bob, 1)
    with read_session() as s:
        assert notifications.unread_count(s, alice) == 3
        assert notifications.unread_count(s, bob) == 1
    with write_session() as s:
        item = notifications.mark_read(s, alice, ids[0], now=T0)
    assert item.read
    with write_session() as s:  # marking it again changes nothing
        notifications.mark_read(s, alice, ids[0])
    with read_session() as s:
        assert notifications.unread_count(s, alice) == 2
        page, total = notifications.list_for(s, alice)
        unread, unread_total = notifications.list_for(s, alice, unread_only=True)
    assert total == 3 and [n.title for n in page] == ["Note 2", "Note 1", "Note 0"]
    assert unread_total == 2 and all(not n.read for n in unread)
    with write_session() as s:
        assert notifications.mark_all_read(s, alice) == 2
    with read_session() as s:
        assert notifications.unread_count(s, alice) == 0
        assert notifications.unread_count(s, bob) == 1


def test_cannot_read_or_mark_someone_elses(database):
    alice, bob = _user("alice@example.com"), _user("bob@example.com", role="Viewer")
    (note,) = _notify(alice, 1)
    with pytest.raises(NotFound):
        with write_session() as s:
            notifications.mark_read(s, bob, note)
    with write_session() as s:
        assert notifications.mark_all_read(s, bob) == 0
    with read_session() as s:
        assert notifications.unread_count(s, alice) == 1
        assert notifications.list_for(s, bob) == ([], 0)


def test_paging_is_bounded(database):
    alice = _user("alice@example.com")
    _notify(alice, 30)
    with read_session() as s:
        page, total = notifications.list_for(s, alice, offset=25, limit=10)
        huge, _ = notifications.list_for(s, alice, limit=10_000)
    assert total == 30 and len(page) == 5 and len(huge) == 30


def test_reminder_notification_links_to_the_license(database):
    alice = _user("alice@example.com")
    lic = make_license(expiry_date="2027-03-31", name="Design team", product_key="ABCD-EFGH-IJKL-MNOP")
    cfg = NotifySettings(reminder_lead_days=(30, 7), app_url="https://licenses.example.com")
    reminder_scan.run(today=date(2027, 3, 24), now=T0, config=cfg)
    with read_session() as s:
        (item,), total = notifications.list_for(s, alice)
    assert total == 1
    assert item.link == f"/licenses/{lic}" == notifications.license_link(lic)
    assert item.license_id == lic and item.kind == "expiry"
    assert item.title == "Figma — Design team expires in 7 days"
    assert "••••-••••-MNOP" in item.body and "ABCD-EFGH-IJKL-MNOP" not in item.body
