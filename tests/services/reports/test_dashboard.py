"""The dashboard's read: headline figures per currency, the per-product compliance
status (seed 001), capacity alerts, the next renewals and seats over time; one
license's own compliance status; the exchange-rate setting."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import update

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, License
from license_hub.services.core.errors import NotFound
from license_hub.services.directory import people
from license_hub.services.licenses import license_health
from license_hub.services.reports import compliance, dashboard
from license_hub.services.seats import assignments as seats
from license_hub.settings import parse_exchange_rates
from tests.factories import ACTOR, make_license, make_product

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
TODAY = NOW.date()
D = Decimal


def _assign(lic: int, n: int, prefix: str) -> None:
    with write_session() as s:
        for i in range(n):
            seats.assign(s, ACTOR, lic, assignee_name=f"{prefix} {i}")
        s.exec(update(Assignment).where(Assignment.license_id == lic).values(assigned_at=NOW - timedelta(days=40)))


def _install(product: int, lic: int | None, name: str) -> None:
    with write_session() as s:
        dev = people.create_device(s, ACTOR, name=name).id
        compliance.record_installation(s, ACTOR, device_id=dev, catalog_entry_id=product, license_id=lic)


@pytest.fixture
def fleet(database):
    visio, photoshop, notion, zoom = (make_product(n) for n in ("Visio", "Photoshop", "Notion", "Zoom"))
    over = make_license(
        visio,
        seats_total=2,
        cost_per_seat="100.00",
        currency="EUR",
        renewal_date=(TODAY + timedelta(days=10)).isoformat(),
    )
    _assign(over, 2, "Visio user")
    _install(visio, over, "PC-1")  # a third copy on a machine holding no seat
    under = make_license(
        photoshop,
        seats_total=10,
        cost_per_seat="20.00",
        currency="USD",
        billing_cycle="monthly",
        expiry_date=(TODAY + timedelta(days=45)).isoformat(),
    )
    _assign(under, 2, "Designer")
    full = make_license(notion, seats_total=4, total_cost="400.00", capacity_threshold_pct=75)
    _assign(full, 3, "Writer")
    unlimited = make_license(zoom, seat_type="unlimited", total_cost="1000.00")
    _install(make_product("WinRAR"), None, "PC-2")  # installed, never licensed
    make_license(visio, seats_total=50, status="cancelled")  # not active: left out
    return {"over": over, "under": under, "full": full, "unlimited": unlimited}


def _overview(**kw) -> dashboard.Overview:
    with read_session() as s:
        return dashboard.overview(s, now=NOW, **kw)


def test_headline_figures_stay_per_currency(fleet):
    head = _overview(rates={"USD": "0.9"}).headline
    assert (head.licenses, head.seats_used, head.seats_total, head.unlimited) == (4, 7, 16, 1)
    assert head.fill_pct == 43.8
    assert head.spend.by_currency == {"EUR": D("200.00") + D("400.00") + D("1000.00"), "USD": D("2400.00")}
    assert head.spend.converted_total == D("1600.00") + D("2160.00")
    assert head.dormant_seats == 0 and head.savings.by_currency == {}


def test_grid_status_per_product(fleet):
    grid = _overview().grid.set_index("product")
    assert grid.loc["Visio", ["purchased", "used", "installed", "status"]].tolist() == [2, 2, 1, "Over-deployed"]
    assert grid.loc["Photoshop", ["purchased", "used", "status"]].tolist() == [10, 2, "Under-utilized"]
    assert grid.loc["Notion", "status"] == "Compliant"
    assert grid.loc["Zoom", "status"] == "Compliant" and bool(grid.loc["Zoom", "unlimited"])
    assert grid.loc["WinRAR", ["purchased", "installed", "status"]].tolist() == [0, 1, "Over-deployed"]
    with write_session() as s:
        compliance.set_override(s, ACTOR, fleet["full"])
    assert _overview().grid.set_index("product").loc["Notion", "status"] == "Review Required"


def test_grid_summary_counts_every_product_and_lists_the_most_urgent(fleet):
    for i in range(8):  # one seat each, none used: compliant
        make_license(make_product(f"App {i:02d}"), seats_total=1)
    summary = dashboard.grid_summary(_overview())
    assert summary.total == 13
    assert summary.counts == {"Over-deployed": 2, "Review Required": 0, "Under-utilized": 1, "Compliant": 10}
    assert list(summary.counts) == list(dashboard.URGENCY)
    # Worst status first; within one, the furthest off (WinRAR: one copy beyond no seat).
    assert [r["product"] for r in summary.rows] == [
        "WinRAR",
        "Visio",
        "Photoshop",
        *[f"App {i:02d}" for i in range(7)],
    ]
    assert [r["status"] for r in summary.rows[:3]] == ["Over-deployed", "Over-deployed", "Under-utilized"]


def test_grid_summary_puts_review_before_under_utilized(fleet):
    with write_session() as s:
        compliance.set_override(s, ACTOR, fleet["full"])
    summary = dashboard.grid_summary(_overview(), limit=4)
    assert [(r["product"], r["status"]) for r in summary.rows] == [
        ("WinRAR", "Over-deployed"),
        ("Visio", "Over-deployed"),
        ("Notion", "Review Required"),
        ("Photoshop", "Under-utilized"),
    ]
    assert summary.total == 5 and sum(summary.counts.values()) == 5
    assert summary.counts["Review Required"] == 1 and summary.counts["Compliant"] == 1
    assert dashboard.grid_summary(_overview(), limit=0).rows == []


def test_alerts_renewals_and_history(fleet):
    ov = _overview(renewal_days=30)
    assert ov.alerts["license_id"].tolist() == [fleet["over"], fleet["full"]]
    assert [(r.license_id, r.kind) for r in ov.renewals] == [(fleet["over"], "renewal")]
    assert ov.renewals_total == 1
    assert len(ov.history) == 12 and ov.history["month"].iloc[-1] == "2026-11"
    assert ov.history["seats_in_use"].iloc[-1] == 7 and ov.history["seats_in_use"].iloc[0] == 0
    chart = dashboard.history_chart(ov)
    assert list(chart.data[0].y) == ov.history["seats_in_use"].tolist()
    assert chart.to_plotly_json()["layout"].get("template", {}) == {}  # the page's chart component brings its own


def test_product_status_rules():
    base = {
        "unlimited": False,
        "purchased": 10,
        "used": 6,
        "installed": 0,
        "Over-deployed": 0,
        "Review Required": 0,
        "Under-utilized": 0,
        "Compliant": 1,
    }
    assert dashboard.product_status(base) == "Compliant"
    assert dashboard.product_status(base | {"used": 4}) == "Under-utilized"
    assert dashboard.product_status(base | {"used": 4, "Review Required": 1}) == "Review Required"
    assert dashboard.product_status(base | {"installed": 11}) == "Over-deployed"
    assert dashboard.product_status(base | {"unlimited": True, "purchased": 0, "installed": 40}) == "Compliant"


def test_one_license_compliance(fleet):
    with read_session() as s:
        over = license_health.compliance_of(s, fleet["over"])
        under = license_health.compliance_of(s, fleet["under"])
    assert (over.status, over.consumed, over.override) == ("Over-deployed", 3, None)
    assert under.status == "Under-utilized"
    with write_session() as s:
        compliance.set_override(s, ACTOR, fleet["under"])
    with read_session() as s:
        flagged = license_health.compliance_of(s, fleet["under"])
    assert (flagged.status, flagged.computed, flagged.override) == (
        "Review Required",
        "Under-utilized",
        "Review Required",
    )
    with write_session() as s:
        s.exec(update(License).where(License.id == fleet["full"]).values(archived_at=NOW))
    with read_session() as s, pytest.raises(NotFound):
        license_health.compliance_of(s, fleet["full"])


def test_empty_workspace(database):
    ov = _overview()
    assert ov.headline.licenses == 0 and ov.headline.fill_pct is None
    assert ov.grid.empty and ov.alerts.empty and ov.renewals == [] and ov.history.empty
    assert ov.headline.spend.by_currency == {}
    empty = dashboard.grid_summary(ov)
    assert (empty.total, empty.rows, set(empty.counts.values())) == (0, [], {0})


def test_exchange_rate_setting():
    assert parse_exchange_rates("USD=0.92, gbp = 1.17,") == {"USD": D("0.92"), "GBP": D("1.17")}
    assert parse_exchange_rates("") == {}
    for bad in ("USD", "US=1", "USD=abc", "USD=0", "USD=-1", "USD=nan"):
        with pytest.raises(ValueError):
            parse_exchange_rates(bad)
