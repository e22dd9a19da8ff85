"""A people CSV that updates the directory: matched by email or employee id,
new / updated (which fields) / unchanged / to deactivate in a dry run that
writes nothing, then all of it in one transaction; absent people deactivated
through the offboarding policy."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent, License, Person
from license_hub.services.directory import people, people_sync
from license_hub.services.directory.directory_import import ImportRejected
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_product

HEADER = "name,email,employee_id,department,location,manager_email,status\n"


@pytest.fixture
def directory(database):
    lic = make_license(make_product("Figma"), seats_total=5)
    with write_session() as s:
        ada = people.create_person(s, ACTOR, name="Ada Lovelace", email="ada@example.com", department="Eng").id
        bob = people.create_person(s, ACTOR, name="Bob Byte", email="bob@example.com", employee_id="E-2").id
        cy = people.create_person(s, ACTOR, name="Cy Gone", email="cy@example.com").id
        seats.assign(s, ACTOR, lic, person_id=cy)
    return {"ada": ada, "bob": bob, "cy": cy, "lic": lic}


FILE = (
    HEADER
    + "Ada Lovelace,ada@example.com,E-1,Research,,,\n"  # matched by email: employee id and department change
    + "Robert Byte,robert@example.com,E-2,,,ada@example.com,\n"  # matched by employee id: name, email, manager
    + "Dee New,dee@example.com,E-4,Sales,Paris,ada@example.com,active\n"  # new
)


def snapshot():
    with read_session() as s:
        return [
            (p.name, p.email, p.employee_id, p.department, p.status) for p in s.exec(select(Person).order_by(Person.id))
        ]


def test_preview_counts_and_rows_and_writes_nothing(directory):
    before = snapshot()
    with read_session() as s:
        plan = people_sync.plan(s, FILE, deactivate_absent=True)
    assert [(r.row, r.name) for r in plan.new] == [(4, "Dee New")]
    assert [(r.row, r.person_id, r.changes) for r in plan.updated] == [
        (2, directory["ada"], ("employee_id", "department")),
        (3, directory["bob"], ("name", "email", "manager")),
    ]
    assert plan.unchanged == 0
    assert [r.name for r in plan.deactivate] == ["Cy Gone"]
    assert snapshot() == before


def test_apply_updates_adds_and_deactivates_in_one_go(directory):
    with write_session() as s:
        result = people_sync.apply(s, ACTOR, FILE, deactivate_absent=True)
    assert len(result.created_ids) == 1 and result.applied
    with read_session() as s:
        bob = s.get(Person, directory["bob"])
        assert (bob.name, bob.email, bob.manager_id) == ("Robert Byte", "robert@example.com", directory["ada"])
        ada = s.get(Person, directory["ada"])
        assert (ada.employee_id, ada.department) == ("E-1", "Research")
        dee = s.get(Person, result.created_ids[0])
        assert (dee.manager_id, dee.location) == (directory["ada"], "Paris")
        assert s.get(Person, directory["cy"]).status == "offboarded"
        assert s.get(License, directory["lic"]).seats_used == 0  # the leaver's seat came back
        assert s.exec(select(func.count()).where(AuditEvent.action == "offboard")).one() == 1
        assert s.exec(select(func.count()).where(AuditEvent.action == "import")).one() == 1
    # the same file again changes nothing
    with read_session() as s:
        again = people_sync.plan(s, FILE, deactivate_absent=True)
    assert (again.new, again.updated, again.unchanged, again.deactivate) == ([], [], 3, [])


def test_without_deactivation_absent_people_stay(directory):
    with write_session() as s:
        people_sync.apply(s, ACTOR, FILE)
    with read_session() as s:
        assert s.get(Person, directory["cy"]).status == "active"


def test_empty_cells_leave_fields_and_status_change_runs_the_policy(directory):
    with write_session() as s:
        people_sync.apply(s, ACTOR, HEADER + "Cy Gone,cy@example.com,,,,,offboarded\n")
    with read_session() as s:
        cy = s.get(Person, directory["cy"])
        assert (cy.status, cy.email) == ("offboarded", "cy@example.com")
        assert s.get(License, directory["lic"]).seats_used == 0
        assert s.get(Person, directory["ada"]).department == "Eng"


def test_a_bad_row_applies_nothing(directory):
    before = snapshot()
    bad = (
        FILE
        + "Mixed Up,ada@example.com,E-2,,,,\n"  # email is Ada's, employee id is Bob's
        + "Taken,bob@example.com,,,,,\n"  # bob@ twice? no: Bob's own email, fine
    )
    with pytest.raises(ImportRejected) as caught, write_session() as s:
        people_sync.apply(s, ACTOR, bad, deactivate_absent=True)
    messages = [str(e) for e in caught.value.row_errors]
    assert "Row 5: the email matches Ada Lovelace but the employee id matches Bob Byte" in messages
    assert any("email ada@example.com also appears on row 2" in m for m in messages)
    assert snapshot() == before
    with read_session() as s:
        assert s.get(License, directory["lic"]).seats_used == 1


def test_taking_someone_elses_email_or_username_is_refused(directory):
    with write_session() as s:
        people.update_person(s, ACTOR, directory["ada"], {"username": "ada"})
    text = HEADER.replace("status", "status,username").strip() + "\n" + "Bob Byte,ada@example.com,E-2,,,,,\n"
    with pytest.raises(ImportRejected) as caught, read_session() as s:
        people_sync.plan(s, text)
    assert [str(e) for e in caught.value.row_errors] == [
        "Row 2: the email matches Ada Lovelace but the employee id matches Bob Byte"
    ]
    text = "name,email,username\nBob Byte,bob@example.com,ada\n"
    with pytest.raises(ImportRejected) as caught, read_session() as s:
        people_sync.plan(s, text)
    assert [str(e) for e in caught.value.row_errors] == ["Row 2: the username ada already belongs to Ada Lovelace"]
