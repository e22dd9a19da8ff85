"""The catalog and the application page of seed 000: search and category in the
URL, the Deployment Model saved on change, and the Licenses tab."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import card, expect_toast
from tests.factories import add_license, add_product

pytestmark = pytest.mark.browser


def test_catalog_and_application_page(page, shot):
    acrobat = add_product("Adobe Acrobat Pro", publisher="Adobe", category="Documents")
    add_product("Microsoft Visio", publisher="Microsoft", category="Diagramming", deployment_model="Hybrid")
    add_license(acrobat, name="Acrobat — Finance", seats_total=4, product_key="ACRO-1111-2222-3333")

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/dashboard/?$"))
    page.get_by_test_id("nav-catalog").click()
    rows = page.get_by_test_id("catalog-row")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Adobe Acrobat Pro")).to_contain_text("1")
    page.get_by_label("Search the catalog").fill("visio")
    expect(page).to_have_url(re.compile(r"/catalog\?q=visio"))
    expect(rows).to_have_count(1)
    page.goto("/catalog?category=Documents")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Adobe Acrobat Pro")
    shot(page, "catalog-01-filtered")

    rows.first.click()
    expect(page).to_have_url(re.compile(rf"/catalog/{acrobat}$"))
    expect(page.get_by_test_id("page-title")).to_have_text("Adobe Acrobat Pro")
    model = page.get_by_test_id("deployment-model")
    expect(model.get_by_role("radio", name="Cloud")).to_be_checked()
    model.get_by_role("radio", name="Hybrid").click()
    expect_toast(page, "Deployment model set to Hybrid")
    page.reload()
    expect(page.get_by_test_id("deployment-model").get_by_role("radio", name="Hybrid")).to_be_checked()

    page.get_by_role("tab", name="Licenses").click()
    cards = page.get_by_test_id("license-card")
    expect(cards).to_have_count(1)
    expect(card(page, "Acrobat — Finance").get_by_test_id("masked-key")).to_have_text("••••-••••-3333")
    page.get_by_test_id("add-license").click()
    form = page.get_by_role("dialog")
    expect(form.get_by_label("Software", exact=True)).to_contain_text("Adobe Acrobat Pro")
    form.get_by_label("License name", exact=True).fill("Acrobat — Legal")
    form.get_by_label("Seats Total", exact=True).fill("3")
    form.get_by_label("Expiry Date", exact=True).fill("2030-06-30")
    form.get_by_role("button", name="Save").click()
    expect_toast(page, "License added")
    expect(cards).to_have_count(2)
    expect(page.get_by_test_id("license-total")).to_have_text("2 licenses")
    expect(card(page, "Acrobat — Legal").get_by_test_id("expiry")).to_have_text("30 Jun 2030")
    shot(page, "catalog-02-application-page")

    # Editing never sends the saved key back: the field stays blank and keeps it.
    card(page, "Acrobat — Finance").get_by_role("button", name="Edit license").click()
    form = page.get_by_role("dialog")
    expect(form.get_by_label("Product Key", exact=True)).to_have_value("")
    expect(form).to_contain_text("Saved key: ••••-••••-3333")
    form.get_by_label("Seats Total", exact=True).fill("6")
    form.get_by_role("button", name="Save").click()
    expect_toast(page, "License saved")
    expect(card(page, "Acrobat — Finance").get_by_test_id("seats-used")).to_have_text("0 / 6")
    expect(card(page, "Acrobat — Finance").get_by_test_id("masked-key")).to_have_text("••••-••••-3333")

    page.get_by_role("tab", name="Overview").click()
    expect(page.get_by_text("Not graded yet").first).to_be_visible()

    page.goto("/catalog/999999")
    expect(page.get_by_test_id("not-found")).to_contain_text("This product is not in the catalog")
    page.goto("/licenses/abc")
    expect(page.get_by_test_id("not-found")).to_contain_text("This record does not exist")
