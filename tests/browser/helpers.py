"""Small steps the browser tests share: toasts, Radix selects, test data."""
from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import Locator, Page, expect

from license_hub.db import write_session
from license_hub.services.catalog import entries as catalog
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.directory import people
from license_hub.services.seats import assignments as seats


def expect_toast(page: Page, text: str) -> None:
    expect(page.locator("[data-sonner-toast]").filter(has_text=text).first).to_be_visible()


def choose(scope: Page | Locator, page: Page, label: str, option: str) -> None:
    """Open the Radix select labelled `label` and pick `option`."""
    scope.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def card(page: Page, title: str) -> Locator:
    return page.get_by_test_id("license-card").filter(has=page.get_by_test_id("card-title").get_by_text(title, exact=True))


def add_person(name: str, email: str, status: str = "active") -> int:
    with write_session() as session:
        return people.create_person(session, "test", name=name, email=email, status=status).id


def add_product(name: str, **fields) -> int:
    with write_session() as session:
        return catalog.create_entry(session, "test", name=name, **fields).id


def add_license(entry_id: int, **fields) -> int:
    data = {"catalog_entry_id": entry_id, **fields}
    with write_session() as session:
        return licenses.create(session, "test", data).id


def fill_seats(license_id: int, count: int, prefix: str = "Seat holder") -> None:
    with write_session() as session:
        for n in range(count):
            seats.assign(session, "test", license_id, assignee_name=f"{prefix} {n + 1}")


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()
