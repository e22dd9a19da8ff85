"""Publishing walked through in the browser: issue a key to a new customer, reveal it
(audited), activate a machine through the API with that key as a customer's program
would, see the machine and the validation on the page, then convert the trial to
paid after seeing the prorated figure — same key, same machine."""

from __future__ import annotations

import json
import urllib.request

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent
from license_hub.services.publishing import policies
from tests.browser.helpers import expect_toast
from tests.factories import add_product

pytestmark = pytest.mark.browser
FP = "browser-test-machine-0001"


def _post(base: str, path: str, body: dict, key: str) -> dict:
    req = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"License {key}"},
    )
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read())


def _catalogue() -> None:
    entry = add_product("Acme CAD", publisher="Us")
    with write_session() as s:
        product = policies.publish_product(s, "test", entry, "ACME-CAD").id
        policies.create_policy(
            s,
            "test",
            product,
            policies.PolicyInput(
                name="Trial", license_model="trial", duration_days=14, max_machines=2, entitlements="BASIC", price="0"
            ),
        )
        policies.create_policy(
            s,
            "test",
            product,
            policies.PolicyInput(
                name="Pro",
                license_model="subscription",
                duration_days=365,
                max_machines=2,
                entitlements="BASIC PRO",
                price="365.00",
            ),
        )


def test_issue_activate_and_convert_a_trial(page, app_url, shot):
    _catalogue()
    page.goto("/publishing")
    expect(page.get_by_test_id("policy-row")).to_have_count(2)
    shot(page, "publishing-01-products")

    page.goto("/publishing/licenses")
    expect(page.get_by_test_id("licenses-empty")).to_be_visible()
    page.get_by_test_id("issue-license").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=30_000)
    dialog.get_by_test_id("issue-submit").click()
    expect(dialog.get_by_test_id("error-policy_id")).to_have_text("Choose a policy")
    dialog.get_by_test_id("issue-policy").click()
    page.get_by_role("option", name="ACME-CAD · Trial", exact=True).click()
    expect(dialog.get_by_test_id("error-policy_id")).to_have_count(0)
    dialog.get_by_test_id("issue-name").fill("Globex")
    dialog.get_by_test_id("issue-email").fill("it@globex.example")
    shot(page, "publishing-02-issue", full_page=False)
    dialog.get_by_test_id("issue-submit").click()
    expect_toast(page, "License issued")
    expect(page.get_by_test_id("page-title")).to_contain_text("Globex")
    expect(page.get_by_test_id("machines-empty")).to_be_visible()

    page.get_by_test_id("reveal-key").click()
    key_box = page.get_by_test_id("published-key")
    expect(key_box).to_contain_text("LH1-")
    key = key_box.inner_text().strip()
    with read_session() as s:
        reveals = s.exec(select(AuditEvent).where(AuditEvent.action == "reveal_key")).all()
    assert [(e.actor, e.object_type) for e in reveals] == [("admin@example.com", "published_license")]

    made = _post(app_url, "/api/v1/machines", {"fingerprint": FP, "name": "Design PC"}, key)
    assert made["fingerprint"] == FP
    answer = _post(
        app_url,
        "/api/v1/licenses/actions/validate-key",
        {"key": key, "nonce": "abc", "scope": {"fingerprint": FP}},
        key,
    )
    assert (answer["code"], answer["nonce"]) == ("VALID", "abc")

    page.reload()
    expect(page.get_by_test_id("machine-row")).to_have_count(1)
    expect(page.get_by_test_id("machine-row")).to_contain_text(FP)
    expect(page.get_by_test_id("check-row").first).to_contain_text("VALID")

    page.get_by_test_id("target-policy").click()
    page.get_by_role("option", name="Pro", exact=True).click()
    expect(page.get_by_test_id("proration")).to_contain_text("USD")
    page.get_by_test_id("change-policy").click()
    page.get_by_test_id("change-policy-confirm").click()
    expect_toast(page, "Policy changed")
    expect(page.get_by_test_id("policy-name")).to_have_text("Pro")
    expect(page.get_by_test_id("machine-row")).to_have_count(1)
    shot(page, "publishing-03-license")

    answer = _post(
        app_url,
        "/api/v1/licenses/actions/validate-key",
        {"key": key, "scope": {"fingerprint": FP, "entitlements": ["PRO"]}},
        key,
    )
    assert answer["code"] == "VALID"

    export = {"key": key, "scope": {"fingerprint": FP, "entitlements": ["EXPORT"]}}
    assert _post(app_url, "/api/v1/licenses/actions/validate-key", export, key)["code"] == "ENTITLEMENTS_MISSING"
    page.get_by_test_id("own-entitlements").fill("export")
    page.get_by_test_id("save-entitlements").click()
    expect_toast(page, "Entitlements saved")
    expect(page.get_by_test_id("own-entitlements")).to_have_value("EXPORT")
    assert _post(app_url, "/api/v1/licenses/actions/validate-key", export, key)["code"] == "VALID"

    page.goto("/publishing/licenses?status=active")
    expect(page.get_by_test_id("published-license-row")).to_have_count(1)
    shot(page, "publishing-04-licenses")
