"""The register on seeded data with known answers: every status chip and saved
filter shows exactly the expected licenses, counts follow search and the
software filter, the dense table sorts by its headers (and the sort lives in the
URL), archive then restore from the Archived view, and the security grade
questionnaire yields the expected letter."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from license_hub.db import read_session
from license_hub.models import CatalogEntry
from tests.browser.helpers import choose, expect_toast
from tests.factories import add_license, add_product, fill_seats, in_days

pytestmark = pytest.mark.browser

CHIPS = {
    "active": {"Design org", "Slack Business+", "Miro team"},
    "pending_renewal": {"Jira Cloud"},
    "trial": {"Zoom trial"},
    "expired": {"Jira DC"},
    "cancelled": {"Slack legacy"},
}
SAVED = {
    "renewing_soon": {"Design org", "Jira Cloud"},  # expiring within 60 days
    "expired": {"Jira DC", "Miro team"},  # by date, whatever the status says
    "fully_seated": {"Design org"},
    "underutilized": {"Slack Business+"},
}


def _known_set() -> dict[str, int]:
    figma, slack = add_product("Figma", publisher="Figma"), add_product("Slack", publisher="Salesforce")
    zoom, jira = add_product("Zoom", publisher="Zoom Video"), add_product("Jira", publisher="Atlassian")
    miro = add_product("Miro", publisher="RealtimeBoard")
    full = add_license(
        figma,
        name="Design org",
        seats_total=5,
        expiry_date=in_days(20),
        total_cost="600",
        vendor="Figma Inc.",
        purchase_order="PO-104",
    )
    fill_seats(full, 5)
    under = add_license(
        slack,
        name="Slack Business+",
        seats_total=10,
        cost_per_seat="12.50",
        billing_cycle="monthly",
        vendor="Salesforce",
        purchase_order="PO-101",
    )
    fill_seats(under, 1)
    add_license(zoom, name="Zoom trial", status="trial", license_type="Trial", expiry_date=in_days(200))
    add_license(
        jira,
        name="Jira DC",
        status="expired",
        expiry_date=in_days(-10),
        total_cost="2000",
        vendor="Atlassian",
        purchase_order="PO-102",
    )
    add_license(slack, name="Slack legacy", status="cancelled", vendor="Salesforce")
    add_license(
        jira,
        name="Jira Cloud",
        status="pending_renewal",
        expiry_date=in_days(45),
        total_cost="300",
        billing_cycle="quarterly",
        vendor="Atlassian",
        purchase_order="PO-103",
    )
    drift = add_license(
        miro,
        name="Miro team",
        seats_total=4,
        expiry_date=in_days(-5),
        total_cost="90",
        billing_cycle="monthly",
        vendor="Miro",
        purchase_order="PO-100",
    )
    fill_seats(drift, 2)
    return {"figma": figma, "slack": slack, "jira": jira}


def _names(page) -> list[str]:
    return page.get_by_test_id("row-name").all_inner_texts()


def _expect_rows(page, *names: str) -> None:
    expect(page.get_by_test_id("row-name")).to_have_text(list(names))


def test_chips_and_saved_filters_show_exactly_the_expected_licenses(page, shot):
    ids = _known_set()
    page.goto("/licenses?view=table")
    rows = page.get_by_test_id("license-row")
    expect(rows).to_have_count(7)
    for status, names in CHIPS.items():
        expect(page.get_by_test_id(f"count-{status}")).to_have_text(str(len(names)))
        page.get_by_test_id(f"chip-{status}").click()
        expect(page).to_have_url(re.compile(rf"status={status}"))
        expect(rows).to_have_count(len(names))
        assert set(_names(page)) == names, status
        page.get_by_test_id(f"chip-{status}").click()  # a second click clears it
        expect(rows).to_have_count(7)
    for key, names in SAVED.items():
        page.get_by_test_id(f"saved-{key}").click()
        expect(page).to_have_url(re.compile(rf"filter={key}"))
        expect(rows).to_have_count(len(names))
        assert set(_names(page)) == names, key
        page.get_by_test_id(f"saved-{key}").click()  # a second click clears it
        expect(rows).to_have_count(7)

    # The chips' counts follow the saved filter, the search and the software filter.
    page.goto("/licenses?view=table&filter=expired")
    expect(page.get_by_test_id("count-active")).to_have_text("1")
    expect(page.get_by_test_id("count-expired")).to_have_text("1")
    page.goto(f"/licenses?software={ids['slack']}")
    expect(page.get_by_test_id("license-card")).to_have_count(2)
    expect(page.get_by_test_id("count-active")).to_have_text("1")
    expect(page.get_by_test_id("count-cancelled")).to_have_text("1")
    expect(page.get_by_test_id("count-expired")).to_have_text("0")
    page.goto("/licenses")
    page.get_by_label("Search licenses").fill("atlassian")
    expect(page).to_have_url(re.compile(r"q=atlassian"))
    expect(page.get_by_test_id("license-card")).to_have_count(2)
    expect(page.get_by_test_id("count-pending_renewal")).to_have_text("1")
    expect(page.get_by_test_id("count-expired")).to_have_text("1")
    expect(page.get_by_test_id("count-active")).to_have_text("0")
    shot(page, "views-01-search-counts")


def test_table_sorts_by_its_headers(page, shot):
    _known_set()
    page.goto("/licenses")
    expect(page.get_by_test_id("license-card")).to_have_count(7)
    page.get_by_test_id("view-switch").get_by_role("radio", name="Table").click()
    expect(page).to_have_url(re.compile(r"view=table"))
    # Default: by software, then by when it was added.
    _expect_rows(
        page, "Design org", "Jira DC", "Jira Cloud", "Miro team", "Slack Business+", "Slack legacy", "Zoom trial"
    )
    expect(page.get_by_test_id("license-row").first.get_by_test_id("seats-used")).to_have_text("5 / 5")

    page.get_by_test_id("sort-annual_cost").click()
    expect(page).to_have_url(re.compile(r"sort=annual_cost"))
    _expect_rows(
        page, "Design org", "Miro team", "Jira Cloud", "Slack Business+", "Jira DC", "Zoom trial", "Slack legacy"
    )
    expect(page.get_by_test_id("annual-cost")).to_have_text(
        ["€600.00", "€1,080.00", "€1,200.00", "€1,500.00", "€2,000.00", "—", "—"]
    )
    page.get_by_test_id("sort-annual_cost").click()  # again: descending, blanks still last
    expect(page).to_have_url(re.compile(r"sort=annual_cost&dir=desc"))
    _expect_rows(
        page, "Jira DC", "Slack Business+", "Jira Cloud", "Miro team", "Design org", "Zoom trial", "Slack legacy"
    )
    shot(page, "views-02-table-by-cost")

    page.get_by_test_id("sort-expiry").click()
    _expect_rows(
        page, "Jira DC", "Miro team", "Design org", "Jira Cloud", "Zoom trial", "Slack Business+", "Slack legacy"
    )
    expect(page.locator("th[aria-sort='ascending']")).to_contain_text("Expiry")
    expect(page.get_by_test_id("license-row").nth(2).get_by_test_id("countdown")).to_have_text("Expires in 20 days")
    page.get_by_test_id("sort-po").click()
    _expect_rows(
        page, "Zoom trial", "Slack legacy", "Miro team", "Slack Business+", "Jira DC", "Jira Cloud", "Design org"
    )
    page.reload()  # the URL is the source of truth
    _expect_rows(
        page, "Zoom trial", "Slack legacy", "Miro team", "Slack Business+", "Jira DC", "Jira Cloud", "Design org"
    )


def test_archive_then_restore_from_the_archived_view(page, shot):
    _known_set()
    page.goto("/licenses?view=table")
    rows = page.get_by_test_id("license-row")
    expect(rows).to_have_count(7)
    rows.filter(has_text="Slack legacy").get_by_role("button", name="Delete license").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete license").click()
    expect_toast(page, "License archived")
    expect(rows).to_have_count(6)

    page.get_by_test_id("show-archived").click()
    expect(page).to_have_url(re.compile(r"archived=1"))
    expect(page.get_by_test_id("page-title")).to_have_text("Archived licenses")
    _expect_rows(page, "Slack legacy")
    expect(page.get_by_test_id("count-cancelled")).to_have_text("1")
    shot(page, "views-03-archived")
    rows.first.get_by_test_id("restore").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Slack legacy")
    confirm.get_by_role("button", name="Restore license").click()
    expect_toast(page, "License restored")
    expect(page.get_by_test_id("empty-state")).to_contain_text("No archived licenses")
    page.get_by_test_id("show-live").click()
    expect(rows).to_have_count(7)
    expect(page.get_by_test_id("count-cancelled")).to_have_text("1")


def test_security_grade_questionnaire_yields_the_expected_letter(page, signed_in_as, shot):
    entry = add_product("Dropbox", publisher="Dropbox")
    viewer = signed_in_as("Viewer")
    viewer.goto(f"/catalog/{entry}")
    expect(viewer.get_by_test_id("page-title")).to_have_text("Dropbox")
    expect(viewer.get_by_test_id("evaluate-security")).to_have_count(0)

    page.goto(f"/catalog/{entry}")
    page.get_by_test_id("evaluate-security").click()
    dialog = page.get_by_role("dialog")
    # Everything but MFA and a GDPR DPA: 100 − 15 − 10 = 75 → C, Medium risk.
    for question in (
        "Supports single sign-on (SAML/OIDC)",
        "Encrypts customer data at rest",
        "Encrypts all traffic in transit (TLS 1.2+)",
        "Holds a current SOC 2 Type II report",
        "Holds ISO/IEC 27001 certification",
        "Lets you choose where data is stored",
        "Publishes its list of subprocessors",
    ):
        dialog.get_by_label(question, exact=True).click()
    choose(dialog, page, "Breach history", "No breach in the last 3 years")
    dialog.get_by_role("button", name="Evaluate").click()
    expect(dialog.get_by_test_id("grade-letter")).to_have_text("C")
    expect(dialog.get_by_test_id("grade-risk")).to_have_text("Medium risk")
    expect(dialog.get_by_test_id("grade-reason")).to_have_text(
        ["No enforced multi-factor authentication (−15)", "No GDPR data processing agreement (−10)"]
    )
    expect_toast(page, "Security grade C · Medium risk")
    shot(page, "views-04-security-grade", full_page=False)
    with read_session() as s:
        saved = s.get(CatalogEntry, entry)
    assert (saved.security_grade, saved.security_risk) == ("C", "Medium")

    # One breach more: 65 → D, High; the page's pill follows.
    choose(dialog, page, "Breach history", "One breach in the last 3 years")
    dialog.get_by_role("button", name="Evaluate").click()
    expect(dialog.get_by_test_id("grade-letter")).to_have_text("D")
    expect(dialog.get_by_test_id("grade-risk")).to_have_text("High risk")
    dialog.get_by_role("button", name="Close").first.click()
    expect(page.get_by_test_id("grade-pill").first).to_have_text("D")
