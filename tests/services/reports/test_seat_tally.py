"""The seat counts the database keeps (models.seat_tally) stay equal to a count of the
assignments themselves through every way seats move: assign, reclaim, transfer,
offboard, import, a bulk insert, a hand edit and a delete; and the migration
backfills them from the seats an older database already holds."""

from __future__ import annotations

import os
import uuid
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import select

from license_hub import db
from license_hub.db import read_session, write_session
from license_hub.migrate import upgrade
from license_hub.models import Assignment, LicenseSeatCount, LicenseSeatMonth
from license_hub.services.core.bulk import insert_many
from license_hub.services.directory import leavers
from license_hub.services.imports import formats as f
from license_hub.services.imports import license_import as li
from license_hub.services.reports import compliance, utilization
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import transfer
from tests.factories import ACTOR, make_license, make_people
from tests.services.imports.test_license_import import snipe_file

UTC = timezone.utc


def _truth(session) -> tuple[dict, dict]:
    """Per (license, month) [assigned, revoked] and per license active seats, counted from the rows."""
    months: Counter = Counter()
    active: Counter = Counter()
    for lid, assigned_at, revoked_at in session.execute(
        select(Assignment.license_id, Assignment.assigned_at, Assignment.revoked_at)
    ):
        months[(lid, f"{assigned_at.astimezone(UTC):%Y-%m}", "a")] += 1
        if revoked_at is None:
            active[lid] += 1
        else:
            months[(lid, f"{revoked_at.astimezone(UTC):%Y-%m}", "r")] += 1
    per_month: dict = {}
    for (lid, month, kind), n in months.items():
        per_month.setdefault((lid, month), [0, 0])[0 if kind == "a" else 1] += n
    return {k: tuple(v) for k, v in per_month.items()}, dict(active)


def _tally(session) -> tuple[dict, dict]:
    months = {
        (r.license_id, r.month): (r.assigned, r.revoked)
        for r in session.exec(select(LicenseSeatMonth))
        if r.assigned or r.revoked
    }
    active = {r.license_id: r.active_seats for r in session.exec(select(LicenseSeatCount)) if r.active_seats}
    return months, active


def assert_tally_true() -> tuple[dict, dict]:
    with read_session() as s:
        truth = _truth(s)
        assert _tally(s) == truth
    return truth


def test_tally_follows_every_way_seats_move(database):
    lic_a = make_license(seats_total=10, product_name="Figma")
    lic_b = make_license(seats_total=10, product_name="Slack")
    p0, p1, p2, p3 = make_people(4)
    assert assert_tally_true() == ({}, {})

    with write_session() as s:
        first = seats.assign(s, ACTOR, lic_a, person_id=p0).id
        second = seats.assign(s, ACTOR, lic_a, person_id=p1).id
        seats.assign(s, ACTOR, lic_a, person_id=p2)
        seats.assign(s, ACTOR, lic_b, person_id=p2)
    _, active = assert_tally_true()
    assert active == {lic_a: 3, lic_b: 1}

    with write_session() as s:
        seats.reclaim(s, ACTOR, first)
    assert assert_tally_true()[1] == {lic_a: 2, lic_b: 1}

    with write_session() as s:
        transfer.transfer(s, ACTOR, second, person_id=p3)
    assert assert_tally_true()[1] == {lic_a: 2, lic_b: 1}

    with write_session() as s:
        leavers.deactivate_person(s, ACTOR, p2)  # offboarding reclaims or retires both of p2's seats
    assert assert_tally_true()[1] == {lic_a: 1}

    with write_session() as s:
        li.commit(s, ACTOR, snipe_file(f.SNIPE_CLI))
    _, active = assert_tally_true()
    assert sum(active.values()) == 1 + 3

    # Writes that bypass the services: a bulk insert, a backdated or moved seat, a delete.
    past = datetime(2025, 3, 31, 23, 30, tzinfo=UTC)
    with write_session() as s:
        rows = [
            {"license_id": lic_b, "assignee_name": f"Kiosk {i}", "assigned_at": past, "revoked_at": None}
            for i in range(3)
        ]
        rows.append({"license_id": lic_b, "assignee_name": "Old", "assigned_at": past, "revoked_at": past})
        insert_many(s, Assignment.__table__, rows)
    assert assert_tally_true()[0][(lic_b, "2025-03")] == (4, 1)
    with write_session() as s:
        kiosk = s.exec(select(Assignment).where(Assignment.assignee_name == "Kiosk 0")).one()
        kiosk.license_id, kiosk.assigned_at = lic_a, past + timedelta(days=40)
        kiosk.revoked_at = past + timedelta(days=80)
        s.add(kiosk)
    assert_tally_true()
    with write_session() as s:
        s.execute(text("DELETE FROM assignment WHERE assignee_name IN ('Kiosk 1', 'Old')"))
    months, active = assert_tally_true()
    assert months[(lic_b, "2025-03")] == (1, 0) and active[lic_b] == 1


def test_reports_read_the_tally_and_agree_with_the_seats(database):
    lic = make_license(seats_total=10)
    people = make_people(3)
    with write_session() as s:
        ids = [seats.assign(s, ACTOR, lic, person_id=p).id for p in people]
        seats.reclaim(s, ACTOR, ids[0])
    with read_session() as s:
        months, active = _truth(s)
        movements = utilization.fetch_seat_movements(s)
        frame = compliance.fetch_licenses(s)
    assert movements[["assigned", "revoked"]].sum().tolist() == [3, 1]
    assert dict(zip(frame["license_id"], frame["active_assignments"])) == {lic: 2} == active
    # A tally row left at zero by a delete is no month of movements.
    with write_session() as s:
        s.execute(text("DELETE FROM assignment"))
    with read_session() as s:
        assert len(utilization.fetch_seat_movements(s)) == 0
        assert compliance.fetch_licenses(s)["active_assignments"].tolist() == [0]


def _old_database(kind: str, tmp_path):
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'old.db'}", None
    admin_url = os.environ.get("LICENSE_HUB_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    name = f"lh_tally_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return admin_url.rsplit("/", 1)[0] + "/" + name, (admin, name)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_migration_backfills_the_seats_already_there(kind, tmp_path):
    url, pg = _old_database(kind, tmp_path)
    try:
        upgrade(url, "0019")
        old = create_engine(url)
        with old.begin() as conn:
            conn.execute(text("INSERT INTO catalog_entry (id, name, created_at) VALUES (1, 'Figma', '2026-01-01')"))
            conn.execute(
                text("INSERT INTO license (id, catalog_entry_id, name, created_at) VALUES (1, 1, 'A', '2026-01-01')")
            )
            for assigned, revoked in (
                ("2025-12-31 23:59:59+00", None),
                ("2026-01-15 08:00:00+00", "2026-02-01 00:00:00+00"),
                ("2026-02-03 10:00:00+00", None),
            ):
                conn.execute(
                    text("INSERT INTO assignment (license_id, assigned_at, revoked_at) VALUES (1, :a, :r)"),
                    {"a": assigned if kind == "postgresql" else assigned[:19], "r": revoked and revoked[:19]},
                )
        old.dispose()
        upgrade(url)
        with db.engine_for(url).connect() as conn:
            months = set(conn.execute(text("SELECT month, assigned, revoked FROM license_seat_month")))
            active = set(conn.execute(text("SELECT license_id, active_seats FROM license_seat_count")))
            assert months == {("2025-12", 1, 0), ("2026-01", 1, 0), ("2026-02", 1, 1)}
            assert active == {(1, 2)}
            # and the triggers run from then on
            conn.execute(text("UPDATE assignment SET revoked_at = assigned_at WHERE revoked_at IS NULL"))
            assert set(conn.execute(text("SELECT license_id, active_seats FROM license_seat_count"))) == {(1, 0)}
        db.engine_for(url).dispose()
    finally:
        if pg is not None:
            admin, name = pg
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
