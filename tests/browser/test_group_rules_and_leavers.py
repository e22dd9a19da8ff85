"""Directory automation in the browser: a group rule made with its dry run (a full
license refuses one member, on the page and in the bell), and a leaver deactivated
by an identity provider over SCIM whose seats come back on the license pages."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from license_hub.db import write_session
from license_hub.services.core.errors import NO_SEATS_REMAINING
from license_hub.services.directory import provisioning, scim_groups
from license_hub.services.seats import assignments as seats
from tests.api.helpers import make_token
from tests.browser.helpers import choose, expect_toast
from tests.factories import add_license, add_product

pytestmark = pytest.mark.browser


def _user(name: str, email: str) -> int:
    with write_session() as s:
        data = provisioning.read_user(
            {"userName": email, "displayName": name, "emails": [{"value": email}]}, active_default=True
        )
        return provisioning.create_user(s, "okta", data).id


def test_a_group_rule_with_its_dry_run(page, shot):
    figma = add_license(add_product("Figma"), name="Figma Org", seats_total=2)
    people = [_user(n, f"{n.split()[0].lower()}@example.com") for n in ("Ann Lee", "Ben Ito", "Cai Wu")]
    with write_session() as s:
        scim_groups.create_group(s, "okta", scim_groups.GroupData("Design", None, tuple(people)))

    page.goto("/group-rules")
    expect(page.get_by_test_id("group-rules-empty")).to_be_visible()
    expect(page.get_by_test_id("rule-save")).to_be_disabled()
    choose(page, page, "Group", "Design")
    choose(page, page, "License", "Figma — Figma Org")
    page.get_by_test_id("dry-run-btn").click()
    dry = page.get_by_test_id("dry-run")
    expect(dry.get_by_test_id("dry-assign")).to_have_text("2 seats assigned")
    expect(dry.get_by_test_id("dry-refuse")).to_have_text("1 refused")
    expect(dry.get_by_test_id("dry-row")).to_have_text(f"Cai Wu: {NO_SEATS_REMAINING}")
    shot(page, "group-rules-01-dry-run")

    page.get_by_test_id("rule-save").click()
    expect_toast(page, f"Rule saved: 2 seats assigned, 1 refused: {NO_SEATS_REMAINING}")
    row = page.get_by_test_id("group-rule-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Design")
    expect(row).to_contain_text("Figma — Figma Org")
    refusal = page.get_by_test_id("refusal-row")
    expect(refusal).to_have_count(1)
    expect(refusal).to_contain_text("Cai Wu")
    expect(refusal).to_contain_text(NO_SEATS_REMAINING)
    shot(page, "group-rules-02-saved")

    page.reload()  # the bell counts on load
    expect(page.get_by_test_id("bell-count")).to_have_text("1")
    page.get_by_test_id("bell").click()
    note = page.get_by_test_id("notification").filter(has_text="Figma Org")
    expect(note.get_by_test_id("notification-title")).to_contain_text(NO_SEATS_REMAINING)
    shot(page, "group-rules-03-bell", full_page=False)
    page.keyboard.press("Escape")

    page.goto(f"/licenses/{figma}")
    expect(page.get_by_test_id("seats-used")).to_have_text("2 / 2")


def test_a_leaver_deactivated_over_scim_gives_their_seats_back(page, app_url, shot):
    slack = add_license(add_product("Slack"), name="Slack Business+", seats_total=5)
    autocad = add_license(add_product("AutoCAD"), name="AutoCAD — Plant", seats_total=5, reassignable=False)
    linus = _user("Linus Torvalds", "linus@example.com")
    with write_session() as s:
        seats.assign(s, "test", slack, person_id=linus)
        seats.assign(s, "test", autocad, person_id=linus)
    secret = make_token(scopes=["scim"], email="idp@example.com", name="Okta")

    page.goto(f"/licenses/{slack}")
    expect(page.get_by_test_id("seats-used")).to_have_text("1 / 5")

    response = httpx.patch(
        f"{app_url}/scim/v2/Users/{linus}",
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/scim+json"},
        json={
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
        },
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert response.json()["active"] is False

    page.goto(f"/licenses/{slack}")
    expect(page.get_by_test_id("seats-used")).to_have_text("0 / 5")
    shot(page, "leaver-01-slack-seat-back")
    page.goto(f"/licenses/{autocad}")
    expect(page.get_by_test_id("seats-used")).to_have_text("0 / 4")  # not reassignable: the seat is retired
    page.goto(f"/people/{linus}")
    expect(page.get_by_test_id("person-status")).to_have_text("Offboarded")
    expect(page.get_by_test_id("profile-seat")).to_have_count(0)
    shot(page, "leaver-02-person-offboarded")
    page.goto("/audit-log")
    expect(page.get_by_text("via token 'Okta'").first).to_be_visible()
    shot(page, "leaver-03-audit-log")
