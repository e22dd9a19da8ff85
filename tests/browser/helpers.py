"""Small steps the browser tests share: toasts, Radix selects, cards. Test data
comes from tests/factories.py, shared with the service tests."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect


def expect_toast(page: Page, text: str) -> None:
    expect(page.locator("[data-sonner-toast]").filter(has_text=text).first).to_be_visible()


def choose(scope: Page | Locator, page: Page, label: str, option: str) -> None:
    """Open the Radix select labelled `label` and pick `option`."""
    scope.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def card(page: Page, title: str) -> Locator:
    title_cell = page.get_by_test_id("card-title").get_by_text(title, exact=True)
    return page.get_by_test_id("license-card").filter(has=title_cell)
