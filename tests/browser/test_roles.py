"""Roles in the browser: each built-in role sees exactly the actions it may take;
a Viewer is refused the admin pages and — even with a forged event — seat
changes; an Admin's key reveal lands in the audit log; and Settings → Users
invites, changes roles, deactivates and creates roles."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, License
from license_hub.services.seats import assignments as seats
from license_hub.state.license_detail import LicenseDetailState
from license_hub.state.seat_assign import SeatAssignState
from tests.browser.conftest import PASSWORD, make_user
from tests.browser.helpers import choose, expect_toast
from tests.factories import add_license, add_product

pytestmark = pytest.mark.browser

KEY = "FIGMA-1234-5678-ABCD"
FORBIDDEN = "You do not have permission to do this"
EVENT_FRAME = re.compile(r"^(?P<head>42(?:/[^,\[]*,)?\d*)(?P<body>\[.*)$", re.S)
# What each built-in role may do, in the words of the UI it unlocks.
MAY = {
    "Admin": {"manage", "assign", "reveal", "catalog", "audits", "admin"},
    "License manager": {"manage", "assign", "reveal", "catalog", "audits"},
    "Seat assigner": {"assign"},
    "Viewer": set(),
    "Finance": set(),
}


def _license_with_a_seat() -> tuple[int, int]:
    entry = add_product("Figma", publisher="Figma Inc.")
    lid = add_license(entry, name="Design team", seats_total=5, product_key=KEY)
    with write_session() as s:
        seat = seats.assign(s, "ops@example.com", lid, assignee_name="Ada Lovelace").id
    return lid, seat


def _count(role: str, what: str) -> int:
    return 1 if what in MAY[role] else 0


@pytest.mark.parametrize("role", list(MAY))
def test_each_role_sees_exactly_what_it_may(signed_in_as, shot, role):
    lid, _ = _license_with_a_seat()
    page = signed_in_as(role)
    slug = role.lower().replace(" ", "-")

    page.goto("/licenses")
    card = page.get_by_test_id("license-card")
    expect(card).to_be_visible()
    expect(page.get_by_test_id("user-menu")).to_contain_text(role)
    expect(page.get_by_test_id("nav-licenses")).to_be_visible()
    expect(page.get_by_test_id("nav-catalog")).to_be_visible()
    expect(page.get_by_test_id("nav-audit_log")).to_have_count(_count(role, "audits"))
    expect(page.get_by_test_id("nav-settings")).to_have_count(_count(role, "admin"))
    expect(page.get_by_test_id("add-license")).to_have_count(_count(role, "manage"))
    expect(card.get_by_label("Edit license")).to_have_count(_count(role, "manage"))
    expect(card.get_by_label("Delete license")).to_have_count(_count(role, "manage"))
    shot(page, f"roles-{slug}-1-licenses")

    page.goto(f"/licenses/{lid}")
    expect(page.get_by_test_id("seat-row")).to_have_count(1)
    expect(page.get_by_test_id("activity-item").first).to_be_visible()
    expect(page.get_by_role("button", name="Edit license")).to_have_count(_count(role, "manage"))
    expect(page.get_by_role("button", name="Delete license")).to_have_count(_count(role, "manage"))
    expect(page.get_by_test_id("open-assign")).to_have_count(_count(role, "assign"))
    expect(page.get_by_test_id("reclaim")).to_have_count(_count(role, "assign"))
    expect(page.get_by_role("button", name="Copy product key")).to_have_count(_count(role, "reveal"))
    expect(page.get_by_test_id("activity-audit-link")).to_have_count(_count(role, "audits"))
    shot(page, f"roles-{slug}-2-license")

    page.goto("/catalog")
    expect(page.get_by_test_id("catalog-row")).to_have_count(1)
    expect(page.get_by_test_id("add-product")).to_have_count(_count(role, "catalog"))


def _forge_next_events(page, forged: list[tuple[str, dict]]) -> None:
    """Stand in for a tampered browser: each time the page sends "Show reclaimed",
    send the next (handler, payload) of `forged` instead, over the page's own
    signed-in connection."""
    queue = list(forged)

    def handler(ws):
        server = ws.connect_to_server()

        def from_page(message):
            # A socket.io event frame: 42[/namespace,][ack id]["event", {...}]
            packet = EVENT_FRAME.match(message) if isinstance(message, str) and queue else None
            if packet:
                frame = json.loads(packet["body"])
                event = frame[1] if len(frame) > 1 and isinstance(frame[1], dict) else {}
                if str(event.get("name", "")).endswith(".set_history"):
                    event["name"], event["payload"] = queue.pop(0)
                    message = packet["head"] + json.dumps(frame)
            server.send(message)

        ws.on_message(from_page)

    page.route_web_socket(re.compile(r"/_event"), handler)


def test_viewer_is_refused_admin_pages_and_seat_changes(signed_in_as, shot):
    lid, seat_id = _license_with_a_seat()
    page = signed_in_as("Viewer")

    for path, table in (("/settings/users", "users-table"), ("/audit-log", "audit-table")):
        page.goto(path)
        expect(page.get_by_test_id("forbidden-message")).to_have_text(FORBIDDEN)
        expect(page.get_by_test_id(table)).to_have_count(0)
        expect(page.get_by_test_id("user-row")).to_have_count(0)
        expect(page.get_by_test_id("chain-banner")).to_have_count(0)
    shot(page, "roles-viewer-3-audit-log-refused")

    # No buttons to assign or reclaim; a forged assign and reclaim are refused by the server.
    _forge_next_events(
        page,
        [
            (f"{SeatAssignState.get_full_name()}.assign", {"form": {"assignee_name": "Forged Holder"}}),
            (f"{LicenseDetailState.get_full_name()}.reclaim", {"assignment_id": seat_id}),
        ],
    )
    page.goto(f"/licenses/{lid}")
    expect(page.get_by_test_id("seat-row")).to_have_count(1)
    expect(page.get_by_test_id("open-assign")).to_have_count(0)
    expect(page.get_by_test_id("reclaim")).to_have_count(0)
    page.get_by_label("Show reclaimed").click()  # becomes the forged assign
    page.get_by_label("Show reclaimed").click()  # becomes the forged reclaim
    expect_toast(page, FORBIDDEN)
    with read_session() as s:
        assert s.get(License, lid).seats_used == 1
        rows = s.exec(select(Assignment).where(Assignment.license_id == lid)).all()
        assert [(r.assignee_name, r.revoked_at) for r in rows] == [("Ada Lovelace", None)]


def test_an_admins_key_reveal_is_in_the_audit_log(page, shot):
    lid, _ = _license_with_a_seat()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"/licenses/{lid}")
    page.get_by_role("button", name="Copy product key").click()
    expect_toast(page, "Product key copied to the clipboard")
    assert page.evaluate("navigator.clipboard.readText()") == KEY

    page.reload()
    reveal = page.get_by_test_id("activity-item").filter(has_text="Reveal key")
    expect(reveal).to_contain_text("by admin@example.com")
    expect(page.get_by_test_id("activity")).not_to_contain_text(KEY)
    shot(page, "roles-admin-3-activity")

    page.get_by_test_id("activity-audit-link").click()
    expect(page).to_have_url(re.compile(rf"/audit-log/?\?object_type=license&object_id={lid}$"))
    expect(page.get_by_test_id("object-filter")).to_have_text(f"Object #{lid}")
    choose(page, page, "Action", "Reveal key")
    row = page.get_by_test_id("event-row")
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("event-actor")).to_have_text("admin@example.com")
    expect(row.get_by_test_id("object-link")).to_have_attribute("href", f"/licenses/{lid}")
    expect(row).not_to_contain_text(KEY)
    shot(page, "roles-admin-4-reveal-in-audit-log")


def _row(page, email: str):
    return page.get_by_test_id("user-row").filter(has=page.get_by_test_id("user-email").get_by_text(email, exact=True))


def test_admin_manages_users_and_roles(page, signed_in_as, shot):
    make_user("Viewer", "ann@example.com")
    page.goto("/settings/users")
    expect(page.get_by_test_id("user-row")).to_have_count(2)
    me = _row(page, "admin@example.com")
    expect(me).to_contain_text("You")
    expect(me.get_by_role("button", name="Deactivate")).to_be_disabled()
    expect(page.get_by_test_id("role-card")).to_have_count(5)
    shot(page, "users-01-list")

    # Invite: a temporary password, shown once, that must be changed at first sign-in.
    page.get_by_test_id("invite-user").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Email").fill("nia@example.com")
    dialog.get_by_label("Name").fill("Nia Patel")
    choose(dialog, page, "Role", "Seat assigner")
    dialog.get_by_test_id("invite-submit").click()
    temp = dialog.get_by_test_id("temp-password")
    expect(temp).to_have_text(re.compile(r"^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$"))
    password = temp.inner_text()
    shot(page, "users-02-temporary-password", full_page=False)
    dialog.get_by_test_id("invite-done").click()
    nia = _row(page, "nia@example.com")
    expect(nia).to_contain_text("Temporary password")
    expect(nia.get_by_label("Role of Nia Patel")).to_have_text("Seat assigner")

    fresh = signed_in_as(None)
    fresh.goto("/sign-in")
    fresh.get_by_label("Email").fill("nia@example.com")
    fresh.get_by_label("Password").fill(password)
    fresh.get_by_test_id("sign-in").click()
    expect(fresh).to_have_url(re.compile(r"/account/?\?first=1"))
    expect(fresh.get_by_test_id("user-menu")).to_contain_text("Seat assigner")

    # Change someone's role, after a confirmation.
    choose(_row(page, "ann@example.com"), page, "Role of Viewer User", "License manager")
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Viewer User goes from Viewer to License manager")
    shot(page, "users-03-role-confirm", full_page=False)
    confirm.get_by_test_id("confirm-role").click()
    expect_toast(page, "Viewer User is now License manager")
    expect(_row(page, "ann@example.com").get_by_label("Role of Viewer User")).to_have_text("License manager")

    # An admin cannot take away their own Admin role.
    choose(me, page, "Role of Admin User", "Viewer")
    page.get_by_role("alertdialog").get_by_test_id("confirm-role").click()
    expect_toast(page, "You cannot remove your own Admin role")
    expect(me.get_by_label("Role of Admin User")).to_have_text("Admin")

    # Deactivate, confirmed; the account can no longer sign in.
    ann = _row(page, "ann@example.com")
    ann.get_by_test_id("toggle-active").click()
    page.get_by_role("alertdialog").get_by_test_id("confirm-active").click()
    expect_toast(page, "Viewer User was deactivated and signed out")
    expect(ann.get_by_test_id("user-status")).to_have_text("Deactivated")
    expect(ann.get_by_test_id("toggle-active")).to_have_text("Reactivate")
    other = signed_in_as(None)
    other.goto("/sign-in")
    other.get_by_label("Email").fill("ann@example.com")
    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_test_id("sign-in").click()
    expect(other.get_by_role("alert")).to_contain_text("Incorrect email or password")

    # A custom role from the permission checkboxes.
    page.get_by_test_id("new-role").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Name").fill("Auditor")
    dialog.get_by_test_id("role-submit").click()
    expect(dialog.get_by_test_id("error-permissions")).to_have_text("Tick at least one permission")
    dialog.get_by_text("See licenses", exact=True).click()
    dialog.get_by_text("Run usage audits and read the audit log", exact=True).click()
    shot(page, "users-04-new-role", full_page=False)
    dialog.get_by_test_id("role-submit").click()
    expect_toast(page, "Role Auditor created")
    auditor = page.get_by_test_id("role-card").filter(has_text="Auditor")
    expect(auditor.get_by_test_id("permission-badge")).to_have_text(["View licenses", "Audits & audit log"])
    expect(auditor).to_contain_text("Custom")
    shot(page, "users-05-roles")
