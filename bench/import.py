"""Import benchmark: a 100,000-seat license with 5 assignments, and a 400-license
estate of 20,000 seats (10 holders each, 1,000 people), on SQLite and PostgreSQL.

Baseline, measured in the same run on a fresh database: the same licenses and
seats entered one change at a time through the services the form and the seat
dialog use (one transaction per license and per seat). The import must beat it,
and the 100,000-seat license must import in under 2 s.

    .venv/bin/python bench/import.py
"""

from __future__ import annotations

import csv
import io
import time

from common import fresh_database

from license_hub.db import read_session, write_session
from license_hub.services.catalog import entries as catalog
from license_hub.services.directory import people
from license_hub.services.imports import license_import
from license_hub.services.licenses import lifecycle
from license_hub.services.seats import assignments

HEADER = ["Software", "License name", "Serial number", "Seats total", "Assignee email", "Assignee name"]


def big_license() -> list[list[str]]:
    return [["Office", "Enterprise", "E-1", "100000", f"user{i}@example.com", f"User {i}"] for i in range(5)]


def estate() -> list[list[str]]:
    rows = []
    for lic in range(400):
        for seat in range(10):
            person = (lic * 10 + seat) % 1000
            rows.append(
                [
                    f"Product {lic % 150}",
                    f"License {lic}",
                    f"S-{lic}",
                    "50",
                    f"person{person}@example.com",
                    f"Person {person}",
                ]
            )
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([HEADER] + rows)
    return buf.getvalue().encode()


def run_import(data: bytes) -> float:
    start = time.perf_counter()
    with read_session() as s:
        report = license_import.dry_run(s, data)
    assert report.errors == 0, report.rows[:3]
    with write_session() as s:
        license_import.commit(s, "bench", data)
    return time.perf_counter() - start


def run_again(data: bytes) -> float:
    start = time.perf_counter()
    with read_session() as s:
        report = license_import.dry_run(s, data)
    assert {r.status for r in report.rows} == {license_import.UNCHANGED}
    return time.perf_counter() - start


def run_by_hand(rows: list[list[str]]) -> float:
    """The baseline: every license and seat entered one at a time."""
    start = time.perf_counter()
    entries: dict[str, int] = {}
    licenses: dict[str, int] = {}
    persons: dict[str, int] = {}
    for software, name, serial, seats, email, holder in rows:
        with write_session() as s:
            if software not in entries:
                entries[software] = catalog.create_entry(s, "bench", name=software).id
            if name not in licenses:
                licenses[name] = lifecycle.create(
                    s,
                    "bench",
                    {
                        "catalog_entry_id": entries[software],
                        "name": name,
                        "serial_number": serial,
                        "seats_total": seats,
                    },
                ).id
            if email not in persons:
                persons[email] = people.create_person(s, "bench", name=holder, email=email).id
        with write_session() as s:
            assignments.assign(s, "bench", licenses[name], person_id=persons[email])
    return time.perf_counter() - start


def main() -> None:
    for kind in ("sqlite", "postgresql"):
        for label, rows in (
            ("100,000-seat license, 5 assignments", big_license()),
            ("400 licenses, 20,000 seats, 4,000 assignments", estate()),
        ):
            data = as_csv(rows)
            with fresh_database(kind):
                baseline = run_by_hand(rows)
            with fresh_database(kind):
                took = run_import(data)
                again = run_again(data)
            print(
                f"{kind:10} {label:48} import {took * 1000:8.0f} ms   second dry run {again * 1000:7.0f} ms   "
                f"baseline one-at-a-time {baseline * 1000:8.0f} ms   ratio {baseline / took:5.1f}x"
            )
            if label.startswith("100,000"):
                assert took < 2.0, f"the 100,000-seat license took {took:.2f} s (limit 2 s)"


if __name__ == "__main__":
    main()
