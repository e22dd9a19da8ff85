"""The seat search with full-text indexes (SQLite FTS5 trigram, migration 0019)
returns exactly what the plain LIKE search returned, on both databases: short terms
the index cannot answer, wildcards and quotes taken literally, any case, non-ASCII
text, and people and devices added, renamed or deleted after the index was built
(the triggers keep it in step on every write path)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import delete, insert, update
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, Device, Person
from license_hub.services.core.bulk import insert_many
from license_hub.services.directory import people
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import seat_directory
from license_hub.services.seats.seat_directory import SeatQuery, list_seat_holders
from tests.factories import ACTOR, make_license

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
NAMES = [
    ("Anna Schmidt", "anna.schmidt@example.com", "Sales"),
    ("Hanna Berg", "hanna@example.com", "Sales_Team"),
    ("Jöran Öberg", "joran@example.com", "Forschung"),
    ('Liam O\'Brien "Quote"', None, "100% Legal"),
    ("Ben Novak", "ben.novak@example.com", "Engineering"),
    ("Ann", "ann@example.com", ""),
]
TERMS = [
    "anna",
    "ANNA",
    "an",
    "a",
    "nn",
    "öberg",
    "Öberg",
    "ÖBERG",
    "jör",
    "%",
    "100%",
    "_t",
    "sales_team",
    "s_t",
    '"quote"',
    'o"',
    "o'b",
    "laptop",
    "top-0",
    "ctor an",
    "example.com",
    "zzz",
    "renamed",
    "bulk",
    "gone",
    "Kowalski",
]


@pytest.fixture
def lic(database) -> int:
    license_id = make_license(seats_total=100)
    with write_session() as s:
        ids = [people.create_person(s, ACTOR, name=n, email=e, department=d).id for n, e, d in NAMES]
        laptops = [people.create_device(s, ACTOR, name=f"LAPTOP-{i:03d}").id for i in range(3)]
        for pid in ids:
            seats.assign(s, ACTOR, license_id, person_id=pid)
        for dev in laptops:
            seats.assign(s, ACTOR, license_id, device_id=dev)
        seats.assign(s, ACTOR, license_id, assignee_name="Contractor Anna")
        seats.assign(s, ACTOR, license_id, assignee_name="Kiosk", device_name="Front desk top-01")
        # After the index exists: a rename through a Core update, a bulk insert, a deletion.
        s.exec(update(Person).where(Person.id == ids[4]).values(name="Ben Renamed"))
        s.exec(update(Device).where(Device.id == laptops[2]).values(name="Kiosk screen"))
        insert_many(
            s,
            Person.__table__,
            [
                {
                    "name": "Bulk Kowalski",
                    "email": "bulk@example.com",
                    "department": "Ops",
                    "location": "",
                    "status": "active",
                    "created_at": NOW,
                    "username": None,
                    "employee_id": None,
                    "manager_id": None,
                    "last_sign_in_at": None,
                    "archived_at": None,
                }
            ],
        )
        bulk = s.exec(select(Person.id).where(Person.name == "Bulk Kowalski")).one()
        s.exec(insert(Assignment).values(license_id=license_id, person_id=bulk, assigned_by=ACTOR))
        gone = people.create_person(s, ACTOR, name="Gone Person", email="gone@example.com").id
        s.exec(update(Person).where(Person.id == gone).values(name="Gone Person"))
        s.exec(delete(Person).where(Person.id == gone))
    return license_id


def _search(license_id: int, term: str) -> tuple[int, list[int]]:
    with read_session() as s:
        page = list_seat_holders(s, SeatQuery(license_id, search=term, now=NOW), limit=200)
    return page.total, [r.id for r in page.rows]


def test_indexed_search_returns_what_like_returned(lic, monkeypatch):
    indexed = {term: _search(lic, term) for term in TERMS}
    monkeypatch.setattr(seat_directory, "FTS_MIN", 10_000)  # the plain LIKE search, as before 0019
    plain = {term: _search(lic, term) for term in TERMS}
    assert indexed == plain
    # and the cases the index has to get right found something
    for term in ("anna", "Öberg", "100%", "sales_team", '"quote"', "laptop", "renamed", "bulk", "Kowalski"):
        assert indexed[term][0] > 0, term
    assert indexed["gone"] == (0, []) and indexed["zzz"] == (0, [])


def test_sqlite_asks_the_index_only_for_terms_it_can_answer():
    def sql(term: str) -> str:
        return str(seat_directory.search_clause(SeatQuery(1, search=term), "sqlite"))

    assert "person_fts MATCH" in sql("anna") and "device_fts MATCH" in sql("anna")
    assert "MATCH" not in sql("an")
    assert "MATCH" not in str(seat_directory.search_clause(SeatQuery(1, search="anna"), "postgresql"))
    assert seat_directory.fts_phrase('say "hi"') == '"say ""hi"""'
