"""The people side of seats, in the browser: importing people and devices from CSV
(a bad row imports nothing and is named by its row number), offboarding with its
preview (reassignable seats reclaimed, the others retired), the red "Contact
terminated — reclaim" badge on seats still held by a contact marked gone, and
the terminated contacts' seats view, where the reassignable rule refuses in words."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from license_hub.db import read_session, write_session
from license_hub.models import Person
from license_hub.services.directory import listing as directory
from license_hub.services.seats import assignments as seats
from tests.browser.helpers import expect_toast
from tests.factories import add_license, add_person, add_product

pytestmark = pytest.mark.browser

BAD_PEOPLE = (
    "name,email,department,location,manager_email,status\n"
    "Ada Lovelace,ada@example.com,Engineering,London,,active\n"
    "Grace Hopper,grace-at-example.com,Engineering,Arlington,ada@example.com,active\n"
    "Linus Torvalds,linus@example.com,Kernel,Portland,ada@example.com,active\n"
)
GOOD_PEOPLE = BAD_PEOPLE.replace("grace-at-example.com", "grace@example.com")
DEVICES = (
    "name,hostname,owner_email,os\nAda's laptop,ada-mbp.corp,ada@example.com,macOS 15\nBuild box,build-01.corp,,Linux\n"
)


def _choose_file(dialog, name: str, text: str) -> None:
    dialog.locator("input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}]
    )


def _people_count() -> int:
    with read_session() as s:
        return directory.list_people(s)[1]


def test_import_people_and_devices_from_csv(page, shot):
    page.goto("/people")
    expect(page.get_by_test_id("empty-state")).to_contain_text("The directory is empty")
    shot(page, "people-01-empty")

    page.get_by_test_id("import-people").first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Import people")).to_be_visible()
    expect(dialog.get_by_test_id("import-submit")).to_be_disabled()
    _choose_file(dialog, "people.csv", BAD_PEOPLE)
    problems = dialog.get_by_test_id("import-problem")
    expect(problems).to_have_count(1)
    expect(problems.first).to_contain_text("3")  # the spreadsheet row: the header is row 1
    expect(problems.first).to_contain_text("email “grace-at-example.com” is not a valid email address")
    expect(dialog.get_by_test_id("import-summary")).to_contain_text("Nothing was imported: 1 problem in 1 row")
    expect(dialog.get_by_test_id("import-submit")).to_be_disabled()
    shot(page, "people-02-import-bad-row", full_page=False)
    assert _people_count() == 0  # nothing half-imported

    _choose_file(dialog, "people-fixed.csv", GOOD_PEOPLE)
    expect(dialog.get_by_test_id("import-ready")).to_contain_text("3 people ready to import")
    expect(dialog.get_by_test_id("import-problem")).to_have_count(0)
    assert _people_count() == 0  # the check writes nothing
    dialog.get_by_test_id("import-submit").click()
    expect_toast(page, "3 people imported")
    expect(page.get_by_role("dialog")).to_have_count(0)
    rows = page.get_by_test_id("person-row")
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="Grace Hopper")).to_contain_text("Ada Lovelace")  # the manager, linked by email
    shot(page, "people-03-imported")

    # Filters and sort live in the URL.
    page.get_by_label("Department").click()
    page.get_by_role("option", name="Kernel").click()
    expect(page).to_have_url(re.compile(r"dept=Kernel"))
    expect(rows).to_have_count(1)
    page.get_by_label("Department").click()
    page.get_by_role("option", name="All departments").click()
    expect(rows).to_have_count(3)
    page.get_by_test_id("sort-name").click()
    expect(rows.first).to_contain_text("Linus Torvalds")

    # Devices import the same way, owners matched by email.
    page.get_by_test_id("nav-devices").click()
    expect(page.get_by_test_id("empty-state")).to_contain_text("No devices yet")
    page.get_by_test_id("import-devices").first.click()
    dialog = page.get_by_role("dialog")
    _choose_file(dialog, "devices.csv", DEVICES)
    expect(dialog.get_by_test_id("import-ready")).to_contain_text("2 devices ready to import")
    dialog.get_by_test_id("import-submit").click()
    expect_toast(page, "2 devices imported")
    devices = page.get_by_test_id("device-row")
    expect(devices).to_have_count(2)
    expect(devices.filter(has_text="Ada's laptop")).to_contain_text("Ada Lovelace")
    shot(page, "people-04-devices")


def test_offboarding_and_terminated_contacts_seats(page, shot):
    slack = add_license(add_product("Slack"), name="Slack Business+", seats_total=5)
    figma = add_license(add_product("Figma"), name="Figma Org", seats_total=5)
    autocad = add_license(
        add_product("AutoCAD", publisher="Autodesk"), name="AutoCAD — Plant", seats_total=5, reassignable=False
    )
    linus = add_person("Linus Torvalds", "linus@example.com")
    ada = add_person("Ada Lovelace", "ada@example.com")
    with write_session() as s:
        for lic in (slack, figma, autocad):
            seats.assign(s, "test", lic, person_id=linus)
        seats.assign(s, "test", slack, person_id=ada)

    page.goto("/people")
    page.get_by_test_id("person-link").filter(has_text="Linus Torvalds").click()
    expect(page).to_have_url(re.compile(rf"/people/{linus}$"))
    held = page.get_by_test_id("profile-seat")
    expect(held).to_have_count(3)
    shot(page, "people-05-profile")

    # The preview says what is freed and what is retired.
    page.get_by_test_id("offboard").click()
    preview = page.get_by_role("alertdialog")
    expect(preview.get_by_test_id("preview-reclaim")).to_have_count(2)
    retire = preview.get_by_test_id("preview-keep")
    expect(retire).to_have_count(1)
    expect(retire).to_contain_text("AutoCAD — Plant")
    expect(preview).to_contain_text("Seats to retire")
    shot(page, "people-06-offboard-preview", full_page=False)
    preview.get_by_test_id("confirm-offboard").click()
    expect_toast(page, "Linus Torvalds offboarded: 2 seats reclaimed, 1 retired (license not reassignable)")
    expect(page.get_by_test_id("person-status")).to_have_text("Offboarded")
    expect(held).to_have_count(0)
    expect(page.get_by_test_id("offboard")).to_have_count(0)
    shot(page, "people-07-offboarded")

    # The license pages agree: the retired seat left the total, the others were freed.
    page.goto(f"/licenses/{autocad}")
    expect(page.get_by_test_id("seats-used")).to_have_text("0 / 4")
    page.goto(f"/licenses/{slack}")
    expect(page.get_by_test_id("seats-used")).to_have_text("1 / 5")
    expect(page.get_by_test_id("seat-row")).to_have_count(1)
    expect(page.get_by_test_id("seat-row")).to_contain_text("Ada Lovelace")
    page.goto(f"/licenses/{figma}")
    expect(page.get_by_test_id("seats-used")).to_have_text("0 / 5")

    # A contact marked gone outside the leaver policy (say, by an older import) keeps the
    # red badge; the terminated view lists the seat, and reclaiming it retires the seat (seed 003).
    grace = add_person("Grace Hopper", "grace@example.com")
    with write_session() as s:
        seats.assign(s, "test", autocad, person_id=grace)
        s.get(Person, grace).status = "offboarded"
    page.goto(f"/licenses/{autocad}")
    expect(
        page.get_by_test_id("seat-row").filter(has_text="Grace Hopper").get_by_test_id("terminated-badge")
    ).to_have_text("Contact terminated — reclaim")
    page.goto("/people")
    page.get_by_test_id("tab-terminated").click()
    expect(page).to_have_url(re.compile(r"view=terminated"))
    row = page.get_by_test_id("terminated-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Grace Hopper")
    expect(row).to_contain_text("AutoCAD — Plant")
    expect(row).to_contain_text("Not reassignable")
    row.get_by_test_id("reclaim").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Reclaim seat").click()
    expect_toast(page, "Seat of AutoCAD — Plant retired from Grace Hopper — raise the total to reuse it")
    expect(row).to_have_count(0)
    shot(page, "people-08-terminated-retired")
    page.goto(f"/licenses/{autocad}")
    expect(page.get_by_test_id("seats-used")).to_have_text("0 / 3")
