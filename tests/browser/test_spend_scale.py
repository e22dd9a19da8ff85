"""/spend with a crowded month: the calendar lists the month's first ten entries, says
how many more it holds and links to the renewals; the month's count and total still
cover every entry."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.factories import add_license, add_product

pytestmark = pytest.mark.browser
LOAD_MS = 20_000


def test_a_crowded_month_lists_its_first_entries(page, shot):
    today = date.today()
    first = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    product = add_product("Slack", publisher="Salesforce", category="Chat")
    for i in range(30):
        add_license(
            product,
            name=f"Team {i:02d}",
            seats_total=1,
            cost_per_seat="10.00",
            renewal_date=(first + timedelta(days=i % 25)).isoformat(),
        )
    page.goto("/spend")
    month = page.get_by_test_id("calendar-month").first
    expect(month.get_by_test_id("calendar-entry")).to_have_count(10, timeout=LOAD_MS)
    expect(month).to_contain_text("€300.00")
    more = month.get_by_test_id("calendar-more")
    expect(more).to_have_text("and 20 more this month")
    shot(page, "spend-02-crowded-month")
    more.click()
    expect(page).to_have_url(re.compile(r"/renewals\?window=365$"))
