"""Leavers: deactivation reclaims reassignable seats, retires the others, deactivates
the app account, all in one transaction; replays change nothing; reactivation
restores nothing and reports what they held."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AppUser, Assignment, AuditEvent, License, Person
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound
from license_hub.services.directory import leavers
from license_hub.services.seats import assignments as seats
from license_hub.services.seats.assignments import NOT_REASSIGNABLE
from tests.api.helpers import make_user
from tests.factories import ACTOR, make_license, make_people, make_product

SCIM_ACTOR = "token:7 Okta (admin@example.com)"


@pytest.fixture
def world(database):
    figma, cad = make_product("Figma"), make_product("CAD Pro")
    lic_a = make_license(figma, seats_total=10)
    lic_c = make_license(cad, seats_total=3, reassignable=False)
    leaver, colleague = make_people(2)
    with write_session() as s:
        seats.assign(s, ACTOR, lic_a, person_id=leaver)
        seats.assign(s, ACTOR, lic_c, person_id=leaver)
        seats.assign(s, ACTOR, lic_c, person_id=colleague)
        s.get(Person, leaver).email = "admin@example.com"  # their app account
    make_user("Admin", "admin@example.com")
    return {"a": lic_a, "c": lic_c, "leaver": leaver, "colleague": colleague}


def snapshot(w) -> tuple:
    with read_session() as s:
        person = s.get(Person, w["leaver"])
        lics = tuple((s.get(License, w[k]).seats_used, s.get(License, w[k]).seats_total) for k in "ac")
        active = s.exec(select(func.count()).select_from(Assignment).where(Assignment.revoked_at.is_(None))).one()
        events = s.exec(select(func.count()).select_from(AuditEvent)).one()
        account = s.exec(select(AppUser.active).where(AppUser.email == "admin@example.com")).one()
    return person.status, person.archived_at, lics, active, events, account


def test_deactivation_reclaims_retires_and_locks_the_account(world):
    with write_session() as s:
        result = leavers.deactivate_person(s, SCIM_ACTOR, world["leaver"])
    assert result.changed and len(result.reclaimed) == 1 and len(result.retired) == 1
    assert len(result.accounts_deactivated) == 1
    status, archived, lics, active, _, account = snapshot(world)
    assert status == "offboarded" and archived is not None
    assert lics == ((0, 10), (1, 2))  # Figma seat back; CAD seat retired: total 3 -> 2
    assert active == 1 and account is False
    with read_session() as s:
        events = list(s.exec(select(AuditEvent).order_by(AuditEvent.seq)))[-4:]
        assert audit_log.verify(s).ok
        retired = s.get(Assignment, result.retired[0])
    assert [e.action for e in events] == ["offboard_reclaim", "retire_seat", "deactivate", "offboard"]
    assert {e.actor for e in events} == {SCIM_ACTOR}
    assert retired.revoked_by == SCIM_ACTOR


def test_replaying_a_deactivation_changes_nothing(world):
    with write_session() as s:
        leavers.deactivate_person(s, SCIM_ACTOR, world["leaver"])
    before = snapshot(world)
    with write_session() as s:
        again = leavers.deactivate_person(s, SCIM_ACTOR, world["leaver"])
    assert not again.changed and snapshot(world) == before
    with pytest.raises(NotFound), write_session() as s:
        leavers.deactivate_person(s, SCIM_ACTOR, 987654)


def test_a_failure_part_way_leaves_nothing_changed(world, monkeypatch):
    before = snapshot(world)
    real = audit_log.record

    def failing(session, actor, action, *args, **kwargs):
        if action == "offboard":
            raise RuntimeError("disk full")
        return real(session, actor, action, *args, **kwargs)

    monkeypatch.setattr(audit_log, "record", failing)
    with pytest.raises(RuntimeError), write_session() as s:
        leavers.deactivate_person(s, SCIM_ACTOR, world["leaver"])
    assert snapshot(world) == before


def test_reactivation_restores_nothing_and_shows_what_they_held(world):
    with write_session() as s:
        leavers.deactivate_person(s, SCIM_ACTOR, world["leaver"])
    gone = snapshot(world)
    with write_session() as s:
        back = leavers.reactivate_person(s, SCIM_ACTOR, world["leaver"])
    assert back.changed
    assert sorted(f.software for f in back.former_seats) == ["CAD Pro", "Figma"]
    status, archived, lics, active, events, account = snapshot(world)
    assert (status, archived) == ("active", None)
    assert (lics, active, account) == gone[2:4] + (False,)
    assert events == gone[4] + 1  # one "reactivate" event
    with write_session() as s:
        assert not leavers.reactivate_person(s, SCIM_ACTOR, world["leaver"]).changed
    assert snapshot(world)[4] == events


def test_a_manual_reclaim_of_a_non_reassignable_seat_is_still_refused(world):
    with read_session() as s:
        seat = s.exec(
            select(Assignment.id).where(Assignment.person_id == world["colleague"], Assignment.revoked_at.is_(None))
        ).one()
    with pytest.raises(DomainError) as err, write_session() as s:
        seats.reclaim(s, ACTOR, seat)
    assert err.value.message == NOT_REASSIGNABLE


def test_two_deactivations_racing_free_each_seat_once(world):
    barrier, errors = threading.Barrier(2), []

    def run():
        barrier.wait()
        try:
            with write_session() as s:
                leavers.deactivate_person(s, SCIM_ACTOR, world["leaver"])
        except Exception as exc:  # noqa: BLE001 - any failure is the finding
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    _, _, lics, active, _, _ = snapshot(world)
    assert lics == ((0, 10), (1, 2)) and active == 1  # one retirement, not two
    with read_session() as s:
        actions = [e.action for e in s.exec(select(AuditEvent).order_by(AuditEvent.seq))]
    assert actions.count("offboard") == 1 and actions.count("retire_seat") == 1
