"""Offboarding against a racing assignment, and the leaver's app account."""

from __future__ import annotations

import threading
import time

from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, Person
from license_hub.services.access import accounts as access
from license_hub.services.core.errors import DomainError
from license_hub.services.directory import leavers
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_people

PW = "correct horse battery"


def test_an_assignment_racing_an_offboarding_does_not_land(database, monkeypatch):
    """The assignment has checked the person is current and is about to write its
    row when the offboarding starts: the offboarding must wait for it and reclaim
    the seat, never leave an active seat on someone who left."""
    lic = make_license(seats_total=3)
    (pid,) = make_people(1)
    checked, go = threading.Event(), threading.Event()
    real_encrypt = seats.secrets.encrypt

    def paused_encrypt(value):
        checked.set()
        assert go.wait(10)
        return real_encrypt(value)

    monkeypatch.setattr(seats.secrets, "encrypt", paused_encrypt)
    errors: list[BaseException] = []

    def assign():
        try:
            with write_session() as s:
                seats.assign(s, ACTOR, lic, person_id=pid)
        except (DomainError, Exception) as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def offboard():
        with write_session() as s:
            leavers.deactivate_person(s, ACTOR, pid)

    assigner = threading.Thread(target=assign)
    assigner.start()
    assert checked.wait(10)
    offboarder = threading.Thread(target=offboard)
    offboarder.start()
    time.sleep(0.5)  # the offboarding reaches the person row while the assignment is mid-way
    go.set()
    assigner.join(20)
    offboarder.join(20)
    with read_session() as s:
        assert s.get(Person, pid).status == "offboarded"
        active = s.exec(select(Assignment).where(Assignment.person_id == pid, Assignment.revoked_at.is_(None))).all()
    assert active == [], "an offboarded person still holds a seat"


def test_offboarding_deactivates_the_linked_account_and_ends_its_sessions(database):
    (pid,) = make_people(1)
    with read_session() as s:
        email = s.get(Person, pid).email
    with write_session() as s:
        access.create_user(s, ACTOR, email=email, password=PW, role="Viewer")
    token = access.sign_in(email, PW)
    assert access.resolve(token) is not None
    with write_session() as s:
        leavers.deactivate_person(s, ACTOR, pid)
    assert access.resolve(token) is None
    try:
        access.sign_in(email, PW, client="10.8.0.1")
        raise AssertionError("an offboarded person could still sign in")
    except DomainError as exc:
        assert exc.message == access.BAD_CREDENTIALS
