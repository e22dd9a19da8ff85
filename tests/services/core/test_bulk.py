"""insert_many stores exactly what Core's executemany stores, on both databases."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Device, Host, HostSoftware
from license_hub.services.core.bulk import insert_many

SEEN = datetime(2026, 6, 1, 12, 30, 15, 123456, tzinfo=timezone.utc)
OPENED = datetime(2026, 5, 2, 8, 0, tzinfo=timezone.utc)


def _rows(host_id: int, prefix: str) -> list[dict]:
    return [
        {
            "host_id": host_id,
            "source": "programs",
            "name": f"{prefix} {i}",
            "version": "1.0",
            "vendor": "Vendor",
            "bundle_id": "",
            "install_path": "",
            "installed_on": date(2025, 1, 1) if i else None,
            "last_opened_at": OPENED if i else None,
            "usage_state": "known" if i else "never",
            "catalog_entry_id": None,
            "first_seen_at": SEEN,
            "last_seen_at": SEEN,
        }
        for i in range(3)
    ]


def test_same_rows_as_core_executemany(database):
    with write_session() as s:
        device = Device(name="pc", hostname="pc")
        s.add(device)
        s.flush()
        host = Host(hardware_id="hw-1", device_id=device.id)
        s.add(host)
        s.flush()
        s.execute(HostSoftware.__table__.insert(), _rows(host.id, "core"))
        insert_many(s, HostSoftware.__table__, _rows(host.id, "bulk"))
    with read_session() as s:
        rows = s.exec(select(HostSoftware).order_by(HostSoftware.id)).all()
    seen = {r.name: r.model_dump(exclude={"id", "name"}) for r in rows}
    assert len(seen) == 6
    for i in range(3):
        assert seen[f"bulk {i}"] == seen[f"core {i}"]
    assert seen["bulk 1"]["last_opened_at"] == OPENED and seen["bulk 1"]["first_seen_at"] == SEEN
    assert seen["bulk 0"]["last_opened_at"] is None and seen["bulk 1"]["installed_on"] == date(2025, 1, 1)
    with read_session() as s:  # as stored, before any type reads it back: SQLite compares timestamps as text
        raw = {
            name: rest
            for name, *rest in s.connection().exec_driver_sql(
                "SELECT name, first_seen_at, last_seen_at, last_opened_at, installed_on FROM host_software"
            )
        }
    assert all(raw[f"bulk {i}"] == raw[f"core {i}"] for i in range(3))


def test_a_defaulted_column_left_out_is_refused(database):
    with write_session() as s:
        rows = [{k: v for k, v in r.items() if k != "last_seen_at"} for r in _rows(1, "x")]
        with pytest.raises(ValueError, match="last_seen_at"):
            insert_many(s, HostSoftware.__table__, rows)
