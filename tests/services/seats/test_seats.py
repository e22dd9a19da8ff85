"""Assign and reclaim: the two refusals, the counter, the history row."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, License
from license_hub.services.core import secrets
from license_hub.services.core.errors import ALREADY_ASSIGNED, NO_SEATS_REMAINING, DomainError, ValidationError
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_people


def _seats_used(license_id: int) -> int:
    with read_session() as s:
        return s.get(License, license_id).seats_used


def test_full_license_refuses_with_exact_message(database):
    lic = make_license(seats_total=2)
    a, b, c = make_people(3)
    for pid in (a, b):
        with write_session() as s:
            seats.assign(s, ACTOR, lic, person_id=pid)
    with pytest.raises(DomainError) as err, write_session() as s:
        seats.assign(s, ACTOR, lic, person_id=c)
    assert err.value.message == NO_SEATS_REMAINING == "No seats remaining on this license"
    assert _seats_used(lic) == 2


def test_second_active_seat_for_same_person_is_refused(database):
    lic = make_license(seats_total=5)
    (pid,) = make_people(1)
    with write_session() as s:
        seats.assign(s, ACTOR, lic, person_id=pid)
    with pytest.raises(DomainError) as err, write_session() as s:
        seats.assign(s, ACTOR, lic, person_id=pid)
    assert err.value.message == ALREADY_ASSIGNED == "This user already has an active assignment for this license"
    assert _seats_used(lic) == 1


def test_partial_unique_index_backs_the_rule(database):
    lic = make_license(seats_total=5)
    (pid,) = make_people(1)
    with write_session() as s:
        seats.assign(s, ACTOR, lic, person_id=pid)
    with pytest.raises(IntegrityError), write_session() as s:
        s.exec(
            text(
                "INSERT INTO assignment (license_id, person_id, assignee_name, device_name, seat_key_hint, "
                "assigned_at, assigned_by, revoked_by, notes) VALUES "
                f"({lic}, {pid}, '', '', '', CURRENT_TIMESTAMP, 'x', '', '')"
            )
        )


def test_free_text_assignee_and_device_with_serial_key(database):
    lic = make_license(seats_total=3)
    with write_session() as s:
        seat = seats.assign(
            s, ACTOR, lic, assignee_name="Contractor Kim", device_name="LAB-PC-07", seat_key="ABCD-EFGH-IJKL-MNOP"
        )
        seat_id = seat.id
    with read_session() as s:
        row = s.get(Assignment, seat_id)
        assert row.seat_key_cipher and b"ABCD" not in row.seat_key_cipher
        assert secrets.decrypt(row.seat_key_cipher) == "ABCD-EFGH-IJKL-MNOP"
        rows, total = seats.list_seats(s, lic)
    assert total == 1
    assert rows[0].holder == "Contractor Kim" and rows[0].device == "LAB-PC-07"
    assert rows[0].seat_key_masked == "••••-••••-MNOP"


def test_assignee_required(database):
    lic = make_license()
    with pytest.raises(ValidationError), write_session() as s:
        seats.assign(s, ACTOR, lic)


def test_reclaim_frees_the_seat_and_keeps_history(database):
    lic = make_license(seats_total=1)
    a, b = make_people(2)
    with write_session() as s:
        first = seats.assign(s, ACTOR, lic, person_id=a).id
    with write_session() as s:
        seats.reclaim(s, "reclaimer@example.com", first)
    assert _seats_used(lic) == 0
    with write_session() as s:
        seats.assign(s, ACTOR, lic, person_id=b)
    with read_session() as s:
        old = s.get(Assignment, first)
        assert old.revoked_at is not None and old.revoked_by == "reclaimer@example.com"
        active, n_active = seats.list_seats(s, lic)
        history, n_all = seats.list_seats(s, lic, include_revoked=True)
    assert (n_active, n_all) == (1, 2)
    with pytest.raises(DomainError), write_session() as s:
        seats.reclaim(s, ACTOR, first)
    assert _seats_used(lic) == 1


def test_same_person_can_be_reassigned_after_reclaim(database):
    lic = make_license(seats_total=2)
    (pid,) = make_people(1)
    with write_session() as s:
        first = seats.assign(s, ACTOR, lic, person_id=pid).id
    with write_session() as s:
        seats.reclaim(s, ACTOR, first)
    with write_session() as s:
        seats.assign(s, ACTOR, lic, person_id=pid)
    assert _seats_used(lic) == 1


def test_unlimited_never_refuses(database):
    lic = make_license(seats_total=1, seat_type="unlimited")
    with write_session() as s:
        for i in range(5):
            seats.assign(s, ACTOR, lic, assignee_name=f"guest {i}")
    assert _seats_used(lic) == 5


def test_a_million_seats_is_one_row(database):
    lic = make_license(seats_total=1_000_000)
    with read_session() as s:
        assert s.get(License, lic).seats_total == 1_000_000
        assert s.exec(text("SELECT COUNT(*) FROM assignment")).one()[0] == 0


def test_not_reassignable_license_blocks_reclaim(database):
    lic = make_license(seats_total=2, reassignable=False)
    with write_session() as s:
        seat = seats.assign(s, ACTOR, lic, assignee_name="Bound to this machine").id
    with pytest.raises(DomainError) as err, write_session() as s:
        seats.reclaim(s, ACTOR, seat)
    assert err.value.message == seats.NOT_REASSIGNABLE
    assert _seats_used(lic) == 1
