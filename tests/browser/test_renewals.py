"""/renewals on a known set: the window, kind and owner filters live in the URL
and show the expected rows soonest first; days left carry their red/amber
emphasis; the timeline draws one point per event; the CSV export downloads the
same rows with ISO dates and no key; paging is server-side; a Viewer sees the
list without the export."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import choose
from tests.factories import add_license, add_person, add_product, in_days

pytestmark = pytest.mark.browser

KEY = "FIGMA-0000-1111-2222"


def _known_set() -> None:
    olivia = add_person("Olivia Owner", "olivia@example.com")
    figma, slack = add_product("Figma", publisher="Figma"), add_product("Slack", publisher="Salesforce")
    jira = add_product("Jira", publisher="Atlassian")
    add_license(
        figma,
        name="Design org",
        expiry_date=in_days(5),
        maintenance_expiry_date=in_days(45),
        business_owner_id=olivia,
        product_key=KEY,
        cost_per_seat="15.00",
        seats_total=10,
        billing_cycle="monthly",
    )
    add_license(
        slack,
        name="Slack Business+",
        expiry_date=in_days(200),
        auto_renew=True,
        cancellation_notice_days=60,
        total_cost="9000",
        billing_cycle="annual",
    )
    add_license(jira, name="Jira Cloud", expiry_date=in_days(300), renewal_date=in_days(25))
    add_license(jira, name="Jira DC", status="cancelled", expiry_date=in_days(10))  # cancelled: owes nothing


def _rows(page) -> list[tuple[str, str]]:
    rows = page.get_by_test_id("renewal-row")
    return [
        (r.get_by_test_id("renewal-license").inner_text(), r.get_by_test_id("kind-badge").inner_text())
        for r in rows.all()
    ]


def _expect_rows(page, *expected: tuple[str, str]) -> None:
    expect(page.get_by_test_id("renewal-license")).to_have_text([name for name, _ in expected])
    assert _rows(page) == list(expected)


def test_filters_timeline_and_csv_export(page, signed_in_as, shot, tmp_path):
    _known_set()
    page.goto("/licenses")
    page.get_by_test_id("nav-renewals").click()
    expect(page).to_have_url(re.compile(r"/renewals$"))
    # Default window: the next 90 days.
    _expect_rows(page, ("Design org", "Expires"), ("Jira Cloud", "Renews"), ("Design org", "Maintenance expires"))
    first = page.get_by_test_id("renewal-row").first
    expect(first.get_by_test_id("due-date")).to_have_attribute("title", in_days(5))
    expect(first.get_by_test_id("days-left")).to_have_text("5 days")
    expect(first.get_by_test_id("days-left")).to_have_attribute("data-accent-color", "red")
    second = page.get_by_test_id("renewal-row").nth(1)
    expect(second.get_by_test_id("days-left")).to_have_attribute("data-accent-color", "amber")
    expect(first).to_contain_text("Olivia Owner")
    expect(first).to_contain_text("1,800.00")  # 15.00 × 10 seats a month, annualized
    expect(page.get_by_test_id("count-urgent")).to_have_text("1")
    expect(page.get_by_test_id("count-soon")).to_have_text("2")
    expect(page.locator("body")).not_to_contain_text("1111-2222")

    # The timeline: one point per event, in its kind's lane.
    chart = page.get_by_test_id("renewals-timeline")
    expect(chart.locator(".js-plotly-plot")).to_be_visible()
    expect(chart.locator(".scatterlayer .point")).to_have_count(3)
    expect(chart.locator(".ytick")).to_have_count(3)
    shot(page, "renewals-01-90-days")

    page.get_by_role("radio", name="30 days").click()
    expect(page).to_have_url(re.compile(r"/renewals\?window=30$"))
    _expect_rows(page, ("Design org", "Expires"), ("Jira Cloud", "Renews"))
    expect(chart.locator(".scatterlayer .point")).to_have_count(2)

    page.get_by_role("radio", name="365 days").click()
    expect(page).to_have_url(re.compile(r"window=365"))
    expect(page.get_by_test_id("renewal-row")).to_have_count(6)
    slack_cancel = page.get_by_test_id("renewal-row").filter(has_text="Cancel by")
    expect(slack_cancel).to_contain_text("Slack Business+")
    expect(slack_cancel.get_by_test_id("auto-renew")).to_have_text("Yes")

    page.get_by_test_id("kind-expiry").click()
    expect(page).to_have_url(re.compile(r"window=365&kind=expiry$"))
    _expect_rows(page, ("Design org", "Expires"), ("Slack Business+", "Expires"), ("Jira Cloud", "Expires"))
    expect(page.get_by_test_id("kind-expiry")).to_have_attribute("aria-pressed", "true")
    expect(chart.locator(".ytick")).to_have_count(1)
    shot(page, "renewals-02-365-expiries")

    # The export carries the same filters, ISO dates and no key.
    export = page.get_by_test_id("export-csv")
    expect(export).to_have_attribute("href", "/api/v1/renewals.csv?window=365&kind=expiry")
    with page.expect_download() as info:
        export.click()
    download = info.value
    assert re.fullmatch(r"renewals-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    path = tmp_path / "renewals.csv"
    download.save_as(path)
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["Date"], r["Event"], r["License"]) for r in rows] == [
        (in_days(5), "Expires", "Design org"),
        (in_days(200), "Expires", "Slack Business+"),
        (in_days(300), "Expires", "Jira Cloud"),
    ]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["Date"]) for r in rows)
    assert KEY not in text and "1111-2222" not in text and "Jira DC" not in text

    # Owner filter, shareable; a second click on the kind chip clears it.
    page.get_by_test_id("kind-expiry").click()
    expect(page.get_by_test_id("renewal-row")).to_have_count(6)
    choose(page, page, "Business owner", "Olivia Owner")
    expect(page).to_have_url(re.compile(r"owner=\d+"))
    _expect_rows(page, ("Design org", "Expires"), ("Design org", "Maintenance expires"))
    choose(page, page, "Vendor", "Salesforce")
    expect(page.get_by_test_id("empty-state")).to_contain_text("Nothing matches these filters")
    shot(page, "renewals-03-no-match")
    page.get_by_role("button", name="Clear filters").first.click()
    expect(page).to_have_url(re.compile(r"/renewals\?window=365$"))
    expect(page.get_by_test_id("renewal-row")).to_have_count(6)

    # A viewer reads the list but has no export.
    viewer = signed_in_as("Viewer", "viewer@example.com")
    viewer.goto("/renewals?window=30")
    expect(viewer.get_by_test_id("renewal-row")).to_have_count(2)
    expect(viewer.get_by_test_id("export-csv")).to_have_count(0)
    assert viewer.request.get("/api/v1/renewals.csv").status == 403


def test_empty_window_and_paging(page, shot):
    page.goto("/renewals")
    expect(page.get_by_test_id("empty-state")).to_contain_text("Nothing falls due in the next 90 days")
    shot(page, "renewals-04-empty")
    entry = add_product("Microsoft 365", publisher="Microsoft")
    for n in range(55):
        add_license(entry, name=f"M365 E3 — Team {n + 1:02d}", expiry_date=in_days(n % 20 + 1))
    page.get_by_role("button", name="Show the next 365 days").click()
    expect(page).to_have_url(re.compile(r"window=365"))
    expect(page.get_by_test_id("renewal-row")).to_have_count(50)
    expect(page.get_by_test_id("pager-range")).to_have_text("1–50 of 55")
    page.get_by_role("button", name="Next page").click()
    expect(page).to_have_url(re.compile(r"window=365&page=2"))
    expect(page.get_by_test_id("renewal-row")).to_have_count(5)
    # The timeline still shows the whole window, not just this page: 55 events on 20 days.
    expect(page.get_by_test_id("renewals-timeline").locator(".scatterlayer .point")).to_have_count(20)
    expect(page.get_by_test_id("count-window")).to_have_text("55")
    shot(page, "renewals-05-page-2")
