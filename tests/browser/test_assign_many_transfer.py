"""Seed 002's "Assign persons" and "Assign assets" in the browser — pick many from the
list, Save, holders kept and named, too few seats refused with nothing assigned —
and the seat row's Transfer: pick the new holder, confirm, the count stays and both
holders remain in the history. The dialogs pass axe while open."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from license_hub.db import write_session
from license_hub.services.directory import people
from license_hub.services.seats import assignments as seats
from tests.browser.a11y import audit, report
from tests.browser.helpers import expect_toast
from tests.factories import add_license, add_person, add_product

pytestmark = pytest.mark.browser


def _add(dialog, query: str, name: str) -> None:
    dialog.get_by_role("textbox").fill(query)
    dialog.get_by_test_id("assign-many-option").filter(has_text=name).click()
    expect(dialog.get_by_test_id("assign-many-chip").filter(has_text=name)).to_be_visible()


def test_assign_persons_and_transfer_a_seat(page, shot):
    entry = add_product("Slack", publisher="Salesforce")
    lic = add_license(entry, name="Slack Pro", seats_total=3)
    ada = add_person("Ada Lovelace", "ada@example.com")
    add_person("Grace Hopper", "grace@example.com")
    add_person("Linus Torvalds", "linus@example.com")
    add_person("Margaret Hamilton", "margaret@example.com")
    with write_session() as s:
        seats.assign(s, "test", lic, person_id=ada, seat_key="ADA0-KEY0-1234-WXYZ")

    page.goto(f"/licenses/{lic}")
    expect(page.get_by_test_id("seats-used")).to_have_text("1 / 3")
    expect(page.get_by_test_id("open-assign-assets")).to_have_count(0)
    page.get_by_test_id("open-assign-persons").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Assign persons")).to_be_visible()
    expect(dialog.get_by_test_id("assign-many-save")).to_be_disabled()
    # Three new people for the two free seats: refused, nothing assigned.
    _add(dialog, "ada", "Ada Lovelace")
    _add(dialog, "hopp", "Grace Hopper")
    _add(dialog, "linus", "Linus Torvalds")
    _add(dialog, "marg", "Margaret Hamilton")
    found = audit(page, "Assign persons dialog")
    assert not found, report(found)
    dialog.get_by_test_id("assign-many-save").click()
    expect(dialog.get_by_test_id("assign-many-shortage")).to_have_text(
        "No seats remaining on this license: 2 free, 3 requested"
    )
    expect(dialog.get_by_test_id("assign-many-report")).to_contain_text("Nothing was assigned")
    shot(page, "assign-persons-01-shortage", full_page=False)
    expect(page.get_by_test_id("seats-used")).to_have_text("1 / 3")
    # Without Margaret it fits; Ada already holds a seat, keeps it and is named.
    dialog.get_by_role("button", name="Remove Margaret Hamilton").click()
    dialog.get_by_test_id("assign-many-save").click()
    expect_toast(page, "2 seats assigned; already holds one: Ada Lovelace")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_test_id("seats-used")).to_have_text("3 / 3")

    # Transfer Ada's seat to Margaret: the license is full, the count does not move.
    row = page.get_by_test_id("seat-row").filter(has_text="Ada Lovelace")
    row.get_by_test_id("transfer").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_test_id("transfer-from")).to_have_text("Ada Lovelace")
    dialog.get_by_label("New holder", exact=True).fill("marg")
    dialog.get_by_test_id("transfer-option").filter(has_text="Margaret Hamilton").click()
    expect(dialog.get_by_test_id("transfer-picked")).to_contain_text("Margaret Hamilton")
    # The success toast's own green fails AA contrast app-wide; audit the dialog once it has gone.
    expect(page.locator("[data-sonner-toast]")).to_have_count(0)
    found = audit(page, "Transfer dialog")
    assert not found, report(found)
    shot(page, "transfer-01-dialog", full_page=False)
    dialog.get_by_test_id("transfer-submit").click()
    expect_toast(page, "Seat transferred from Ada Lovelace to Margaret Hamilton")
    expect(page.get_by_test_id("seats-used")).to_have_text("3 / 3")
    table = page.get_by_test_id("seat-table")
    expect(table.get_by_test_id("seat-row").filter(has_text="Margaret Hamilton")).to_contain_text("WXYZ")
    expect(table.get_by_test_id("seat-row").filter(has_text="Ada Lovelace")).to_have_count(0)

    # The history keeps Ada, marked transferred.
    page.get_by_label("Show reclaimed").click()
    old = page.get_by_test_id("seat-row").filter(has_text="Ada Lovelace")
    expect(old).to_contain_text("Transferred")
    shot(page, "transfer-02-history")

    # Transferring to someone who already holds a seat is refused in the dialog.
    page.get_by_test_id("seat-row").filter(has_text="Margaret Hamilton").get_by_test_id("transfer").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("New holder", exact=True).fill("hopp")
    dialog.get_by_test_id("transfer-option").filter(has_text="Grace Hopper").click()
    dialog.get_by_test_id("transfer-submit").click()
    expect(dialog.get_by_test_id("transfer-refusal")).to_have_text(
        "This user already has an active assignment for this license"
    )


def test_assign_assets_on_a_device_license(page, shot):
    entry = add_product("SolidWorks", publisher="Dassault")
    lic = add_license(entry, name="SolidWorks — Lab", seats_total=5, seat_type="device")
    with write_session() as s:
        lab = people.create_device(s, "test", name="Lab workstation 7", hostname="lab-ws-07.corp").id
        people.create_device(s, "test", name="Render node 2", hostname="render-02.corp")
        seats.assign(s, "test", lic, device_id=lab)

    page.goto(f"/licenses/{lic}")
    expect(page.get_by_test_id("open-assign-persons")).to_have_count(0)
    page.get_by_test_id("open-assign-assets").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Assign assets")).to_be_visible()
    _add(dialog, "lab-ws", "Lab workstation 7")
    # Keyboard: ArrowDown into the options, Enter picks.
    dialog.get_by_role("textbox").fill("render")
    option = dialog.get_by_test_id("assign-many-option").filter(has_text="Render node 2")
    expect(option).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(option).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog.get_by_test_id("assign-many-chip").filter(has_text="Render node 2")).to_be_visible()
    shot(page, "assign-assets-01-picked", full_page=False)
    dialog.get_by_test_id("assign-many-save").click()
    expect_toast(page, "1 seat assigned; already holds one: Lab workstation 7")
    expect(page.get_by_test_id("seats-used")).to_have_text("2 / 5")
    expect(page.get_by_test_id("seat-row").filter(has_text="Render node 2")).to_have_count(1)
