"""The Spend page's calendar at scale: a month lists its first entries only and says
how many more it holds, while its count and per-currency total still cover all."""

from __future__ import annotations

from datetime import date, timedelta

from license_hub.state import spend as spend_state
from tests.factories import make_license, make_product


def _first_of_next_month() -> date:
    today = date.today()
    return date(today.year + (today.month == 12), today.month % 12 + 1, 1)


def test_a_full_month_lists_its_first_entries_and_counts_all(database):
    product = make_product("Slack")
    day = _first_of_next_month()
    n = spend_state.MONTH_ENTRIES + 7
    for i in range(n):
        make_license(
            product,
            name=f"Team {i:02d}",
            seats_total=1,
            cost_per_seat="10.00",
            currency="EUR",
            renewal_date=(day + timedelta(days=i % 20)).isoformat(),
        )
    data, _ = spend_state.compute(12)
    month = next(m for m in data["months"] if m.key == f"{day:%Y-%m}")
    assert month.count == n and data["calendar_count"] == n
    assert len(month.entry_rows) == spend_state.MONTH_ENTRIES
    assert month.more == "and 7 more this month"
    assert month.total == f"€{n * 10}.00"
    assert [e.iso for e in month.entry_rows] == sorted(e.iso for e in month.entry_rows)


def test_a_small_month_lists_everything(database):
    product = make_product("Zoom")
    make_license(product, seats_total=1, renewal_date=_first_of_next_month().isoformat())
    data, _ = spend_state.compute(12)
    assert [len(m.entry_rows) for m in data["months"]] == [1] and data["months"][0].more == ""
