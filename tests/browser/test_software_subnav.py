"""Seed 003's sub-nav (Catalog · Licenses · Utilization) sits at the top of every
software page, marks the current view and switches between the three."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import add_license, add_product

pytestmark = pytest.mark.browser

VIEWS = {"catalog": "Catalog", "licenses": "Licenses", "utilization": "Utilization"}


def _expect_current(page, key: str) -> None:
    nav = page.get_by_role("navigation", name="Software views")
    expect(nav).to_be_visible()
    for other, label in VIEWS.items():
        link = nav.get_by_role("link", name=label, exact=True)
        if other == key:
            expect(link).to_have_attribute("aria-current", "page")
        else:
            expect(link).not_to_have_attribute("aria-current", "page")


def test_the_sub_nav_is_on_every_software_page_and_switches(page, shot):
    entry = add_product("Autodesk AutoCAD", publisher="Autodesk")
    lic = add_license(entry, name="AutoCAD — Design", seats_total=3)
    floating = add_license(entry, name="AutoCAD — Pool", seats_total=3, seat_type="concurrent")
    pages = {
        "/catalog": "catalog",
        f"/catalog/{entry}": "catalog",
        "/licenses": "licenses",
        f"/licenses/{lic}": "licenses",
        f"/licenses/{lic}/users": "licenses",
        f"/licenses/{floating}/leases": "licenses",
        "/utilization": "utilization",
    }
    for path, key in pages.items():
        page.goto(path)
        _expect_current(page, key)
    shot(page, "subnav-01-utilization")

    # It switches, by mouse and by keyboard.
    nav = page.get_by_role("navigation", name="Software views")
    nav.get_by_role("link", name="Catalog", exact=True).click()
    expect(page).to_have_url(re.compile(r"/catalog$"))
    _expect_current(page, "catalog")
    page.get_by_role("navigation", name="Software views").get_by_role("link", name="Catalog", exact=True).focus()
    page.keyboard.press("Tab")
    expect(
        page.get_by_role("navigation", name="Software views").get_by_role("link", name="Licenses", exact=True)
    ).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/licenses$"))
    _expect_current(page, "licenses")
    shot(page, "subnav-02-licenses")

    # Pages outside the software area do not carry it.
    page.goto("/dashboard")
    expect(page.get_by_test_id("page-title").first).to_be_visible()
    expect(page.get_by_role("navigation", name="Software views")).to_have_count(0)
