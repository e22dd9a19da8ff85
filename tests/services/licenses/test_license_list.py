"""Seed 003's status chips and saved filters, at their exact boundaries."""

from __future__ import annotations

from datetime import date, timedelta

from license_hub.db import read_session, write_session
from license_hub.services.licenses import license_list
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_product

TODAY = date(2026, 11, 23)


def _names(**kw) -> set[str]:
    with read_session() as s:
        cards, total = license_list.list_cards(s, today=TODAY, limit=200, **kw)
    assert total == len(cards)
    return {c.name for c in cards}


def _fill(lid: int, n: int) -> None:
    with write_session() as s:
        for i in range(n):
            seats.assign(s, ACTOR, lid, assignee_name=f"holder {i}")


def test_renewing_soon_is_today_through_sixty_days(database):
    p = make_product()
    for name, days in [("today", 0), ("day60", 60), ("day61", 61), ("yesterday", -1)]:
        make_license(p, name=name, expiry_date=(TODAY + timedelta(days=days)).isoformat())
    make_license(p, name="no expiry")
    assert _names(saved_filter="renewing_soon") == {"today", "day60"}


def test_expired_is_by_date_whatever_the_status(database):
    p = make_product()
    make_license(p, name="active but past", status="active", expiry_date=(TODAY - timedelta(days=1)).isoformat())
    make_license(p, name="expires today", expiry_date=TODAY.isoformat())
    assert _names(saved_filter="expired") == {"active but past"}


def test_fully_seated_and_underutilized_boundaries(database):
    p = make_product()
    full = make_license(p, name="full 2/2", seats_total=2)
    _fill(full, 2)
    half = make_license(p, name="half 2/4", seats_total=4)
    _fill(half, 2)
    under = make_license(p, name="under 1/4", seats_total=4)
    _fill(under, 1)
    make_license(p, name="single 0/1", seats_total=1)
    unlimited = make_license(p, name="unlimited", seat_type="unlimited", seats_total=0)
    _fill(unlimited, 3)
    assert _names(saved_filter="fully_seated") == {"full 2/2"}
    assert _names(saved_filter="underutilized") == {"under 1/4"}


def test_status_chips_count_live(database):
    p = make_product()
    for status in ["active", "active", "trial", "expired", "cancelled", "pending_renewal"]:
        make_license(p, status=status)
    with read_session() as s:
        counts = license_list.status_counts(s)
    assert counts == {"active": 2, "pending_renewal": 1, "trial": 1, "expired": 1, "cancelled": 1}
    assert len(_names(status="active")) == 1  # both unnamed
    with read_session() as s:
        _, total = license_list.list_cards(s, today=TODAY, status="active")
    assert total == 2


def test_card_shows_masked_key_and_amber_window(database):
    make_license(
        name="soon",
        product_key="AAAA-BBBB-CCCC-DDDD",
        renewal_notice_days=30,
        expiry_date=(TODAY + timedelta(days=30)).isoformat(),
        cost_per_seat="10",
        seats_total=3,
        billing_cycle="monthly",
        currency="USD",
    )
    with read_session() as s:
        (card,), _ = license_list.list_cards(s, today=TODAY)
    assert card.product_key_masked == "••••-••••-DDDD"
    assert card.in_notice_window and card.days_to_expiry == 30
    assert card.cost == "US$30.00" and card.annual_cost == "US$360.00"


def test_search_and_archived_view(database):
    from license_hub.services.licenses import lifecycle as licenses

    p = make_product("Adobe Creative Cloud", publisher="Adobe")
    keep = make_license(p, name="Design team", purchase_order="PO-7781")
    gone = make_license(p, name="Old contract")
    with write_session() as s:
        licenses.archive(s, ACTOR, gone)
    assert _names(search="po-7781") == {"Design team"}
    assert _names(search="adobe") == {"Design team"}
    assert _names(archived=True) == {"Old contract"}
    assert keep


def test_search_covers_serial_inventory_invoice_and_po_numbers(database):
    p = make_product("Autodesk AutoCAD", publisher="Autodesk")
    make_license(p, name="by serial", serial_number="SN-55X-0042")
    make_license(p, name="by inventory", inventory_number="INV-ASSET-913")
    make_license(p, name="by invoice", invoice_number="RE-2026-4471")
    make_license(p, name="by po", purchase_order="PO-88120")
    make_license(p, name="unrelated")
    assert _names(search="sn-55x") == {"by serial"}
    assert _names(search="asset-913") == {"by inventory"}
    assert _names(search="RE-2026-4471") == {"by invoice"}
    assert _names(search="88120") == {"by po"}
    with read_session() as s:
        assert license_list.status_counts(s, search="asset-913")["active"] == 1


def test_counts_follow_search_software_and_saved_filter(database):
    figma, slack = make_product("Figma"), make_product("Slack", publisher="Salesforce")
    make_license(figma, name="design", status="active", expiry_date=(TODAY - timedelta(days=3)).isoformat())
    make_license(figma, name="trial one", status="trial")
    make_license(slack, name="chat", status="active")
    with read_session() as s:
        assert license_list.status_counts(s, catalog_entry_id=figma)["active"] == 1
        assert license_list.status_counts(s, catalog_entry_id=figma)["trial"] == 1
        assert license_list.status_counts(s, search="sales")["active"] == 1
        assert license_list.status_counts(s, search="sales")["trial"] == 0
        expired = license_list.status_counts(s, saved_filter="expired", today=TODAY)
    assert expired == {"active": 1, "pending_renewal": 0, "trial": 0, "expired": 0, "cancelled": 0}


def test_table_sorts(database):
    p = make_product()
    make_license(
        p,
        name="monthly 10",
        cost_per_seat="10",
        seats_total=1,
        billing_cycle="monthly",
        vendor="b",
        purchase_order="PO-2",
    )
    make_license(p, name="annual 100", total_cost="100", billing_cycle="annual", vendor="A", purchase_order="PO-3")
    make_license(
        p,
        name="custom 6m 40",
        total_cost="40",
        billing_cycle="custom",
        custom_cycle_months="6",
        vendor="c",
        purchase_order="PO-1",
    )
    make_license(p, name="no cost", vendor="", purchase_order="")

    def order(sort: str, descending: bool = False) -> list[str]:
        with read_session() as s:
            cards, _ = license_list.list_cards(s, today=TODAY, sort=sort, descending=descending)
        return [c.name for c in cards]

    assert order("annual_cost") == ["custom 6m 40", "annual 100", "monthly 10", "no cost"]
    assert order("annual_cost", True)[:3] == ["monthly 10", "annual 100", "custom 6m 40"]
    assert order("vendor") == ["no cost", "annual 100", "monthly 10", "custom 6m 40"]
    assert order("po") == ["no cost", "custom 6m 40", "monthly 10", "annual 100"]
    with read_session() as s:
        (card, *_), _ = license_list.list_cards(s, today=TODAY, sort="vendor", descending=True)
    assert card.vendor == "c"


def test_archived_card_says_when_and_by_whom(database):
    from license_hub.services.licenses import lifecycle as licenses

    lid = make_license(name="old")
    with write_session() as s:
        licenses.archive(s, "archiver@example.com", lid)
    with read_session() as s:
        (card,), _ = license_list.list_cards(s, today=TODAY, archived=True)
    assert card.archived and card.archived_by == "archiver@example.com" and card.archived_on is not None
