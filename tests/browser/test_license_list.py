"""The license register on a small known data set: status chips with live counts,
the saved filters, search, shareable URLs, archive with confirmation, the form's
refusal, and server-side paging."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import card, choose, expect_toast
from tests.factories import add_license, add_product, fill_seats, in_days

pytestmark = pytest.mark.browser


def _known_set() -> None:
    figma, slack = add_product("Figma", publisher="Figma"), add_product("Slack", publisher="Salesforce")
    zoom, jira = add_product("Zoom", publisher="Zoom Video"), add_product("Jira", publisher="Atlassian")
    full = add_license(
        figma, name="Design org", seats_total=5, expiry_date=in_days(20), product_key="FIGMA-0000-1111-2222"
    )
    fill_seats(full, 5)
    under = add_license(slack, name="Slack Business+", seats_total=10, cost_per_seat="12.50", billing_cycle="monthly")
    fill_seats(under, 1)
    add_license(zoom, name="Zoom trial", status="trial", license_type="Trial", expiry_date=in_days(200))
    add_license(jira, name="Jira DC", status="expired", expiry_date=in_days(-10))
    add_license(slack, name="Slack legacy", status="cancelled")
    add_license(jira, name="Jira Cloud", status="pending_renewal", expiry_date=in_days(45))


def _expect_titles(page, *titles: str) -> None:
    expect(page.get_by_test_id("card-title")).to_have_text(list(titles))


def test_chips_saved_filters_and_archive(page, shot):
    _known_set()
    page.goto("/licenses")
    cards = page.get_by_test_id("license-card")
    expect(cards).to_have_count(6)
    for status, n in {"active": 2, "pending_renewal": 1, "trial": 1, "expired": 1, "cancelled": 1}.items():
        expect(page.get_by_test_id(f"count-{status}")).to_have_text(str(n))
    # The amber countdown shows inside the license's own 30-day notice window only.
    expect(card(page, "Design org").get_by_test_id("countdown")).to_have_text("Expires in 20 days")
    expect(card(page, "Jira Cloud").get_by_test_id("countdown")).to_have_count(0)
    expect(card(page, "Design org").get_by_test_id("masked-key")).to_have_text("••••-••••-2222")
    shot(page, "list-01-all")

    page.get_by_test_id("chip-trial").click()
    expect(page).to_have_url(re.compile(r"/licenses\?status=trial$"))
    _expect_titles(page, "Zoom trial")
    page.get_by_test_id("chip-trial").click()  # a second click clears the chip
    expect(cards).to_have_count(6)

    page.get_by_test_id("saved-fully_seated").click()
    expect(page).to_have_url(re.compile(r"filter=fully_seated"))
    expect(cards).to_have_count(1)
    expect(cards.get_by_test_id("seats-used")).to_have_text("5 / 5")
    page.get_by_test_id("saved-underutilized").click()
    expect(page).to_have_url(re.compile(r"filter=underutilized"))
    _expect_titles(page, "Slack Business+")
    page.get_by_test_id("saved-expired").click()
    expect(page).to_have_url(re.compile(r"filter=expired"))
    _expect_titles(page, "Jira DC")

    # Filters live in the URL: a shared link opens the same view.
    page.goto("/licenses?filter=renewing_soon")
    _expect_titles(page, "Design org", "Jira Cloud")
    expect(page.get_by_test_id("saved-renewing_soon")).to_have_attribute("aria-pressed", "true")
    shot(page, "list-02-renewing-soon")

    page.get_by_test_id("saved-renewing_soon").click()  # a second click clears the filter
    expect(cards).to_have_count(6)
    page.get_by_label("Search licenses").fill("jira")
    expect(page).to_have_url(re.compile(r"q=jira"))
    expect(cards).to_have_count(2)
    page.goto("/licenses?q=nothing-like-this")
    expect(page.get_by_test_id("empty-state")).to_contain_text("No licenses match these filters")
    page.get_by_role("button", name="Clear filters").click()
    expect(cards).to_have_count(6)

    # Delete (archive) with confirmation: the card leaves, the counts follow.
    card(page, "Slack legacy").get_by_role("button", name="Delete license").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Slack legacy")
    shot(page, "list-03-archive-confirm", full_page=False)
    confirm.get_by_role("button", name="Delete license").click()
    expect_toast(page, "License archived")
    expect(cards).to_have_count(5)
    expect(page.get_by_test_id("count-cancelled")).to_have_text("0")
    shot(page, "list-04-archived")

    # Edit with the same form: the status change moves the counts.
    card(page, "Zoom trial").get_by_role("button", name="Edit license").click()
    form = page.get_by_role("dialog")
    expect(form.get_by_label("License name", exact=True)).to_have_value("Zoom trial")
    choose(form, page, "License Status", "Active")
    form.get_by_role("button", name="Save").click()
    expect_toast(page, "License saved")
    expect(page.get_by_test_id("count-active")).to_have_text("3")
    expect(page.get_by_test_id("count-trial")).to_have_text("0")

    # Software is required: the refusal shows next to it and nothing is saved.
    page.get_by_test_id("add-license").click()
    form = page.get_by_role("dialog")
    form.get_by_label("License name", exact=True).fill("Orphan")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_test_id("error-catalog_entry_id")).to_have_text("Software is required")
    expect(form.get_by_test_id("error-catalog_entry_id")).to_be_in_viewport()  # scrolled to the first refusal
    shot(page, "list-05-form-refused", full_page=False)
    form.get_by_role("button", name="Cancel").click()
    expect(cards).to_have_count(5)


def test_server_side_paging(page):
    entry = add_product("Microsoft 365", publisher="Microsoft")
    for n in range(30):
        add_license(entry, name=f"M365 E3 — Team {n + 1:02d}", seats_total=10)
    page.goto("/licenses")
    cards = page.get_by_test_id("license-card")
    expect(cards).to_have_count(24)
    expect(page.get_by_test_id("pager-range")).to_have_text("1–24 of 30")
    page.get_by_role("button", name="Next page").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(cards).to_have_count(6)
    expect(page.get_by_test_id("pager-range")).to_have_text("25–30 of 30")
    page.reload()
    expect(cards).to_have_count(6)
