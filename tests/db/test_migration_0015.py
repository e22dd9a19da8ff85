"""Migration 0015 upgrades a database that already holds what the new rules forbid:
licenses typed Perpetual without the flag (with expiry reminders), and active
licenses of one product sharing a name. Nothing is lost; every rename is audited."""

from __future__ import annotations

import json
import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from license_hub import db
from license_hub.migrate import upgrade
from license_hub.services.audit import audit_log
from tests.conftest import PG_ADMIN_URL, _pg_url

ROWS = [
    # id, entry, name, type, perpetual, archived
    (1, 1, "Sales", "Perpetual", False, False),
    (2, 1, "sales", "Subscription", False, False),
    (3, 1, "Sales (2)", "Subscription", False, False),
    (4, 1, "SALES", "Subscription", False, False),
    (5, 1, "Sales", "Subscription", False, True),  # archived: keeps its name
    (6, 2, "Sales", "Subscription", False, False),  # another product
    (7, 1, "", "Subscription", False, False),
    (8, 1, "", "Subscription", False, False),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def old_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    name = f"lh_mig_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield _pg_url(name)
    db.engine_for.cache_clear()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_0015_reconciles_perpetual_and_renames_duplicates(old_database):
    url = old_database
    upgrade(url, "0014")
    old = create_engine(url)
    with old.begin() as conn:
        for entry, product in ((1, "Microsoft 365"), (2, "Slack")):
            conn.execute(
                text(
                    "INSERT INTO catalog_entry (id, name, publisher, category, deployment_model, description, "
                    "website, security_rationale, created_at) VALUES (:id, :name, '', '', 'Cloud', '', '', '', "
                    "'2026-01-01 00:00:00')"
                ),
                {"id": entry, "name": product},
            )
        for lid, entry, name, kind, perpetual, archived in ROWS:
            conn.execute(
                text(
                    "INSERT INTO license (id, catalog_entry_id, name, license_type, perpetual, seats_total, "
                    "seats_used, expiry_date, created_at, archived_at) VALUES (:id, :entry, :name, :kind, "
                    ":perpetual, 5, 0, '2027-01-01', '2026-01-01 00:00:00', :archived)"
                ),
                {
                    "id": lid,
                    "entry": entry,
                    "name": name,
                    "kind": kind,
                    "perpetual": perpetual,
                    "archived": "2026-02-01 00:00:00" if archived else None,
                },
            )
        conn.execute(
            text(
                "INSERT INTO reminder (license_id, kind, due_on, created_at) VALUES "
                "(1, 'expiry', '2027-01-01', '2026-01-01 00:00:00'), "
                "(1, 'renewal_notice', '2026-12-02', '2026-01-01 00:00:00'), "
                "(2, 'expiry', '2027-01-01', '2026-01-01 00:00:00')"
            )
        )
    old.dispose()
    upgrade(url)
    new = create_engine(url)
    with new.connect() as conn:
        names = dict(conn.execute(text("SELECT id, name FROM license ORDER BY id")).all())
        assert names == {
            1: "Sales",
            2: "sales (3)",
            3: "Sales (2)",
            4: "SALES (4)",
            5: "Sales",
            6: "Sales",
            7: "",
            8: "",
        }
        assert conn.execute(text("SELECT perpetual FROM license WHERE id = 1")).scalar_one() in (True, 1)
        live = conn.execute(text("SELECT license_id, kind FROM reminder WHERE cleared_at IS NULL")).all()
        assert sorted(tuple(r) for r in live) == [(2, "expiry")]
        events = conn.execute(text("SELECT object_id, actor, action, diff FROM audit_event ORDER BY seq")).all()
        assert [(e[0], e[2], json.loads(e[3])["name"]) for e in events] == [
            (2, "rename", ["sales", "sales (3)"]),
            (4, "rename", ["SALES", "SALES (4)"]),
        ]
        assert conn.execute(text("SELECT COUNT(*) FROM license")).scalar_one() == len(ROWS)
    new.dispose()
    from sqlmodel import Session

    with Session(db.engine_for(url)) as session:
        assert audit_log.verify(session).ok
