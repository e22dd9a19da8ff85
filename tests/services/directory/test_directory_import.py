"""CSV import of people and devices: every row checked first, errors by row number in
plain words, nothing imported when any row is bad, one transaction when all are good."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent, Device, Person
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import ValidationError
from license_hub.services.directory import directory_import, people
from license_hub.services.directory.directory_import import ImportRejected
from tests.factories import ACTOR

GOOD_PEOPLE = (
    "name,email,department,location,manager_email,status\r\n"
    "Ada Boss,ADA@example.com,Engineering,Berlin,,active\r\n"
    "Ben Coder,ben@example.com,Engineering,Lisbon,ada@example.com,\r\n"
    '"Quinn, Q.",quinn@example.com,Sales,"Paris, FR",zed@example.com,inactive\r\n'
    "Zed Later,zed@example.com,Sales,Paris,existing@example.com,active\r\n"
    "Old Timer,old@example.com,Sales,Paris,,offboarded\r\n"
    ",,,,,\r\n"
)


def counts() -> tuple[int, int, int]:
    with read_session() as s:
        return tuple(s.exec(select(func.count()).select_from(t)).one() for t in (Person, Device, AuditEvent))


def run_people(data, **kw):
    with write_session() as s:
        return directory_import.import_people(s, ACTOR, data, **kw)


def run_devices(data, **kw):
    with write_session() as s:
        return directory_import.import_devices(s, ACTOR, data, **kw)


def rejected(fn, data) -> list[str]:
    before = counts()
    with pytest.raises(ImportRejected) as err:
        fn(data)
    assert counts() == before, "a rejected file must import nothing"
    assert isinstance(err.value, ValidationError) and err.value.message.startswith("Nothing was imported")
    return [str(e) for e in err.value.row_errors]


@pytest.fixture
def existing(database) -> int:
    with write_session() as s:
        return people.create_person(s, ACTOR, name="Existing Manager", email="existing@example.com").id


def test_good_people_file_goes_in_with_managers_resolved(existing):
    before = counts()
    result = run_people(GOOD_PEOPLE.encode("utf-8-sig"))  # Excel's BOM
    assert result.created == 5 and result.rows == 5
    with read_session() as s:
        by_email = {p.email: p for p in s.exec(select(Person))}
        assert audit_log.verify(s).ok
    assert by_email["ada@example.com"].name == "Ada Boss"  # emails stored lower-case
    assert by_email["ben@example.com"].manager_id == by_email["ada@example.com"].id
    assert by_email["quinn@example.com"].manager_id == by_email["zed@example.com"].id  # a later row
    assert by_email["zed@example.com"].manager_id == existing
    assert by_email["quinn@example.com"].location == "Paris, FR"
    assert by_email["ben@example.com"].status == "active"  # blank status means active
    assert by_email["old@example.com"].archived_at is not None
    assert counts() == (before[0] + 5, 0, before[2] + 1)  # one audit event for the whole import


def test_every_bad_row_is_reported_and_nothing_is_imported(existing):
    data = (
        "name,email,department,location,manager_email,status\n"
        "Good Row,good@example.com,,,,\n"
        ",nameless@example.com,,,,\n"
        "Bad Email,not-an-email,,,,\n"
        "Twin One,twin@example.com,,,,\n"
        "Twin Two,TWIN@example.com,,,,\n"
        "Already,existing@example.com,,,,\n"
        "Odd Status,odd@example.com,,,,fired\n"
        "Lost,lost@example.com,,,nobody@example.com,\n"
        "Selfish,self@example.com,,,self@example.com,\n"
        "Too,many@example.com,,,,,extra\n"
        f"{'x' * 201},long@example.com,,,,\n"
    )
    assert rejected(run_people, data) == [
        "Row 3: name is required",
        "Row 4: email “not-an-email” is not a valid email address",
        "Row 6: email twin@example.com also appears on row 5",
        "Row 7: existing@example.com is already in the directory",
        "Row 8: status “fired” is not one of active, inactive, offboarded",
        "Row 9: manager nobody@example.com is neither in the directory nor in this file",
        "Row 10: a person cannot be their own manager",
        "Row 11: this row has 7 cells but the header names 6 columns",
        "Row 12: name is longer than 200 characters",
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        (
            "",
            "The file is empty: its first row must name the columns "
            "(name,email,department,location,manager_email,status,last_sign_in)",
        ),
        ("email,department\nx@example.com,IT\n", "Row 1: the column “name” is missing"),
        (
            "name,emial\nAda,ada@example.com\n",
            "Row 1: unknown column “emial”: the columns are name, email, department, "
            "location, manager_email, status, last_sign_in",
        ),
        ("name,name\nAda,Ada\n", "Row 1: the column “name” appears twice"),
        ("name,email\n", "The file has a header but no rows to import"),
        (b"name\n\xff\xfe\n", "The file is not UTF-8 text: save it as “CSV UTF-8” and try again"),
    ],
)
def test_unusable_files(existing, data, message):
    assert rejected(run_people, data) == [message]


def test_dry_run_checks_without_writing(existing):
    before = counts()
    result = run_people("Name, Email\nAda,ada@example.com\nBen,\n", dry_run=True)  # header case and spaces ignored
    assert (result.rows, result.created, result.dry_run) == (2, 0, True)
    assert counts() == before


def test_devices_import_with_owners(existing):
    run_people("name,email,status\nLeft Already,left@example.com,offboarded\n")
    good = (
        "name,hostname,owner_email,os\n"
        "Build server,build01.corp,,Ubuntu 24.04\n"
        "Manager laptop,mgr-mbp.corp,EXISTING@example.com,macOS 15\n"
        "Kiosk,,,\n"
    )
    result = run_devices(good)
    assert result.created == 3
    with read_session() as s:
        laptop = s.exec(select(Device).where(Device.hostname == "mgr-mbp.corp")).one()
    assert laptop.owner_id == existing and laptop.os == "macOS 15"
    bad = (
        "name,hostname,owner_email,os\n"
        "Again,BUILD01.corp,,\n"
        "Twin,twin.corp,,\n"
        "Twin 2,twin.corp,,\n"
        "Ghost owned,ghost.corp,ghost@example.com,\n"
        "Left owned,left.corp,left@example.com,\n"
        ",noname.corp,,\n"
    )
    assert rejected(run_devices, bad) == [
        "Row 2: a device with hostname BUILD01.corp is already in the directory",
        "Row 4: hostname twin.corp also appears on row 3",
        "Row 5: no one in the directory has the email ghost@example.com",
        "Row 6: left@example.com has been offboarded and cannot own a device",
        "Row 7: name is required",
    ]
    assert rejected(run_devices, "name,serial\nX,1\n") == [
        "Row 1: unknown column “serial”: the columns are name, hostname, owner_email, os"
    ]


def test_large_import_is_one_insert(existing):
    rows = "".join(f"Person {i},p{i}@example.com,Dept {i % 7},,existing@example.com,\n" for i in range(3000))
    result = run_people("name,email,department,location,manager_email,status\n" + rows)
    assert result.created == 3000
    with read_session() as s:
        managed = s.exec(select(func.count()).select_from(Person).where(Person.manager_id == existing)).one()
    assert managed == 3000


def test_duplicates_are_found_whatever_the_case_on_file(existing):
    with write_session() as s:  # a row written by another path, email not lower-cased
        s.add(Person(name="Mixed Case", email="Mixed.Case@Example.com"))
    assert rejected(run_people, "name,email\nAgain,mixed.case@example.com\n") == [
        "Row 2: mixed.case@example.com is already in the directory"
    ]
    result = run_devices("name,owner_email\nLaptop,MIXED.CASE@example.com\n")
    assert result.created == 1


def test_a_last_sign_in_column_becomes_the_login_proxy(database):
    from datetime import datetime, timezone

    data = (
        "Name,Email,Last Sign-In\n"
        "Ada Boss,ada@example.com,2026-03-04T05:06:07Z\n"
        "Ben Coder,ben@example.com,2026-03-01\n"
        "Cy Never,cy@example.com,\n"
    )
    result = run_people(data)
    assert result.created == 3
    with read_session() as s:
        seen = dict(s.exec(select(Person.email, Person.last_sign_in_at)).all())
    assert seen == {
        "ada@example.com": datetime(2026, 3, 4, 5, 6, 7, tzinfo=timezone.utc),
        "ben@example.com": datetime(2026, 3, 1, tzinfo=timezone.utc),
        "cy@example.com": None,
    }


def test_a_last_login_column_is_checked_row_by_row(database):
    before = counts()
    data = "name,email,last_login\nAda Boss,ada@example.com,yesterday\nBen Coder,ben@example.com,2999-01-01\n"
    with pytest.raises(ImportRejected) as err:
        run_people(data)
    found = [(e.row, e.column) for e in err.value.row_errors]
    assert found == [(2, "last_sign_in"), (3, "last_sign_in")]
    assert "is not an ISO 8601 date" in err.value.row_errors[0].message
    assert "in the future" in err.value.row_errors[1].message
    assert counts() == before
