"""Signing in and out through the real form; pages send signed-out visitors to
sign in and back to where they were going."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, make_user


def test_sign_in_redirects_back_and_sign_out_ends_the_session(signed_in_as, shot):
    make_user("Viewer", "vera@example.com")
    page = signed_in_as(None)
    page.goto("/catalog?q=zoom")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    page.get_by_label("Email").fill("vera@example.com")
    page.get_by_label("Password").fill("not the password")
    page.get_by_test_id("sign-in").click()
    expect(page.get_by_role("alert")).to_contain_text("Incorrect email or password")
    shot(page, "signin-01-refused")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_test_id("sign-in").click()
    expect(page).to_have_url(re.compile(r"/catalog/?\?q=zoom$"))
    expect(page.get_by_test_id("user-menu")).to_contain_text("Viewer")
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["lh_session"]["httpOnly"] is True
    shot(page, "signin-02-signed-in")
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("sign-out").click()
    expect(page).to_have_url(re.compile(r"/sign-in"))
    page.goto("/licenses")
    expect(page).to_have_url(re.compile(r"/sign-in"))
