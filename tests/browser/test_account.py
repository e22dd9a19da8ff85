"""Changing one's own password on the account page: mismatches and a wrong current
password get a message and change nothing; a change ends the account's other
sessions, the old password stops working and the new one signs in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from license_hub.services.access import accounts as access
from tests.browser.conftest import PASSWORD
from tests.browser.helpers import expect_toast

pytestmark = pytest.mark.browser

EMAIL = "vic@example.com"
NEW = "a-brand-new-password-42"


def _change(page, current: str, new: str, again: str) -> None:
    page.get_by_label("Current password").fill(current)
    page.get_by_label("New password (at least 10 characters)").fill(new)
    page.get_by_label("New password again").fill(again)
    page.get_by_test_id("change-password").click()


def _sign_in(page, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(password)
    page.get_by_test_id("sign-in").click()


def test_change_password_ends_other_sessions(signed_in_as, app_url, shot):
    page = signed_in_as("Viewer", EMAIL)
    elsewhere = signed_in_as(None)
    elsewhere.context.add_cookies(
        [{"name": "lh_session", "value": access.sign_in(EMAIL, PASSWORD), "url": app_url, "httpOnly": True}]
    )
    elsewhere.goto("/licenses")
    expect(elsewhere).to_have_url(re.compile(r"/licenses/?$"))

    page.goto("/account")
    expect(page.get_by_role("heading", name="Change password")).to_be_visible()
    _change(page, PASSWORD, NEW, NEW + "x")
    expect(page.get_by_role("alert")).to_contain_text("The new passwords do not match")
    _change(page, "not my password at all", NEW, NEW)
    expect(page.get_by_role("alert")).to_contain_text("The current password is not right")
    shot(page, "account-wrong-current-password", full_page=False)

    _change(page, PASSWORD, NEW, NEW)
    expect_toast(page, "Password changed")
    expect(page).to_have_url(re.compile(r"/licenses/?$"))

    elsewhere.goto("/licenses")  # that session ended with the change
    expect(elsewhere).to_have_url(re.compile(r"/sign-in"))
    _sign_in(elsewhere, PASSWORD)
    expect(elsewhere.get_by_role("alert")).to_contain_text("Incorrect email or password")
    _sign_in(elsewhere, NEW)
    expect(elsewhere).to_have_url(re.compile(r"/licenses/?$"))
    page.reload()  # the session that made the change goes on
    expect(page).to_have_url(re.compile(r"/licenses/?$"))
