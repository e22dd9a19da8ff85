"""Capacity planning, the compliance score and scheduled reports in the browser: the
license page's forecast panel, /capacity by days until full, /compliance with what
lowers each product, and /settings/reports — add (with field messages), edit, pause,
delete after a confirmation — for Finance; a Viewer is refused."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from license_hub.db import write_session
from license_hub.models import License
from license_hub.services.seats import assignments as seats
from tests.browser.helpers import choose, expect_toast
from tests.factories import BROWSER_ACTOR, add_license, add_product

pytestmark = pytest.mark.browser


def _rising_license() -> int:
    """Ten seats bought, one new seat every ten days over the last 90: nine in use today."""
    today = date.today()
    lic = add_license(
        add_product("Figma"),
        name="Figma Org",
        seats_total=10,
        cost_per_seat="100",
        renewal_date=(today + timedelta(days=60)).isoformat(),
    )
    with write_session() as s:
        created = datetime.combine(today - timedelta(days=200), time(12), tzinfo=timezone.utc)
        s.exec(update(License).where(License.id == lic).values(created_at=created))
        for d in range(0, 90, 10):
            seat = seats.assign(s, BROWSER_ACTOR, lic, assignee_name=f"Holder {d}")
            seat.assigned_at = datetime.combine(today - timedelta(days=d), time(12), tzinfo=timezone.utc)
            s.add(seat)
    return lic


def test_capacity_panel_and_list(page, shot):
    lic = _rising_license()
    add_license(add_product("Miro"), name="Miro Team", seats_total=5, renewal_date="2030-01-01")
    page.goto(f"/licenses/{lic}")
    panel = page.get_by_test_id("capacity-panel")
    expect(panel.get_by_test_id("capacity-forecast")).to_contain_text("Full in ~11 days (around ")
    # 9 today rising 0.09914 a day: about 15 in use at renewal; 15 * 1.1 = 16.5 -> 17 seats, 7 more at 100
    expect(panel.get_by_test_id("capacity-sizing")).to_contain_text("with 17 seats: the projected use (15)")
    expect(panel.get_by_test_id("capacity-saving")).to_contain_text("Costs €700.00 a year")
    shot(page, "capacity-01-license-panel")

    page.goto("/capacity")
    rows = page.get_by_test_id("capacity-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Figma Org")
    expect(rows.nth(0)).to_contain_text("Full in ~11 days")
    expect(rows.nth(1)).to_contain_text("Miro Team")
    shot(page, "capacity-02-list")


def test_compliance_score_and_product_detail(page, shot):
    visio = add_product("Visio")
    over = add_license(visio, name="Visio Plan 2", seats_total=5)
    with write_session() as s:
        s.exec(update(License).where(License.id == over).values(seats_used=6))
    add_license(add_product("Zoom"), name="Zoom Pro", renewal_date="2030-01-01")
    page.goto("/compliance")
    expect(page.get_by_test_id("overall-score")).to_have_text("85")  # (70 + 100) / 2
    scores = page.get_by_test_id("score-row")
    expect(scores).to_have_count(2)
    expect(scores.nth(0)).to_contain_text("Visio")
    expect(scores.nth(0).get_by_test_id("product-score")).to_have_text("70")
    expect(page.get_by_test_id("deduction-row")).to_have_count(2)
    shot(page, "compliance-01-overall")
    scores.nth(1).get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/compliance/?\?product={visio + 1}$"))
    expect(page.get_by_test_id("no-deductions")).to_be_visible()
    page.goto(f"/compliance?product={visio}")
    expect(page.get_by_role("heading", name="What lowers Visio")).to_be_visible()
    rows = page.get_by_test_id("deduction-row")
    expect(rows.nth(0)).to_contain_text("over-allocated, 6 seats in use of 5")
    expect(rows.nth(0)).to_contain_text("−25")
    expect(rows.nth(1)).to_contain_text("no renewal or expiry date")
    rows.nth(0).get_by_role("link", name="Fix").click()
    expect(page).to_have_url(re.compile(rf"/licenses/{over}/users$"))


def test_finance_schedules_reports(signed_in_as, shot):
    page = signed_in_as("Finance", "finance@example.com")
    page.goto("/settings/reports")
    expect(page.get_by_test_id("schedules-empty")).to_be_visible()
    shot(page, "schedules-01-empty")

    page.get_by_test_id("schedule-new").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_test_id("schedule-name").fill("Monthly spend")
    choose(dialog, page, "Report", "Spend")
    dialog.get_by_test_id("schedule-recipients").fill("cfo@example.com, not-an-email")
    choose(dialog, page, "Cadence", "Monthly")
    choose(dialog, page, "Day of the month", "15")
    dialog.get_by_test_id("schedule-save").click()
    expect(dialog.get_by_test_id("error-recipients")).to_have_text("Not a valid email address: not-an-email")
    shot(page, "schedules-02-field-error", full_page=False)
    dialog.get_by_test_id("schedule-recipients").fill("cfo@example.com, ap@example.com")
    dialog.get_by_test_id("schedule-save").click()
    expect_toast(page, "Schedule saved")
    row = page.get_by_test_id("schedule-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Monthly spend")
    expect(row).to_contain_text("cfo@example.com, ap@example.com")
    expect(row).to_contain_text("Monthly on day 15")
    shot(page, "schedules-03-saved")

    row.get_by_test_id("schedule-edit").click()
    dialog = page.get_by_role("dialog")
    choose(dialog, page, "Cadence", "Weekly")
    choose(dialog, page, "Weekday", "Friday")
    dialog.get_by_test_id("schedule-save").click()
    expect_toast(page, "Schedule saved")
    expect(row).to_contain_text("Weekly on Friday")

    row.get_by_test_id("schedule-toggle").click()
    expect_toast(page, "Schedule paused")
    expect(row).to_contain_text("Paused")
    expect(row.get_by_test_id("schedule-toggle")).to_have_text("Resume")

    row.get_by_test_id("schedule-delete").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Delete this schedule?")
    shot(page, "schedules-04-confirm-delete", full_page=False)
    confirm.get_by_test_id("schedule-confirm-delete").click()
    expect_toast(page, "Schedule deleted")
    expect(page.get_by_test_id("schedules-empty")).to_be_visible()


def test_a_viewer_is_refused(signed_in_as):
    page = signed_in_as("Viewer", "viewer@example.com")
    for path in ("/settings/reports", "/compliance", "/capacity"):
        page.goto(path)
        expect(page.get_by_text("You do not have permission to do this")).to_be_visible()
