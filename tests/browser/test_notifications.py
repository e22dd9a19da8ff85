"""The bell: a reminder scan (run in-process, as the scheduler would) raises the
signed-in user's unread count; the popover lists the notification; clicking it
opens the license and marks it read; "Mark all read" clears the rest. Another
user's notifications never show.

The app's own scheduler also scans at start: the delivery ledger makes the two
scans deliver each stage once, so the tests only count what they can see."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.jobs import reminder_scan
from license_hub.models import AppUser
from license_hub.services.notify import notifications
from tests.browser.helpers import expect_toast
from tests.factories import add_license, add_person, add_product, in_days

pytestmark = pytest.mark.browser


def _user_id(email: str) -> int:
    with read_session() as s:
        return s.exec(select(AppUser.id).where(AppUser.email == email)).one()


def test_a_scan_rings_the_bell_and_the_link_marks_it_read(page, shot):
    page.goto("/licenses")
    expect(page.get_by_test_id("bell")).to_be_visible()
    expect(page.get_by_test_id("bell-count")).to_have_count(0)  # nothing is owed on an empty database
    page.get_by_test_id("bell").click()
    expect(page.get_by_test_id("notifications-empty")).to_contain_text("No notifications yet")
    page.keyboard.press("Escape")

    # The business owner's person is the signed-in admin (same email).
    owner = add_person("Ada Admin", "admin@example.com")
    entry = add_product("Figma", publisher="Figma")
    license_id = add_license(
        entry, name="Design org", expiry_date=in_days(7), business_owner_id=owner, product_key="FIGMA-0000-1111-2222"
    )
    reminder_scan.run()
    reminder_scan.run()  # a second run delivers nothing twice

    page.reload()
    badge = page.get_by_test_id("bell-count")
    expect(badge).to_have_text(re.compile(r"^[1-9]\d*$"))
    before = int(badge.inner_text())
    expect(page.get_by_test_id("bell")).to_have_attribute("aria-label", f"Notifications, {before} unread")
    shot(page, "bell-01-unread", full_page=False)

    page.get_by_test_id("bell").click()
    item = page.get_by_test_id("notification").filter(has_text="Design org")
    expect(item).to_have_count(1)
    expect(item.get_by_test_id("notification-title")).to_contain_text("Figma — Design org expires")
    expect(item.get_by_test_id("unread-dot")).to_be_visible()
    expect(item).to_contain_text("just now")
    expect(item).not_to_contain_text("1111-2222")  # never the key in clear
    expect(item).to_have_attribute("href", f"/licenses/{license_id}")
    shot(page, "bell-02-popover", full_page=False)

    item.click()
    expect(page).to_have_url(re.compile(rf"/licenses/{license_id}$"))
    expect(page.get_by_test_id("page-title")).to_have_text("Design org")
    if before > 1:
        expect(page.get_by_test_id("bell-count")).to_have_text(str(before - 1))
    else:
        expect(page.get_by_test_id("bell-count")).to_have_count(0)
    with read_session() as s:
        assert notifications.unread_count(s, _user_id("admin@example.com")) == before - 1

    # Read notifications stay listed, without the dot.
    page.get_by_test_id("bell").click()
    read = page.get_by_test_id("notification").filter(has_text="Design org")
    expect(read).to_have_attribute("data-unread", "false")
    expect(read.get_by_test_id("unread-dot")).to_have_count(0)
    page.keyboard.press("Escape")


def test_mark_all_read_and_only_your_own(page, signed_in_as, shot):
    page.goto("/licenses")
    expect(page.get_by_test_id("bell")).to_be_visible()
    other = signed_in_as("Viewer", "viewer@example.com")
    admin_id, viewer_id = _user_id("admin@example.com"), _user_id("viewer@example.com")
    entry = add_product("Slack", publisher="Salesforce")
    license_id = add_license(entry, name="Slack Business+")
    with write_session() as s:
        for n in range(3):
            notifications.add(
                s, admin_id, kind="expiry", title=f"Admin reminder {n + 1}", body="For the admin", license_id=license_id
            )
        notifications.add(
            s, viewer_id, kind="audit_due", title="Viewer only", body="Not for the admin", license_id=license_id
        )

    page.reload()
    expect(page.get_by_test_id("bell-count")).to_have_text("3")
    page.get_by_test_id("bell").click()
    items = page.get_by_test_id("notification")
    expect(items).to_have_count(3)
    expect(items.first.get_by_test_id("notification-title")).to_have_text("Admin reminder 3")  # newest first
    expect(page.get_by_test_id("notifications-popover")).not_to_contain_text("Viewer only")
    expect(page.get_by_test_id("unread-label")).to_have_text("3 unread notifications")
    page.get_by_test_id("mark-all-read").click()
    expect_toast(page, "Marked 3 notifications read")
    expect(page.get_by_test_id("bell-count")).to_have_count(0)
    expect(page.get_by_test_id("unread-label")).to_have_text("You're all caught up")
    expect(page.get_by_test_id("unread-dot")).to_have_count(0)
    shot(page, "bell-03-all-read", full_page=False)

    # The viewer sees their own one, still unread.
    other.clock.install()
    other.goto("/licenses")
    expect(other.get_by_test_id("bell-count")).to_have_text("1")
    other.get_by_test_id("bell").click()
    expect(other.get_by_test_id("notification")).to_have_count(1)
    expect(other.get_by_test_id("notification-title")).to_have_text("Viewer only")
    other.keyboard.press("Escape")

    # A new one arrives while the page stays open: the next poll (every 30 s) shows it.
    with write_session() as s:
        notifications.add(s, viewer_id, kind="capacity", title="Viewer again", license_id=license_id)
    other.clock.run_for(5_000)
    expect(other.get_by_test_id("bell-count")).to_have_text("1")
    other.clock.run_for(30_000)
    expect(other.get_by_test_id("bell-count")).to_have_text("2")
