"""The walk of seed 000 end to end: a product, a 2-seat license, two seats, the
third refused, one reclaimed, and the freed seat issued again."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from license_hub.db import write_session
from license_hub.models import Person
from license_hub.services.seats import assignments as seats
from tests.browser.helpers import choose, expect_toast
from tests.factories import add_license, add_person, add_product, fill_seats

PRODUCT_KEY = "NAVI-CAT9-8765-4321-ZZTOP"
SEAT_KEY = "SEAT-7777-AAAA-BBBB"

pytestmark = pytest.mark.browser


def _assign_dialog(page):
    page.get_by_test_id("open-assign").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Assign Seat")).to_be_visible()
    return dialog


def _pick(page, dialog, query: str, name: str) -> None:
    dialog.get_by_label("Assignee", exact=True).fill(query)
    dialog.get_by_test_id("person-option").filter(has_text=name).click()
    expect(dialog.get_by_test_id("picked-person")).to_contain_text(name)


def test_seat_walk(page, shot):
    add_person("Ada Lovelace", "ada@example.com")
    add_person("Grace Hopper", "grace@example.com")

    page.goto("/licenses")
    expect(page.get_by_test_id("empty-state")).to_contain_text("No licenses yet")
    shot(page, "walk-00-licenses-empty")

    # 1. Add a catalog entry in the UI (a missing name is refused next to the field).
    page.get_by_test_id("nav-catalog").click()
    expect(page.get_by_test_id("empty-state")).to_contain_text("The catalog is empty")
    shot(page, "walk-01-catalog-empty")
    page.get_by_test_id("add-product").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_test_id("add-product-submit").click()
    expect(dialog.get_by_test_id("error-name")).to_have_text("Name is required")
    dialog.get_by_label("Name", exact=True).fill("Navicat Premium")
    dialog.get_by_label("Publisher", exact=True).fill("PremiumSoft")
    dialog.get_by_label("Category", exact=True).fill("Database")
    choose(dialog, page, "Deployment Model", "On-Premise")
    shot(page, "walk-01b-add-product", full_page=False)
    dialog.get_by_test_id("add-product-submit").click()
    expect_toast(page, "Navicat Premium added to the catalog")
    row = page.get_by_test_id("catalog-row").filter(has_text="Navicat Premium")
    expect(row).to_contain_text("PremiumSoft")
    expect(row).to_contain_text("On-Premise")
    shot(page, "walk-02-catalog-added")

    # 2. Open the application and add a 2-seat license from its Licenses tab.
    row.click()
    expect(page).to_have_url(re.compile(r"/catalog/\d+$"))
    expect(page.get_by_test_id("page-title")).to_have_text("Navicat Premium")
    page.get_by_test_id("add-license").click()
    form = page.get_by_role("dialog")
    expect(form.get_by_label("Software", exact=True)).to_contain_text("Navicat Premium")
    form.get_by_label("License name", exact=True).fill("DBA team")
    form.get_by_label("Product Key", exact=True).fill(PRODUCT_KEY)
    form.get_by_label("Licensed To", exact=True).fill("Example Corp")
    form.get_by_label("Vendor Name", exact=True).fill("PremiumSoft CyberTech")
    choose(form, page, "License Type", "Perpetual")
    form.get_by_label("Seats Total", exact=True).fill("0")
    form.get_by_label("Version", exact=True).fill("16.3")
    form.get_by_label("Cost per seat", exact=True).fill("699")
    choose(form, page, "Billing cycle", "One-time")
    form.get_by_label("Initial Purchase Date", exact=True).fill("2024-03-01")
    form.get_by_label("Maintenance Expiry Date", exact=True).fill("2027-03-01")
    form.get_by_label("PO / Order Number", exact=True).fill("PO-4711")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_test_id("error-seats_total")).to_have_text("Seats total must be at least 1")
    shot(page, "walk-03-license-form-error", full_page=False)
    form.get_by_label("Seats Total", exact=True).fill("2")
    form.get_by_role("button", name="Save").click()
    expect_toast(page, "License added")
    expect(page.get_by_role("dialog")).to_have_count(0)
    card = page.get_by_test_id("license-card")
    expect(card).to_have_count(1)
    expect(card.get_by_test_id("seats-used")).to_have_text("0 / 2")
    expect(card.get_by_test_id("masked-key")).to_have_text("••••-••••-ZTOP")
    expect(card).to_contain_text("PO-4711")
    shot(page, "walk-04-application-license-card")

    # 3. Manage Seats: one seat by picking a contact, one by assignee and device name.
    card.get_by_role("link", name="Manage Seats").click()
    expect(page).to_have_url(re.compile(r"/licenses/\d+$"))
    expect(page.get_by_test_id("seats-used")).to_have_text("0 / 2")
    expect(page.get_by_test_id("seats-empty")).to_be_visible()
    dialog = _assign_dialog(page)
    _pick(page, dialog, "ada", "Ada Lovelace")
    dialog.get_by_label("Seat serial key (optional)", exact=True).fill(SEAT_KEY)
    dialog.get_by_test_id("assign-submit").click()
    expect_toast(page, "Seat assigned to Ada Lovelace")
    expect(page.get_by_test_id("seats-used")).to_have_text("1 / 2")

    dialog = _assign_dialog(page)
    dialog.get_by_label("Assignee name", exact=True).fill("Reception desk")
    dialog.get_by_label("Device name", exact=True).fill("MBP-042")
    dialog.get_by_label("Activated date", exact=True).fill("2025-01-15")
    dialog.get_by_test_id("assign-submit").click()
    expect_toast(page, "Seat assigned to Reception desk")
    expect(page.get_by_test_id("seats-used")).to_have_text("2 / 2")
    rows = page.get_by_test_id("seat-row")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Reception desk")).to_contain_text("15 Jan 2025")
    expect(rows.filter(has_text="Ada Lovelace")).to_contain_text("••••-••••-BBBB")
    shot(page, "walk-05-two-seats")

    # 4. The license is full: the third assignment is refused in the dialog...
    dialog = _assign_dialog(page)
    _pick(page, dialog, "grace", "Grace Hopper")
    dialog.get_by_test_id("assign-submit").click()
    refusal = dialog.get_by_test_id("assign-error")
    expect(refusal).to_contain_text("Seat over-allocated")
    expect(dialog.get_by_test_id("assign-refusal")).to_have_text("No seats remaining on this license")
    shot(page, "walk-06-third-seat-refused", full_page=False)
    # ...and a duplicate holder is refused in the seed's words too.
    dialog.get_by_role("button", name="Clear contact").click()
    _pick(page, dialog, "ada@", "Ada Lovelace")
    dialog.get_by_test_id("assign-submit").click()
    expect(dialog.get_by_test_id("assign-refusal")).to_have_text(
        "This user already has an active assignment for this license"
    )
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.get_by_test_id("seats-used")).to_have_text("2 / 2")
    expect(rows).to_have_count(2)

    # 5. Reclaim Ada's seat, with confirmation.
    rows.filter(has_text="Ada Lovelace").get_by_test_id("reclaim").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Ada Lovelace")
    shot(page, "walk-07-reclaim-confirm", full_page=False)
    confirm.get_by_role("button", name="Reclaim seat").click()
    expect_toast(page, "Seat reclaimed from Ada Lovelace")
    expect(page.get_by_test_id("seats-used")).to_have_text("1 / 2")
    expect(rows).to_have_count(1)

    # 6. The freed seat can be issued again.
    dialog = _assign_dialog(page)
    _pick(page, dialog, "Grace", "Grace Hopper")
    dialog.get_by_test_id("assign-submit").click()
    expect_toast(page, "Seat assigned to Grace Hopper")
    expect(page.get_by_test_id("seats-used")).to_have_text("2 / 2")
    expect(rows).to_have_count(2)

    # The reclaimed seat stays in the history, with when and by whom.
    page.get_by_label("Show reclaimed").click()
    expect(page).to_have_url(re.compile(r"history=1"))
    expect(rows).to_have_count(3)
    expect(rows.filter(has_text="Ada Lovelace")).to_contain_text(
        re.compile(r"Reclaimed \d{2} \w{3} \d{4} by admin@example.com")
    )
    shot(page, "walk-08-history")

    # No key ever reaches the page in clear; copying it is the one, recorded, way out.
    html = page.content()
    assert PRODUCT_KEY not in html and SEAT_KEY not in html
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy product key").click()
    expect_toast(page, "Product key copied to the clipboard")
    assert page.evaluate("navigator.clipboard.readText()") == PRODUCT_KEY


def test_offboarded_holder_and_seat_paging(page, shot):
    entry = add_product("AutoCAD", publisher="Autodesk")
    # A holder marked gone outside the leaver policy (say, by an older import) keeps a seat of a
    # non-reassignable license until it is reclaimed by hand.
    lic = add_license(entry, name="AutoCAD — Plant", seats_total=40, reassignable=False)
    linus = add_person("Linus Torvalds", "linus@example.com")
    with write_session() as session:
        seats.assign(session, "test", lic, person_id=linus)
    fill_seats(lic, 29, prefix="Drafting station")
    with write_session() as session:
        session.get(Person, linus).status = "offboarded"

    page.goto(f"/licenses/{lic}")
    expect(page.get_by_test_id("seats-used")).to_have_text("30 / 40")
    rows = page.get_by_test_id("seat-row")
    expect(rows).to_have_count(25)
    expect(page.get_by_test_id("seat-pager-range")).to_have_text("1–25 of 30")
    page.get_by_role("button", name="Next page").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(rows).to_have_count(5)
    flagged = rows.filter(has=page.get_by_test_id("terminated-badge"))
    expect(flagged).to_have_count(1)
    expect(flagged).to_contain_text("Linus Torvalds")
    expect(flagged.get_by_test_id("terminated-badge")).to_have_text("Contact terminated — reclaim")
    shot(page, "seats-01-terminated-badge")
    # Seed 003: a holder who left is always reclaimable. The license is not reassignable,
    # so the seat is retired, not returned to the pool.
    flagged.get_by_test_id("reclaim").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog.get_by_test_id("retire-warning")).to_be_visible()
    dialog.get_by_role("button", name="Reclaim seat").click()
    expect_toast(page, "Seat retired from Linus Torvalds — raise the total to reuse it")
    expect(page.get_by_test_id("seats-used")).to_have_text(re.compile(r"^29 / "))
    expect(page.get_by_test_id("terminated-badge")).to_have_count(0)

    # Deleting from the license page archives it and returns to the list.
    page.get_by_role("button", name="Delete license").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete license").click()
    expect_toast(page, "License archived")
    expect(page).to_have_url(re.compile(r"/licenses/?$"))
    expect(page.get_by_test_id("empty-state")).to_contain_text("No licenses yet")
