"""Seats at scale, in the browser: assigning by search-pick (a person, or a device on
a device-based license), bulk assign all-or-nothing with its refusal report, and
"View all users" — search, header sorts, the inactive filter with the signal that
judged each seat, the CSV export of exactly what is shown, and bulk reclaim."""

from __future__ import annotations

import csv
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from license_hub.db import write_session
from license_hub.models import Assignment, Person
from license_hub.models.types import utcnow
from license_hub.services.directory import people
from license_hub.services.seats import assignments as seats
from tests.browser.helpers import expect_toast
from tests.factories import add_license, add_person, add_product

pytestmark = pytest.mark.browser

ALREADY = "This user already has an active assignment for this license"
ADA_KEY = "ADA0-KEY0-1234-WXYZ"


def _age(
    person_id: int,
    *,
    assigned_days: int,
    used_days: int | None = None,
    signin_days: int | None = None,
    status: str | None = None,
) -> None:
    """Make a holder's seat look old: when it was assigned, last used, last signed in."""
    now = utcnow()
    with write_session() as s:
        s.exec(
            update(Assignment)
            .where(Assignment.person_id == person_id)
            .values(
                assigned_at=now - timedelta(days=assigned_days),
                last_used_at=now - timedelta(days=used_days) if used_days is not None else None,
            )
        )
        person = s.get(Person, person_id)
        person.last_sign_in_at = now - timedelta(days=signin_days) if signin_days is not None else None
        if status:
            person.status = status
        s.add(person)


def _pick_in_bulk(dialog, query: str, name: str) -> None:
    dialog.get_by_label("Add people", exact=True).fill(query)
    dialog.get_by_test_id("bulk-option").filter(has_text=name).click()
    expect(dialog.get_by_test_id("bulk-chip").filter(has_text=name)).to_be_visible()


def test_assign_bulk_assign_and_view_all_users(page, shot, tmp_path):
    entry = add_product("Slack", publisher="Salesforce")
    lic = add_license(entry, name="Slack Business+", seats_total=10)
    ada = add_person("Ada Lovelace", "ada@example.com")
    grace = add_person("Grace Hopper", "grace@example.com")
    linus = add_person("Linus Torvalds", "linus@example.com")
    add_person("Margaret Hamilton", "margaret@example.com")
    with write_session() as s:
        seats.assign(s, "test", lic, person_id=ada, seat_key=ADA_KEY)

    # 1. Assign a seat by search-picking a person.
    page.goto(f"/licenses/{lic}")
    expect(page.get_by_test_id("seats-used")).to_have_text("1 / 10")
    page.get_by_test_id("open-assign").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Assignee", exact=True).fill("hopp")
    dialog.get_by_test_id("person-option").filter(has_text="Grace Hopper").click()
    expect(dialog.get_by_test_id("picked-person")).to_contain_text("Grace Hopper")
    dialog.get_by_test_id("assign-submit").click()
    expect_toast(page, "Seat assigned to Grace Hopper")
    expect(page.get_by_test_id("seats-used")).to_have_text("2 / 10")

    # 2. Bulk assign to three people, one of whom already holds a seat: nothing is assigned.
    page.get_by_test_id("open-bulk-assign").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_test_id("bulk-submit")).to_be_disabled()
    _pick_in_bulk(dialog, "ada", "Ada Lovelace")
    _pick_in_bulk(dialog, "linus", "Linus Torvalds")
    _pick_in_bulk(dialog, "marg", "Margaret Hamilton")
    expect(dialog.get_by_test_id("bulk-submit")).to_have_text("Assign 3 seats")
    dialog.get_by_test_id("bulk-submit").click()
    report = dialog.get_by_test_id("bulk-report")
    expect(report).to_contain_text("Nothing was assigned")
    refusals = dialog.get_by_test_id("bulk-refusal")
    expect(refusals).to_have_count(1)
    expect(refusals).to_contain_text("Ada Lovelace")
    expect(refusals).to_contain_text(ALREADY)
    shot(page, "scale-01-bulk-assign-refused", full_page=False)
    expect(page.get_by_test_id("seats-used")).to_have_text("2 / 10")
    # Take Ada out of the selection and the other two get their seats.
    dialog.get_by_role("button", name="Remove Ada Lovelace").click()
    expect(dialog.get_by_test_id("bulk-submit")).to_have_text("Assign 2 seats")
    dialog.get_by_test_id("bulk-submit").click()
    expect_toast(page, "2 seats assigned")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_test_id("seats-used")).to_have_text("4 / 10")

    # Ada used the software 200 days ago, Grace signed in 120 days ago, Linus's account is inactive.
    _age(ada, assigned_days=300, used_days=200)
    _age(grace, assigned_days=300, signin_days=120)
    _age(linus, assigned_days=10, status="inactive")

    # 3. View all users: every holder, searchable and sortable.
    page.get_by_test_id("view-all-users").click()
    expect(page).to_have_url(re.compile(rf"/licenses/{lic}/users$"))
    expect(page.get_by_test_id("page-title")).to_have_text("View all users")
    rows = page.get_by_test_id("seat-row")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Ada Lovelace")
    expect(rows.first).to_contain_text("••••-••••-WXYZ")
    expect(page.get_by_test_id("count-active")).to_have_text("4")
    shot(page, "scale-02-view-all-users")

    page.get_by_label("Search seat holders").fill("hopper")
    expect(page).to_have_url(re.compile(r"q=hopper"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("grace@example.com")
    page.get_by_label("Search seat holders").fill("")
    expect(rows).to_have_count(4)

    page.get_by_test_id("sort-holder").click()  # already by holder: flips to descending
    expect(page).to_have_url(re.compile(r"dir=desc"))
    expect(rows.first).to_contain_text("Margaret Hamilton")
    page.get_by_test_id("sort-email").click()
    expect(page).to_have_url(re.compile(r"sort=email"))
    expect(rows.first).to_contain_text("ada@example.com")
    page.get_by_test_id("sort-status").click()  # the most urgent first: inactive user, then dormant
    expect(rows.first).to_contain_text("Linus Torvalds")
    expect(rows.first.get_by_test_id("seat-status")).to_have_text("Inactive user")

    # 4. Inactive seats, each with the signal that judged it.
    page.get_by_test_id("view-inactive").click()
    expect(page).to_have_url(re.compile(r"view=inactive"))
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="Ada Lovelace").get_by_test_id("seat-signal")).to_have_text("Real usage")
    expect(rows.filter(has_text="Grace Hopper").get_by_test_id("seat-signal")).to_have_text("Login proxy")
    expect(rows.filter(has_text="Linus Torvalds").get_by_test_id("seat-signal")).to_have_text("User status")
    expect(rows.filter(has_text="Margaret Hamilton")).to_have_count(0)
    shot(page, "scale-03-inactive-90-days")
    page.get_by_label("Dormancy window").click()
    page.get_by_role("option", name="180 days").click()
    expect(page).to_have_url(re.compile(r"days=180"))
    expect(rows).to_have_count(2)  # Grace signed in 120 days ago: not dormant over 180 days
    expect(rows.filter(has_text="Grace Hopper")).to_have_count(0)

    # 5. Export exactly that view as CSV.
    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    path = tmp_path / "seats.csv"
    download.value.save_as(path)
    with open(path, newline="", encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    assert table[0][:6] == ["Seat ID", "Holder", "Email", "Department", "Device", "Seat key"]
    body = {row[1]: dict(zip(table[0], row)) for row in table[1:]}
    assert set(body) == {"Ada Lovelace", "Linus Torvalds"}  # as many rows as the page shows
    assert body["Ada Lovelace"]["Seat key"] == "••••-••••-WXYZ" and ADA_KEY not in path.read_text()
    assert body["Ada Lovelace"]["Signal"] == "Real usage" and body["Linus Torvalds"]["Signal"] == "User status"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", body["Ada Lovelace"]["Activated"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", body["Ada Lovelace"]["Last used"])

    # 6. Select two seats and reclaim them in one go.
    page.get_by_test_id("view-active").click()
    expect(rows).to_have_count(4)
    rows.filter(has_text="Linus Torvalds").get_by_test_id("select-seat").click()
    rows.filter(has_text="Margaret Hamilton").get_by_test_id("select-seat").click()
    expect(page.get_by_test_id("selected-count")).to_have_text("2 selected")
    page.get_by_test_id("reclaim-selected").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Reclaim 2 seats?")
    shot(page, "scale-04-reclaim-selected", full_page=False)
    confirm.get_by_test_id("confirm-reclaim").click()
    expect_toast(page, "2 seats reclaimed")
    expect(rows).to_have_count(2)
    expect(page.get_by_test_id("license-seats")).to_contain_text("2 / 10 used")
    page.get_by_test_id("view-reclaimed").click()
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("admin@example.com")
    shot(page, "scale-05-reclaimed-history")


def test_device_based_license_assigns_a_device(page, shot):
    entry = add_product("SolidWorks", publisher="Dassault")
    lic = add_license(entry, name="SolidWorks — Lab", seats_total=3, seat_type="device")
    owner = add_person("Ada Lovelace", "ada@example.com")
    with write_session() as s:
        people.create_device(
            s, "test", name="Lab workstation 7", hostname="lab-ws-07.corp", os="Windows 11", owner_id=owner
        )
        people.create_device(s, "test", name="Render node 2", hostname="render-02.corp", os="Linux")

    page.goto(f"/licenses/{lic}")
    expect(page.get_by_test_id("open-bulk-assign")).to_have_count(0)  # device seats are not bulk-assigned to people
    page.get_by_test_id("open-assign").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Assignee", exact=True)).to_have_count(0)
    dialog.get_by_label("Device", exact=True).fill("lab-ws")
    dialog.get_by_test_id("device-option").filter(has_text="Lab workstation 7").click()
    expect(dialog.get_by_test_id("picked-device")).to_contain_text("lab-ws-07.corp")
    shot(page, "scale-06-assign-device", full_page=False)
    dialog.get_by_test_id("assign-submit").click()
    expect_toast(page, "Seat assigned to Lab workstation 7")
    expect(page.get_by_test_id("seat-row")).to_contain_text("Lab workstation 7")

    page.get_by_test_id("nav-devices").click()
    expect(page.get_by_test_id("device-row")).to_have_count(2)
    page.get_by_test_id("device-link").filter(has_text="Lab workstation 7").click()
    expect(page.get_by_test_id("page-title")).to_have_text("Lab workstation 7")
    expect(page.get_by_test_id("profile-seat")).to_contain_text("SolidWorks — Lab")
    shot(page, "scale-07-device-profile")


def test_bulk_assign_a_department(page, shot):
    entry = add_product("Figma", publisher="Figma Inc.")
    small = add_license(entry, name="Figma — 2 seats", seats_total=2)
    big = add_license(entry, name="Figma Org", seats_total=20)
    with write_session() as s:
        design = [
            people.create_person(
                s, "test", name=name, email=f"{name.split()[0].lower()}@example.com", department="Design"
            ).id
            for name in ("Dieter Rams", "Paula Scher", "Massimo Vignelli")
        ]
        people.create_person(s, "test", name="Ken Thompson", email="ken@example.com", department="Kernel")
        seats.assign(s, "test", small, person_id=design[0])
        seats.assign(s, "test", big, person_id=design[0])

    # One seat left, two members without one: refused, nothing assigned.
    page.goto(f"/licenses/{small}")
    page.get_by_test_id("open-bulk-assign").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("radio", name="Department").click()
    dialog.get_by_label("Department", exact=True).click()
    page.get_by_role("option", name="Design · 3 people").click()
    dialog.get_by_test_id("bulk-submit").click()
    expect(dialog.get_by_test_id("bulk-shortage")).to_have_text(
        "No seats remaining on this license: 1 free, 2 requested"
    )
    expect(page.get_by_test_id("seats-used")).to_have_text("1 / 2")
    shot(page, "scale-08-department-shortage", full_page=False)

    # Enough seats: every member without one gets a seat; the holder keeps theirs.
    page.goto(f"/licenses/{big}")
    page.get_by_test_id("open-bulk-assign").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("radio", name="Department").click()
    dialog.get_by_label("Department", exact=True).click()
    page.get_by_role("option", name="Design · 3 people").click()
    dialog.get_by_test_id("bulk-submit").click()
    expect_toast(page, "2 seats assigned to Design (1 member already held one)")
    expect(page.get_by_test_id("seats-used")).to_have_text("3 / 20")
