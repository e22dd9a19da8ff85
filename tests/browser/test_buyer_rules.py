"""Buyer-side rules in the browser: the license form keeps License Type and the
Perpetual switch in step; a leaver's seat on a license that is not reassignable is
reclaimed with a warning and retired; the Utilization page takes any number of
days and an admin makes it the workspace's dormancy window."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import update
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, License, Person
from license_hub.models.enums import PersonStatus
from license_hub.models.types import utcnow
from license_hub.services.reports import dormancy_window
from license_hub.services.seats import assignments as seats
from tests.browser.helpers import choose, expect_toast
from tests.factories import add_license, add_person, add_product

pytestmark = pytest.mark.browser
LOAD_MS = 20_000


def test_license_type_and_perpetual_stay_in_step(page, shot):
    add_product("AutoCAD", publisher="Autodesk")
    page.goto("/licenses")
    page.get_by_test_id("add-license").click()
    form = page.get_by_role("dialog")
    switch = form.get_by_role("switch", name="Perpetual")
    expect(switch).not_to_be_checked()
    choose(form, page, "License Type", "Perpetual")
    expect(switch).to_be_checked()
    expect(form).to_contain_text("A perpetual license has no expiry date")
    shot(page, "buyer-01-perpetual-in-step", full_page=False)
    choose(form, page, "License Type", "Trial")
    expect(switch).not_to_be_checked()
    switch.click()
    expect(form.get_by_label("License Type", exact=True)).to_have_text("Perpetual")
    choose(form, page, "Software", "AutoCAD")
    form.get_by_label("License name", exact=True).fill("Drafting")
    form.get_by_role("button", name="Save").click()
    expect_toast(page, "License")
    with read_session() as s:
        lic = s.exec(select(License).where(License.name == "Drafting")).one()
        assert (lic.license_type, lic.perpetual) == ("Perpetual", True)


def test_a_leavers_seat_on_a_license_that_is_not_reassignable_is_retired(page, shot):
    lic = add_license(add_product("CAD Pro", publisher="Vendor"), name="Engineering", seats_total=3, reassignable=False)
    gone = add_person("Gale Gone", "gale@example.com")
    here = add_person("Hal Here", "hal@example.com")
    with write_session() as s:
        seats.assign(s, "test", lic, person_id=gone)
        seats.assign(s, "test", lic, person_id=here)
        s.exec(
            update(Person).where(Person.id == gone).values(status=PersonStatus.OFFBOARDED.value, archived_at=utcnow())
        )
    page.goto(f"/licenses/{lic}")
    rows = page.get_by_test_id("seat-row")
    expect(rows).to_have_count(2, timeout=LOAD_MS)
    expect(rows.filter(has_text="Hal Here").get_by_test_id("reclaim")).to_have_count(0)  # stays with its holder
    leaver = rows.filter(has_text="Gale Gone")
    expect(leaver.get_by_test_id("terminated-badge")).to_be_visible()
    leaver.get_by_test_id("reclaim").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog.get_by_test_id("retire-warning")).to_contain_text("the seat is retired, not returned to the pool")
    shot(page, "buyer-02-retire-confirm", full_page=False)
    dialog.get_by_role("button", name="Reclaim seat").click()
    expect_toast(page, "Seat retired from Gale Gone — raise the total to reuse it")
    expect(page.get_by_test_id("seats-retired")).to_have_text("1 seat retired — raise the total to reuse them")
    expect(page.get_by_test_id("seats-available")).to_have_text("1 available")
    shot(page, "buyer-03-retired")
    with read_session() as s:
        row = s.get(License, lic)
        assert (row.seats_used, row.seats_total, row.seats_retired) == (1, 2, 1)


def test_any_dormancy_window_and_the_workspace_default(page, shot):
    lic = add_license(add_product("Visio", publisher="Microsoft"), name="Diagrams", seats_total=5)
    now = utcnow()
    with write_session() as s:
        aid = seats.assign(s, "test", lic, assignee_name="Plotter room", device_name="PLOT-1").id
        s.exec(
            update(Assignment)
            .where(Assignment.id == aid)
            .values(assigned_at=now - timedelta(days=400), last_used_at=now - timedelta(days=60))
        )
    page.goto("/utilization")
    expect(page.get_by_test_id("window-is-workspace")).to_be_visible(timeout=LOAD_MS)
    expect(page.get_by_test_id("dormant-count")).to_have_text("0", timeout=LOAD_MS)
    days = page.get_by_test_id("window-days")
    page.goto("/utilization?window=99999")  # out of bounds in the URL: the workspace window
    expect(page.get_by_test_id("window-is-workspace")).to_be_visible(timeout=LOAD_MS)
    expect(days).to_have_value("90")
    days.fill("45")
    page.get_by_test_id("window-apply").click()
    expect(page).to_have_url(re.compile(r"/utilization\?window=45$"))
    expect(page.get_by_test_id("dormant-count")).to_have_text("1", timeout=LOAD_MS)
    page.get_by_test_id("window-save").click()
    expect_toast(page, "Dormancy window set to 45 days for the workspace")
    with read_session() as s:
        assert dormancy_window.get(s) == 45
    page.goto("/utilization")
    expect(page.get_by_test_id("window-is-workspace")).to_be_visible(timeout=LOAD_MS)
    expect(page.get_by_test_id("window-days")).to_have_value("45")
    expect(page.get_by_test_id("dormant-count")).to_have_text("1", timeout=LOAD_MS)
    shot(page, "buyer-04-utilization-window")
