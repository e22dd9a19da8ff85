"""Each seat's copy of its holder (search text, status, last sign-in; migration 0022)
equals what the joins say after every kind of write: seats assigned, transferred,
edited by Core statements, bulk-inserted and deleted; people and devices renamed,
offboarded, signing in. On SQLite the full-text table stays consistent with it."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import delete, func, insert, text, update
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, Device, Person
from license_hub.services.directory import people
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import transfer
from license_hub.services.seats.seat_directory import SeatQuery, directory_page
from tests.factories import ACTOR, make_license

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
SEP = "\x1f"


def _expected() -> dict[int, tuple[str, str | None, datetime | None]]:
    """Every seat's copy as the joins give it, lowered by the database's own lower()."""
    fields = (
        func.coalesce(Person.name, Assignment.assignee_name),
        func.coalesce(Person.email, ""),
        func.coalesce(Person.department, ""),
        func.coalesce(Device.name, Assignment.device_name),
        Assignment.assignee_name,
        Assignment.device_name,
    )
    with read_session() as s:
        rows = s.exec(
            select(Assignment.id, *(func.lower(f) for f in fields), Person.status, Person.last_sign_in_at)
            .select_from(Assignment)
            .outerjoin(Person, Person.id == Assignment.person_id)
            .outerjoin(Device, Device.id == Assignment.device_id)
        ).all()
    return {r[0]: (SEP.join(f.replace(SEP, " ") for f in r[1:7]), r[7], r[8]) for r in rows}


def _copies() -> dict[int, tuple[str, str | None, datetime | None]]:
    with read_session() as s:
        rows = s.exec(
            select(Assignment.id, Assignment.search_text, Assignment.holder_status, Assignment.holder_signed_in_at)
        ).all()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def _check(dialect: str) -> None:
    assert _copies() == _expected()
    if dialect != "sqlite":
        return
    with read_session() as s:
        s.exec(text("INSERT INTO assignment_fts(assignment_fts, rank) VALUES ('integrity-check', 1)"))
        for term in ("anna", "laptop", "renamed", "kiosk", "ops", "zzz"):
            matched = text("SELECT rowid FROM assignment_fts WHERE assignment_fts MATCH :t")
            fts = set(s.exec(matched, params={"t": f'"{term}"'}).scalars())
            like = set(s.exec(select(Assignment.id).where(Assignment.search_text.like(f"%{term}%"))).all())
            assert fts == like, term


def test_the_copy_follows_every_write(database, dialect):
    lic = make_license(seats_total=50)
    other = make_license(seats_total=50, product_name="Slack")
    with write_session() as s:
        anna = people.create_person(s, ACTOR, name="Anna Schmidt", email="anna@example.com", department="Sales").id
        ben = people.create_person(s, ACTOR, name="Ben Novak", email=None, department="Ops").id
        laptop = people.create_device(s, ACTOR, name="LAPTOP-001").id
        anna_seat = seats.assign(s, ACTOR, lic, person_id=anna).id
        seats.assign(s, ACTOR, other, person_id=anna, device_id=laptop)
        device_seat = seats.assign(s, ACTOR, lic, device_id=laptop).id
        seats.assign(s, ACTOR, lic, assignee_name="Kiosk", device_name="Front desk")
    _check(dialect)

    with write_session() as s:  # the service's edit, and Core updates the ORM never sees
        people.update_person(s, ACTOR, anna, {"name": "Anna Renamed", "department": "Field Sales"})
        s.exec(update(Person).where(Person.id == ben).values(email="ben@example.com", last_sign_in_at=NOW))
        s.exec(update(Person).where(Person.id == anna).values(status="offboarded"))
        s.exec(update(Device).where(Device.id == laptop).values(name="Laptop-Renamed"))
    _check(dialect)
    with read_session() as s:
        seat = s.get(Assignment, anna_seat)
        assert seat is not None and seat.holder_status == "offboarded"

    with write_session() as s:  # a seat changes hands, in the service and by Core
        transfer.transfer(s, ACTOR, anna_seat, person_id=ben)
        s.exec(update(Assignment).where(Assignment.id == device_seat).values(device_id=None, device_name="Spare"))
        # a direct write to the copies is overwritten by the copy again
        s.exec(update(Assignment).where(Assignment.id == anna_seat).values(search_text="junk", holder_status=None))
        s.exec(update(Assignment).where(Assignment.license_id == other).values(person_id=ben, search_text="junk2"))
    _check(dialect)

    with write_session() as s:  # bulk insert, a holder who was never there, a deletion
        s.exec(insert(Assignment).values(license_id=lic, person_id=ben, assigned_by=ACTOR, revoked_at=NOW))
        s.exec(
            insert(Assignment).values(
                license_id=lic, assignee_name="Ops " + SEP + " bot", search_text="stale", holder_status="active"
            )
        )
        s.exec(delete(Assignment).where(Assignment.id == device_seat))
    _check(dialect)


def test_a_term_never_matches_across_two_fields(database):
    """The text's fields are split by a control character no search term holds, so
    the end of a name and the start of an email are never one match."""
    lic = make_license(seats_total=5)
    with write_session() as s:
        pid = people.create_person(s, ACTOR, name="Cara", email="zed@example.com").id
        seats.assign(s, ACTOR, lic, person_id=pid)
    assert SeatQuery(lic, search=f" cara{SEP}zed\t").checked().search == "carazed"
    with read_session() as s:
        for term in ("cara", "zed@", f"a{SEP}z", "arazed"):
            page, counts = directory_page(s, SeatQuery(lic, search=term, now=NOW))
            assert counts["active"] == (1 if term in ("cara", "zed@") else 0), term


@pytest.mark.parametrize("sort", ["holder", "email", "department", "device", "status", "last_used"])
def test_the_seat_search_sorts_like_the_plain_one(database, dialect, sort, monkeypatch):
    """Sorted by the seat's own copy (the holder) or by a joined column, the search's
    page is in the order the joins give."""
    from license_hub.services.seats import seat_search

    lic = make_license(seats_total=40)
    with write_session() as s:
        for i, (name, dept) in enumerate([("zoe Anders", "b"), ("Adam Annik", "C"), ("mia Ann", "a")] * 3):
            pid = people.create_person(s, ACTOR, name=f"{name} {i}", email=f"u{i}@ann.example", department=dept).id
            dev = people.create_device(s, ACTOR, name=f"PC-{9 - i}").id if i % 2 else None
            seats.assign(s, ACTOR, lic, person_id=pid, device_id=dev)
        seats.assign(s, ACTOR, lic, assignee_name="Anneliese", device_name="Tablet")
    with read_session() as s:
        fast, _ = directory_page(s, SeatQuery(lic, search="ann", sort=sort, now=NOW))
    monkeypatch.setattr(seat_search, "seat_matches", seat_search.search_matches)
    seat_search.searched_template.cache_clear()
    try:
        with read_session() as s:
            plain, _ = directory_page(s, SeatQuery(lic, search="ann", sort=sort, now=NOW))
    finally:
        seat_search.searched_template.cache_clear()
    assert fast.total == plain.total == 10
    assert [r.id for r in fast.rows] == [r.id for r in plain.rows]
