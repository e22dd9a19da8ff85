"""Every form and import that takes money, counts, dates or text refuses what its
columns cannot hold on SQLite and PostgreSQL alike: out-of-range, NaN/Infinity,
NUL bytes, non-ASCII digits, dates before 1900 or after 2200. Each gets a message
for its field (or row), never a 500 and never a saved value."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, CatalogEntry, Device, License, Person
from license_hub.services.catalog import entries
from license_hub.services.core.errors import ValidationError
from license_hub.services.directory import devices, directory_import, people
from license_hub.services.imports import license_import as li
from license_hub.services.seats import assignments, bulk_seats
from tests.factories import ACTOR, make_license, make_people

NUL = "bad\x00value"
BAD_DATES = ["1899-12-31", "2201-01-01", "٢٠٢٦-٠١-٠١", "２０２６-01-01", "NaN", "Infinity"]


def _count(model) -> int:
    with read_session() as s:
        return s.exec(select(func.count()).select_from(model)).one()


@pytest.mark.parametrize(
    "kwargs",
    [{"assignee_name": NUL}, {"device_name": NUL}, {"assignee_name": "Ann", "seat_key": NUL}]
    + [{"assignee_name": "Ann", "activated_on": d} for d in BAD_DATES],
)
def test_seat_assign_form(database, kwargs):
    lic = make_license(seats_total=5)
    with pytest.raises(ValidationError) as err, write_session() as s:
        assignments.assign(s, ACTOR, lic, **kwargs)
    assert set(err.value.errors) <= {"assignee", "activated_on"} and all(err.value.errors.values())
    assert _count(Assignment) == 0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"department": NUL},
        {"person_ids": [float("inf")]},
        {"person_ids": [float("nan")]},
        {"person_ids": [2**40]},
        {"person_ids": ["١٢"]},
        {"person_ids": [1.5]},
        {"person_ids": [True]},
        {"person_ids": ["1\x00"]},
    ],
)
def test_seat_bulk_form(database, kwargs):
    lic = make_license(seats_total=5)
    make_people(2)
    with pytest.raises(ValidationError) as err, write_session() as s:
        bulk_seats.bulk_assign(s, ACTOR, lic, **kwargs)
    assert set(err.value.errors) <= {"people", "department"} and all(err.value.errors.values())
    assert _count(Assignment) == 0


@pytest.mark.parametrize("field", ["name", "publisher", "category", "description", "website"])
def test_catalog_entry_form(database, field):
    values = {"name": "Figma", field: NUL}
    with pytest.raises(ValidationError) as err, write_session() as s:
        entries.create_entry(s, ACTOR, **values)
    assert field in err.value.errors
    assert _count(CatalogEntry) == 0


@pytest.mark.parametrize("field", ["name", "email", "department", "location", "username", "employee_id"])
def test_people_form(database, field):
    values = {"name": "Ann", field: NUL}
    with pytest.raises(ValidationError) as err, write_session() as s:
        people.create_person(s, ACTOR, **values)
    assert field in err.value.errors
    assert _count(Person) == 0


@pytest.mark.parametrize("field", ["name", "hostname", "os", "serial", "location"])
def test_device_form(database, field):
    data = {"name": "Laptop", field: NUL}
    with pytest.raises(ValidationError) as err, write_session() as s:
        devices.add_device(s, ACTOR, data)
    assert field in err.value.errors
    assert _count(Device) == 0


IMPORT_HEADER = ["Item Name", "Seats", "Purchase Cost", "Expiration Date", "Full Name"]
IMPORT_BAD = [
    ("Seats", "99999999999"),
    ("Seats", "١٢"),
    ("Seats", "NaN"),
    ("Purchase Cost", "NaN"),
    ("Purchase Cost", "Infinity"),
    ("Purchase Cost", "1e400"),
    ("Purchase Cost", "99999999999999.00"),
    ("Purchase Cost", "١٢٣"),
    ("Expiration Date", "1899-12-31"),
    ("Expiration Date", "2201-01-01"),
    ("Expiration Date", "٢٠٢٦-٠١-٠١"),
    ("Item Name", NUL),
    ("Full Name", NUL),
]


@pytest.mark.parametrize("column,value", IMPORT_BAD)
def test_license_import(database, column, value):
    row = {
        "Item Name": "Tool",
        "Seats": "5",
        "Purchase Cost": "10.00",
        "Expiration Date": "2027-01-01",
        "Full Name": "Ann",
    }
    row[column] = value
    data = ",".join(IMPORT_HEADER) + "\r\n" + ",".join(row[c] for c in IMPORT_HEADER) + "\r\n"
    with read_session() as s:
        report = li.dry_run(s, data.encode())
    assert report.errors == 1 and report.rows[0].message
    with pytest.raises(li.ImportBlocked), write_session() as s:
        li.commit(s, ACTOR, data.encode())
    assert _count(License) == 0 and _count(Person) == 0


@pytest.mark.parametrize(
    "column,value",
    [
        ("last_sign_in", "1899-12-31"),
        ("last_sign_in", "٢٠٢٦-٠١-٠١"),
        ("last_sign_in", "2201-01-01"),
        ("last_sign_in", "NaN"),
        ("name", NUL),
        ("email", "ann\x00@example.com"),
        ("department", NUL),
        ("location", NUL),
    ],
)
def test_directory_import(database, column, value):
    row = {"name": "Ann", "email": "ann@example.com", "department": "IT", "location": "", "last_sign_in": ""}
    row[column] = value
    cols = list(row)
    data = ",".join(cols) + "\r\n" + ",".join(row[c] for c in cols) + "\r\n"
    with pytest.raises(directory_import.ImportRejected) as err, write_session() as s:
        directory_import.import_people(s, ACTOR, data.encode())
    assert err.value.errors
    assert _count(Person) == 0
