"""Capacity forecast and right-sizing at renewal: exact figures from fixture seat histories."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pandas as pd
from sqlalchemy import update

from license_hub.db import read_session, write_session
from license_hub.models import License
from license_hub.services.reports import forecast as fc
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_product

TODAY = date(2026, 6, 1)


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=timezone.utc) + timedelta(hours=12)


def test_daily_seats_counts_each_day_and_drops_revoked_ones():
    start = date(2026, 1, 1)
    spans = [
        (date(2025, 12, 1), None),  # before the window, still held
        (date(2025, 12, 1), date(2025, 12, 20)),  # gone before the window
        (date(2026, 1, 2), date(2026, 1, 4)),  # held on the 2nd and 3rd
        (date(2026, 1, 1), date(2026, 1, 1)),  # revoked the day it was given: never at a day's end
        (date(2026, 1, 9), None),  # after the window
    ]
    daily = fc.daily_seats(spans, start, date(2026, 1, 5))
    assert daily.tolist() == [1, 2, 2, 1, 1]


def test_fit_is_least_squares_per_day():
    assert fc.fit(pd.Series([1, 2, 3, 4])) == fc.Trend(4, 1.0, 4, 4)
    assert fc.fit(pd.Series([10, 8, 6, 4])) == fc.Trend(4, -2.0, 4, 10)
    assert fc.fit(pd.Series([3, 3, 3])).slope_per_day == 0.0
    # 0, 0, 3, 3: slope = sum((x-1.5)(y-1.5)) / sum((x-1.5)^2) = 6 / 5
    assert fc.fit(pd.Series([0, 0, 3, 3])).slope_per_day == 1.2


def test_forecast_labels():
    rising = fc.Trend(91, 0.5, 30, 30)
    got = fc.forecast(1, 40, "user", rising, TODAY)
    assert (got.days_until_full, got.full_on, got.label) == (
        20,
        date(2026, 6, 21),
        "Full in ~20 days (around 2026-06-21)",
    )
    assert fc.forecast(1, 31, "user", fc.Trend(91, 1.0, 30, 30), TODAY).label == "Full in ~1 day (around 2026-06-02)"
    assert fc.forecast(1, 40, "user", fc.Trend(91, 0.0, 30, 30), TODAY).label == "Not filling up"
    assert fc.forecast(1, 40, "user", fc.Trend(91, -0.2, 30, 35), TODAY).label == "Not filling up"
    full = fc.forecast(1, 30, "user", fc.Trend(91, 0.0, 30, 30), TODAY)
    assert (full.label, full.days_until_full) == ("Full now", 0)
    assert fc.forecast(1, 30, "unlimited", rising, TODAY).label == "Unlimited seats"
    assert fc.forecast(1, 30, "user", None, TODAY).label == "Not enough history"


def test_right_size_peak_plus_headroom_and_saving():
    flat = fc.Trend(91, 0.0, 30, 40)
    got = fc.right_size(
        flat, seats_total=60, renewal_on=date(2026, 9, 1), today=TODAY, annual_seat_cost=Decimal("120"), currency="EUR"
    )
    # need = peak 40; 40 * 1.10 = 44; 16 seats fewer at 120 a year
    assert (got.projected, got.recommended, got.change, got.saving) == (30, 44, -16, Decimal("1920.00"))
    rising = fc.Trend(91, 0.5, 30, 30)
    got = fc.right_size(
        rising,
        seats_total=40,
        renewal_on=TODAY + timedelta(days=30),
        today=TODAY,
        annual_seat_cost=None,
        currency="USD",
    )
    # projected 30 + 15 = 45; 45 * 1.10 = 49.5 -> 50; 10 more seats than today, cost unknown
    assert (got.projected, got.recommended, got.change, got.saving) == (45, 50, 10, None)


def _backdate(license_id: int, created: date) -> None:
    with write_session() as s:
        s.exec(update(License).where(License.id == license_id).values(created_at=_at(created)))


def _seat(license_id: int, n: int, assigned: date, revoked: date | None = None) -> None:
    with write_session() as s:
        seat = seats.assign(s, ACTOR, license_id, assignee_name=f"Holder {n}")
        seat.assigned_at = _at(assigned)
        seat.revoked_at = _at(revoked) if revoked else None
        s.add(seat)


def _sync_used(license_id: int) -> None:
    with write_session() as s:
        active = seats.active_count(s, license_id)
        s.exec(update(License).where(License.id == license_id).values(seats_used=active))


def test_rising_history_forecasts_the_day_it_fills(database):
    lic = make_license(make_product("Figma"), seats_total=20)
    _backdate(lic, TODAY - timedelta(days=200))
    start = TODAY - timedelta(days=9)
    for n in range(5):
        _seat(lic, n, TODAY - timedelta(days=30))
    _seat(lic, 5, TODAY - timedelta(days=40), TODAY - timedelta(days=20))  # gone before the window
    for d in range(1, 10):  # one new seat a day: 5, 6, ..., 14
        _seat(lic, 10 + d, start + timedelta(days=d))
    with read_session() as s:
        frame = fc._frame(s, [lic])
        trend = fc.trends(s, frame, TODAY, window_days=9)[lic]
    assert trend == fc.Trend(10, 1.0, 14, 14)
    got = fc.forecast(lic, 20, "user", trend, TODAY)
    assert got.label == "Full in ~6 days (around 2026-06-07)"


def test_falling_history_recommends_fewer_seats_at_renewal(database):
    lic = make_license(
        make_product("Miro"),
        seats_total=20,
        cost_per_seat="100",
        billing_cycle="annual",
        renewal_date=(TODAY + timedelta(days=30)).isoformat(),
    )
    _backdate(lic, TODAY - timedelta(days=300))
    for n in range(12):  # 12 seats a year old, one revoked each day of the last 9: 12 down to 3
        revoked = TODAY - timedelta(days=8 - n) if n < 9 else None
        _seat(lic, n, TODAY - timedelta(days=365), revoked)
    _sync_used(lic)
    with read_session() as s:
        got = fc.license_forecast(s, lic, TODAY)
    assert got is not None
    forecast, sizing = got
    assert (forecast.current, forecast.peak, forecast.label) == (3, 12, "Not filling up")
    assert forecast.slope_per_day < 0
    assert sizing is not None
    # peak 12 beats the projection (0); 12 * 1.10 = 13.2 -> 14; 6 seats fewer at 100 a year
    assert (sizing.recommended, sizing.change, sizing.saving, sizing.currency) == (14, -6, Decimal("600.00"), "EUR")


def test_capacity_lists_soonest_full_first(database):
    product = make_product("Slack")
    filling = make_license(product, seats_total=10, name="Filling")
    flat = make_license(product, seats_total=10, name="Flat")
    full = make_license(product, seats_total=2, name="Full")
    young = make_license(product, seats_total=10, name="Young")
    unlimited = make_license(product, seats_total=1, seat_type="unlimited", name="Everyone")
    for lic in (filling, flat, full, unlimited):
        _backdate(lic, TODAY - timedelta(days=200))
    for d in range(0, 90, 10):  # nine seats over the window: rising
        _seat(filling, d, TODAY - timedelta(days=d))
    _seat(flat, 1, TODAY - timedelta(days=150))
    _seat(full, 1, TODAY - timedelta(days=150))
    _seat(full, 2, TODAY - timedelta(days=150))
    _backdate(young, TODAY - timedelta(days=3))
    with read_session() as s:
        rows = fc.capacity(s, TODAY)
    assert rows[1].forecast.slope_per_day == 0.09914
    assert [(r.name, r.forecast.label.split(" (")[0]) for r in rows] == [
        ("Full", "Full now"),
        ("Filling", "Full in ~11 days"),  # slope 0.09914 a day: one seat left takes 10.09 days
        ("Flat", "Not filling up"),
        ("Young", "Not enough history"),
    ]


def test_the_license_page_forecast_matches_the_capacity_list(database):
    """The license page reads one license without frames; it must say what /capacity says."""
    product = make_product("Zoom")
    shapes = {}
    for name, total, created, spans in [
        ("Rising", 12, 200, [(d, None) for d in range(0, 90, 9)]),
        ("Falling", 20, 300, [(120, 5 + n) for n in range(8)] + [(120, None)] * 3),
        ("Full", 2, 200, [(150, None), (150, None)]),
        ("Young", 10, 3, [(1, None)]),
        ("Old churn", 6, 400, [(380, 200), (60, 30), (45, None)]),
    ]:
        lic = make_license(product, seats_total=total, name=name)
        _backdate(lic, TODAY - timedelta(days=created))
        for n, (ago, gone) in enumerate(spans):
            _seat(lic, n, TODAY - timedelta(days=ago), TODAY - timedelta(days=gone) if gone is not None else None)
        _sync_used(lic)
        shapes[lic] = name
    with read_session() as s:
        listed = {r.license_id: r.forecast for r in fc.capacity(s, TODAY)}
        for lic in shapes:
            got = fc.license_forecast(s, lic, TODAY)
            assert got is not None and got[0] == listed[lic], shapes[lic]
    assert len({f.label.split(" (")[0] for f in listed.values()}) >= 3
