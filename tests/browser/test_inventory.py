"""What the agent found, in the browser: a license's Installations and Used
Quantity, a device's installations, the reconciliation page with its drill-down
and dimensions, and the software rules page turning an unmatched row into a rule."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.services.inventory.fleet import build_fleet

pytestmark = pytest.mark.browser


def test_installations_on_a_license_and_a_device(page, shot):
    ids = build_fleet()
    page.goto(f"/licenses/{ids['license:Microsoft Visio']}")
    section = page.get_by_test_id("license-installations")
    expect(section.get_by_test_id("installation-row")).to_have_count(3)
    expect(section.get_by_test_id("used-quantity")).to_have_text("Used Quantity: 2 allocated · 3 installed")
    expect(section).to_contain_text("alice-laptop")
    expect(section).to_contain_text("Never opened")
    section.scroll_into_view_if_needed()
    shot(page, "inventory-01-license-installations")

    page.goto(f"/licenses/{ids['license:Figma']}")
    expect(page.get_by_test_id("installations-empty")).to_be_visible()

    page.goto(f"/devices/{ids['device:carol']}")
    device = page.get_by_test_id("device-installations")
    expect(device.get_by_test_id("installation-row")).to_have_count(4)
    expect(device).to_contain_text("IntelliJ IDEA")
    shot(page, "inventory-02-device-installations")


def test_reconciliation_page_drills_down(page, shot):
    build_fleet()
    page.goto("/reconciliation")
    expect(page.get_by_test_id("bucket-tile")).to_have_count(5)
    expect(page.get_by_test_id("summary-row")).to_have_count(6)
    expect(
        page.get_by_test_id("bucket-tile").filter(has_text="Installed without a license").get_by_test_id("bucket-count")
    ).to_have_text("7")
    shot(page, "inventory-03-reconciliation")
    page.get_by_test_id("drill-link").filter(has_text="AutoCAD").click()
    expect(page.get_by_test_id("drill-title")).to_have_text("AutoCAD")
    expect(page.get_by_test_id("drill-row")).to_have_count(3)
    expect(page).to_have_url("/reconciliation?key=" + page.url.split("key=")[1])
    shot(page, "inventory-04-drill-down")
    page.get_by_test_id("dimension").get_by_role("radio", name="Department").click()
    expect(page.get_by_test_id("summary-row").filter(has_text="Engineering")).to_have_count(1)
    expect(page).to_have_url("/reconciliation?by=department")
    csv = page.get_by_test_id("reconciliation-csv").get_attribute("href")
    assert csv.startswith("/api/v1/reports/reconciliation.csv")
    res = page.request.get(csv)
    assert res.status == 200 and res.text().startswith("Bucket,Product")


def test_an_unmatched_row_becomes_a_rule(page, shot):
    build_fleet()
    page.goto("/software-rules")
    expect(page.get_by_test_id("rule-row")).to_have_count(3)
    row = page.get_by_test_id("unmatched-row").filter(has_text="Notepad++ 8.6")
    row.get_by_role("button", name="Create rule").click()
    expect(page.get_by_test_id("rule-pattern")).to_have_value("Notepad++ 8.6")
    expect(page.get_by_test_id("preview-row")).to_have_count(1)
    expect(page.get_by_test_id("preview-row")).to_contain_text("Unmatched")
    shot(page, "inventory-05-rule-preview")
    page.get_by_test_id("rule-save").click()
    expect(page.get_by_text("Choose a product from the catalog")).to_be_visible()
    page.get_by_test_id("rule-product").click()
    page.get_by_role("option", name="AutoCAD", exact=True).click()
    page.get_by_test_id("rule-save").click()
    expect(page.locator("[data-sonner-toast]").filter(has_text="Rule saved")).to_be_visible()
    expect(page.get_by_test_id("rule-row")).to_have_count(4)
    expect(page.get_by_test_id("unmatched-empty")).to_be_visible()
    shot(page, "inventory-06-rules")
