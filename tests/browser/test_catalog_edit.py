"""Catalog entries are edited and archived from their page; the license form's
Software field finds a product by typing and adds a new one in the same step."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from license_hub.db import read_session
from license_hub.models import AuditEvent, CatalogEntry, License
from tests.browser.helpers import expect_toast
from tests.factories import add_license, add_product

pytestmark = pytest.mark.browser


def _entry(entry_id: int) -> CatalogEntry:
    with read_session() as s:
        return s.get(CatalogEntry, entry_id)


def test_edit_archive_and_restore_a_product(page, shot):
    sketch = add_product("Sketch", publisher="Bohemian Coding", category="Design")
    acrobat = add_product("Adobe Acrobat Pro", publisher="Adobe")
    add_license(acrobat, name="Acrobat — Finance", seats_total=2, status="active")

    page.goto(f"/catalog/{sketch}")
    page.get_by_test_id("edit-entry").click()
    form = page.get_by_role("dialog")
    form.get_by_label("Name", exact=True).fill("adobe acrobat pro")
    form.get_by_test_id("edit-entry-submit").click()
    expect(form.get_by_test_id("error-name")).to_have_text("Adobe Acrobat Pro is already in the catalog")
    form.get_by_label("Name", exact=True).fill("Sketch Business")
    form.get_by_label("Publisher", exact=True).fill("Sketch B.V.")
    form.get_by_label("Category", exact=True).fill("Design tools")
    form.get_by_label("Security grade", exact=True).click()
    page.get_by_role("option", name="C", exact=True).click()
    form.get_by_test_id("edit-entry-submit").click()
    expect(form.get_by_test_id("error-security_risk")).to_have_text("A graded product needs a risk level")
    form.get_by_label("Risk level", exact=True).click()
    page.get_by_role("option", name="Medium", exact=True).click()
    form.get_by_label("Rationale", exact=True).fill("No SSO on the standard plan")
    shot(page, "catalog-edit-01-dialog", full_page=False)
    form.get_by_test_id("edit-entry-submit").click()
    expect_toast(page, "Sketch Business saved")
    expect(page.get_by_test_id("page-title")).to_have_text("Sketch Business")
    e = _entry(sketch)
    assert (e.name, e.publisher, e.category, e.security_grade, e.security_risk) == (
        "Sketch Business",
        "Sketch B.V.",
        "Design tools",
        "C",
        "Medium",
    )

    # Archive asks first; a product with a license in force is refused with the reason.
    page.goto(f"/catalog/{acrobat}")
    page.get_by_test_id("archive-entry").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("Archive this product?")
    page.get_by_test_id("archive-confirm").click()
    expect_toast(page, "1 license is still active, pending renewal or in trial for Adobe Acrobat Pro")
    assert _entry(acrobat).archived_at is None

    page.goto(f"/catalog/{sketch}")
    page.get_by_test_id("archive-entry").click()
    shot(page, "catalog-edit-02-archive-confirm", full_page=False)
    page.get_by_test_id("archive-confirm").click()
    expect_toast(page, "Sketch Business archived")
    expect(page.get_by_test_id("archived-banner")).to_be_visible()
    expect(page.get_by_test_id("add-license")).to_have_count(0)  # an archived product takes no new license
    expect(page.get_by_test_id("deployment-model")).to_have_count(0)
    shot(page, "catalog-edit-03-archived")

    page.goto("/catalog")
    rows = page.get_by_test_id("catalog-row")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Adobe Acrobat Pro")
    page.get_by_test_id("show-archived").click()
    expect(page).to_have_url(re.compile(r"/catalog\?archived=1"))
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Sketch Business")
    expect(rows).to_contain_text("Archived")
    shot(page, "catalog-edit-04-archived-filter")

    # Not offered in the license form's Software field.
    page.goto("/licenses")
    page.get_by_test_id("add-license").click()
    form = page.get_by_role("dialog")
    form.get_by_label("Software", exact=True).fill("sketch business")
    expect(form.get_by_test_id("software-option")).to_have_count(0)
    expect(form.get_by_test_id("add-software")).to_contain_text("Add “sketch business”")
    form.get_by_test_id("add-software").click()
    expect(form.get_by_test_id("error-catalog_entry_id")).to_have_text(
        "Sketch Business is archived in the catalog — restore it instead"
    )
    page.keyboard.press("Escape")

    page.goto(f"/catalog/{sketch}")
    page.get_by_test_id("restore-entry").click()
    expect_toast(page, "Sketch Business restored to the catalog")
    expect(page.get_by_test_id("archived-banner")).to_have_count(0)
    page.goto("/catalog")
    expect(page.get_by_test_id("catalog-row")).to_have_count(2)

    with read_session() as s:
        actions = [
            e.action
            for e in s.exec(
                select(AuditEvent).where(AuditEvent.object_type == "catalog_entry", AuditEvent.object_id == sketch)
            )
        ]
    assert actions == ["create", "update", "archive", "restore"]


def test_software_field_adds_a_product_inline(page, shot):
    add_product("Figma", publisher="Figma Inc.")
    page.goto("/licenses")
    page.get_by_test_id("add-license").click()
    form = page.get_by_role("dialog")
    software = form.get_by_label("Software", exact=True)
    software.fill("fig")
    expect(form.get_by_test_id("software-option")).to_have_text(["Figma"])
    expect(form.get_by_test_id("add-software")).to_contain_text("Add “fig”")
    software.fill("Navicat Premium")
    expect(form.get_by_test_id("software-option")).to_have_count(0)
    shot(page, "catalog-edit-05-add-inline", full_page=False)
    form.get_by_test_id("add-software").click()
    expect_toast(page, "Navicat Premium added to the catalog")
    expect(form.get_by_test_id("picked-software")).to_have_text("Navicat Premium")
    form.get_by_label("License name", exact=True).fill("Navicat — DBA team")
    form.get_by_label("Seats Total", exact=True).fill("3")
    form.get_by_role("button", name="Save").click()
    expect_toast(page, "License added")
    with read_session() as s:
        entry = s.exec(select(CatalogEntry).where(CatalogEntry.name == "Navicat Premium")).one()
        lic = s.exec(select(License).where(License.name == "Navicat — DBA team")).one()
    assert lic.catalog_entry_id == entry.id and entry.deployment_model == "Cloud"

    # The picked product can be changed back to an existing one by typing.
    page.get_by_test_id("add-license").click()
    form = page.get_by_role("dialog")
    form.get_by_label("Software", exact=True).fill("figma")
    expect(form.get_by_test_id("software-option")).to_have_text(["Figma"])
    expect(form.get_by_test_id("add-software")).to_have_count(0)  # already in the catalog
    form.get_by_test_id("software-option").click()
    expect(form.get_by_test_id("picked-software")).to_have_text("Figma")
