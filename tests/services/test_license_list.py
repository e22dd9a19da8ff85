"""Seed 003's status chips and saved filters, at their exact boundaries."""
from __future__ import annotations

from datetime import date, timedelta

from license_hub.db import read_session, write_session
from license_hub.services import license_list, seats
from tests.services.helpers import ACTOR, make_license, make_product

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
    make_license(name="soon", product_key="AAAA-BBBB-CCCC-DDDD", renewal_notice_days=30,
                 expiry_date=(TODAY + timedelta(days=30)).isoformat(), cost_per_seat="10", seats_total=3,
                 billing_cycle="monthly", currency="USD")
    with read_session() as s:
        (card,), _ = license_list.list_cards(s, today=TODAY)
    assert card.product_key_masked == "••••-••••-DDDD"
    assert card.in_notice_window and card.days_to_expiry == 30
    assert card.cost == "US$30.00" and card.annual_cost == "US$360.00"


def test_search_and_archived_view(database):
    from license_hub.services import licenses
    p = make_product("Adobe Creative Cloud", publisher="Adobe")
    keep = make_license(p, name="Design team", purchase_order="PO-7781")
    gone = make_license(p, name="Old contract")
    with write_session() as s:
        licenses.archive(s, ACTOR, gone)
    assert _names(search="po-7781") == {"Design team"}
    assert _names(search="adobe") == {"Design team"}
    assert _names(archived=True) == {"Old contract"}
    assert keep
