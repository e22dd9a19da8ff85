"""Typed row views and the one formatting module: a row is a frozen dataclass
(a misspelt field fails instead of rendering an empty cell), and dates, money
and counts read the same everywhere."""

from __future__ import annotations

import dataclasses
import typing
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

import license_hub.license_hub  # noqa: F401 - imports every page, so every state exists
from license_hub.services.licenses.license_list import LicenseCard
from license_hub.state.base import AppState
from license_hub.state.views import formatting as fmt
from license_hub.state.views.licenses import CardView, card


def _card(**changes) -> LicenseCard:
    base = dict(
        id=7,
        software="Figma",
        publisher="Figma Inc.",
        security_grade="A",
        name="",
        product_key_masked="",
        license_type="Subscription",
        status="active",
        seat_type="named",
        seats_used=4,
        seats_total=5,
        unlimited=False,
        version="",
        purchase_date=date(2025, 3, 4),
        purchase_order="",
        cost="€10.00",
        annual_cost="€120.00",
        expiry_date=None,
        maintenance_expiry_date=None,
        renewal_notice_days=30,
        days_to_expiry=3,
        archived=False,
    )
    return LicenseCard(**{**base, **changes})


def test_a_card_is_a_frozen_typed_row():
    view = card(_card())
    assert isinstance(view, CardView)
    assert (view.title, view.key, view.has_key, view.seats, view.fill) == (
        "Figma",
        "No product key",
        False,
        "4 / 5",
        80,
    )
    assert (view.purchase_date, view.expiry, view.countdown) == ("04 Mar 2025", "—", "Expires in 3 days")
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.title = "changed"  # type: ignore[misc]
    assert card(_card(unlimited=True, seats_total=0)).seats == "4 / Unlimited"


def test_formatting():
    assert fmt.fmt_date(date(2025, 3, 4)) == "04 Mar 2025" and fmt.fmt_date(None) == "—"
    assert fmt.when(datetime(2025, 3, 4, 23, 59)) == "04 Mar 2025" and fmt.when(None) == "Never"
    assert fmt.stamp("2025-03-04T14:03:00") == "04 Mar 2025, 14:03 UTC" and fmt.stamp(None) == ""
    assert (fmt.plural(1, "seat"), fmt.plural(0, "seat"), fmt.plural(2, "day")) == ("1 seat", "0 seats", "2 days")
    now = datetime(2026, 1, 10, tzinfo=timezone.utc)
    assert [fmt.days_ago(now - timedelta(days=d), now) for d in (0, 1, 1200)] == [
        "today",
        "yesterday",
        "1,200 days ago",
    ]
    assert fmt.amount(None, "EUR") == "—" and "12" in fmt.amount(Decimal("12.00"), "EUR")
    lines = fmt.money_lines({"USD": Decimal("5"), "EUR": Decimal("10"), "GBP": Decimal("0")})
    assert [line.currency for line in lines] == ["EUR", "USD"]
    assert fmt.converted_line({"EUR": Decimal("1")}, Decimal("1"), "EUR", ()) == ""
    assert fmt.initials("Adobe Acrobat") == "AA" and fmt.avatar_color("x") == fmt.avatar_color(" X ")


LIST_ROWS = {
    "LicensesState": "cards",
    "PeopleState": "rows",
    "DevicesState": "rows",
    "CatalogState": "rows",
    "RenewalsState": "rows",
    "AuditLogState": "rows",
    "SeatUsersState": "rows",
    "UtilizationState": "ranking",
    "LicenseDetailState": "seat_rows",
}


def _states() -> dict[str, type]:
    found, todo = {}, [AppState]
    while todo:
        cls = todo.pop()
        found[cls.__name__] = cls
        todo.extend(cls.__subclasses__())
    return found


@pytest.mark.parametrize("state, var", sorted(LIST_ROWS.items()))
def test_list_rows_are_dataclasses(state, var):
    hints = typing.get_type_hints(_states()[state])
    (row,) = typing.get_args(hints[var])
    assert dataclasses.is_dataclass(row) and row.__dataclass_params__.frozen, f"{state}.{var} rows are not typed"


# Rows and records of the other pages and dialogs: each one a frozen dataclass too.
OTHER_ROWS = {
    "UsersState": ("users", "roles"),
    "ApiTokensState": ("rows",),
    "PersonState": ("seats", "to_reclaim"),
    "DeviceState": ("seats",),
    "DashboardState": ("grid", "alerts", "renewals", "spend"),
    "SpendState": ("months", "totals"),
    "UtilizationState": ("signals", "potential"),
    "ReclaimState": ("plan_lines", "plan_savings"),
    "BulkAssignState": ("options", "chosen", "report"),
    "SeatAssignState": ("options", "device_options"),
    "RenewalsState": ("owner_options",),
    "UsageAuditState": ("history", "reclaim_holders"),
    "BellState": ("items",),
    "DirectoryImportState": ("problems",),
}
RECORDS = {
    "PersonState": "person",
    "DeviceState": "device",
    "LicenseDetailState": "lic",
    "SeatUsersState": "lic",
    "CatalogEntryState": "entry",
    "SeatAssignState": "picked",
    "SecurityGradeState": "result",
    "UsageAuditState": "compliance",
}


@pytest.mark.parametrize("state, var", sorted((s, v) for s, vs in OTHER_ROWS.items() for v in vs))
def test_other_rows_are_dataclasses(state, var):
    hints = typing.get_type_hints(_states()[state])
    (row,) = typing.get_args(hints[var])
    assert dataclasses.is_dataclass(row) and row.__dataclass_params__.frozen, f"{state}.{var} rows are not typed"


@pytest.mark.parametrize("state, var", sorted(RECORDS.items()))
def test_records_are_dataclasses_with_an_empty_default(state, var):
    cls = _states()[state]
    kind = typing.get_type_hints(cls)[var]
    assert dataclasses.is_dataclass(kind) and kind.__dataclass_params__.frozen
    assert kind() == kind(), "the empty record is built from defaults alone"
