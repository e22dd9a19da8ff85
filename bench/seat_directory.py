"""Benchmark: "View all users" on a license with 100,000 active seats, on SQLite and
PostgreSQL. (a) the first page of 50 with a search and a sort (page + total count),
against the very same SQL statements replayed raw on the driver as a baseline;
(b) the full CSV export, in rows per second.

    .venv/bin/python bench/seat_directory.py [--seats 100000] [--only sqlite|postgresql]

Targets: page < 50 ms and within 3x of raw; export > 100,000 rows/s; (c) a search,
as the page loads it (rows, total, view chips), under 20 ms, timed in the same run
against the same page searched by its holders (each matching person's and device's
seats looked up, as before migration 0022 copied the holder onto the seat).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta, timezone

from common import fresh_database, timed
from sqlalchemy import event, insert, text

from license_hub.db import engine, read_session, write_session
from license_hub.models import Assignment, CatalogEntry, Device, License, Person
from license_hub.services.core import secrets
from license_hub.services.seats import seat_search
from license_hub.services.seats.seat_directory import SeatQuery, directory_page, list_seat_holders
from license_hub.services.seats.seat_export import stream_csv

NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
FIRST = [
    "Anna",
    "Ben",
    "Chloe",
    "David",
    "Emma",
    "Felix",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Karin",
    "Lukas",
    "Maria",
    "Nils",
    "Olga",
    "Paul",
    "Quinn",
    "Rosa",
    "Sven",
    "Tara",
    "Ulla",
    "Viktor",
    "Wanda",
    "Yusuf",
]
LAST = [
    "Schmidt",
    "Meyer",
    "Novak",
    "Rossi",
    "Garcia",
    "Dubois",
    "Jansen",
    "Silva",
    "Kowalski",
    "Berg",
    "Larsen",
    "Costa",
    "Weber",
    "Fischer",
    "Moreau",
    "Horvat",
    "Nielsen",
    "Lindqvist",
    "Bauer",
    "Ricci",
]
DEPARTMENTS = [
    "Engineering",
    "Sales",
    "Marketing",
    "Finance",
    "Legal",
    "Support",
    "Design",
    "Operations",
    "HR",
    "IT",
    "Research",
    "Procurement",
]

SEARCHES = ("anna", "sales", "schmidt", "user1234", "laptop-0001", "an")
REPEAT = 15

CASES = {
    "search 'anna' + sort holder": dict(search="anna"),
    "search 'sales' + sort last used desc": dict(search="sales", sort="last_used", descending=True),
    "search 'schmidt' + sort status": dict(search="schmidt", sort="status"),
    "no search, sort assigned desc": dict(sort="assigned", descending=True),
    "no search, sort department": dict(sort="department"),
    "inactive view + sort last used": dict(view="inactive", sort="last_used"),
}


def seed(n: int) -> int:
    rng = random.Random(11)
    token = secrets.encrypt("BENCH-SERIAL-KEY-0001")
    with write_session() as s:
        s.exec(
            insert(CatalogEntry),
            params=[{"name": "Microsoft 365", "publisher": "Microsoft"}, {"name": "Slack", "publisher": "Salesforce"}],
        )
        big = s.exec(
            insert(License).returning(License.id),
            params=[{"catalog_entry_id": 1, "name": "M365 E3", "seats_total": n + 1000, "seats_used": n}],
        ).scalar_one()
        other = s.exec(
            insert(License).returning(License.id),
            params=[{"catalog_entry_id": 2, "name": "Slack Business+", "seats_total": n, "seats_used": n // 2}],
        ).scalar_one()
        for start in range(0, n, 20_000):
            s.exec(
                insert(Person),
                params=[
                    {
                        "name": f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]} {i}",
                        "email": f"user{i}@example.com",
                        "department": DEPARTMENTS[i % len(DEPARTMENTS)],
                        "status": "inactive" if i % 97 == 0 else "active",
                        "created_at": NOW,
                        "last_sign_in_at": NOW - timedelta(days=rng.randint(0, 200)) if i % 11 else None,
                    }
                    for i in range(start, min(start + 20_000, n))
                ],
            )
        devices = n // 5
        s.exec(
            insert(Device),
            params=[
                {"name": f"LAPTOP-{i:06d}", "hostname": f"lt{i}.corp", "os": "Windows 11", "created_at": NOW}
                for i in range(devices)
            ],
        )
        for lic, count in ((big, n), (other, n // 2)):
            for start in range(0, count, 20_000):
                s.exec(
                    insert(Assignment),
                    params=[
                        {
                            "license_id": lic,
                            "person_id": i + 1,
                            "device_id": (i % devices) + 1 if i % 5 == 0 else None,
                            "assignee_name": "",
                            "device_name": "",
                            "seat_key_cipher": token if i % 10 == 0 else None,
                            "seat_key_hint": "0001" if i % 10 == 0 else "",
                            "activated_on": date(2025, 1, 1) + timedelta(days=i % 600),
                            "assigned_at": NOW - timedelta(days=rng.randint(0, 700), seconds=i),
                            "assigned_by": "admin@example.com",
                            "revoked_by": "",
                            "notes": "",
                            "last_used_at": NOW - timedelta(days=rng.randint(0, 300)) if i % 3 else None,
                        }
                        for i in range(start, min(start + 20_000, count))
                    ],
                )
    return big


def settle() -> None:
    """Statistics and (PostgreSQL) the visibility map, as autovacuum would leave them."""
    with engine().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE" if engine().dialect.name == "sqlite" else "VACUUM ANALYZE"))


def capture(fn) -> list[tuple[str, object]]:
    """The exact statements and parameters the service sends to the driver."""
    sent: list[tuple[str, object]] = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    event.listen(engine(), "before_cursor_execute", listener)
    try:
        fn()
    finally:
        event.remove(engine(), "before_cursor_execute", listener)
    return sent


def replay_raw(statements: list[tuple[str, object]]):
    """Run the captured SQL on a bare driver cursor and fetch everything: the floor."""

    def run():
        raw = engine().raw_connection()
        try:
            cur = raw.cursor()
            for sql, params in statements:
                cur.execute(sql, params)
                cur.fetchall()
            cur.close()
            raw.rollback()
        finally:
            raw.close()

    return run


def run(kind: str, n: int) -> None:
    with fresh_database(kind):
        t0 = time.perf_counter()
        lic = seed(n)
        settle()
        print(f"\n{kind}: {n:,} seats on one license (+{n // 2:,} on another), set-up {time.perf_counter() - t0:.1f} s")
        for label, kw in CASES.items():
            query = SeatQuery(lic, now=NOW, **kw)

            def page(query=query):
                with read_session() as s:
                    return list_seat_holders(s, query, limit=50)

            result = page()
            statements = [st for st in capture(page) if st[0].lstrip().upper().startswith(("SELECT", "WITH"))]
            app, raw = timed(page, repeat=15), timed(replay_raw(statements), repeat=15)
            print(
                f"  (a) {label:38s} total {result.total:>7,} | page {app['median_ms']:6.1f} ms "
                f"(p95 {app['p95_ms']:6.1f}) | raw SQL {raw['median_ms']:6.1f} ms | "
                f"ratio {app['median_ms'] / raw['median_ms']:.2f}x"
            )
        # (c) a search as the page loads it (the rows, the total and the three view chips),
        # against the same page searched by its holders, in this run: the matching people
        # and devices found by their own indexes, then each one's seats looked up (what
        # the page did before migration 0022 copied the holder onto the seat).
        for term in SEARCHES:

            def search(term=term):
                with read_session() as s:
                    return directory_page(s, SeatQuery(lic, now=NOW, search=term), limit=50)

            (fast, fast_counts) = search()
            by_seat = seat_search.seat_matches
            seat_search.seat_matches = seat_search.search_matches
            seat_search.searched_template.cache_clear()
            try:
                (plain, plain_counts) = search()
                before = timed(search, repeat=REPEAT)
            finally:
                seat_search.seat_matches = by_seat
                seat_search.searched_template.cache_clear()
            assert [r.id for r in plain.rows] == [r.id for r in fast.rows], term
            assert (plain.total, plain_counts) == (fast.total, fast_counts), term
            now = timed(search, repeat=REPEAT)
            print(
                f"  (c) search {term!r:13s} total {fast.total:>6,} | by holders {before['median_ms']:6.1f} ms"
                f" | page {now['median_ms']:6.1f} ms (p95 {now['p95_ms']:6.1f})"
                f" | {before['median_ms'] / now['median_ms']:.1f}x"
            )
        best = None
        for _ in range(3):
            start = time.perf_counter()
            rows = sum(chunk.count("\r\n") for chunk in stream_csv(SeatQuery(lic, now=NOW))) - 1
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        print(f"  (b) CSV export, all {rows:,} active seats: {best * 1000:.0f} ms = {rows / best:,.0f} rows/s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seats", type=int, default=100_000)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    for kind in [args.only] if args.only else ["sqlite", "postgresql"]:
        run(kind, args.seats)
