"""A chart's text alternative reads what the figure plots: summary and rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd

from license_hub.services.reports import charts
from license_hub.services.reports.chart_text import describe
from license_hub.services.reports.renewal_chart import timeline
from license_hub.services.reports.renewals import RenewalRow


def test_a_horizontal_fill_chart_names_its_fullest_and_emptiest_license():
    ranking = pd.DataFrame(
        {
            "rank": [1, 2, 3],
            "product": ["Figma", "Slack", "Zoom"],
            "name": ["Design", "", "Sales"],
            "seats_used": [9, 5, 1],
            "seats_total": [10, 10, 10],
            "fill_pct": [90.0, 50.0, 10.0],
        }
    )
    text = describe(charts.fill_ranking_bar(ranking), unit="%")
    assert text.summary == "3 values, highest Figma — Design (90 %), lowest Zoom — Sales (10 %)."
    assert text.headers == ["Item", "Seats used (%)"]
    assert text.rows == [["Figma — Design", "90"], ["Slack", "50"], ["Zoom — Sales", "10"]]


def test_money_in_two_currencies_is_described_per_currency():
    frame = pd.DataFrame(
        {
            "vendor": ["Adobe", "Atlassian", "SAP"],
            "currency": ["EUR", "EUR", "USD"],
            "amount": [Decimal("1200.50"), Decimal("300"), Decimal("999")],
            "converted": [None, None, None],
        }
    )
    text = describe(charts.spend_by(frame, "vendor"))
    assert text.summary == (
        "EUR: 2 values, highest Adobe (1,200.5), lowest Atlassian (300); USD: 1 value, highest SAP (999)."
    )
    assert text.rows == [["EUR", "Adobe", "1,200.5"], ["EUR", "Atlassian", "300"], ["USD", "SAP", "999"]]


def test_a_timeline_counts_events_per_day():
    rows = [
        RenewalRow(**_renewal(1, date(2026, 1, 10))),
        RenewalRow(**_renewal(2, date(2026, 1, 10))),
        RenewalRow(**_renewal(3, date(2026, 2, 1))),
    ]
    text = describe(timeline(rows, today=date(2026, 1, 1), window_days=90))
    assert text.rows[0][0].startswith("2026-01-10")
    assert [row[1] for row in text.rows] == ["2", "1"]


def test_an_empty_chart_says_so():
    assert describe(charts.blank()).summary == "The chart has no data yet."
    assert describe(charts.blank()).rows == []


def _renewal(n: int, due: date) -> dict:
    return {
        "license_id": n,
        "due_on": due,
        "kind": "renewal",
        "label": "Renewal",
        "days_left": (due - date(2026, 1, 1)).days,
        "software": "Figma",
        "license_name": f"License {n}",
        "vendor": "Figma",
        "owner_id": None,
        "owner_name": "",
        "status": "Active",
        "auto_renew": False,
        "annual_cost": None,
        "annual_cost_text": "",
        "currency": "EUR",
        "link": f"/licenses/{n}",
    }
