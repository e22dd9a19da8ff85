"""Spend: annualized cost by category, vendor and renewal month, per currency; the
expiries calendar; the CSV exports (streamed lines, formulas defused)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import update

from license_hub.db import read_session, write_session
from license_hub.models import Assignment
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.reports import frames, savings, spend, spend_page, utilization
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_people, make_product

D = Decimal
NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)


def _fleet() -> dict[str, int]:
    design = make_product("Figma", publisher="Figma Inc.", category="Design")
    chat = make_product("Slack", publisher="Salesforce", category="Chat")
    tools = make_product("WinZip", publisher="", category="")
    return {
        # 10 × 12.00 a month = 1440.00 a year, renews 2027-01-15
        "figma": make_license(
            design,
            seats_total=10,
            cost_per_seat="12.00",
            billing_cycle="monthly",
            renewal_date="2027-01-15",
            vendor="SoftwareOne",
        ),
        # 2400.00 every two years = 1200.00 a year, expires 2027-01-31
        "figma_usd": make_license(
            design,
            seats_total=5,
            total_cost="2400.00",
            billing_cycle="biennial",
            currency="USD",
            expiry_date="2027-01-31",
        ),
        # 500.00 a quarter = 2000.00 a year; vendor falls back to the publisher
        "slack": make_license(
            chat,
            seats_total=50,
            total_cost="500.00",
            billing_cycle="quarterly",
            renewal_date="2026-12-01",
            expiry_date="2026-12-01",
            auto_renew=True,
        ),
        # one-time purchase: 0 a year; no publisher, no category, no date
        "winzip": make_license(tools, seats_total=3, cost_per_seat="30.00", billing_cycle="one_time"),
        # not active: left out
        "old": make_license(chat, seats_total=1, cost_per_seat="99.00", status="cancelled", renewal_date="2026-12-10"),
    }


def _report(**kw) -> spend.SpendReport:
    with read_session() as s:
        return spend.fetch_spend(s, **kw)


def _table(frame, key) -> dict:
    return {(getattr(r, key), r.currency): (r.licenses, r.amount) for r in frame.itertuples()}


def test_annual_spend_by_category_vendor_and_month(database):
    made = _fleet()
    report = _report(rates={"USD": "0.9"})
    assert set(report.licenses["license_id"]) == {made[k] for k in ("figma", "figma_usd", "slack", "winzip")}
    assert report.by_currency == {"EUR": D("3440.00"), "USD": D("1200.00")}
    assert report.converted_total == D("4520.00") and report.not_converted == ()
    assert _table(report.by_category, "category") == {
        ("Design", "EUR"): (1, D("1440.00")),
        ("Design", "USD"): (1, D("1200.00")),
        ("Chat", "EUR"): (1, D("2000.00")),
        ("Uncategorized", "EUR"): (1, D("0.00")),
    }
    assert _table(report.by_vendor, "vendor") == {
        ("SoftwareOne", "EUR"): (1, D("1440.00")),
        ("Figma Inc.", "USD"): (1, D("1200.00")),
        ("Salesforce", "EUR"): (1, D("2000.00")),
        ("Unknown vendor", "EUR"): (1, D("0.00")),
    }
    assert list(report.by_month["renewal_month"]) == ["2026-12", "2027-01", "2027-01", "No date"]
    assert _table(report.by_month, "renewal_month")[("2027-01", "USD")] == (1, D("1200.00"))


def test_the_spend_page_charts_keep_one_panel_per_currency_and_leave_the_template_out(database):
    _fleet()
    report = _report(rates={"USD": "0.9"})
    fig = spend_page.chart(report.by_category, "category", "Annual spend by category", report)
    panels = {t.name: dict(zip(t.x, t.y)) for t in fig.data}
    assert panels == {"EUR": {"Chat": 2000.0, "Design": 1440.0, "Uncategorized": 0.0}, "USD": {"Design": 1200.0}}
    assert [a.text for a in fig.layout.annotations] == ["EUR", "USD"]  # each panel named by its currency
    # The page's chart component brings its own template (light or dark): none travels with the figure.
    assert fig.to_plotly_json()["layout"].get("template", {}) == {} and len(fig.to_json()) < 2500
    month = spend_page.month_chart(report)
    assert month.layout.xaxis.categoryarray == ("Dec 2026", "Jan 2027", "No date")
    assert {t.name: sum(t.y) for t in month.data} == {"EUR": 3440.0, "USD": 1200.0}


def test_missing_rate_is_named_not_guessed(database):
    _fleet()
    report = _report(workspace_currency="EUR")
    assert report.converted_total == D("3440.00")
    assert report.not_converted == ("USD",)
    usd = report.by_category[report.by_category["currency"] == "USD"].iloc[0]
    assert usd["converted"] is None


def test_expiries_calendar(database):
    made = _fleet()
    with read_session() as s:
        entries = spend.expiries_calendar(s, date(2026, 11, 1), date(2027, 1, 31))
    assert [(e.day, e.kind, e.license_id) for e in entries] == [
        (date(2026, 12, 1), "renewal", made["slack"]),  # expiry on the same day is not listed twice
        (date(2027, 1, 15), "renewal", made["figma"]),
        (date(2027, 1, 31), "expiry", made["figma_usd"]),
    ]
    slack = entries[0]
    assert (slack.vendor, slack.auto_renew, slack.amount_per_cycle, slack.currency) == (
        "Salesforce",
        True,
        D("500.00"),
        "EUR",
    )
    assert entries[1].amount_per_cycle == D("120.00")
    with read_session() as s:
        assert spend.expiries_calendar(s, date(2027, 2, 1), date(2027, 12, 31)) == []


@pytest.mark.parametrize(
    "start, end",
    [
        (date(2026, 11, 1), date(2027, 1, 31)),
        (date(2026, 12, 1), date(2026, 12, 1)),
        (date(2020, 1, 1), date(2030, 12, 31)),
    ],
)
def test_the_calendar_from_the_license_frame_is_the_same_calendar(database, start, end):
    """The Spend page builds its calendar from the license frame it already read."""
    _fleet()
    with read_session() as s:
        read = spend.expiries_calendar(s, start, end)
        licenses = frames.fetch_licenses(s)
    assert spend.calendar_from_licenses(licenses, start, end) == read and read
    assert spend.calendar_from_licenses(licenses.iloc[0:0], start, end) == []


def _parse(lines) -> list[list[str]]:
    lines = list(lines)
    assert all(line.endswith("\r\n") and line.count("\r\n") == 1 for line in lines)  # one row per yield
    return list(csv.reader(io.StringIO("".join(lines))))


def test_spend_csv(database):
    made = _fleet()
    with write_session() as s:
        licenses.update(s, ACTOR, made["winzip"], {"name": '=HYPERLINK("http://x")'})
    rows = _parse(spend.spend_csv(_report()))
    assert rows[0][:3] == ["License ID", "Software", "License"]
    by_id = {int(r[0]): r for r in rows[1:]}
    assert by_id[made["figma"]][8:] == ["1440.00", "2027-01"]
    assert by_id[made["winzip"]][2] == '\'=HYPERLINK("http://x")'  # defused formula
    assert by_id[made["winzip"]][4] == "Unknown vendor"


def test_utilization_and_savings_csv(database):
    made = _fleet()
    site = make_license(make_product("Zoom", category="Chat"), seats_total=1, seat_type="unlimited")
    (pid,) = make_people(1)
    with write_session() as s:
        aid = seats.assign(s, ACTOR, made["figma"], person_id=pid).id
        s.exec(
            update(Assignment).where(Assignment.id == aid).values(assigned_at=datetime(2025, 1, 1, tzinfo=timezone.utc))
        )
    with read_session() as s:
        report = utilization.utilization_report(s, now=NOW)
    rows = _parse(spend.utilization_csv(report))
    assert rows[0][0] == "Rank" and len(rows) == 1 + 5
    figma = next(r for r in rows[1:] if int(r[1]) == made["figma"])
    assert figma[0] == "1" and figma[8] == "10.0" and figma[10] == "1" and figma[-1] == "144.00"
    assert (rows[-1][0], rows[-1][1], rows[-1][8]) == ("", str(site), "")  # unlimited: last, unranked, no fill
    potential = _parse(spend.potential_savings_csv(report.savings))
    assert potential[1] == [str(made["figma"]), "Figma", "", "Design", "EUR", "1", "144.00", "144.00"]
    with read_session() as s:
        realized = savings.realized_report(s, datetime(2026, 1, 1, tzinfo=timezone.utc), NOW)
    assert _parse(spend.realized_savings_csv(realized)) == [
        [
            "Day",
            "License ID",
            "Software",
            "License",
            "Category",
            "Source",
            "Seats",
            "Next renewal",
            "Days to renewal",
            "Currency",
            "Annual cost per seat",
            "Realized savings",
        ]
    ]
