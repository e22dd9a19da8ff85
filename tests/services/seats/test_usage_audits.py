"""Usage audits as seed 003 describes them: start snapshots the count, one in progress
per license, complete overwrites seats_used and keeps history, next audit 1-12 months
out, cancel, drift; every step audited, nothing half-saved."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent, License, UsageAudit
from license_hub.services.core.errors import DomainError, ValidationError
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import usage_audits
from tests.factories import ACTOR, make_license, make_people

T0 = datetime(2026, 1, 31, 9, 0, tzinfo=timezone.utc)


def _license(lid: int) -> License:
    with read_session() as s:
        return s.get(License, lid)


def _with_seats(n_people: int, seats_total: int = 10) -> int:
    lic = make_license(seats_total=seats_total)
    for pid in make_people(n_people):
        with write_session() as s:
            seats.assign(s, ACTOR, lic, person_id=pid)
    return lic


def _seat_ids(lid: int) -> list[int]:
    with read_session() as s:
        return sorted(s.exec(select(Assignment.id).where(Assignment.license_id == lid)).all())


def _actions(object_id: int) -> list[str]:
    with read_session() as s:
        stmt = select(AuditEvent.action).where(AuditEvent.object_type == "license", AuditEvent.object_id == object_id)
        return list(s.exec(stmt.order_by(AuditEvent.seq)))


def test_start_snapshots_seats_used_and_flags_the_license(database):
    lic = _with_seats(3)
    with write_session() as s:
        audit = usage_audits.start(s, ACTOR, lic, now=T0)
        assert (audit.status, audit.seats_before, audit.started_by) == ("in_progress", 3, ACTOR)
    with read_session() as s:
        assert usage_audits.in_progress(s, lic).seats_before == 3
    assert _actions(lic)[-1] == "usage_audit_start"


def test_second_start_is_refused_until_the_first_is_closed(database):
    lic = _with_seats(1)
    with write_session() as s:
        usage_audits.start(s, ACTOR, lic)
    with pytest.raises(DomainError) as err, write_session() as s:
        usage_audits.start(s, ACTOR, lic)
    assert err.value.message == usage_audits.AUDIT_IN_PROGRESS
    assert "already in progress" in err.value.message
    with write_session() as s:
        usage_audits.complete(s, ACTOR, lic, seats_after=1)
    with write_session() as s:
        usage_audits.start(s, ACTOR, lic)  # allowed again


def test_partial_unique_index_backs_one_in_progress(database):
    lic = _with_seats(0)
    with write_session() as s:
        usage_audits.start(s, ACTOR, lic)
    with pytest.raises(IntegrityError), write_session() as s:
        s.exec(
            text(
                "INSERT INTO usage_audit (license_id, status, seats_before, notes, started_at, started_by, "
                f"completed_by) VALUES ({lic}, 'in_progress', 0, '', CURRENT_TIMESTAMP, 'x', '')"
            )
        )


def test_complete_overwrites_seats_used_and_keeps_history(database):
    lic = _with_seats(4)
    with write_session() as s:
        usage_audits.start(s, ACTOR, lic, now=T0)
    with write_session() as s:
        usage_audits.complete(
            s,
            "auditor@example.com",
            lic,
            seats_after=2,
            notes="  Removed two leavers  ",
            next_audit_months=1,
            now=T0.replace(day=31, hour=17),
            reclaim_ids=_seat_ids(lic)[:2],
        )
    assert _license(lic).seats_used == 2
    with read_session() as s:
        (entry,) = usage_audits.history(s, lic)
        assert usage_audits.in_progress(s, lic) is None
    assert (entry.status, entry.seats_before, entry.seats_after, entry.delta) == ("completed", 4, 2, -2)
    assert entry.notes == "Removed two leavers"
    assert entry.completed_by == "auditor@example.com"
    assert entry.next_audit_on == date(2026, 2, 28)  # relativedelta: Jan 31 + 1 month
    assert _actions(lic)[-1] == "usage_audit_complete"


@pytest.mark.parametrize(
    "months, expected",
    [
        (1, date(2026, 2, 28)),
        (2, date(2026, 3, 31)),
        (3, date(2026, 4, 30)),
        (4, date(2026, 5, 31)),
        (6, date(2026, 7, 31)),
        (9, date(2026, 10, 31)),
        (12, date(2027, 1, 31)),
        (None, None),
    ],
)
def test_next_audit_date(months, expected):
    assert usage_audits.next_audit_date(date(2026, 1, 31), months) == expected


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(seats_after=-1), "seats_after"),
        (dict(seats_after="many"), "seats_after"),
        (dict(seats_after=True), "seats_after"),
        (dict(seats_after=3, next_audit_months=5), "next_audit_months"),
        (dict(seats_after=3, notes="x" * 10_001), "notes"),
    ],
)
def test_bad_completion_changes_nothing(database, kwargs, field):
    lic = _with_seats(2)
    with write_session() as s:
        usage_audits.start(s, ACTOR, lic)
    with pytest.raises(ValidationError) as err, write_session() as s:
        usage_audits.complete(s, ACTOR, lic, **kwargs)
    assert field in err.value.errors
    assert _license(lic).seats_used == 2
    with read_session() as s:
        assert usage_audits.in_progress(s, lic) is not None


def test_zero_is_a_valid_count(database):
    lic = _with_seats(2)
    with write_session() as s:
        usage_audits.start(s, ACTOR, lic)
        usage_audits.complete(s, ACTOR, lic, seats_after="0", reclaim_ids=_seat_ids(lic))
    assert _license(lic).seats_used == 0


def test_cancel_keeps_seats_used_and_records_it(database):
    lic = _with_seats(3)
    with write_session() as s:
        usage_audits.start(s, ACTOR, lic)
    with write_session() as s:
        usage_audits.cancel(s, ACTOR, lic)
    assert _license(lic).seats_used == 3
    with read_session() as s:
        (entry,) = usage_audits.history(s, lic)
    assert (entry.status, entry.seats_after, entry.delta) == ("cancelled", None, None)
    assert _actions(lic)[-1] == "usage_audit_cancel"


def test_complete_or_cancel_without_open_audit_is_refused(database):
    lic = _with_seats(0)
    for call in (
        lambda s: usage_audits.complete(s, ACTOR, lic, seats_after=1),
        lambda s: usage_audits.cancel(s, ACTOR, lic),
    ):
        with pytest.raises(DomainError) as err, write_session() as s:
            call(s)
        assert err.value.message == usage_audits.NO_AUDIT_IN_PROGRESS


def test_archived_license_cannot_be_audited(database):
    from license_hub.services.licenses import lifecycle as licenses

    lic = _with_seats(0)
    with write_session() as s:
        licenses.archive(s, ACTOR, lic)
    with pytest.raises(DomainError), write_session() as s:
        usage_audits.start(s, ACTOR, lic)


def test_history_is_newest_first(database):
    lic = _with_seats(1)
    for i, count in enumerate((5, 3)):
        with write_session() as s:
            usage_audits.start(s, ACTOR, lic, now=T0.replace(day=1 + i))
            usage_audits.complete(s, ACTOR, lic, seats_after=count, now=T0.replace(day=1 + i))
    with read_session() as s:
        entries = usage_audits.history(s, lic)
    assert [(e.seats_before, e.seats_after) for e in entries] == [(5, 3), (1, 5)]


def test_drift_is_recorded_minus_assigned(database):
    lic = _with_seats(3)
    with write_session() as s:
        usage_audits.start(s, ACTOR, lic)
        usage_audits.complete(s, ACTOR, lic, seats_after=7, notes="vendor console shows 7")
    with read_session() as s:
        d = usage_audits.drift(s, lic)
    assert (d.seats_used, d.active_assignments, d.drift) == (7, 3, 4)
    with read_session() as s:
        assert s.exec(select(UsageAudit).where(UsageAudit.license_id == lic)).one().seats_after == 7
