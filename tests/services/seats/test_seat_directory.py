""" "View all users": search, every sort, the inactive filter with its three signals,
reclaimed history, paging and masked keys."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, Device, License, Person
from license_hub.services.core import secrets
from license_hub.services.core.errors import ValidationError
from license_hub.services.seats.seat_directory import SORTS, SeatQuery, list_seat_holders, view_counts
from tests.factories import make_license

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
KEY = "SERIAL-ABCD-EFGH-7788"


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


# name, email, department, person status, last sign-in (days ago), last used (days ago), assigned (days ago)
PEOPLE = [
    ("Alice Active", "alice@example.com", "Engineering", "active", 3, 10, 300),
    ("Bob Dormant", "bob@example.com", "Engineering", "active", 2, 200, 400),
    ("Carol Login", "carol@example.com", "Sales", "active", 5, None, 300),
    ("Dave Stale", "dave@example.com", "Sales", "active", 120, None, 300),
    ("Erin Inactive", "erin@example.com", "Finance", "inactive", 1, 1, 300),
    ("Frank Gone", "frank@example.com", "Finance", "offboarded", 1, None, 300),
    ("Gina Never", "gina@example.com", "Design", "active", None, None, 100),
    ("Hank Past", "hank@example.com", "Design", "active", 1, None, 50),
    ("Ivan 100%_Device", "ivan@example.com", "IT", "active", 1, 20, 30),
    ("Jill Newcomer", "jill@example.com", "IT", "active", 200, None, 10),
]
EXPECTED = {  # holder -> (status, signal) in the default 90-day window
    "Alice Active": ("Active", "Real usage"),
    "Bob Dormant": ("Dormant", "Real usage"),
    "Carol Login": ("Active", "Login proxy"),
    "Dave Stale": ("Dormant", "Login proxy"),
    "Erin Inactive": ("Inactive user", "User status"),
    "Frank Gone": ("Contact terminated", "User status"),
    "Gina Never": ("Dormant", "Login proxy"),
    "Ivan 100%_Device": ("Active", "Real usage"),
    "Jill Newcomer": ("Active", "Login proxy"),  # idle 200 days, but the seat is 10 days old
    "Contractor Kim": ("Active", "No signal"),  # free text, no usage reported: never dormant
}


@pytest.fixture
def lic(database) -> int:
    license_id = make_license(seats_total=50)
    with write_session() as s:
        pids = []
        for name, email, dept, status, signin, _, _ in PEOPLE:
            person = Person(
                name=name,
                email=email,
                department=dept,
                status=status,
                last_sign_in_at=ago(signin) if signin is not None else None,
            )
            s.add(person)
            s.flush()
            pids.append(person.id)
        device = Device(name="MacBook-42", hostname="mb42.corp")
        s.add(device)
        s.flush()
        rows = []
        for i, (name, *_rest) in enumerate(PEOPLE):
            used, assigned = PEOPLE[i][5], PEOPLE[i][6]
            rows.append(
                {
                    "license_id": license_id,
                    "person_id": pids[i],
                    "assignee_name": "",
                    "device_name": "",
                    "device_id": device.id if name.startswith("Ivan") else None,
                    "seat_key_cipher": secrets.encrypt(KEY) if name.startswith("Alice") else None,
                    "seat_key_hint": secrets.hint(KEY) if name.startswith("Alice") else "",
                    "activated_on": date(2025, 1, 1) + timedelta(days=i),
                    "assigned_at": ago(assigned),
                    "assigned_by": "admin",
                    "last_used_at": ago(used) if used is not None else None,
                    "revoked_at": ago(5) if name.startswith("Hank") else None,
                    "revoked_by": "reclaimer" if name.startswith("Hank") else "",
                    "notes": "",
                }
            )
        rows.append(
            {
                "license_id": license_id,
                "person_id": None,
                "device_id": None,
                "assignee_name": "Contractor Kim",
                "device_name": "LAB-PC-07",
                "seat_key_cipher": None,
                "seat_key_hint": "",
                "activated_on": date(2026, 5, 20),
                "assigned_at": ago(10),
                "assigned_by": "admin",
                "last_used_at": None,
                "revoked_at": None,
                "revoked_by": "",
                "notes": "",
            }
        )
        s.exec(insert(Assignment), params=rows)
        s.get(License, license_id).seats_used = len(rows) - 1
    return license_id


def page(lic: int, **kw):
    offset, limit = kw.pop("offset", 0), kw.pop("limit", 50)
    with read_session() as s:
        return list_seat_holders(s, SeatQuery(lic, now=NOW, **kw), offset=offset, limit=limit)


def test_every_active_seat_is_judged_by_its_best_signal(lic):
    result = page(lic)
    assert result.total == 10 == len(result.rows)
    assert {r.holder: (r.status, r.signal) for r in result.rows} == EXPECTED
    by_name = {r.holder: r for r in result.rows}
    assert by_name["Frank Gone"].contact_terminated and by_name["Frank Gone"].inactive
    assert by_name["Bob Dormant"].last_seen == ago(200)
    assert by_name["Dave Stale"].last_seen == ago(120)
    assert by_name["Ivan 100%_Device"].device == "MacBook-42"
    assert by_name["Contractor Kim"].device == "LAB-PC-07"


def test_inactive_view_shows_holder_status_and_dormant_seats_only(lic):
    result = page(lic, view="inactive")
    assert {r.holder for r in result.rows} == {"Bob Dormant", "Dave Stale", "Erin Inactive", "Frank Gone", "Gina Never"}
    assert result.total == 5 and all(r.inactive for r in result.rows)
    narrow = page(lic, view="inactive", dormant_days=4)  # a shorter window catches more
    assert {"Alice Active", "Carol Login"} <= {r.holder for r in narrow.rows}
    assert "Ivan 100%_Device" in {r.holder for r in narrow.rows}
    assert "Contractor Kim" not in {r.holder for r in narrow.rows}
    assert "Jill Newcomer" in {r.holder for r in page(lic, view="inactive", dormant_days=9).rows}


def test_reclaimed_view_is_history(lic):
    result = page(lic, view="reclaimed")
    assert [(r.holder, r.status, r.revoked_by) for r in result.rows] == [("Hank Past", "Reclaimed", "reclaimer")]
    with read_session() as s:
        assert view_counts(s, SeatQuery(lic, now=NOW)) == {"active": 10, "inactive": 5, "reclaimed": 1}
        assert view_counts(s, SeatQuery(lic, search="sales", now=NOW)) == {"active": 2, "inactive": 1, "reclaimed": 0}


@pytest.mark.parametrize(
    "term, expected",
    [
        ("ALICE", {"Alice Active"}),  # name, any case
        ("carol@example", {"Carol Login"}),  # email
        ("finance", {"Erin Inactive", "Frank Gone"}),  # department
        ("macbook", {"Ivan 100%_Device"}),  # device
        ("lab-pc", {"Contractor Kim"}),  # free-text device
        ("100%_", {"Ivan 100%_Device"}),  # wildcards are literal
        ("%", {"Ivan 100%_Device"}),  # a literal percent sign
        ("a_i", set()),  # "_" is not a wildcard
        ("nobody here", set()),
    ],
)
def test_search(lic, term, expected):
    result = page(lic, search=term)
    assert {r.holder for r in result.rows} == expected and result.total == len(expected)


SORT_KEYS = {
    "holder": lambda r: r.holder.lower(),
    "email": lambda r: r.email.lower(),
    "department": lambda r: r.department.lower(),
    "device": lambda r: r.device.lower(),
    "activated": lambda r: r.activated_on,
    "assigned": lambda r: r.assigned_at,
    "last_used": lambda r: r.last_used_at,
    "status": lambda r: ["Contact terminated", "Inactive user", "Dormant", "Active", "Reclaimed"].index(r.status),
}


@pytest.mark.parametrize("sort", sorted(SORT_KEYS))
@pytest.mark.parametrize("descending", [False, True])
def test_every_column_sorts_in_sql(lic, sort, descending):
    rows = page(lic, sort=sort, descending=descending).rows
    key = SORT_KEYS[sort]
    present = [key(r) for r in rows if key(r) is not None]
    assert present == sorted(present, reverse=descending)
    if sort == "last_used":  # seats never used come last either way
        assert all(r.last_used_at is None for r in rows[len(present) :])


def test_sort_whitelist_covers_the_columns_and_ignores_anything_else(lic):
    assert set(SORT_KEYS) <= set(SORTS)
    injected = page(lic, sort="name; DROP TABLE person")
    assert [r.holder for r in injected.rows] == sorted(EXPECTED, key=str.lower)
    with read_session() as s:
        assert s.get(Person, 1) is not None


def test_paging_with_total(lic):
    first, second = page(lic, limit=4), page(lic, limit=4, offset=4)
    last = page(lic, limit=4, offset=8)
    assert first.total == second.total == last.total == 10
    holders = [r.holder for r in first.rows + second.rows + last.rows]
    assert holders == sorted(EXPECTED, key=str.lower)
    assert page(lic, limit=10_000).limit == 200 and page(lic, offset=-5).offset == 0


def test_keys_are_masked_only(lic):
    rows = page(lic).rows
    assert {r.holder: r.seat_key_masked for r in rows}["Alice Active"] == "••••-••••-7788"
    assert all(KEY not in repr(r) and "ABCD" not in repr(r) for r in rows)
    with pytest.raises(dataclasses.FrozenInstanceError):
        rows[0].holder = "changed"  # frozen


def test_bad_view_or_window_is_refused(lic):
    with pytest.raises(ValidationError):
        page(lic, view="everything")
    for days in (0, -1, 99_999):
        with pytest.raises(ValidationError):
            page(lic, dormant_days=days)
