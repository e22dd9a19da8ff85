"""The dashboard at scale: its four reads side by side give the very overview the
one-session read gives, and a computed overview is reused only while nothing was
committed (data_version) within the same minute."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest
from sqlmodel import select, text

from license_hub.db import read_session, write_session
from license_hub.models import Assignment
from license_hub.services.core import data_version
from license_hub.services.reports import dashboard
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_product

NOW = datetime(2026, 11, 23, 12, 0, 30, tzinfo=timezone.utc)


def _fleet() -> int:
    visio, notion = make_product("Visio"), make_product("Notion")
    full = make_license(visio, seats_total=2, cost_per_seat="100.00", renewal_date="2026-12-01")
    make_license(notion, seats_total=10, cost_per_seat="20.00", currency="USD", expiry_date="2026-12-10")
    with write_session() as s:
        for i in range(2):
            seats.assign(s, ACTOR, full, assignee_name=f"Drafter {i}")
    return full


def _same(a: dashboard.Overview, b: dashboard.Overview) -> None:
    ha, hb = a.headline, b.headline
    figures = ("licenses", "seats_used", "seats_total", "unlimited", "dormant_seats")
    assert [getattr(ha, f) for f in figures] == [getattr(hb, f) for f in figures]
    assert (ha.spend.by_currency, ha.savings.by_currency) == (hb.spend.by_currency, hb.savings.by_currency)
    pd.testing.assert_frame_equal(a.grid, b.grid)
    pd.testing.assert_frame_equal(a.alerts, b.alerts)
    pd.testing.assert_frame_equal(a.history, b.history)
    assert (a.renewals, a.renewals_total, a.alerts_total) == (b.renewals, b.renewals_total, b.alerts_total)


def test_side_by_side_equals_one_session(database):
    _fleet()
    with read_session() as s:
        one = dashboard.overview(s, now=NOW)
    _same(dashboard.overview_concurrently(read_session, now=NOW), one)
    assert one.alerts_total == 1 and one.headline.licenses == 2


# PostgreSQL's token is the server's snapshot, which any other database's commit moves
# too: the reuse is only observable while no other test process writes to the server.
@pytest.mark.serial
def test_reused_until_a_commit_or_the_next_minute(database):
    full = _fleet()
    first = dashboard.cached_overview(read_session, now=NOW)
    assert dashboard.cached_overview(read_session, now=NOW + timedelta(seconds=20)) is first
    with read_session() as s:
        before = data_version.current(s)
    with write_session() as s:
        seats.reclaim(s, ACTOR, s.exec(select(Assignment.id)).first())
    with read_session() as s:
        assert data_version.current(s) != before
    after = dashboard.cached_overview(read_session, now=NOW)
    assert after is not first
    assert after.headline.seats_used == first.headline.seats_used - 1 and after.alerts_total == 0
    assert dashboard.cached_overview(read_session, now=NOW + timedelta(minutes=1)) is not after
    with read_session() as s:
        _same(after, dashboard.overview(s, now=NOW))
    assert first.alerts["license_id"].tolist() == [full]


def test_the_headline_totals_equal_the_full_reports():
    """The dashboard prices only what it shows; its totals are the Spend and Utilization reports' own."""
    from decimal import Decimal

    from license_hub.services.reports import spend, utilization

    licenses = pd.DataFrame(
        {
            "license_id": [1, 2, 3, 4, 5],
            "name": ["A", "B", "C", "D", "E"],
            "product": ["P", "P", "Q", "R", "S"],
            "publisher": ["X", "X", "Y", "", ""],
            "category": ["Design", "", "Ops", "Ops", ""],
            "vendor": ["", "Reseller", "", "", ""],
            "status": ["active"] * 5,
            "seat_type": ["user", "user", "unlimited", "user", "device"],
            "seats_total": [10, 4, 0, 3, 7],
            "seats_used": [8, 4, 5, 1, 0],
            "currency": ["EUR", "USD", "EUR", "GBP", "CHF"],
            "billing_cycle": ["annual", "monthly", "one_time", "custom", "quarterly"],
            "custom_cycle_months": [None, None, None, 18, None],
            "cost_per_seat": [Decimal("12.34"), None, Decimal("99"), Decimal("1.005"), None],
            "total_cost": [None, Decimal("100.10"), None, None, None],
            "renewal_date": [None] * 5,
            "expiry_date": [None] * 5,
            "auto_renew": [False] * 5,
            "capacity_threshold_pct": [90] * 5,
            "reassignable": [True] * 5,
        }
    )
    counts = pd.DataFrame.from_records(
        [(1, 8, 6, 3, 2, 1, 1, 0, 0, 1), (2, 4, 0, 0, 4, 0, 0, 0, 0, 4), (4, 1, 1, 1, 0, 0, 0, 0, 0, 0)],
        columns=utilization.DORMANCY_COLUMNS,
    )
    rates = {"USD": "0.9"}
    head = dashboard.headline(licenses, counts, window_days=90, rates=rates, workspace_currency="EUR")
    full_spend = spend.spend_report(licenses, rates=rates, workspace_currency="EUR")
    full = utilization.build_report(licenses, counts, window_days=90, rates=rates, workspace_currency="EUR")
    assert head.spend.by_currency == full_spend.by_currency and list(head.spend.by_currency) == [
        "CHF",
        "EUR",
        "GBP",
        "USD",
    ]
    assert (head.spend.converted_total, head.spend.not_converted) == (
        full_spend.converted_total,
        full_spend.not_converted,
    )
    assert head.dormant_seats == int(full.licenses["dormant_seats"].sum()) == 10
    assert head.savings.by_currency == full.savings.by_currency and head.savings.by_currency
    assert (head.savings.converted_total, head.savings.not_converted) == (
        full.savings.converted_total,
        full.savings.not_converted,
    )
    pd.testing.assert_frame_equal(head.savings.by_product, full.savings.by_product)


def test_what_is_drawn_from_a_reused_result_is_reused_with_it():
    drawn: list[object] = []

    def draw(source):
        return data_version.derived(source, "test-chart", lambda: drawn.append(source) or f"chart of {id(source)}")

    report, same_report, new_report = object(), None, object()
    same_report = report
    first = draw(report)
    assert draw(same_report) is first and drawn == [report]
    assert draw(new_report) != first and drawn == [report, new_report]
    assert draw(report) == first and drawn == [report, new_report, report]  # one entry: the last source


@pytest.mark.serial
def test_the_last_overview_is_at_hand_behind_the_clock_never_behind_a_change(database):
    _fleet()
    assert dashboard.recent_overview(read_session, now=NOW) is None  # nothing read yet
    first = dashboard.cached_overview(read_session, now=NOW)
    assert dashboard.recent_overview(read_session, now=NOW + timedelta(seconds=20)) == (first, True)
    # The next minutes: the same overview, said to be behind the clock, until the next is read.
    assert dashboard.recent_overview(read_session, now=NOW + timedelta(minutes=3)) == (first, False)
    later = dashboard.cached_overview(read_session, now=NOW + timedelta(minutes=3))
    assert later is not first
    assert dashboard.recent_overview(read_session, now=NOW + timedelta(minutes=3)) == (later, True)
    # Another workspace currency is another overview.
    assert dashboard.recent_overview(read_session, now=NOW, workspace_currency="USD") is None
    with write_session() as s:
        seats.reclaim(s, ACTOR, s.exec(select(Assignment.id)).first())
    assert dashboard.recent_overview(read_session, now=NOW + timedelta(minutes=3)) is None  # a change: none


def test_callers_at_the_same_time_share_one_read(tmp_path):
    """A page's two stages, or two tabs, asking at once: one computes, the other waits
    for its result."""
    import threading
    import time
    from contextlib import contextmanager

    from sqlmodel import Session, create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'flight.db'}")

    @contextmanager
    def sessions():
        with Session(engine) as s:
            yield s

    with sessions() as s:
        s.exec(text("CREATE TABLE t (x INTEGER)"))
        s.commit()
    computed: list[int] = []

    def slow():
        computed.append(1)
        time.sleep(0.3)
        return object()

    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(data_version.reuse(sessions, "flight", (1,), slow)))
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(computed) == 1 and len({id(r) for r in results}) == 1
    engine.dispose()
