"""A fixture event log with known answers: hourly and daily high-water marks, hours
used against available, folded denials, queue wait percentiles, right-sizing, CSV."""

from __future__ import annotations

from datetime import timedelta

from license_hub.db import read_session, write_session
from license_hub.models import FloatingEvent, FloatingLease, FloatingPool
from license_hub.services.floating import analytics, leases, views
from license_hub.services.floating.engine import Holder
from tests.services.floating.builders import T0, published_pool


def m(minutes: float):
    return T0 + timedelta(minutes=minutes)


LEASES = [  # user, department, project, out, in (None: still open)
    ("alice", "Engineering", "Bridge", 0, 30),
    ("bob", "Engineering", "Tunnel", 10, 70),
    ("carol", "Sales", "Bridge", 20, 25),
    ("dave", "Sales", "=cmd()", 70, 100),  # starts as bob ends: no overlap
    ("erin", "Engineering", "Tunnel", 90, None),
]
DENIALS = [("frank", "f-pc", 40 * 60 + s) for s in (0, 5, 14, 30)] + [("frank", "g-pc", 2403), ("grace", "x", 2401)]
WAITS = [10, 20, 30, 40, 100]


def _fixture() -> int:
    pool_id = published_pool(seats=5)
    with write_session() as s:
        ids = []
        for user, dept, project, out, back in LEASES:
            lease = FloatingLease(
                pool_id=pool_id,
                user=user,
                host=f"{user}-pc",
                department=dept,
                project=project,
                checked_out_at=m(out),
                expires_at=m(out + 10 if back is not None else 200),  # the open one keeps heartbeating
                released_at=None if back is None else m(back),
            )
            s.add(lease)
            s.flush()
            ids.append(lease.id)
        for user, host, second in DENIALS:
            s.add(
                FloatingEvent(
                    pool_id=pool_id, kind="denial", user=user, host=host, occurred_at=T0 + timedelta(seconds=second)
                )
            )
        for n, wait in enumerate(WAITS):
            s.add(
                FloatingEvent(
                    pool_id=pool_id, kind="dequeue", user=f"w{n}", occurred_at=m(50), lease_id=ids[0], wait_seconds=wait
                )
            )
        s.add(FloatingEvent(pool_id=pool_id, kind="dequeue", user="left", occurred_at=m(50), wait_seconds=900))
    return pool_id


def _report(pool_id: int, dimension: str = "license", fold: int = 10) -> analytics.Report:
    with read_session() as s:
        return analytics.report(s, pool_id, 5, T0, m(120), dimension, fold_seconds=fold)


def test_peaks_hours_denials_waits(database):
    rep = _report(_fixture())
    assert [(p.bucket, p.peak) for p in rep.hourly] == [(m(0), 3), (m(60), 2)]
    assert [(p.bucket, p.peak) for p in rep.daily] == [(T0.replace(hour=0), 3)]
    (row,) = rep.rows
    assert row.peak == 3 and rep.right_size == 3
    assert row.hours_used == 2.58 and row.hours_available == 10.0
    assert (row.denials, row.denials_raw) == (4, 6)
    assert (row.wait_p50, row.wait_p95) == (30.0, 88.0)
    assert rep.advice == "3 of 5 seats would have covered the peak of 3."
    assert _report(_fixture(), fold=0).rows[0].denials == 6


def test_peaks_per_department_and_project(database):
    pool_id = _fixture()
    dept = _report(pool_id, "department")
    assert {(p.key, p.bucket.hour, p.peak) for p in dept.hourly} == {
        ("Engineering", 12, 2),
        ("Engineering", 13, 1),
        ("Sales", 12, 1),
        ("Sales", 13, 1),
        ("—", 12, 0),  # the denials and waits carry no department
        ("—", 13, 0),
    }
    project = {r.key: r for r in _report(pool_id, "project").rows}
    assert project["Bridge"].peak == 2 and project["Tunnel"].hours_used == 1.5
    assert project["Tunnel"].hours_available is None


def test_csv_goes_through_the_formula_guard(database):
    rep = _report(_fixture(), "project")
    text = "".join(analytics.summary_csv(rep))
    assert text.splitlines()[0].startswith("project,peak concurrent,hours used,hours available,denials")
    assert "'=cmd()" in text and ",=cmd()" not in text
    peaks = "".join(analytics.peaks_csv(rep)).splitlines()
    assert "Bridge,hour,2026-06-01T12:00:00+00:00,2" in peaks
    assert "Bridge,day,2026-06-01,2" in peaks


def test_an_empty_pool_reports_zeroes(database):
    pool_id = published_pool(seats=5)
    with read_session() as s:
        assert s.get(FloatingPool, pool_id) is not None
        rep = analytics.report(s, pool_id, 5, T0, m(120))
    assert rep.rows == [] and rep.peak == 0 and rep.right_size == 0


def test_an_expired_lease_not_yet_reclaimed_stops_counting_at_expiry_plus_drift(database):
    pool_id = published_pool(seats=5)
    leases.check_out("c", pool_id, Holder("ana", "a"), now=T0)  # never heartbeats: expires at 12:10
    with read_session() as s:
        assert [x.user for x in views.open_leases(s, pool_id, m(10.5))] == ["ana"]
        assert views.open_leases(s, pool_id, m(11)) == []
        (row,) = analytics.report(s, pool_id, 5, T0, m(60)).rows
    assert row.hours_used == round(10.5 / 60, 2)
