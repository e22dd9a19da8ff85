"""The renewals list: expiries, renewals, maintenance ends and cancellation
deadlines in a window, soonest first, filtered by owner and vendor, paged, and
streamed as CSV without keys."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from license_hub.db import read_session, write_session
from license_hub.services.directory import people
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.reports import renewals
from tests.factories import ACTOR, make_license, make_product

TODAY = date(2027, 1, 10)


@pytest.fixture
def register(database):
    with write_session() as s:
        olivia = people.create_person(s, ACTOR, name="Olivia Owner", email="olivia@example.com").id
        pat = people.create_person(s, ACTOR, name="Pat Payer", email="pat@example.com").id
    figma, slack = make_product("Figma"), make_product("Slack", publisher="Slack Technologies")
    ids = {
        "figma": make_license(
            figma,
            name="Design",
            vendor="Figma Inc.",
            expiry_date="2027-02-01",
            maintenance_expiry_date="2027-01-20",
            business_owner_id=olivia,
            product_key="SECRET-KEY-0000-1111",
            cost_per_seat="10.00",
            seats_total=5,
        ),
        "slack": make_license(
            slack,
            expiry_date="2027-03-31",
            auto_renew=True,
            cancellation_notice_days=60,
            business_owner_id=pat,
            total_cost="1200",
        ),
        "later": make_license(
            figma, name="Later", vendor="Figma Inc.", expiry_date="2028-01-01", renewal_date="2027-01-15"
        ),
        "archived": make_license(slack, name="Old", expiry_date="2027-01-25"),
    }
    with write_session() as s:
        licenses.archive(s, ACTOR, ids["archived"])
    return ids, olivia, pat


def _events(**kw) -> list[tuple[str, str, int]]:
    with read_session() as s:
        rows, total = renewals.list_renewals(s, today=TODAY, **kw)
    assert total == len(rows) or kw.get("limit")
    return [(r.software + (f" {r.license_name}" if r.license_name else ""), r.kind, r.days_left) for r in rows]


def test_window_lists_events_soonest_first(register):
    assert _events(window_days=30) == [
        ("Figma Later", "renewal", 5),
        ("Figma Design", "maintenance_expiry", 10),
        ("Slack", "cancellation_deadline", 20),
        ("Figma Design", "expiry", 22),
    ]
    assert _events(window_days=90) == _events(window_days=30) + [("Slack", "expiry", 80)]


def test_filters_by_owner_vendor_and_kind(register):
    _, olivia, pat = register
    assert [e[0] for e in _events(window_days=90, owner_id=olivia)] == ["Figma Design", "Figma Design"]
    assert [e[1] for e in _events(window_days=90, owner_id=pat)] == ["cancellation_deadline", "expiry"]
    assert {e[0] for e in _events(window_days=90, vendor="figma inc.")} == {"Figma Design", "Figma Later"}
    assert _events(window_days=90, vendor="Slack Technologies") == [
        ("Slack", "cancellation_deadline", 20),
        ("Slack", "expiry", 80),
    ]
    assert _events(window_days=90, kinds={"expiry"}) == [("Figma Design", "expiry", 22), ("Slack", "expiry", 80)]
    with pytest.raises(ValueError):
        _events(kinds={"nonsense"})


def test_past_days_bring_back_what_just_lapsed_and_paging_counts(register):
    assert _events(window_days=0, past_days=0) == []
    with read_session() as s:
        page, total = renewals.list_renewals(s, today=date(2027, 2, 5), window_days=60, past_days=7, offset=1, limit=1)
    # Slack's cancellation deadline (6 days ago), Figma's expiry (4 days ago), Slack's expiry (in 54 days)
    assert total == 3 and [(r.software, r.kind, r.days_left) for r in page] == [("Figma", "expiry", -4)]


def test_owner_and_vendor_choices(register):
    _, olivia, pat = register
    with read_session() as s:
        assert renewals.owners(s) == [(olivia, "Olivia Owner"), (pat, "Pat Payer")]
        assert renewals.vendors(s) == ["Figma Inc.", "Slack Technologies"]


def test_csv_export_streams_rows_without_keys(register):
    ids, _, _ = register
    with read_session() as s:
        stream = renewals.export_csv(s, today=TODAY, window_days=90, app_url="https://lh.example.com/")
        first = next(stream)
        text = first + "".join(stream)
    assert first.startswith("Date,Event,Days left,Software")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 6
    assert rows[1] == [
        "2027-01-15",
        "Renews",
        "5",
        "Figma",
        "Later",
        "Figma Inc.",
        "",
        "active",
        "no",
        "",
        "EUR",
        f"https://lh.example.com/licenses/{ids['later']}",
    ]
    assert rows[2][:3] == ["2027-01-20", "Maintenance expires", "10"] and rows[2][9] == "50.00"
    assert rows[3][1] == "Cancel by" and rows[3][8] == "yes" and rows[3][9] == "1200.00"
    assert "SECRET-KEY" not in text


def test_csv_cells_cannot_become_formulas(database):
    make_license(make_product("Evil"), name='=HYPERLINK("http://x")', expiry_date="2027-01-20")
    with read_session() as s:
        text = "".join(renewals.export_csv(s, today=TODAY, window_days=30))
    assert "'=HYPERLINK" in text
