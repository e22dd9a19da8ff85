"""Seed 002's "Assign persons" and "Assign assets": many holders saved in one step,
all or nothing on the seat count, holders of a seat skipped and reported, one audit
event per new seat; and the seat transfer that keeps both holders in the history."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent, License, Person
from license_hub.services.core import secrets
from license_hub.services.core.errors import ALREADY_ASSIGNED, DomainError, NotFound, ValidationError
from license_hub.services.directory import people
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.seats import assign_many, transfer
from license_hub.services.seats import assignments as seats
from license_hub.services.seats.assign_many import AssignManyRefused
from tests.factories import ACTOR, make_license, make_people


def _devices(*names: str) -> list[int]:
    with write_session() as s:
        return [
            people.create_device(s, ACTOR, name=n, hostname=f"{n.lower().replace(' ', '-')}.corp").id for n in names
        ]


def _state(lic: int) -> tuple[int, int, int]:
    with read_session() as s:
        used = s.get(License, lic).seats_used
        active = s.exec(select(func.count()).where(Assignment.license_id == lic, Assignment.revoked_at.is_(None))).one()
        events = s.exec(select(func.count()).select_from(AuditEvent)).one()
    return used, active, events


def _events(action: str) -> list[AuditEvent]:
    with read_session() as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)).all())


# ------------------------------------------------------------------ Assign persons


def test_assign_persons_gives_each_a_seat_and_skips_those_who_hold_one(database):
    lic = make_license(seats_total=5)
    ada, bob, cy = make_people(3)
    with write_session() as s:
        seats.assign(s, ACTOR, lic, person_id=ada)
    with write_session() as s:
        result = assign_many.assign_persons(s, ACTOR, lic, [ada, bob, cy], activated_on=date(2026, 3, 2))
    assert [h.id for h in result.assigned] == [bob, cy]
    assert [h.id for h in result.skipped] == [ada]
    assert result.seats_free == 4
    used, active, _ = _state(lic)
    assert used == active == 3
    with read_session() as s:
        rows = s.exec(select(Assignment).where(Assignment.id.in_(result.assignment_ids))).all()
        assert {r.person_id for r in rows} == {bob, cy}
        assert {r.activated_on for r in rows} == {date(2026, 3, 2)}
        assert {r.assigned_by for r in rows} == {ACTOR}
    # Each new seat is its own audit event, as if assigned one by one.
    assigned = [e for e in _events("assign") if e.object_id in result.assignment_ids]
    assert len(assigned) == 2
    # Saving the same selection again changes nothing.
    with write_session() as s:
        again = assign_many.assign_persons(s, ACTOR, lic, [ada, bob, cy])
    assert again.assigned == () and len(again.skipped) == 3
    assert _state(lic)[:2] == (3, 3)


def test_assign_persons_refuses_the_whole_step_when_seats_run_short(database):
    lic = make_license(seats_total=3)
    ada, bob, cy, dee = make_people(4)
    with write_session() as s:
        seats.assign(s, ACTOR, lic, person_id=ada)
    before = _state(lic)
    with pytest.raises(AssignManyRefused) as refused, write_session() as s:
        assign_many.assign_persons(s, ACTOR, lic, [ada, bob, cy, dee])
    # Ada already holds one and is not counted: 3 people ask for the 2 free seats.
    assert refused.value.shortage == "No seats remaining on this license: 2 free, 3 requested"
    assert _state(lic) == before
    with write_session() as s:
        ok = assign_many.assign_persons(s, ACTOR, lic, [ada, bob, cy])
    assert len(ok.assigned) == 2 and _state(lic)[:2] == (3, 3)


def test_assign_persons_refuses_an_offboarded_or_unknown_person_and_assigns_no_one(database):
    lic = make_license(seats_total=10)
    ada, bob = make_people(2)
    with write_session() as s:
        row = s.get(Person, bob)
        row.status = "offboarded"
        s.add(row)
    before = _state(lic)
    with pytest.raises(AssignManyRefused) as refused, write_session() as s:
        assign_many.assign_persons(s, ACTOR, lic, [ada, bob, 999_999])
    reasons = {r.id: r.reason for r in refused.value.refusals}
    assert reasons == {
        bob: "person 1 has been offboarded and cannot receive a seat",
        999_999: "This person does not exist",
    }
    assert _state(lic) == before


def test_assign_persons_counts_an_audit_figure_and_honours_unlimited(database):
    lic = make_license(seats_total=3)
    ada, bob = make_people(2)
    with write_session() as s:  # a usage audit recorded 2 seats in use, with no rows behind them
        row = s.get(License, lic)
        row.seats_used = 2
        s.add(row)
    with pytest.raises(AssignManyRefused, match="1 free, 2 requested"), write_session() as s:
        assign_many.assign_persons(s, ACTOR, lic, [ada, bob])
    unlimited = make_license(seats_total=1, seat_type="unlimited", product_name="Site tool")
    with write_session() as s:
        result = assign_many.assign_persons(s, ACTOR, unlimited, [ada, bob])
    assert len(result.assigned) == 2 and result.seats_free is None


@pytest.mark.parametrize(
    "ids, message",
    [
        ([], "Choose at least one person"),
        (None, "Choose at least one person"),
        (["x"], "Choose from the list"),
        ([1.5], "Choose from the list"),
        ([2**40], "Choose from the list"),
        (list(range(1, 502)), "Choose at most 500 at once"),
    ],
)
def test_assign_persons_validates_its_selection(database, ids, message):
    lic = make_license()
    with pytest.raises(ValidationError) as bad, write_session() as s:
        assign_many.assign_persons(s, ACTOR, lic, ids)
    assert bad.value.errors == {"people": message}


def test_assign_persons_on_an_archived_license_is_not_found(database):
    lic = make_license()
    (ada,) = make_people(1)
    with write_session() as s:
        licenses.archive(s, ACTOR, lic)
    with pytest.raises(NotFound), write_session() as s:
        assign_many.assign_persons(s, ACTOR, lic, [ada])


# ------------------------------------------------------------------- Assign assets


def test_assign_assets_ties_one_seat_to_each_device_and_skips_devices_that_hold_one(database):
    lic = make_license(seats_total=3, seat_type="device")
    lab, render, kiosk = _devices("Lab 7", "Render 2", "Kiosk")
    with write_session() as s:
        seats.assign(s, ACTOR, lic, device_id=lab)
    with write_session() as s:
        result = assign_many.assign_assets(s, ACTOR, lic, [lab, render, kiosk])
    assert [h.name for h in result.assigned] == ["Render 2", "Kiosk"]
    assert [h.name for h in result.skipped] == ["Lab 7"]
    used, active, _ = _state(lic)
    assert used == active == 3
    assert len([e for e in _events("assign") if e.object_id in result.assignment_ids]) == 2


def test_assign_assets_refuses_the_whole_step_past_the_seats_available(database):
    lic = make_license(seats_total=1, seat_type="device")
    lab, render = _devices("Lab 7", "Render 2")
    before = _state(lic)
    with pytest.raises(AssignManyRefused) as refused, write_session() as s:
        assign_many.assign_assets(s, ACTOR, lic, [lab, render, 424_242])
    assert refused.value.shortage == "No seats remaining on this license: 1 free, 2 requested"
    assert [r.reason for r in refused.value.refusals] == ["This device does not exist"]
    assert _state(lic) == before


def test_assign_assets_validates_its_selection(database):
    lic = make_license()
    with pytest.raises(ValidationError) as bad, write_session() as s:
        assign_many.assign_assets(s, ACTOR, lic, [])
    assert bad.value.errors == {"assets": "Choose at least one asset"}


# ------------------------------------------------------------------------- transfer


def test_transfer_revokes_with_reason_creates_the_new_seat_and_keeps_the_count(database):
    lic = make_license(seats_total=2)
    ada, bob = make_people(2)
    with write_session() as s:
        old = seats.assign(s, ACTOR, lic, person_id=ada, seat_key="SEAT-KEY-0001", activated_on=date(2025, 1, 5)).id
    with write_session() as s:
        new = transfer.transfer(s, "mover@example.com", old, person_id=bob, activated_on=date(2026, 2, 1)).id
    with read_session() as s:
        before, after = s.get(Assignment, old), s.get(Assignment, new)
        assert before.revoked_at is not None and before.revoked_by == "mover@example.com"
        assert before.revoke_reason == "transferred"
        assert after.revoked_at is None and after.person_id == bob and after.revoke_reason == ""
        # The serial key goes with the seat; the new holder's activated date is the transfer's.
        assert secrets.decrypt(after.seat_key_cipher) == "SEAT-KEY-0001"
        assert after.activated_on == date(2026, 2, 1) and before.activated_on == date(2025, 1, 5)
        assert s.get(License, lic).seats_used == 1
    event = _events("transfer")[-1]
    assert event.object_id == new and event.actor == "mover@example.com"
    diff = json.loads(event.diff)
    assert (diff["from_person_id"], diff["to_person_id"], diff["from_assignment_id"]) == (ada, bob, old)
    assert diff["new_seat_key"] is False and diff["seats_used"] == 1
    rows, total = _history(lic)
    assert total == 2 and {(r.holder, r.revoke_reason) for r in rows} == {("person 0", "transferred"), ("person 1", "")}


def _history(lic: int):
    with read_session() as s:
        return seats.list_seats(s, lic, include_revoked=True)


def test_transfer_takes_a_new_serial_key_and_defaults_the_day_to_today(database):
    lic = make_license(seats_total=1, seat_type="device")
    lab, render = _devices("Lab 7", "Render 2")
    with write_session() as s:
        old = seats.assign(s, ACTOR, lic, device_id=lab, seat_key="OLD-KEY-1").id
    with write_session() as s:
        new = transfer.transfer(s, ACTOR, old, device_id=render, seat_key="NEW-KEY-2").id
    with read_session() as s:
        seat = s.get(Assignment, new)
        assert secrets.decrypt(seat.seat_key_cipher) == "NEW-KEY-2" and seat.device_id == render
        assert seat.activated_on == date.today()
        assert secrets.decrypt(s.get(Assignment, old).seat_key_cipher) == "OLD-KEY-1"  # history keeps its key
        assert s.get(License, lic).seats_used == 1


def test_transfer_works_on_a_full_license_and_one_the_audit_overfilled(database):
    lic = make_license(seats_total=1)
    ada, bob = make_people(2)
    with write_session() as s:
        old = seats.assign(s, ACTOR, lic, person_id=ada).id
        row = s.get(License, lic)
        row.seats_used = 3  # a usage audit recorded more than the total
        s.add(row)
    with write_session() as s:
        transfer.transfer(s, ACTOR, old, person_id=bob)
    assert _state(lic)[:2] == (3, 1)


@pytest.mark.parametrize(
    "setup, message",
    [
        ("same", "This seat is already held by this person"),
        ("holder", ALREADY_ASSIGNED),
        ("offboarded", "person 1 has been offboarded and cannot receive a seat"),
        ("revoked", "This seat was already reclaimed"),
        ("not_transferable", "This license is not transferable: its seats stay with their holder"),
        ("not_reassignable", "This license is not reassignable: its seats cannot be reclaimed"),
    ],
)
def test_transfer_refusals_change_nothing(database, setup, message):
    flags = {"transferable": setup != "not_transferable", "reassignable": setup != "not_reassignable"}
    lic = make_license(seats_total=3, **flags)
    ada, bob = make_people(2)
    with write_session() as s:
        old = seats.assign(s, ACTOR, lic, person_id=ada).id
        if setup == "holder":
            seats.assign(s, ACTOR, lic, person_id=bob)
        if setup == "offboarded":
            row = s.get(Person, bob)
            row.status = "offboarded"
            s.add(row)
    if setup == "revoked":
        with write_session() as s:
            seats.reclaim(s, ACTOR, old)
    before = _state(lic)
    with pytest.raises(DomainError) as refused, write_session() as s:
        transfer.transfer(s, ACTOR, old, person_id=ada if setup == "same" else bob)
    assert refused.value.message == message
    assert _state(lic) == before


def test_transfer_to_a_device_that_holds_a_seat_is_refused(database):
    lic = make_license(seats_total=3, seat_type="device")
    lab, render = _devices("Lab 7", "Render 2")
    with write_session() as s:
        old = seats.assign(s, ACTOR, lic, device_id=lab).id
        seats.assign(s, ACTOR, lic, device_id=render)
    with pytest.raises(DomainError, match="This device already has an active assignment"), write_session() as s:
        transfer.transfer(s, ACTOR, old, device_id=render)


def test_transfer_validates_its_arguments(database):
    lic = make_license(seats_total=3)
    (ada,) = make_people(1)
    with write_session() as s:
        old = seats.assign(s, ACTOR, lic, person_id=ada).id
    with pytest.raises(ValidationError) as bad, write_session() as s:
        transfer.transfer(s, ACTOR, old)
    assert "assignee" in bad.value.errors
    with pytest.raises(ValidationError), write_session() as s:
        transfer.transfer(s, ACTOR, old, assignee_name="x" * 201)
    with pytest.raises(ValidationError), write_session() as s:
        transfer.transfer(s, ACTOR, old, assignee_name="a\x00b")
    with pytest.raises(NotFound), write_session() as s:
        transfer.transfer(s, ACTOR, 987_654, assignee_name="Someone")
