"""Utilization: fill ranking, dormant seats per signal (hand-worked), the reclaim
preview, bulk reclaim, keep-or-give-up requests, fill over time and its charts."""

from __future__ import annotations

import itertools
import random
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import plotly.graph_objects as go
import pytest
from sqlalchemy import update
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent, License, Person
from license_hub.models.utilization import ReclaimRequest
from license_hub.services.core.errors import DomainError, ValidationError
from license_hub.services.directory import people
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.reports import charts, dormant_seats, frames, utilization
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import reclaim
from tests.factories import ACTOR, make_license, make_people, make_product

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
_names = itertools.count()


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def _set(model, row_id: int, **values) -> None:
    with write_session() as s:
        s.exec(update(model).where(model.id == row_id).values(**values))


def _seat(lic: int, *, person: int | None = None, assigned: int = 200, used: int | None = None, **kw) -> int:
    with write_session() as s:
        aid = seats.assign(s, ACTOR, lic, person_id=person, **kw).id
    _set(Assignment, aid, assigned_at=ago(assigned), last_used_at=None if used is None else ago(used))
    return aid


def _person(signin: int | None = None) -> int:
    (pid,) = make_people(1, prefix=f"holder{next(_names)}-")
    _set(Person, pid, last_sign_in_at=None if signin is None else ago(signin))
    return pid


@pytest.fixture
def fleet(database):
    """One license with a seat of every kind (see the table in the test below)."""
    lic = make_license(seats_total=20, cost_per_seat="100.00", currency="EUR")
    pids = {
        k: _person(signin=s)
        for k, s in (
            ("a", 1),
            ("b", 1),
            ("c", 200),
            ("d", None),
            ("e", 5),
            ("f", 1),
            ("g", None),
            ("j", None),
            ("k", 1),
        )
    }
    with write_session() as s:
        dev = people.create_device(s, ACTOR, name="LAB-07").id
    ids = {
        "a": _seat(lic, person=pids["a"], used=10),
        "b": _seat(lic, person=pids["b"], used=100),
        "c": _seat(lic, person=pids["c"]),
        "d": _seat(lic, person=pids["d"]),
        "e": _seat(lic, person=pids["e"]),
        "f": _seat(lic, person=pids["f"], used=1),
        "g": _seat(lic, person=pids["g"]),
        "h": _seat(lic, assignee_name="Kiosk"),
        "i": _seat(lic, device_id=dev, assigned=300, used=200),
        "j": _seat(lic, person=pids["j"], assigned=10),
        "k": _seat(lic, person=pids["k"]),
    }
    _set(Person, pids["f"], status="offboarded")
    _set(Person, pids["g"], status="inactive")
    with write_session() as s:
        seats.reclaim(s, ACTOR, ids["k"])
    return {"license": lic, "seats": ids, "people": pids}


def _report(**kw) -> utilization.UtilizationReport:
    with read_session() as s:
        return utilization.utilization_report(s, now=NOW, **kw)


def _row(report, lic: int) -> dict:
    return report.licenses.set_index("license_id").loc[lic].to_dict()


def test_dormancy_per_signal_hand_worked(fleet):
    #   seat  holder               last use  sign-in  held   signal        dormant
    #   a     active               10 d      1 d      200 d  Real usage    no
    #   b     active               100 d     1 d      200 d  Real usage    yes
    #   c     active               -         200 d    200 d  Login proxy   yes (weak)
    #   d     active               -         never    200 d  Login proxy   yes (weak)
    #   e     active               -         5 d      200 d  Login proxy   no
    #   f     offboarded           1 d       1 d      200 d  User status   yes (always)
    #   g     inactive             -         never    200 d  User status   yes (always)
    #   h     free text "Kiosk"    -         -        200 d  No signal     no
    #   i     device LAB-07        200 d     -        300 d  Real usage    yes
    #   j     active               -         never    10 d   Login proxy   no (held < window)
    #   k     reclaimed                                                     not counted
    row = _row(_report(), fleet["license"])
    assert {k: row[k] for k in utilization.BY_LICENSE_COLUMNS[1:]} == {
        "seats_active": 10,
        "dormant_seats": 6,
        "status_seats": 2,
        "usage_seats": 3,
        "login_seats": 4,
        "no_signal_seats": 1,
        "dormant_status": 2,
        "dormant_usage": 2,
        "dormant_login": 2,
    }
    assert (row["annual_cost_per_seat"], row["potential_savings"]) == (Decimal("100.00"), Decimal("600.00"))


def test_signal_totals_mark_the_login_proxy_as_weak(fleet):
    totals = _report().signals.set_index("signal")
    assert totals.loc["Login proxy"].to_dict() == {"seats": 4, "dormant": 2, "weak": True}
    assert totals.loc["User status"].to_dict() == {"seats": 2, "dormant": 2, "weak": False}
    assert totals.loc["No signal", "dormant"] == 0


@pytest.mark.parametrize("window, dormant", [(90, 6), (30, 6), (7, 8), (365, 2)])
def test_window_is_a_parameter(fleet, window, dormant):
    # 7 days: a (used 10 d ago) and j (held 10 d, never signed in) turn dormant;
    # 365 days: only the two holders who left remain.
    assert _row(_report(window_days=window), fleet["license"])["dormant_seats"] == dormant


def test_bad_window_is_refused(database):
    with pytest.raises(ValidationError), read_session() as s:
        utilization.fetch_dormancy(s, window_days=0)


def test_preview_lists_dormant_seats_with_their_signal(fleet):
    ids, lic = fleet["seats"], fleet["license"]
    with read_session() as s:
        rows, total = dormant_seats.list_dormant_seats(s, now=NOW, license_id=lic)
        page, _ = dormant_seats.list_dormant_seats(s, now=NOW, license_id=lic, offset=2, limit=2)
    assert total == 6
    by_id = {r.assignment_id: r for r in rows}
    assert set(by_id) == {ids[k] for k in "bcdfgi"}
    assert [r.assignment_id for r in page] == sorted(by_id)[2:4]
    assert (by_id[ids["b"]].signal, by_id[ids["b"]].weak, by_id[ids["b"]].last_seen) == ("Real usage", False, ago(100))
    assert (by_id[ids["c"]].signal, by_id[ids["c"]].weak, by_id[ids["c"]].last_seen) == ("Login proxy", True, ago(200))
    assert (by_id[ids["d"]].signal, by_id[ids["d"]].last_seen) == ("Login proxy", None)
    assert (by_id[ids["f"]].signal, by_id[ids["f"]].last_seen) == ("User status", None)
    assert (by_id[ids["i"]].device, by_id[ids["i"]].signal) == ("LAB-07", "Real usage")


def test_only_active_licenses_are_reported(fleet):
    product = make_product("Slack")
    kinds = {}
    for status in ("expired", "cancelled", "trial", "pending_renewal"):
        kinds[status] = make_license(product, seats_total=3, status=status)
        _seat(kinds[status], person=_person())
    archived = make_license(product, seats_total=3)
    _seat(archived, person=_person())
    with write_session() as s:
        licenses.archive(s, ACTOR, archived)
    report = _report()
    listed = set(report.licenses["license_id"])
    assert {kinds["trial"], kinds["pending_renewal"], fleet["license"]} <= listed
    assert not {kinds["expired"], kinds["cancelled"], archived} & listed
    with read_session() as s:
        assert dormant_seats.count_dormant_seats(s, now=NOW) == 6 + 2
        rows, total = dormant_seats.list_dormant_seats(s, now=NOW, with_total=False, limit=100)
    assert (
        total is None
        and len(rows) == 8
        and {r.license_id for r in rows} == {fleet["license"], kinds["trial"], kinds["pending_renewal"]}
    )


def test_fill_ranking_skips_unlimited_and_breaks_ties_by_id(database):
    product = make_product("Zoom")
    made = {}
    for key, total, used, seat_type in (
        ("half", 10, 5, "user"),
        ("full_a", 10, 9, "user"),
        ("low", 10, 1, "user"),
        ("full_b", 20, 18, "device"),
        ("unlimited", 1, 50, "unlimited"),
    ):
        made[key] = make_license(product, seats_total=total, seat_type=seat_type)
        _set(License, made[key], seats_used=used)
    ranking = _report().ranking
    assert list(ranking["license_id"]) == [made[k] for k in ("full_a", "full_b", "half", "low")]
    assert list(ranking["rank"]) == [1, 2, 3, 4]
    assert list(ranking["fill_pct"]) == [90.0, 90.0, 50.0, 10.0]
    with read_session() as s:
        lic_frame = frames.fetch_licenses(s)
    emptiest = utilization.fill_ranking(lic_frame, ascending=True)
    assert list(emptiest["license_id"])[0] == made["low"]


def test_decomposed_counts_match_the_per_seat_verdict(database):
    """The report's three aggregates agree with the per-seat SQL verdict on random seats."""
    rng = random.Random(11)
    product = make_product("Random")
    lics = [make_license(product, seats_total=40) for _ in range(3)]
    for _ in range(60):
        status = rng.choice(["active", "active", "inactive", "offboarded"])
        pid = _person(signin=rng.choice([None, 3, 50, 120, 400]))
        lic = rng.choice(lics)
        if rng.random() < 0.15:
            _seat(lic, assignee_name="free", assigned=rng.choice([5, 100]), used=rng.choice([None, 20, 200]))
        _seat(lic, person=pid, assigned=rng.choice([5, 60, 100, 400]), used=rng.choice([None, None, 2, 95, 300]))
        _set(Person, pid, status=status)
    for window in (30, 90, 180):
        report = _report(window_days=window)
        with read_session() as s:
            stmt = dormant_seats.dormant_seats_statement(utilization.cutoff_for(NOW, window))
            per_seat: dict[int, int] = {}
            for r in s.execute(stmt):
                per_seat[r[1]] = per_seat.get(r[1], 0) + 1
        got = {int(k): int(v) for k, v in zip(report.licenses["license_id"], report.licenses["dormant_seats"]) if v}
        assert got == per_seat


# ----------------------------------------------------------------- reclaim


def _seats_used(lic: int) -> int:
    with read_session() as s:
        return s.get(License, lic).seats_used


def test_bulk_reclaim_frees_dormant_seats_and_names_the_people(fleet):
    ids, lic, pids = fleet["seats"], fleet["license"], fleet["people"]
    before = _seats_used(lic)
    with write_session() as s:
        result = reclaim.reclaim_dormant(s, ACTOR, [ids["b"], ids["c"], ids["a"], ids["k"], 999_999, ids["b"]], now=NOW)
    assert (result.reclaimed, result.by_license) == (2, {lic: 2})
    assert result.person_ids == tuple(sorted([pids["b"], pids["c"]]))
    assert dict(result.skipped) == {
        ids["a"]: reclaim.NO_LONGER_DORMANT,
        ids["k"]: reclaim.ALREADY_RECLAIMED,
        999_999: reclaim.SEAT_NOT_FOUND,
    }
    assert _seats_used(lic) == before - 2
    with read_session() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "reclaim_dormant")).one()
        revoked = s.get(Assignment, ids["b"])
    assert (event.object_id, revoked.revoked_by, revoked.revoked_at) == (lic, ACTOR, NOW)
    assert '"count":2' in event.diff


def test_bulk_reclaim_respects_non_reassignable_licenses(fleet):
    _set(License, fleet["license"], reassignable=False)
    with write_session() as s:
        result = reclaim.reclaim_dormant(s, ACTOR, [fleet["seats"]["g"]], now=NOW)
    assert result.reclaimed == 0 and result.skipped == ((fleet["seats"]["g"], reclaim.NOT_REASSIGNABLE),)


def test_bulk_reclaim_needs_a_selection(database):
    with pytest.raises(ValidationError), write_session() as s:
        reclaim.reclaim_dormant(s, ACTOR, [])


def test_keep_or_give_up_requests(fleet):
    ids, lic = fleet["seats"], fleet["license"]
    with write_session() as s:
        asked = reclaim.request_confirmation(s, ACTOR, [ids[k] for k in "bcdh"], days=7, now=NOW)
    assert asked.respond_by == NOW + timedelta(days=7)
    assert dict(asked.skipped) == {ids["h"]: reclaim.NO_ONE_TO_ASK}
    assert set(asked.person_ids) == {fleet["people"][k] for k in "bcd"}
    with write_session() as s:
        again = reclaim.request_confirmation(s, ACTOR, [ids["b"]], now=NOW)
    assert again.skipped == ((ids["b"], reclaim.ALREADY_ASKED),)
    with read_session() as s:
        req = reclaim.open_requests(s, [ids["b"], ids["c"], ids["d"]])
    with write_session() as s:
        reclaim.respond(
            s, "b@example.com", req[ids["b"]].id, "keep", person_id=fleet["people"]["b"], now=NOW + timedelta(days=1)
        )
        reclaim.respond(s, "c@example.com", req[ids["c"]].id, "give_up", now=NOW + timedelta(days=2))
    with pytest.raises(DomainError), write_session() as s:  # someone else's seat
        reclaim.respond(s, "x", req[ids["d"]].id, "keep", person_id=fleet["people"]["b"])
    before = _seats_used(lic)
    with write_session() as s:  # before the deadline: the answered ones only
        first = reclaim.process_due(s, now=NOW + timedelta(days=3))
    assert (first.reclaimed, first.kept, first.person_ids) == (1, 1, (fleet["people"]["c"],))
    with read_session() as s:
        kept = s.get(Assignment, ids["b"])
        assert kept.revoked_at is None and kept.last_used_at == NOW + timedelta(days=3)
        assert s.get(Assignment, ids["c"]).revoked_at is not None
        assert s.get(Assignment, ids["d"]).revoked_at is None
    with pytest.raises(DomainError) as err, write_session() as s:
        reclaim.respond(s, "d@example.com", req[ids["d"]].id, "keep", now=NOW + timedelta(days=8))
    assert err.value.message == reclaim.DEADLINE_PASSED
    with write_session() as s:  # past the deadline: the silent one goes
        second = reclaim.process_due(s, now=NOW + timedelta(days=8))
    assert (second.reclaimed, second.kept, second.person_ids) == (1, 0, (fleet["people"]["d"],))
    assert _seats_used(lic) == before - 2
    with read_session() as s:
        outcomes = dict(s.execute(select(ReclaimRequest.assignment_id, ReclaimRequest.outcome)).all())
        assert outcomes == {ids["b"]: "kept", ids["c"]: "reclaimed", ids["d"]: "reclaimed"}
    with write_session() as s:
        assert reclaim.process_due(s, now=NOW + timedelta(days=30)).reclaimed == 0


def test_bad_answers_and_deadlines_are_refused(fleet):
    with pytest.raises(ValidationError), write_session() as s:
        reclaim.request_confirmation(s, ACTOR, [fleet["seats"]["b"]], days=0)
    with write_session() as s:
        reclaim.request_confirmation(s, ACTOR, [fleet["seats"]["b"]], now=NOW)
    with read_session() as s:
        req = reclaim.open_requests(s, [fleet["seats"]["b"]])[fleet["seats"]["b"]]
    with pytest.raises(ValidationError), write_session() as s:
        reclaim.respond(s, ACTOR, req.id, "maybe")


# ------------------------------------------------------------ over time


def test_seats_over_time_from_assignment_history(database):
    lic = make_license(seats_total=10)
    for assigned, revoked in ((400, None), (100, None), (100, 40), (40, None), (5, None)):
        aid = _seat(lic, person=_person(), assigned=assigned)
        if revoked is not None:
            _set(Assignment, aid, revoked_at=ago(revoked))
    with read_session() as s:
        movements = utilization.fetch_seat_movements(s, lic)
    history = utilization.seats_over_time(movements, end=NOW, months=6)
    # months end Jun..Nov 2026: 400 d ago is Oct 2025 (before the range), 100 d ago Aug, 40 d ago Oct, 5 d ago Nov.
    assert list(history["month"]) == ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
    assert list(history["seats_in_use"]) == [1, 1, 3, 3, 3, 4]
    assert list(history["fill_pct"]) == [10.0, 10.0, 30.0, 30.0, 30.0, 40.0]
    fig = charts.utilization_over_time(history)
    assert isinstance(fig, go.Figure) and list(fig.data[0].y) == [1, 1, 3, 3, 3, 4]


def test_charts_from_the_report(fleet):
    report = _report()
    fig = charts.fill_ranking_bar(report.ranking)
    assert isinstance(fig, go.Figure) and list(fig.data[0].x) == [50.0]  # 10 of 20 seats used
    savings_fig = charts.savings_by_product(report.savings.by_product)
    assert list(savings_fig.data[0].y) == [600.0]
    assert charts.savings_by_category(report.savings.by_category.iloc[0:0]).layout.annotations
    assert charts.fill_ranking_bar(report.ranking.iloc[0:0]).layout.annotations
