"""Potential and realized savings against hand-worked figures: annualized per-seat
cost, rounding per license, never mixing currencies, converted totals, proration
to the next renewal; and the SQL fetch that feeds them."""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import update

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, License
from license_hub.services.reports import frames, savings, utilization
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import usage_audits
from tests.factories import ACTOR, make_license, make_people, make_product

D = Decimal


def _license(
    lid,
    *,
    currency="EUR",
    cycle="annual",
    per_seat=None,
    total=None,
    seats_total=10,
    seat_type="user",
    months=None,
    renewal=None,
    expiry=None,
    product=None,
    category="Design",
):
    return {
        "license_id": lid,
        "name": f"L{lid}",
        "product": product or f"Product {lid}",
        "publisher": "Pub",
        "category": category,
        "vendor": "",
        "status": "active",
        "seat_type": seat_type,
        "seats_total": seats_total,
        "seats_used": 0,
        "currency": currency,
        "billing_cycle": cycle,
        "custom_cycle_months": months,
        "cost_per_seat": None if per_seat is None else D(per_seat),
        "total_cost": None if total is None else D(total),
        "renewal_date": renewal,
        "expiry_date": expiry,
        "auto_renew": False,
        "capacity_threshold_pct": 90,
        "reassignable": True,
    }


def _frame(rows, **extra_cols) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=frames.LICENSE_COLUMNS).astype(
        {
            "cost_per_seat": object,
            "total_cost": object,
            "custom_cycle_months": object,
            "renewal_date": object,
            "expiry_date": object,
        }
    )
    for name, values in extra_cols.items():
        frame[name] = values
    return frame


def _potential(**kw) -> savings.PotentialSavings:
    rows = [
        _license(1, per_seat="120.00"),  # 3 × 120.00       = 360.00
        _license(2, cycle="monthly", total="1000.00", seats_total=8),  # 1 × 12000 / 8    = 1500.00
        _license(3, currency="USD", cycle="quarterly", per_seat="33.33"),  # 2 × 133.32       = 266.64
        _license(4, currency="GBP", total="1000.00", seats_total=3, category="Chat"),  # 1 × 333.333 = 333.33
        _license(5, cycle="one_time", per_seat="500.00", category="Chat"),  # one-time: 0 a year
        _license(6, currency="CHF", cycle="custom", months=18, per_seat="90.00"),  # 1 × 90 × 12/18 = 60.00
        _license(7, category="Chat"),  # no cost recorded
        _license(8, seat_type="unlimited", total="5000.00", seats_total=0),  # flat price: nothing saved
        _license(9, cycle="biennial", per_seat="200.00"),  # no dormant seat
        _license(10, total="10.00", seats_total=3, category="Chat"),  # 2 × 3.333… = 6.67, not 6.66
    ]
    return savings.potential_savings(_frame(rows, dormant_seats=[3, 1, 2, 1, 2, 1, 4, 2, 0, 2]), **kw)


def test_potential_savings_per_license():
    rows = _potential().rows.set_index("license_id")
    assert list(rows["potential_savings"]) == [
        D("360.00"),
        D("1500.00"),
        D("266.64"),
        D("333.33"),
        D("0.00"),
        D("60.00"),
        D("0.00"),
        D("0.00"),
        D("0.00"),
        D("6.67"),
    ]
    assert list(rows["annual_cost_per_seat"]) == [
        D("120.00"),
        D("1500.00"),
        D("133.32"),
        D("333.33"),
        D("0.00"),
        D("60.00"),
        None,
        None,
        D("100.00"),
        D("3.33"),
    ]
    assert list(rows["cost_known"]) == [True] * 6 + [False, False, True, True]


def test_potential_savings_stay_per_currency_with_a_converted_total():
    result = _potential(rates={"USD": "0.90", "gbp": D("1.15")}, workspace_currency="EUR")
    assert result.by_currency == {"EUR": D("1866.67"), "USD": D("266.64"), "GBP": D("333.33"), "CHF": D("60.00")}
    # 1866.67 + 266.64 × 0.90 + 333.33 × 1.15 = 1866.67 + 239.976 + 383.3295 = 2489.9755
    assert result.converted_total == D("2489.98")
    assert result.not_converted == ("CHF",)


def test_without_rates_only_the_workspace_currency_converts():
    result = _potential(workspace_currency="USD")
    assert result.converted_total == D("266.64")
    assert result.not_converted == ("CHF", "EUR", "GBP")


def test_savings_by_category_never_mix_currencies():
    by_category = _potential(rates={"USD": "0.90"}).by_category
    rows = {(r.category, r.currency): (r.seats, r.amount, r.converted) for r in by_category.itertuples()}
    assert rows[("Design", "EUR")] == (4 + 2, D("1860.00"), D("1860.00"))  # licenses 1, 2 (and 9 with none dormant)
    assert rows[("Design", "USD")] == (2, D("266.64"), D("239.98"))
    assert rows[("Design", "CHF")] == (1, D("60.00"), None)
    assert rows[("Chat", "EUR")] == (2 + 4 + 2, D("6.67"), D("6.67"))  # licenses 5, 7 and 10
    assert list(by_category["category"])[0] == "Design"  # biggest first


def test_savings_by_product_lists_each_product_once_per_currency():
    by_product = _potential().by_product
    assert by_product.iloc[0][["product", "currency", "amount"]].tolist() == ["Product 2", "EUR", D("1500.00")]
    assert len(by_product) == 9  # license 9 had no dormant seat


# ------------------------------------------------------------------ realized


def _events(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=savings.EVENT_COLUMNS)


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_realized_savings_prorated_to_the_next_renewal():
    licenses = _frame(
        [
            _license(1, per_seat="365.00", renewal=date(2026, 12, 31)),
            _license(2, cycle="monthly", total="1200.00", seats_total=10),
            _license(3, currency="USD", per_seat="730.00", expiry=date(2026, 4, 1)),
            _license(4, per_seat="500.00", renewal=date(2026, 1, 1)),
            _license(5, per_seat="100.00", renewal=date(2027, 6, 30), expiry=date(2026, 12, 31)),
        ]
    )
    events = _events(
        [
            (1, _utc(2026, 10, 2, 15), 2, "reclaim"),  # same license, same day: counted together
            (1, _utc(2026, 10, 2, 18), 1, "reclaim"),  # 3 × 365 × 90/365                   = 270.00
            (2, _utc(2026, 5, 5, 9), 3, "audit"),  # no date: a full year, 3 × 1440      = 4320.00
            (3, _utc(2026, 3, 1, 0), 1, "reclaim"),  # expiry only: 730 × 31/365          = 62.00 USD
            (4, _utc(2026, 2, 1, 0), 5, "reclaim"),  # renewal already passed              = 0.00
            (5, _utc(2026, 12, 1, 0), 1, "reclaim"),  # renewal before expiry: 100 × 211/365 = 57.81
        ]
    )
    result = savings.realized_savings(events, licenses, rates={"USD": "0.5"})
    assert list(result.rows["license_id"]) == [4, 3, 2, 1, 5]  # in day order
    rows = result.rows.set_index("license_id").sort_index()
    assert list(rows["seats"]) == [3, 3, 1, 5, 1]
    assert list(rows["days_to_renewal"]) == [90, None, 31, 0, 211]
    assert list(rows["savings"]) == [D("270.00"), D("4320.00"), D("62.00"), D("0.00"), D("57.81")]
    assert result.by_currency == {"EUR": D("4647.81"), "USD": D("62.00")}
    assert result.converted_total == D("4678.81")
    assert rows.loc[2, "source"] == "audit"


def test_realized_savings_of_nothing():
    result = savings.realized_savings(_events([]), _frame([]))
    assert result.rows.empty and result.by_currency == {} and result.converted_total == D("0.00")


def test_realized_events_from_reclaims_and_audit_reductions(database):
    product = make_product("Miro")
    lic = make_license(product, seats_total=10, cost_per_seat="365.00", renewal_date="2026-12-31")
    other = make_license(product, seats_total=10, cost_per_seat="100.00")
    pids = make_people(4)
    ids = []
    for pid in pids:
        with write_session() as s:
            ids.append(seats.assign(s, ACTOR, lic, person_id=pid).id)
    for aid, when in ((ids[0], _utc(2026, 10, 2, 8)), (ids[1], _utc(2026, 10, 2, 8)), (ids[2], _utc(2025, 1, 1))):
        with write_session() as s:
            seats.reclaim(s, ACTOR, aid)
            s.exec(update(Assignment).where(Assignment.id == aid).values(revoked_at=when))
    with write_session() as s:  # a reduction from 6 to 2 counts 4 seats; an increase counts nothing
        s.exec(update(License).where(License.id == other).values(seats_used=6))
        usage_audits.start(s, ACTOR, other, now=_utc(2026, 6, 1))
        usage_audits.complete(s, ACTOR, other, seats_after=2, now=_utc(2026, 6, 2))
        usage_audits.start(s, ACTOR, other, now=_utc(2026, 7, 1))
        usage_audits.complete(s, ACTOR, other, seats_after=9, now=_utc(2026, 7, 2))
        usage_audits.start(s, ACTOR, other, now=_utc(2026, 8, 1))
        usage_audits.cancel(s, ACTOR, other, now=_utc(2026, 8, 2))
    with read_session() as s:
        result = savings.realized_report(s, _utc(2026, 1, 1), _utc(2027, 1, 1), rates={})
    rows = result.rows.set_index(["license_id", "source"])
    assert rows.loc[(lic, "reclaim"), "seats"] == 2  # the 2025 reclaim is outside the period
    assert rows.loc[(lic, "reclaim"), "savings"] == D("180.00")  # 2 × 365 × 90/365
    assert rows.loc[(other, "audit"), "seats"] == 4
    assert rows.loc[(other, "audit"), "savings"] == D("400.00")  # no renewal date: a full year
    assert result.by_currency == {"EUR": D("580.00")}


def test_report_converts_mixed_currencies(database):
    product = make_product("Notion")
    eur = make_license(product, seats_total=10, cost_per_seat="10.00", currency="EUR")
    usd = make_license(product, seats_total=10, cost_per_seat="20.00", currency="USD", billing_cycle="monthly")
    for lic in (eur, usd):
        (pid,) = make_people(1, prefix=f"n{lic}-")
        with write_session() as s:
            aid = seats.assign(s, ACTOR, lic, person_id=pid).id
            s.exec(update(Assignment).where(Assignment.id == aid).values(assigned_at=_utc(2025, 1, 1)))
    with read_session() as s:
        report = utilization.utilization_report(s, now=_utc(2026, 11, 23), rates={"USD": "0.5"})
    assert report.savings.by_currency == {"EUR": D("10.00"), "USD": D("240.00")}
    assert report.savings.converted_total == D("130.00")


@pytest.mark.parametrize(
    "cycle, months, expected",
    [
        ("monthly", None, D("12")),
        ("quarterly", None, D("4")),
        ("annual", None, D("1")),
        ("biennial", None, D("0.5")),
        ("one_time", None, D("0")),
        ("custom", 6, D("2")),
        ("custom", None, D("1")),
    ],
)
def test_annual_cost_per_seat_by_cycle(cycle, months, expected):
    assert savings.annual_cost_per_seat(D("10.00"), None, 5, "user", cycle, months) == D("10.00") * expected
