"""People and devices edited in the app: add and edit a person and a device (an
error shows under its field), offboard someone holding seats and see the seats
come back on the license page, reactivate them, and merge two people."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Device, Person
from license_hub.services.seats import assignments as seats
from tests.browser.helpers import expect_toast
from tests.factories import add_license, add_person, add_product

pytestmark = pytest.mark.browser


def _person(email: str) -> Person | None:
    with read_session() as s:
        return s.exec(select(Person).where(Person.email == email)).first()


def test_add_and_edit_a_person_and_a_device(page, shot):
    add_person("Grace Hopper", "grace@example.com")
    add_person("Taken Name", "taken@example.com")
    page.goto("/people")
    page.get_by_test_id("add-person").click()
    form = page.get_by_test_id("person-form")
    form.locator("#name").fill("Ada Lovelace")
    form.locator("#email").fill("taken@example.com")
    form.locator("#employee_id").fill("E-1815")
    form.locator("#department").fill("Engineering")
    form.get_by_test_id("save").click()
    expect(form.get_by_test_id("error-email")).to_have_text("taken@example.com is already in the directory")
    shot(page, "directory-01-person-form-error", full_page=False)
    form.locator("#email").fill("ada@example.com")
    form.locator("#username").fill("ALovelace")
    form.locator("#manager").fill("Grace")
    form.get_by_test_id("manager-option").filter(has_text="Grace Hopper").click()
    expect(form.get_by_test_id("picked-manager")).to_have_text("Grace Hopper")
    form.get_by_test_id("save").click()
    expect_toast(page, "Ada Lovelace added")
    row = page.get_by_test_id("person-row").filter(has_text="Ada Lovelace")
    expect(row).to_contain_text("Grace Hopper")
    ada = _person("ada@example.com")
    assert ada is not None and (ada.username, ada.employee_id) == ("alovelace", "E-1815")
    shot(page, "directory-02-person-added")

    row.get_by_test_id("person-link").click()
    expect(page).to_have_url(re.compile(rf"/people/{ada.id}$"))
    page.get_by_test_id("edit-person").click()
    form = page.get_by_test_id("person-form")
    expect(form.locator("#employee_id")).to_have_value("E-1815")
    form.locator("#location").fill("London")
    form.locator("#name").fill("Ada King")
    form.get_by_test_id("save").click()
    expect_toast(page, "Ada King saved")
    expect(page.get_by_test_id("page-title")).to_have_text("Ada King")
    expect(page.get_by_text("London")).to_be_visible()
    shot(page, "directory-03-person-edited")

    page.goto("/devices")
    page.get_by_test_id("add-device").click()
    form = page.get_by_test_id("device-form")
    form.locator("#name").fill("Ada's laptop")
    form.locator("#hostname").fill("ada-mbp.corp")
    form.locator("#serial").fill("C02XK1")
    form.locator("#os").fill("macOS 15")
    form.locator("#owner").fill("Ada")
    form.get_by_test_id("owner-option").filter(has_text="Ada King").click()
    form.get_by_test_id("save").click()
    expect_toast(page, "Ada's laptop added")
    device_row = page.get_by_test_id("device-row").filter(has_text="Ada's laptop")
    expect(device_row).to_contain_text("Ada King")
    device_row.get_by_test_id("device-link").click()
    page.get_by_test_id("edit-device").click()
    form = page.get_by_test_id("device-form")
    expect(form.locator("#serial")).to_have_value("C02XK1")
    form.locator("#location").fill("Head office")
    form.get_by_test_id("save").click()
    expect_toast(page, "Ada's laptop saved")
    expect(page.get_by_text("Head office")).to_be_visible()
    with read_session() as s:
        device = s.exec(select(Device)).one()
        assert (device.serial, device.location, device.owner_id) == ("C02XK1", "Head office", ada.id)
    shot(page, "directory-04-device-edited")


def test_offboarded_seats_come_back_then_reactivate(page, shot):
    slack = add_license(add_product("Slack"), name="Slack Business+", seats_total=5)
    figma = add_license(add_product("Figma"), name="Figma Org", seats_total=5)
    linus = add_person("Linus Torvalds", "linus@example.com")
    with write_session() as s:
        for lic in (slack, figma):
            seats.assign(s, "test", lic, person_id=linus)
    page.goto(f"/licenses/{slack}")
    expect(page.get_by_test_id("seats-used")).to_have_text("1 / 5")

    page.goto(f"/people/{linus}")
    page.get_by_test_id("offboard").click()
    preview = page.get_by_role("alertdialog")
    expect(preview.get_by_test_id("preview-reclaim")).to_have_count(2)
    preview.get_by_test_id("confirm-offboard").click()
    expect_toast(page, "Linus Torvalds offboarded: 2 seats reclaimed")
    page.goto(f"/licenses/{slack}")
    expect(page.get_by_test_id("seats-used")).to_have_text("0 / 5")

    page.goto(f"/people/{linus}")
    page.get_by_test_id("reactivate").click()
    page.get_by_test_id("confirm-reactivate").click()
    expect_toast(page, "Linus Torvalds reactivated: they held 2 seats before leaving")
    expect(page.get_by_test_id("person-status")).to_have_text("Active")
    expect(page.get_by_test_id("former-seat")).to_have_count(2)
    expect(page.get_by_test_id("seats-empty")).to_be_visible()  # nothing restored by itself
    shot(page, "directory-05-reactivated")
    page.goto(f"/licenses/{figma}")
    expect(page.get_by_test_id("seats-used")).to_have_text("0 / 5")


def test_merge_two_people(page, shot):
    slack = add_license(add_product("Slack"), name="Slack Business+", seats_total=5)
    figma = add_license(add_product("Figma"), name="Figma Org", seats_total=5)
    ada = add_person("Ada Lovelace", "ada@example.com")
    dup = add_person("A. Lovelace", "a.lovelace@example.com")
    with write_session() as s:
        seats.assign(s, "test", slack, person_id=ada)
        seats.assign(s, "test", slack, person_id=dup)
        seats.assign(s, "test", figma, person_id=dup)

    page.goto(f"/people/{ada}")
    expect(page.get_by_test_id("profile-seat")).to_have_count(1)
    page.get_by_test_id("merge-person").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("#duplicate").fill("Lovelace")
    dialog.get_by_test_id("duplicate-option").filter(has_text="A. Lovelace").click()
    preview = dialog.get_by_test_id("merge-preview")
    expect(preview).to_contain_text("A. Lovelace is merged into Ada Lovelace")
    expect(dialog.get_by_test_id("merge-conflict")).to_have_text("Slack Business+ — reclaimed from A. Lovelace")
    shot(page, "directory-06-merge-preview", full_page=False)
    dialog.get_by_test_id("confirm-merge").click()
    expect_toast(page, "A. Lovelace merged into Ada Lovelace: 1 double seat reclaimed")
    expect(page.get_by_test_id("profile-seat")).to_have_count(2)
    shot(page, "directory-07-merged")
    page.goto(f"/licenses/{slack}")
    expect(page.get_by_test_id("seats-used")).to_have_text("1 / 5")
    assert _person("a.lovelace@example.com") is None


SYNC = (
    "name,email,employee_id,department,location,manager_email,status\n"
    "Ada Lovelace,ada@example.com,E-1,Research,,,\n"
    "Dee New,dee@example.com,E-4,Sales,Paris,ada@example.com,active\n"
)


def test_import_updates_people_and_deactivates_the_absent_after_a_preview(page, shot):
    slack = add_license(add_product("Slack"), name="Slack Business+", seats_total=5)
    ada = add_person("Ada Lovelace", "ada@example.com")
    cy = add_person("Cy Gone", "cy@example.com")
    with write_session() as s:
        seats.assign(s, "test", slack, person_id=cy)
    page.goto("/people")
    page.get_by_test_id("import-people").first.click()
    dialog = page.get_by_role("dialog")
    dialog.locator("input[type=file]").set_input_files(
        files=[{"name": "people.csv", "mimeType": "text/csv", "buffer": SYNC.encode()}]
    )
    expect(dialog.get_by_test_id("import-ready")).to_contain_text("2 people ready to import: 1 new, 1 updated")
    expect(dialog.get_by_test_id("plan-deactivate")).to_have_text("To deactivate: 0")
    dialog.get_by_test_id("deactivate-absent").click()
    expect(dialog.get_by_test_id("plan-deactivate")).to_have_text("To deactivate: 1")
    rows = dialog.get_by_test_id("plan-row")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="Ada Lovelace")).to_contain_text("employee id, department")
    expect(rows.filter(has_text="Cy Gone")).to_contain_text("To deactivate")
    shot(page, "directory-08-import-preview", full_page=False)
    assert _person("dee@example.com") is None  # nothing written before the import
    dialog.get_by_test_id("import-submit").click()
    expect_toast(page, "2 people imported: 1 new, 1 updated, 0 unchanged, 1 deactivated")
    expect(page.get_by_test_id("person-row")).to_have_count(3)
    assert _person("ada@example.com").employee_id == "E-1"
    assert _person("cy@example.com").status == "offboarded"
    page.goto(f"/licenses/{slack}")
    expect(page.get_by_test_id("seats-used")).to_have_text("0 / 5")
    shot(page, "directory-09-imported")
    assert ada
