"""API tokens on the account page: create one with chosen scopes, see its secret
once (gone when the dialog closes), use it, revoke it after a confirmation."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import expect_toast

pytestmark = pytest.mark.browser


def test_create_see_once_and_revoke_a_token(signed_in_as, app_url, shot):
    page = signed_in_as("License manager", "lena@example.com")
    page.goto("/account")
    expect(page.get_by_test_id("tokens-empty")).to_be_visible()
    page.get_by_test_id("new-token").click()
    expect(page.get_by_test_id("scope-licenses:read")).to_be_visible()
    expect(page.get_by_test_id("scope-scim")).to_have_count(0)  # beyond what a License manager may do
    page.get_by_label("Name").fill("CI sync")
    page.get_by_test_id("scope-licenses:read").click()
    shot(page, "api-tokens-create", full_page=False)
    page.get_by_test_id("create-token-submit").click()
    expect_toast(page, "Token CI sync created")
    secret = page.get_by_test_id("token-secret").inner_text().strip()
    assert secret.startswith("lh_")
    shot(page, "api-tokens-secret-once", full_page=False)

    res = httpx.get(f"{app_url}/api/v1/licenses", headers={"Authorization": f"Bearer {secret}"})
    assert res.status_code == 200 and res.headers["X-RateLimit-Limit"]

    page.get_by_test_id("token-done").click()
    expect(page.get_by_test_id("token-secret")).to_have_count(0)
    row = page.get_by_test_id("token-row").filter(has_text="CI sync")
    expect(row).to_contain_text("licenses:read")
    expect(row.get_by_test_id("token-status")).to_have_text("active")
    assert secret not in page.content()
    page.reload()
    expect(page.get_by_test_id("token-row").filter(has_text="Never used")).to_have_count(0)
    assert secret not in page.content()
    shot(page, "api-tokens-list")

    row = page.get_by_test_id("token-row").filter(has_text="CI sync")
    row.get_by_test_id("revoke-token").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("Revoke CI sync?")
    shot(page, "api-tokens-revoke-confirm", full_page=False)
    page.get_by_test_id("confirm-revoke").click()
    expect_toast(page, "Token CI sync revoked")
    expect(page.get_by_test_id("token-row").filter(has_text="CI sync").get_by_test_id("token-status")).to_have_text(
        "revoked"
    )
    res = httpx.get(f"{app_url}/api/v1/licenses", headers={"Authorization": f"Bearer {secret}"})
    assert res.status_code == 401 and res.json()["error"]["code"] == "token_revoked"
