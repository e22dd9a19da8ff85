"""Capacity alerts at scale: the dashboard's card shows the ten most urgent (the
fullest first, then the soonest to renew) and links to /capacity-alerts, a paged
list of every one of them in the same order; with none, both say so."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from license_hub.db import write_session
from license_hub.models import License
from tests.factories import add_license, add_product, in_days

pytestmark = pytest.mark.browser
LOAD_MS = 20_000


def _alerting(n: int) -> list[str]:
    """n licenses at or above 90%: fill falls with i, and pairs of equal fill differ by
    renewal date. Returns their titles, most urgent first."""
    product = add_product("Jira", publisher="Atlassian")
    expected = []
    for i in range(n):
        lic = add_license(product, name=f"Pool {i:02d}", seats_total=100, renewal_date=in_days(300 - i))
        with write_session() as s:
            s.exec(update(License).where(License.id == lic).values(seats_used=100 - i // 2))
        expected.append((100 - i // 2, 300 - i, f"Jira · Pool {i:02d}"))
    below = add_license(product, name="Quiet", seats_total=100)
    with write_session() as s:
        s.exec(update(License).where(License.id == below).values(seats_used=50))
    return [title for _, _, title in sorted(expected, key=lambda t: (-t[0], t[1]))]


def test_ten_most_urgent_and_view_all(page, shot):
    order = _alerting(13)
    page.goto("/dashboard")
    alerts = page.get_by_test_id("capacity-alerts").get_by_test_id("alert-license")
    expect(alerts).to_have_count(10, timeout=LOAD_MS)
    expect(alerts).to_have_text(order[:10])
    view_all = page.get_by_test_id("alerts-view-all")
    expect(view_all).to_have_text("View all 13 alerts")
    shot(page, "capacity-alerts-01-dashboard")

    view_all.click()
    expect(page).to_have_url(re.compile(r"/capacity-alerts$"))
    expect(page.get_by_test_id("page-title")).to_have_text("Capacity alerts")
    expect(page.get_by_test_id("alert-license")).to_have_text(order)
    expect(page.get_by_test_id("pager-range")).to_have_text("1–13 of 13 alerts")
    expect(page.get_by_test_id("alert-row").first).to_contain_text("100 / 100")
    expect(page.get_by_test_id("alert-next-date").first).to_contain_text("in 299 days")
    shot(page, "capacity-alerts-02-all")

    page.get_by_test_id("alert-license").first.click()
    expect(page).to_have_url(re.compile(r"/licenses/\d+$"))


def test_no_alerts(page, shot):
    product = add_product("Slack", publisher="Salesforce")
    add_license(product, name="Business+", seats_total=10)
    page.goto("/dashboard")
    expect(page.get_by_test_id("kpi-licenses")).to_have_text("1", timeout=LOAD_MS)
    expect(page.get_by_text("No license is at its capacity threshold.")).to_be_visible()
    expect(page.get_by_test_id("alerts-view-all")).to_have_count(0)
    page.goto("/capacity-alerts")
    expect(page.get_by_test_id("empty-state")).to_contain_text("No license is at its capacity threshold")
    shot(page, "capacity-alerts-03-empty")
