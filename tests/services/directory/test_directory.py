"""People and devices directories: search, filters, every sort, seat counts, paging,
and the profiles that list every active seat across licenses."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from license_hub.db import read_session, write_session
from license_hub.models import Device, Person
from license_hub.models.types import utcnow
from license_hub.services.core.errors import NotFound, ValidationError
from license_hub.services.directory import listing as directory
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_product

PEOPLE = [  # name, email, department, location, status, last sign-in day
    ("Ada Boss", "ada@example.com", "Engineering", "Berlin", "active", 5),
    ("Ben Coder", "ben@example.com", "Engineering", "Lisbon", "active", 9),
    ("Cleo Sales", "cleo@example.com", "Sales", "Berlin", "inactive", 1),
    ("Dan Left", "dan@example.com", "Sales", "Paris", "offboarded", None),
    ("Eve Design", None, "Design", "Lisbon", "active", 20),
]


@pytest.fixture
def world(database):
    figma, office = make_product("Figma"), make_product("Office")
    lic_a = make_license(figma, seats_total=10, name="Figma Org")
    lic_b = make_license(office, seats_total=10, name="M365 E3")
    with write_session() as s:
        ids = {}
        for name, email, dept, loc, status, day in PEOPLE:
            p = Person(
                name=name,
                email=email,
                department=dept,
                location=loc,
                status=status,
                last_sign_in_at=datetime(2026, 1, day, tzinfo=timezone.utc) if day else None,
            )
            s.add(p)
            s.flush()
            ids[name.split()[0].lower()] = p.id
        for key in ("ben", "cleo"):
            s.get(Person, ids[key]).manager_id = ids["ada"]
        laptop = Device(name="Ben's laptop", hostname="ben-mbp.corp", os="macOS 15", owner_id=ids["ben"])
        server = Device(name="Build server", hostname="build01.corp", os="Ubuntu 24.04")
        old = Device(name="Old PC", hostname="old.corp", os="Windows 7", archived_at=utcnow())
        s.add_all([laptop, server, old])
        s.flush()
        ids.update(laptop=laptop.id, server=server.id, old=old.id)
    with write_session() as s:
        seats.assign(
            s, ACTOR, lic_a, person_id=ids["ben"], seat_key="SERIAL-1234-5678-ABCD", activated_on=date(2026, 2, 1)
        )
        seats.assign(s, ACTOR, lic_b, person_id=ids["ben"], device_id=ids["laptop"])
        seats.assign(s, ACTOR, lic_a, person_id=ids["ada"])
        gone = seats.assign(s, ACTOR, lic_b, person_id=ids["ada"]).id
        seats.assign(s, ACTOR, lic_a, device_id=ids["server"], device_name="")
    with write_session() as s:
        seats.reclaim(s, ACTOR, gone)
    return {**ids, "lic_a": lic_a, "lic_b": lic_b}


def people(**kw):
    with read_session() as s:
        return directory.list_people(s, **kw)


def devices(**kw):
    with read_session() as s:
        return directory.list_devices(s, **kw)


def test_people_list_with_manager_and_active_seat_counts(world):
    rows, total = people()
    assert total == 5 and [r.name for r in rows] == [p[0] for p in PEOPLE]
    by_name = {r.name: r for r in rows}
    assert by_name["Ben Coder"].active_seats == 2 and by_name["Ada Boss"].active_seats == 1  # reclaimed not counted
    assert by_name["Ben Coder"].manager == "Ada Boss" and by_name["Ada Boss"].manager == ""
    assert by_name["Eve Design"].email == ""


@pytest.mark.parametrize(
    "kw, expected",
    [
        ({"search": "BERLIN"}, {"Ada Boss", "Cleo Sales"}),
        ({"search": "ben@"}, {"Ben Coder"}),
        ({"search": "design"}, {"Eve Design"}),
        ({"search": "100%"}, set()),
        ({"status": "offboarded"}, {"Dan Left"}),
        ({"department": "sales"}, {"Cleo Sales", "Dan Left"}),
        ({"department": "Sales", "status": "inactive"}, {"Cleo Sales"}),
    ],
)
def test_people_filters(world, kw, expected):
    rows, total = people(**kw)
    assert {r.name for r in rows} == expected and total == len(expected)


PEOPLE_KEYS = {
    "name": lambda r: r.name.lower(),
    "email": lambda r: r.email.lower() or None,
    "department": lambda r: r.department.lower(),
    "location": lambda r: r.location.lower(),
    "manager": lambda r: r.manager.lower() or None,
    "status": lambda r: r.status,
    "last_sign_in": lambda r: r.last_sign_in_at,
    "seats": lambda r: r.active_seats,
}


@pytest.mark.parametrize("sort", sorted(PEOPLE_KEYS))
@pytest.mark.parametrize("descending", [False, True])
def test_people_every_sort(world, sort, descending):
    rows, _ = people(sort=sort, descending=descending)
    keys = [PEOPLE_KEYS[sort](r) for r in rows]
    present = [k for k in keys if k is not None]
    assert present == sorted(present, reverse=descending)
    assert keys[len(present) :] == [None] * (len(keys) - len(present))  # blanks last


def test_people_paging_and_bad_input(world):
    first, total = people(limit=2)
    second, _ = people(limit=2, offset=2)
    assert total == 5 and [r.name for r in first + second] == [p[0] for p in PEOPLE[:4]]
    assert [r.name for r in people(sort="name); DROP TABLE person; --")[0]][0] == "Ada Boss"
    with pytest.raises(ValidationError):
        people(status="fired")


def test_devices_list(world):
    rows, total = devices()
    assert total == 2 and [r.name for r in rows] == ["Ben's laptop", "Build server"]
    by_name = {r.name: r for r in rows}
    assert by_name["Ben's laptop"].owner == "Ben Coder" and by_name["Ben's laptop"].active_seats == 1
    assert by_name["Build server"].active_seats == 1 and by_name["Build server"].os == "Ubuntu 24.04"
    assert [r.name for r in devices(archived=True)[0]] == ["Old PC"]
    for term, expected in (("mbp", "Ben's laptop"), ("ubuntu", "Build server"), ("coder", "Ben's laptop")):
        assert [r.name for r in devices(search=term)[0]] == [expected]


@pytest.mark.parametrize("sort", ["name", "hostname", "owner", "os", "seats"])
def test_devices_every_sort(world, sort):
    asc = [r.id for r in devices(sort=sort)[0]]
    desc = [r.id for r in devices(sort=sort, descending=True)[0]]
    assert sorted(asc) == sorted(desc) and len(asc) == 2
    if sort in ("name", "hostname", "os"):
        assert asc == list(reversed(desc))


def test_person_profile_lists_active_seats_across_licenses(world):
    with read_session() as s:
        profile = directory.person_profile(s, world["ben"])
        ada = directory.person_profile(s, world["ada"])
    assert (profile.name, profile.manager, profile.department) == ("Ben Coder", "Ada Boss", "Engineering")
    assert [(x.software, x.license_name) for x in profile.seats] == [("Figma", "Figma Org"), ("Office", "M365 E3")]
    figma = profile.seats[0]
    assert figma.license_id == world["lic_a"] and figma.activated_on == date(2026, 2, 1)
    assert figma.seat_key_masked == "••••-••••-ABCD" and "1234" not in repr(profile)
    assert profile.seats[1].device == "Ben's laptop"
    assert [x.software for x in ada.seats] == ["Figma"]  # the reclaimed Office seat is history
    with read_session() as s, pytest.raises(NotFound):
        directory.person_profile(s, 424242)


def test_device_profile(world):
    with read_session() as s:
        laptop = directory.device_profile(s, world["laptop"])
        server = directory.device_profile(s, world["server"])
        with pytest.raises(NotFound):
            directory.device_profile(s, 424242)
    assert (laptop.hostname, laptop.owner) == ("ben-mbp.corp", "Ben Coder")
    assert [x.software for x in laptop.seats] == ["Office"]
    assert [x.license_id for x in server.seats] == [world["lic_a"]] and server.owner == ""
