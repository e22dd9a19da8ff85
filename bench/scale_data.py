"""The large workspace the page timings run on: 10,000 licenses and 1,000,000
assignments (one license holds 100,000 of them), in a SQLite file cached under the
temp dir and keyed by a version, so a second run starts in seconds.

    .venv/bin/python bench/scale_data.py          # builds it (or says where it is)
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import common  # noqa: F401  (sets up sys.path and the bench secret)
from sqlalchemy import insert, text

from license_hub import db, settings
from license_hub.migrate import upgrade

VERSION = "5"  # bump when the generator or the schema it needs changes
LICENSES = 10_000
ASSIGNMENTS = 1_000_000
BIG_SEATS = 100_000  # the license whose "View all users" page is timed
PEOPLE = 120_000
DEVICES = 20_000
PRODUCTS = 400
NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
TODAY = NOW.date()
STATUSES = ["active"] * 6 + ["pending_renewal", "trial", "expired", "cancelled"]
CYCLES = ["annual", "annual", "monthly", "quarterly", "one_time"]
CURRENCIES = ["EUR", "EUR", "EUR", "USD", "GBP"]
FIRST = ["Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Karin", "Lukas"]
LAST = ["Schmidt", "Meyer", "Novak", "Rossi", "Garcia", "Dubois", "Jansen", "Silva", "Kowalski", "Berg"]
DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "Legal", "Support", "Design", "Operations"]


def cached_path() -> Path:
    return Path(tempfile.gettempdir()) / f"license-hub-bench-scale-v{VERSION}" / "license_hub.db"


def _person_rows(start: int, stop: int, rng: random.Random) -> list[dict]:
    return [
        {
            "name": f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}",
            "email": f"user{i}@example.com",
            "department": DEPARTMENTS[i % len(DEPARTMENTS)],
            "status": "inactive" if i % 97 == 0 else "active",
            "created_at": NOW,
            "last_sign_in_at": NOW - timedelta(days=rng.randint(0, 200)) if i % 11 else None,
        }
        for i in range(start, stop)
    ]


def _seat_counts(rng: random.Random) -> list[int]:
    """Seats per license: the big one, then the rest spread unevenly to the total."""
    rest = ASSIGNMENTS - BIG_SEATS
    weights = [rng.choice([1, 2, 5, 10, 30, 80, 200]) for _ in range(LICENSES - 1)]
    scale = rest / sum(weights)
    counts = [max(1, int(w * scale)) for w in weights]
    counts[-1] += rest - sum(counts)
    return [BIG_SEATS, *counts]


def build(path: Path) -> None:
    from license_hub.models import Assignment, CatalogEntry, Device, License, Person
    from license_hub.services.core.bulk import insert_many

    rng = random.Random(19)
    url = f"sqlite:///{path}"
    upgrade(url)
    eng = db.engine_for(url)
    counts = _seat_counts(rng)
    from sqlmodel import Session

    with Session(eng) as s:
        s.execute(
            insert(CatalogEntry),
            [
                {"name": f"Product {i:03d}", "publisher": f"Publisher {i % 37}", "category": f"Category {i % 9}"}
                for i in range(PRODUCTS)
            ],
        )
        for start in range(0, PEOPLE, 20_000):
            s.execute(insert(Person), _person_rows(start, min(start + 20_000, PEOPLE), rng))
        s.execute(
            insert(Device),
            [
                {"name": f"LAPTOP-{i:06d}", "hostname": f"lt{i}.corp", "os": "Windows 11", "created_at": NOW}
                for i in range(DEVICES)
            ],
        )
        licenses = []
        for i, seats in enumerate(counts):
            spare = rng.choice([0, 0, 1, 2, 5, 20]) if i else 1000
            licenses.append(
                {
                    "catalog_entry_id": 1 + (i % PRODUCTS),
                    "name": "Microsoft 365 E3" if i == 0 else f"Agreement {i:05d}",
                    "status": "active" if i == 0 else rng.choice(STATUSES),
                    "seat_type": "user",
                    "seats_total": seats + spare,
                    "seats_used": seats,
                    "capacity_threshold_pct": 90,
                    "renewal_date": TODAY + timedelta(days=rng.randint(-30, 400)),
                    "expiry_date": TODAY + timedelta(days=rng.randint(-200, 900)) if i % 3 else None,
                    "currency": rng.choice(CURRENCIES),
                    "cost_per_seat": Decimal(rng.randint(5, 900)),
                    "billing_cycle": rng.choice(CYCLES),
                    "vendor": f"Reseller {i % 13}" if i % 4 else "",
                }
            )
        s.execute(insert(License), licenses)
        s.commit()
        table = Assignment.__table__
        batch: list[dict] = []
        person = 0
        for lic, seats in enumerate(counts, start=1):
            for k in range(seats):
                person = (person + 1) % PEOPLE
                batch.append(
                    {
                        "license_id": lic,
                        "person_id": person + 1,
                        "device_id": (k % DEVICES) + 1 if k % 5 == 0 else None,
                        "assignee_name": "",
                        "device_name": "",
                        "seat_key_cipher": None,
                        "seat_key_hint": "",
                        "activated_on": date(2025, 1, 1) + timedelta(days=k % 600),
                        "assigned_at": NOW - timedelta(days=(k * 7 + lic) % 700),
                        "assigned_by": "admin@example.com",
                        "last_used_at": NOW - timedelta(days=(k * 13 + lic) % 300) if k % 3 else None,
                        "revoked_at": None,
                        "revoked_by": "",
                        "notes": "",
                    }
                )
                if len(batch) == 50_000:
                    insert_many(s, table, batch)
                    batch = []
        insert_many(s, table, batch)
        s.commit()
    with eng.connect() as conn:
        conn.execute(text("ANALYZE"))
    eng.dispose()
    db.engine_for.cache_clear()


def ensure() -> Path:
    """The cached database, built first when missing (a few minutes)."""
    path = cached_path()
    if path.is_file():
        return path
    tmp = path.parent.with_name(path.parent.name + "-building")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    started = time.monotonic()
    build(tmp / path.name)
    shutil.rmtree(path.parent, ignore_errors=True)
    tmp.rename(path.parent)
    print(f"built {path} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return path


def use(path: Path) -> str:
    """Point the app's settings at the database (a copy is not needed: the timings only read)."""
    import os

    url = f"sqlite:///{path}"
    os.environ["REFLEX_DB_URL"] = url
    settings.reload()
    return url


if __name__ == "__main__":
    print(ensure())
