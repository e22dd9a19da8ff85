"""A license's Activity section: key reveals and field-level changes only for
readers with the audits permission."""

from __future__ import annotations

from license_hub.db import read_session, write_session
from license_hub.services.access import user_admin
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.seats import assignments as seats
from tests.factories import make_license


def test_reveals_and_field_changes_only_for_audit_readers(database):
    lid = make_license(seats_total=3, product_key="AAAA-BBBB-CCCC-DDDD")
    with write_session() as s:
        seat = seats.assign(s, "ops@example.com", lid, assignee_name="Kim", seat_key="SEAT-0001").id
        licenses.update(s, "ops@example.com", lid, {"seats_total": 4})
        seats.reveal_seat_key(s, "auditor@example.com", seat, lid)
    with read_session() as s:
        full, full_total = user_admin.license_activity(s, lid, detailed=True)
        plain, plain_total = user_admin.license_activity(s, lid)
    assert "reveal_key" in [r.event.action for r in full] and full_total == 4
    assert "reveal_key" not in [r.event.action for r in plain] and plain_total == 3
    assert all(r.event.diff == "{}" for r in plain)
    assert [r.event.action for r in plain] == ["update", "assign", "create"]
