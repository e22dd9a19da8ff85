"""The real-usage signal: the agent's last-opened times and a vendor console's
"last active" export both land on the seats dormancy reads first, and the export
moves each person's last sign-in (the login proxy) forward."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, Person
from license_hub.services.reports import usage_import
from tests.services.inventory.fleet import ACTOR, build_fleet, days_ago


def _seat(ids, who, product):
    with read_session() as s:
        return s.exec(
            select(Assignment).where(
                Assignment.person_id == ids[who], Assignment.license_id == ids[f"license:{product}"]
            )
        ).one()


def test_agent_usage_lands_on_the_seats(database):
    ids = build_fleet()
    assert _seat(ids, "carol", "IntelliJ IDEA").last_used_at == days_ago(10)
    assert _seat(ids, "alice", "Microsoft Visio").last_used_at == days_ago(200)
    assert _seat(ids, "alice", "AutoCAD").last_used_at is None  # never opened
    assert _seat(ids, "dave", "Adobe Acrobat").last_used_at is None  # no agent on his machines


def test_a_vendor_console_export_feeds_seats_and_last_sign_in(database):
    ids = build_fleet()
    csv_text = "Email,Product,Last Active\ndave@example.com,Adobe Acrobat,2026-05-30T08:00:00Z\n"
    with write_session() as s:
        result = usage_import.import_usage(s, ACTOR, csv_text, now=datetime(2026, 6, 1, tzinfo=timezone.utc))
    assert (result.rows, result.seats_updated) == (1, 1)
    stamp = datetime(2026, 5, 30, 8, tzinfo=timezone.utc)
    assert _seat(ids, "dave", "Adobe Acrobat").last_used_at == stamp
    with read_session() as s:
        assert s.get(Person, ids["dave"]).last_sign_in_at == stamp
    older = "email,product,last active\ndave@example.com,Adobe Acrobat,2026-01-01\n"
    with write_session() as s:
        usage_import.import_usage(s, ACTOR, older, now=datetime(2026, 6, 1, tzinfo=timezone.utc))
    with read_session() as s:
        assert s.get(Person, ids["dave"]).last_sign_in_at == stamp  # only ever forward
