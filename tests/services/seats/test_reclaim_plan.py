"""The reclaim preview (seats and savings per license, per currency), the seats one
license gives up, pending keep-or-give-up questions left alone, and the in-app
notices to the holders who use this app."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy import update
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, Notification, Person
from license_hub.services.access import accounts as access
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import reclaim, reclaim_plan
from tests.factories import ACTOR, make_license, make_people, make_product

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
D = Decimal


def _seat(lic: int, person: int, *, used_days_ago: int | None) -> int:
    with write_session() as s:
        aid = seats.assign(s, ACTOR, lic, person_id=person).id
        s.exec(
            update(Assignment)
            .where(Assignment.id == aid)
            .values(
                assigned_at=NOW - timedelta(days=400),
                last_used_at=None if used_days_ago is None else NOW - timedelta(days=used_days_ago),
            )
        )
    return aid


def _fleet():
    """Figma (EUR, 120/seat/year): 3 dormant + 1 busy; Slack (USD, 10/month): 2 dormant;
    Locked (EUR, not reassignable): 1 dormant."""
    people = make_people(7)
    with write_session() as s:
        s.exec(update(Person).where(Person.id.in_(people)).values(last_sign_in_at=NOW - timedelta(days=1)))
    figma = make_license(make_product("Figma"), seats_total=10, cost_per_seat="120.00", currency="EUR")
    slack = make_license(
        make_product("Slack"), seats_total=10, cost_per_seat="10.00", currency="USD", billing_cycle="monthly"
    )
    locked = make_license(make_product("Locked"), seats_total=5, cost_per_seat="50.00", reassignable=False)
    ids = {
        "f1": _seat(figma, people[0], used_days_ago=200),
        "f2": _seat(figma, people[1], used_days_ago=120),
        "f3": _seat(figma, people[2], used_days_ago=95),
        "f4": _seat(figma, people[3], used_days_ago=3),
        "s1": _seat(slack, people[4], used_days_ago=300),
        "s2": _seat(slack, people[5], used_days_ago=100),
        "l1": _seat(locked, people[6], used_days_ago=365),
    }
    return {"figma": figma, "slack": slack, "locked": locked, "seats": ids, "people": people}


def _plan(**kw) -> reclaim_plan.ReclaimPlan:
    with read_session() as s:
        return reclaim_plan.plan(s, now=NOW, **kw)


def test_plan_counts_reclaimable_seats_and_savings_per_currency(database):
    f = _fleet()
    plan = _plan(rates={"USD": "0.90"}, workspace_currency="EUR")
    assert [(ln.product, ln.seats, ln.currency, ln.savings) for ln in plan.lines] == [
        ("Figma", 3, "EUR", D("360.00")),
        ("Slack", 2, "USD", D("240.00")),
    ]
    assert plan.seats == 5 and plan.held_back == 1 and plan.awaiting == 0
    assert plan.by_currency == {"EUR": D("360.00"), "USD": D("240.00")}
    assert plan.converted_total == D("576.00") and plan.not_converted == ()
    assert plan.license_ids == [f["figma"], f["slack"]]
    # Without a rate the dollars stay out of the total, and say so.
    assert _plan().not_converted == ("USD",)
    assert _plan(window_days=180).seats == 2  # a longer window finds fewer


def test_seat_ids_per_license_and_pending_questions(database):
    f = _fleet()
    ids = f["seats"]
    with read_session() as s:
        assert reclaim_plan.dormant_seat_ids(s, f["figma"], now=NOW) == [ids["f1"], ids["f2"], ids["f3"]]
        assert reclaim_plan.dormant_seat_ids(s, f["locked"], now=NOW) == [ids["l1"]]  # reclaim skips it
    with write_session() as s:
        reclaim.request_confirmation(s, ACTOR, [ids["f2"]], days=7, now=NOW)
    with read_session() as s:
        assert reclaim_plan.dormant_seat_ids(s, f["figma"], now=NOW) == [ids["f1"], ids["f3"]]
        assert reclaim_plan.dormant_seat_ids(s, f["figma"], now=NOW, include_asked=True) == [
            ids["f1"],
            ids["f2"],
            ids["f3"],
        ]
    plan = _plan()
    figma = next(ln for ln in plan.lines if ln.license_id == f["figma"])
    assert (figma.seats, figma.awaiting, figma.savings) == (2, 1, D("240.00"))
    assert plan.awaiting == 1 and plan.seats == 4


def test_reclaiming_the_plan_empties_it(database):
    f = _fleet()
    for lid in _plan().license_ids:
        with write_session() as s:
            ids = reclaim_plan.dormant_seat_ids(s, lid, now=NOW)
            assert reclaim.reclaim_dormant(s, ACTOR, ids, now=NOW).reclaimed == len(ids)
    plan = _plan()
    assert plan.seats == 0 and plan.lines == () and plan.held_back == 1 and plan.by_currency == {}
    with read_session() as s:
        assert seats.active_count(s, f["figma"]) == 1


def test_holders_who_use_the_app_are_notified(database):
    f = _fleet()
    p0, p1 = f["people"][0], f["people"][1]
    with write_session() as s:
        email0 = s.get(Person, p0).email
        linked = access.create_user(s, ACTOR, email="linked@example.com", password="long enough pw 1", role="Viewer")
        linked.person_id = p1
        s.add(linked)
        same_email = access.create_user(s, ACTOR, email=email0.upper(), password="long enough pw 1", role="Viewer")
        gone = access.create_user(s, ACTOR, email="gone@example.com", password="long enough pw 1", role="Viewer")
        gone.person_id, gone.active = p1, False
        s.add(gone)
        s.flush()
        ids = (linked.id, same_email.id)
    with read_session() as s:
        assert reclaim_plan.users_of(s, [p0, p1, f["people"][2]]) == {p0: [ids[1]], p1: [ids[0]]}
    with write_session() as s:
        sent = reclaim_plan.notify_reclaimed(s, f["figma"], [p0, p1, f["people"][2]], window_days=90, now=NOW)
        asked = reclaim_plan.notify_asked(s, f["slack"], [p0], NOW + timedelta(days=14), now=NOW)
    assert (sent, asked) == (2, 1)
    with read_session() as s:
        rows = s.exec(select(Notification).order_by(Notification.id)).all()
    assert [(n.user_id, n.kind, n.title, n.link) for n in rows] == [
        (ids[1], "seat_reclaimed", "Your Figma seat was reclaimed", f"/licenses/{f['figma']}"),
        (ids[0], "seat_reclaimed", "Your Figma seat was reclaimed", f"/licenses/{f['figma']}"),
        (ids[1], "seat_request", "Do you still need your Slack seat?", f"/licenses/{f['slack']}"),
    ]
    assert "90 days" in rows[0].body and "07 Dec 2026" in rows[2].body
