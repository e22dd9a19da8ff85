"""A usage audit walked through on the license page (seed 003): start it (the
in-progress banner appears, a second start is refused with the service's
message), complete it with a new seat count, notes and the next audit in three
months (seats used changes, the history shows the before → after delta, the
drift against the assigned seats shows), cancel a later one after a
confirmation; and the compliance badge flagged for review, then cleared."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import expect

from license_hub.services.seats.usage_audits import AUDIT_IN_PROGRESS
from tests.browser.helpers import expect_toast
from tests.factories import add_license, add_product, fill_seats

pytestmark = pytest.mark.browser


def test_usage_audit_from_start_to_completion(page, signed_in_as, shot):
    figma = add_product("Figma", publisher="Figma")
    lic = add_license(figma, name="Design team", seats_total=20, cost_per_seat="12.00", billing_cycle="monthly")
    fill_seats(lic, 12, "Designer")

    page.goto(f"/licenses/{lic}")
    expect(page.get_by_test_id("seats-used")).to_have_text("12 / 20")
    expect(page.get_by_test_id("audit-history-empty")).to_be_visible()
    expect(page.get_by_test_id("audit-banner")).to_have_count(0)
    expect(page.get_by_test_id("compliance-badge")).to_have_text("Compliant")
    # A second admin has the same page open.
    other = signed_in_as("Admin", "second-admin@example.com")
    other.goto(f"/licenses/{lic}")
    expect(other.get_by_test_id("start-audit")).to_be_visible()

    page.get_by_test_id("start-audit").click()
    expect_toast(page, "Usage audit started: 12 seats used before the cleanup")
    banner = page.get_by_test_id("audit-banner")
    expect(banner).to_contain_text("Usage audit in progress")
    expect(banner).to_contain_text("admin@example.com")
    expect(banner).to_contain_text("12 seats used")
    expect(page.get_by_test_id("start-audit")).to_have_count(0)
    expect(page.get_by_test_id("audit-row")).to_have_count(1)
    expect(page.get_by_test_id("audit-row").first).to_contain_text("In progress")
    shot(page, "audit-01-in-progress")

    # Only one audit at a time: the other admin's start is refused.
    other.get_by_test_id("start-audit").click()
    expect_toast(other, AUDIT_IN_PROGRESS)

    # Complete: new count, notes, next audit in 3 months.
    page.get_by_test_id("complete-audit").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Complete usage audit")).to_be_visible()
    expect(dialog.get_by_label("New seat count")).to_have_value("12")
    dialog.get_by_label("New seat count").fill("-1")
    dialog.get_by_test_id("complete-submit").click()
    expect(dialog.get_by_test_id("error-seats_after")).to_have_text("The new seat count cannot be negative")
    dialog.get_by_label("New seat count").fill("9")
    dialog.get_by_label("Notes").fill("Removed 3 leavers in the Figma admin console")
    dialog.get_by_label("Next audit").click()
    page.get_by_role("option", name="In 3 months", exact=True).click()
    dialog.get_by_test_id("complete-submit").click()
    # 12 seats are assigned here: recording 9 asks whose 3 seats come back, and records nothing yet.
    expect(dialog.get_by_test_id("error-seats_after")).to_have_text(
        "12 seats are assigned here: choose the 3 holders whose seat to reclaim, or record a higher count"
    )
    choice = dialog.get_by_test_id("reclaim-choice")
    expect(choice).to_contain_text("Reclaim 3 of these seats")
    expect(choice.get_by_test_id("reclaim-holder")).to_have_count(12)
    for i in range(3):
        choice.get_by_test_id("reclaim-holder").nth(i).click()
    shot(page, "audit-02-complete-wizard", full_page=False)
    dialog.get_by_test_id("complete-submit").click()
    next_on = (datetime.now(timezone.utc).date() + relativedelta(months=3)).strftime("%d %b %Y")
    expect_toast(page, f"Usage audit completed: 12 → 9 seats (-3); next audit {next_on}")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_test_id("audit-banner")).to_have_count(0)

    # Seats used is overwritten; the history keeps before → after, notes, who and when.
    expect(page.get_by_test_id("seats-used")).to_have_text("9 / 20")
    row = page.get_by_test_id("audit-row").first
    expect(row).to_contain_text("Completed")
    expect(row.get_by_test_id("audit-seats")).to_contain_text("12")
    expect(row.get_by_test_id("audit-seats")).to_contain_text("9")
    expect(row.get_by_test_id("audit-delta")).to_have_text("-3")
    expect(row).to_contain_text("Removed 3 leavers in the Figma admin console")
    expect(row).to_contain_text("admin@example.com")
    expect(row).to_contain_text(next_on)
    expect(page.get_by_test_id("seat-row")).to_have_count(9)  # the three chosen holders gave their seat back
    expect(page.get_by_test_id("seat-drift")).to_have_count(0)
    expect(page.get_by_test_id("start-audit")).to_be_visible()
    shot(page, "audit-03-history")

    # A later audit is cancelled after a confirmation; seats used stays.
    page.get_by_test_id("start-audit").click()
    expect_toast(page, "Usage audit started: 9 seats used before the cleanup")
    page.get_by_test_id("cancel-audit").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("Cancel this usage audit?")
    page.get_by_test_id("cancel-audit-confirm").click()
    expect_toast(page, "Usage audit cancelled")
    expect(page.get_by_test_id("audit-banner")).to_have_count(0)
    expect(page.get_by_test_id("audit-row")).to_have_count(2)
    expect(page.get_by_test_id("audit-row").first).to_contain_text("Cancelled")
    expect(page.get_by_test_id("seats-used")).to_have_text("9 / 20")

    # Compliance: 9 of 20 used is under-utilized; flag it for review, then clear it.
    badge = page.get_by_test_id("compliance-badge")
    expect(badge).to_have_text("Under-utilized")
    page.get_by_test_id("compliance-review").click()
    expect_toast(page, "Compliance status set to Review Required")
    expect(badge).to_have_text("Review Required")
    page.get_by_test_id("compliance-clear").click()
    expect_toast(page, "Compliance status cleared: Under-utilized")
    expect(badge).to_have_text("Under-utilized")
    shot(page, "audit-04-cancelled")


def test_a_viewer_sees_the_audit_but_cannot_run_it(signed_in_as):
    lic = add_license(add_product("Slack"), seats_total=5)
    fill_seats(lic, 2)
    viewer = signed_in_as("Viewer")
    viewer.goto(f"/licenses/{lic}")
    expect(viewer.get_by_test_id("audit-history-empty")).to_be_visible()
    expect(viewer.get_by_test_id("compliance-badge")).to_have_text("Under-utilized")
    expect(viewer.get_by_test_id("start-audit")).to_have_count(0)
    expect(viewer.get_by_test_id("compliance-review")).to_have_count(0)
