"""Adding, editing, deactivating and reactivating people and devices by hand: the
same validation everywhere, unique email / username / employee id with clear
messages, column bounds, the offboarding policy on deactivation, the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent, Device, License, Person
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.directory import devices, people, person_status
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_people, make_product


def add(**fields):
    with write_session() as s:
        return people.create_person(s, ACTOR, **{"name": "Ada Lovelace", **fields}).id


def edit(pid, **fields):
    with write_session() as s:
        return people.update_person(s, ACTOR, pid, fields)


def errors_of(fn, *args, **kw) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        fn(*args, **kw)
    return caught.value.errors


def events(action: str, object_type: str = "person") -> list[AuditEvent]:
    with read_session() as s:
        return list(
            s.exec(select(AuditEvent).where(AuditEvent.action == action, AuditEvent.object_type == object_type))
        )


def test_add_person_with_every_field_and_audit(database):
    boss = add(name="Grace Hopper", email="grace@example.com")
    pid = add(
        email=" Ada@Example.COM ",
        username="ALovelace",
        employee_id="E-1001",
        department="Engineering",
        location="London",
        manager_id=boss,
    )
    with read_session() as s:
        p = s.get(Person, pid)
        assert (p.email, p.username, p.employee_id, p.manager_id) == ("ada@example.com", "alovelace", "E-1001", boss)
        assert (p.department, p.location, p.status) == ("Engineering", "London", "active")
    created = [e for e in events("create") if e.object_id == pid]
    assert len(created) == 1 and "E-1001" in created[0].diff


def test_unique_email_username_and_employee_id_are_refused_with_clear_messages(database):
    add(email="ada@example.com", username="ada", employee_id="E-1")
    errs = errors_of(add, name="Other", email="ADA@example.com", username="Ada", employee_id="e-1")
    assert errs == {
        "email": "ada@example.com is already in the directory",
        "username": "The username ada already belongs to someone else",
        "employee_id": "The employee id e-1 already belongs to someone else",
    }


def test_bad_input_names_each_field(database):
    errs = errors_of(
        add, name="  ", email="not-an-email", username="u" * 101, employee_id="e" * 51, status="gone", manager_id=999
    )
    assert errs["name"] == "Name is required"
    assert errs["email"] == "Enter a valid email address"
    assert errs["username"] == "At most 100 characters" and errs["employee_id"] == "At most 50 characters"
    assert errs["status"] == "Choose active, inactive or offboarded"
    assert errs["manager_id"] == "This manager is not in the directory"
    assert errors_of(add, name="x" * 201)["name"] == "At most 200 characters"
    assert errors_of(add, manager_id="3")["manager_id"] == "This manager is not in the directory"
    with read_session() as s:
        assert s.exec(select(func.count()).select_from(Person)).one() == 0


def test_edit_changes_fields_audits_the_diff_and_keeps_own_values(database):
    a, b = add(email="a@example.com", employee_id="E-1"), add(name="Bea", email="b@example.com")
    changes = edit(a, name="Ada King", email="a@example.com", department="Research", manager_id=b)
    assert changes == {"name": ["Ada Lovelace", "Ada King"], "department": ["", "Research"], "manager_id": [None, b]}
    assert edit(a, name="Ada King") == {}  # nothing changed, nothing audited
    assert len([e for e in events("update") if e.object_id == a]) == 1
    assert errors_of(edit, b, email="a@example.com") == {"email": "a@example.com is already in the directory"}
    assert errors_of(edit, b, manager_id=a)["manager_id"] == "Ada King reports to this person: choose someone else"
    assert errors_of(edit, a, manager_id=a)["manager_id"] == "A person cannot be their own manager"
    with pytest.raises(NotFound):
        edit(9999, name="x")


@pytest.fixture
def holder(database):
    figma, cad = make_product("Figma"), make_product("CAD Pro")
    lic = make_license(figma, seats_total=3)
    locked = make_license(cad, seats_total=2, reassignable=False)
    (pid,) = make_people(1)
    with write_session() as s:
        seats.assign(s, ACTOR, lic, person_id=pid)
        seats.assign(s, ACTOR, locked, person_id=pid)
    return {"person": pid, "lic": lic, "locked": locked}


def used(lic: int) -> int:
    with read_session() as s:
        return s.get(License, lic).seats_used


def test_deactivate_runs_offboarding_and_replay_changes_nothing(holder):
    with write_session() as s:
        result = person_status.deactivate(s, ACTOR, holder["person"])
    assert len(result.reclaimed) == 1 and len(result.retired) == 1
    assert used(holder["lic"]) == 0 and used(holder["locked"]) == 0
    with read_session() as s:
        assert s.get(License, holder["locked"]).seats_total == 1  # the seat nobody else can hold is retired
    with read_session() as s:
        assert s.get(Person, holder["person"]).status == "offboarded"
    before = len(events("offboard"))
    with write_session() as s:
        again = person_status.deactivate(s, ACTOR, holder["person"])
    assert again.reclaimed == () and len(events("offboard")) == before


def test_deactivate_rolls_back_with_its_transaction(holder):
    with pytest.raises(RuntimeError), write_session() as s:
        person_status.deactivate(s, ACTOR, holder["person"])
        raise RuntimeError("later step failed")
    assert used(holder["lic"]) == 1
    with read_session() as s:
        assert s.get(Person, holder["person"]).status == "active"


def test_reactivate_restores_nothing_and_shows_what_they_held(holder):
    with write_session() as s:
        person_status.deactivate(s, ACTOR, holder["person"])
    with write_session() as s:
        back = person_status.reactivate(s, ACTOR, holder["person"])
    assert sorted(f.software for f in back.former_seats) == ["CAD Pro", "Figma"]
    assert used(holder["lic"]) == 0  # nothing restored by itself
    with read_session() as s:
        p = s.get(Person, holder["person"])
        assert (p.status, p.archived_at) == ("active", None)
    assert len(events("reactivate")) == 1
    with pytest.raises(DomainError, match="already active"), write_session() as s:
        person_status.reactivate(s, ACTOR, holder["person"])


def test_status_edit_to_offboarded_goes_through_the_policy(holder):
    changes = edit(holder["person"], status="offboarded")
    assert changes["status"] == ["active", "offboarded"] and used(holder["lic"]) == 0
    edit(holder["person"], status="inactive")
    with read_session() as s:
        assert s.get(Person, holder["person"]).status == "inactive"
        active = s.exec(select(func.count()).select_from(Assignment).where(Assignment.revoked_at.is_(None))).one()
    assert active == 0  # the seat that is not reassignable was retired when they left


def test_add_and_edit_device_with_validation_and_audit(database):
    owner, gone = add(email="o@example.com"), add(name="Gone", email="g@example.com", status="offboarded")
    with write_session() as s:
        did = devices.add_device(
            s,
            ACTOR,
            {"name": "Ada's laptop", "hostname": "ada-mbp", "serial": "C02XYZ", "os": "macOS", "location": "HQ"},
        ).id
    with write_session() as s:
        changes = devices.update_device(s, ACTOR, did, {"owner_id": owner, "location": "Remote"})
    assert changes == {"owner_id": [None, owner], "location": ["HQ", "Remote"]}
    with read_session() as s:
        d = s.get(Device, did)
        assert (d.serial, d.owner_id, d.location) == ("C02XYZ", owner, "Remote")
    assert len(events("update", "device")) == 1 and len(events("create", "device")) == 1

    def add_device(**data):
        with write_session() as s:
            devices.add_device(s, ACTOR, data)

    errs = errors_of(add_device, name="", hostname="ADA-MBP", serial="s" * 101, owner_id=gone)
    assert errs == {
        "name": "Name is required",
        "hostname": "A device with hostname ADA-MBP is already in the directory",
        "serial": "At most 100 characters",
        "owner_id": "Gone has been offboarded and cannot own a device",
    }
    assert errors_of(add_device, name="x", owner_id=12345)["owner_id"] == "This person is not in the directory"
