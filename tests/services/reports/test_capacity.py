"""Capacity alerts, most urgent first: the fuller license first, then the one whose
next date (renewal, else expiry) comes first, none last; paged and counted in SQL,
and the same set of licenses the compliance report flags."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update

from license_hub.db import read_session, write_session
from license_hub.models import License
from license_hub.services.reports import capacity, compliance
from tests.factories import make_license, make_product

TODAY = date(2026, 11, 23)


def _set(lic: int, **values) -> None:
    with write_session() as s:
        s.exec(update(License).where(License.id == lic).values(**values))


def test_most_urgent_first_then_paged(database):
    product = make_product("Jira")
    full_late = make_license(product, name="Full, renews late", seats_total=4)
    full_soon = make_license(product, name="Full, renews soon", seats_total=10)
    full_expiring = make_license(product, name="Full, only an expiry", seats_total=2)
    full_undated = make_license(product, name="Full, no date", seats_total=5)
    ninety = make_license(product, name="At 90%", seats_total=10)
    below = make_license(product, name="Below", seats_total=10)
    unlimited = make_license(product, name="Unlimited", seats_total=1, seat_type="unlimited")
    archived = make_license(product, name="Expired", seats_total=1, status="expired")
    _set(full_late, seats_used=4, renewal_date=TODAY + timedelta(days=200))
    _set(full_soon, seats_used=10, renewal_date=TODAY + timedelta(days=20))
    _set(full_expiring, seats_used=2, expiry_date=TODAY + timedelta(days=60))
    _set(full_undated, seats_used=5)
    _set(ninety, seats_used=9, renewal_date=TODAY + timedelta(days=1))
    _set(below, seats_used=8, renewal_date=TODAY)
    _set(unlimited, seats_used=100)
    _set(archived, seats_used=1)
    with read_session() as s:
        alerts = capacity.list_alerts(s, limit=10)
        total = capacity.count_alerts(s)
        second = capacity.list_alerts(s, limit=2, offset=2)
        flagged = compliance.compliance_report(s)[2]
    assert [a.license_id for a in alerts] == [full_soon, full_expiring, full_late, full_undated, ninety]
    assert [a.fill_pct for a in alerts] == [100.0, 100.0, 100.0, 100.0, 90.0]
    assert alerts[0].days_to(TODAY) == 20 and alerts[3].days_to(TODAY) is None
    assert (alerts[0].product, alerts[0].name, alerts[0].seats_used, alerts[0].seats_total) == (
        "Jira",
        "Full, renews soon",
        10,
        10,
    )
    assert alerts[4].capacity_threshold_pct == 90
    assert total == 5 and [a.license_id for a in second] == [full_late, full_undated]
    assert sorted(flagged["license_id"]) == sorted(a.license_id for a in alerts)


def test_over_capacity_beats_full_and_a_raised_threshold_silences(database):
    product = make_product("Visio")
    over = make_license(product, seats_total=2)
    full = make_license(product, seats_total=3)
    quiet = make_license(product, seats_total=10, capacity_threshold_pct=100)
    _set(over, seats_used=3)
    _set(full, seats_used=3)
    _set(quiet, seats_used=9)
    with read_session() as s:
        assert [a.license_id for a in capacity.list_alerts(s)] == [over, full]
        assert [a.fill_pct for a in capacity.list_alerts(s)] == [150.0, 100.0]
        assert capacity.count_alerts(s) == 2


def test_no_alert_on_an_empty_workspace(database):
    with read_session() as s:
        assert capacity.list_alerts(s) == [] and capacity.count_alerts(s) == 0
