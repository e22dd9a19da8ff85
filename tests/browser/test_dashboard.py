"""/dashboard: "/" lands here; the headline figures; the software compliance grid
(seed 001) shows the expected status for a seeded over-deployed and an
under-utilized license; capacity alerts; the renewals of the next 30 days link to
/renewals; /spend shows spend per currency and the expiries calendar; a Viewer
sees the dashboard but not the finance page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from license_hub.db import write_session
from license_hub.services.directory import people
from license_hub.services.reports import compliance
from tests.factories import add_license, add_product, fill_seats, in_days

pytestmark = pytest.mark.browser
LOAD_MS = 20_000


def _install(product: int, license_id: int | None, device: str) -> None:
    with write_session() as s:
        dev = people.create_device(s, "test", name=device).id
        compliance.record_installation(s, "test", device_id=dev, catalog_entry_id=product, license_id=license_id)


def _seeded() -> dict[str, int]:
    visio = add_product("Visio", publisher="Microsoft", category="Diagramming")
    over = add_license(
        visio, name="Visio Plan 2", seats_total=2, cost_per_seat="150.00", renewal_date=in_days(12), auto_renew=True
    )
    fill_seats(over, 2, "Drafter")
    _install(visio, over, "PC-DRAFT-3")  # a third copy on a machine without a seat
    photoshop = add_product("Photoshop", publisher="Adobe", category="Design")
    under = add_license(
        photoshop,
        name="Photoshop CC",
        seats_total=10,
        cost_per_seat="30.00",
        currency="USD",
        billing_cycle="monthly",
        expiry_date=in_days(200),
    )
    fill_seats(under, 2, "Designer")
    notion = add_product("Notion", publisher="Notion Labs", category="Docs")
    full = add_license(notion, name="Notion Team", seats_total=4, total_cost="400.00", expiry_date=in_days(45))
    fill_seats(full, 4, "Writer")
    return {"over": over, "under": under, "full": full}


def test_compliance_grid_and_headline(page, shot):
    lic = _seeded()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    # The figures are computed off the event loop: a cold server takes a moment.
    expect(page.get_by_test_id("kpi-licenses")).to_have_text("3", timeout=LOAD_MS)
    expect(page.get_by_test_id("kpi-seats")).to_have_text("8 / 16")
    expect(page.get_by_test_id("kpi-spend-EUR")).to_have_text("€700.00")  # 2 × 150 + 400
    expect(page.get_by_test_id("kpi-spend-USD")).to_have_text("US$3,600.00")  # 10 × 30 × 12
    expect(page.get_by_test_id("kpi-spend-converted")).to_contain_text("no exchange rate for USD")

    grid = page.get_by_test_id("grid-row")
    expect(grid).to_have_count(3)
    visio = grid.filter(has_text="Visio")
    expect(visio.get_by_test_id("grid-purchased")).to_have_text("2")
    expect(visio.get_by_test_id("grid-used")).to_have_text("2")
    expect(visio.get_by_test_id("grid-installed")).to_have_text("1")
    expect(visio.get_by_test_id("grid-status")).to_have_text("Over-deployed")
    expect(visio.get_by_test_id("grid-status")).to_have_attribute("data-accent-color", "red")
    photoshop = grid.filter(has_text="Photoshop")
    expect(photoshop.get_by_test_id("grid-purchased")).to_have_text("10")
    expect(photoshop.get_by_test_id("grid-used")).to_have_text("2")
    expect(photoshop.get_by_test_id("grid-status")).to_have_text("Under-utilized")
    expect(grid.filter(has_text="Notion").get_by_test_id("grid-status")).to_have_text("Compliant")
    expect(grid.get_by_test_id("grid-status")).to_have_text(["Over-deployed", "Under-utilized", "Compliant"])
    counts = page.get_by_test_id("grid-count")
    expect(counts).to_have_text(["1Over-deployed", "0Review Required", "1Under-utilized", "1Compliant"])
    expect(page.get_by_test_id("grid-view-all")).to_have_count(0)  # every product is listed

    # Capacity alerts: at or above the 90% threshold, fullest first.
    alerts = page.get_by_test_id("alert-license")
    expect(alerts).to_have_text(["Visio · Visio Plan 2", "Notion · Notion Team"])

    # Renewals in the next 30 days (the Photoshop expiry is further out; the Notion one at 45 days too).
    renewals = page.get_by_test_id("dashboard-renewal")
    expect(renewals).to_have_count(1)
    expect(renewals.first).to_contain_text("Visio Plan 2")
    expect(renewals.first).to_contain_text("in 12 days")
    expect(page.get_by_test_id("history-chart").locator(".js-plotly-plot")).to_be_visible()
    shot(page, "dashboard-01-grid")

    # The grid reflects a hand-set status; the links go where they say.
    with write_session() as s:
        compliance.set_override(s, "test", lic["full"])
    page.reload()
    expect(grid.filter(has_text="Notion").get_by_test_id("grid-status")).to_have_text("Review Required")
    page.get_by_test_id("all-renewals").click()
    expect(page).to_have_url(re.compile(r"/renewals$"))
    page.go_back()
    visio.get_by_role("link", name="Visio").click()
    expect(page).to_have_url(re.compile(r"/licenses\?software=\d+$"))


def test_the_grid_lists_the_most_urgent_products_and_links_to_all(page, shot):
    _seeded()  # Visio over-deployed, Photoshop under-utilized, Notion compliant
    for i in range(12):
        add_license(add_product(f"App {i:02d}", publisher="Acme"), name=f"App {i:02d}", seats_total=1)
    page.goto("/dashboard")
    body = page.get_by_test_id("dashboard-body")
    expect(body).to_have_attribute("data-complete", "true", timeout=LOAD_MS)
    expect(page.get_by_test_id("history-chart").locator(".js-plotly-plot")).to_be_visible()
    rows = page.get_by_test_id("grid-row")
    expect(rows).to_have_count(10)
    expect(rows.first).to_contain_text("Visio")
    expect(rows.nth(1)).to_contain_text("Photoshop")
    expect(rows.nth(2)).to_contain_text("App 00")  # then the compliant ones, by name
    # The counts cover every product, listed or not.
    counts = page.get_by_test_id("grid-count")
    expect(counts).to_have_text(["1Over-deployed", "0Review Required", "1Under-utilized", "13Compliant"])
    shot(page, "dashboard-02-urgent-grid")
    view_all = page.get_by_test_id("grid-view-all")
    expect(view_all).to_have_text("View all 15 products →")
    view_all.click()
    expect(page).to_have_url(re.compile(r"/compliance$"))
    scores = page.get_by_test_id("score-row")
    expect(scores).to_have_count(15, timeout=LOAD_MS)
    for name in ("Visio", "Photoshop", "Notion", "App 11"):
        expect(scores.filter(has_text=name)).to_have_count(1)


def test_spend_page_for_finance(signed_in_as, shot, tmp_path):
    _seeded()
    finance = signed_in_as("Finance")
    finance.goto("/dashboard")
    finance.get_by_test_id("nav-spend").click()
    expect(finance).to_have_url(re.compile(r"/spend$"))
    expect(finance.get_by_test_id("spend-total-EUR")).to_have_text("€700.00", timeout=LOAD_MS)
    expect(finance.get_by_test_id("spend-total-USD")).to_have_text("US$3,600.00")
    # The charts come second, once the calendar is drawn; then the page says it is complete.
    expect(finance.get_by_test_id("spend-body")).to_have_attribute("data-complete", "true")
    for chart in ("spend-category-chart", "spend-vendor-chart", "spend-month-chart"):
        expect(finance.get_by_test_id(chart).locator(".js-plotly-plot")).to_be_visible()
    # One panel per currency, never added across currencies.
    expect(finance.get_by_test_id("spend-category-chart").locator(".annotation-text")).to_have_text(["EUR", "USD"])
    expect(finance.get_by_test_id("spend-chart-loading")).to_have_count(0)
    months = finance.get_by_test_id("calendar-month")
    expect(months).to_have_count(3)  # Visio renews, Notion expires, Photoshop expires: three months
    expect(finance.get_by_test_id("calendar-license").first).to_have_text("Visio · Visio Plan 2")
    expect(finance.get_by_test_id("calendar-kind").first).to_have_text("Renews")
    shot(finance, "spend-01-finance")

    finance.get_by_role("radio", name="3 months").click()
    expect(finance).to_have_url(re.compile(r"/spend\?months=3$"))
    expect(finance.get_by_test_id("calendar-entry")).to_have_count(2)

    with finance.expect_download() as info:
        finance.get_by_test_id("export-spend").click()
    path = tmp_path / "spend.csv"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("License ID,Software,License,Category,Vendor")
    assert "Photoshop,Photoshop CC,Design,Adobe,active,monthly,USD,3600.00" in text

    viewer = signed_in_as("Viewer")
    viewer.goto("/dashboard")
    expect(viewer.get_by_test_id("grid-row")).to_have_count(3)
    expect(viewer.get_by_test_id("nav-spend")).to_have_count(0)
    viewer.goto("/spend")
    expect(viewer.get_by_test_id("forbidden")).to_be_visible()


def test_empty_states(page, shot):
    page.goto("/dashboard")
    expect(page.get_by_text("Nothing to report yet")).to_be_visible(timeout=LOAD_MS)
    shot(page, "dashboard-03-empty")
    # A license with no cost and no date: nothing to chart, nothing in the calendar.
    add_license(add_product("Notepad++", publisher="Don Ho"), name="Notepad++", seats_total=5)
    page.goto("/spend")
    expect(page.get_by_test_id("spend-empty")).to_be_visible(timeout=LOAD_MS)
    expect(page.get_by_test_id("calendar-empty")).to_be_visible()
    expect(page.get_by_test_id("spend-body")).to_have_attribute("data-complete", "true")
    expect(page.get_by_test_id("spend-chart-loading")).to_have_count(0)
    shot(page, "spend-03-empty")
    page.goto("/dashboard")
    expect(page.get_by_test_id("kpi-licenses")).to_have_text("1", timeout=LOAD_MS)
    expect(page.get_by_test_id("grid-row")).to_have_count(1)
    expect(page.get_by_test_id("dashboard-body")).to_have_attribute("data-complete", "true")
    expect(page.get_by_test_id("history-loading")).to_have_count(0)
    shot(page, "dashboard-04-one-license")
