"""Reports through the API: the same figures as the services behind the report pages,
paged lists, the reports:read scope, and 422 for a window outside the 1 to 3,650 days the pages offer."""

from __future__ import annotations

from datetime import timedelta

from license_hub.db import write_session
from license_hub.models.types import utcnow
from license_hub.services.reports import compliance, dormancy_window
from license_hub.services.seats import assignments
from tests.api.helpers import bearer, make_token
from tests.factories import fill_seats, make_license, make_product

V1 = "/api/v1/reports"


def _estate() -> tuple[int, int]:
    """A half-empty Figma license (3 of 10 seats, all never used) and a full Slack one."""
    figma = make_license(
        make_product("Figma"),
        name="Design",
        seats_total=10,
        cost_per_seat="120.00",
        billing_cycle="annual",
        vendor="Figma Inc.",
    )
    slack = make_license(
        make_product("Slack", publisher="Slack", category="Communication"),
        name="Chat",
        seats_total=2,
        total_cost="600.00",
        billing_cycle="annual",
        renewal_date=(utcnow() + timedelta(days=40)).date(),
    )
    fill_seats(figma, 3)
    fill_seats(slack, 2)
    return figma, slack


def test_utilization_ranks_licenses_and_lists_dormant_seats(api):
    figma, slack = _estate()
    token = bearer(make_token("Finance", name="finance"))
    res = api.get(f"{V1}/utilization", params={"window": 30, "limit": 1}, headers=token)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["window_days"] == 30 and body["licenses_total"] == 2 and body["active_seats"] == 5
    assert body["ranking"]["total"] == 2 and len(body["ranking"]["items"]) == 1
    assert body["dormant_seats"] == sum(s["dormant"] for s in body["signals"])
    assert {s["signal"] for s in body["signals"]}
    by_fill = api.get(f"{V1}/utilization", params={"sort": "fill", "descending": True}, headers=token).json()
    assert [r["license_id"] for r in by_fill["ranking"]["items"]] == [slack, figma]
    assert by_fill["ranking"]["items"][1]["fill_pct"] == 30.0
    for row in by_fill["ranking"]["items"]:
        assert sum(row["dormant_by_signal"].values()) == row["dormant_seats"]
    seats = api.get(f"{V1}/utilization/dormant-seats", params={"window": 180, "limit": 2}, headers=token).json()
    assert seats["total"] == body["dormant_seats"] or seats["total"] >= len(seats["items"])
    assert len(seats["items"]) <= 2 and all(s["license_id"] in (figma, slack) for s in seats["items"])


def test_savings_potential_and_realized(api):
    figma, _ = _estate()
    with write_session() as s:
        seat = assignments.list_seats(s, figma)[0][0]
        assignments.reclaim(s, "tester@example.com", seat.id)
    token = bearer(make_token("Finance", name="finance"))
    res = api.get(f"{V1}/savings", headers=token)
    assert res.status_code == 200, res.text
    body = res.json()
    realized = body["realized_events"]["items"]
    assert [(r["license_id"], r["seats"], r["source"]) for r in realized] == [(figma, 1, "reclaim")]
    assert realized[0]["annual_cost_per_seat"] == "120.00"
    assert body["realized"]["by_currency"] == {"EUR": realized[0]["savings"]}
    for row in body["potential_by_license"]["items"]:
        assert row["dormant_seats"] > 0 and row["currency"] == "EUR"


def test_spend_by_category_vendor_and_month(api):
    _estate()
    token = bearer(make_token("Finance", name="finance"))
    body = api.get(f"{V1}/spend", headers=token).json()
    assert body["licenses"] == 2 and body["unknown_cost"] == 0
    assert body["totals"]["by_currency"] == {"EUR": "1800.00"}  # 10 × 120 + 600
    assert {g["key"]: g["amount"] for g in body["by_vendor"]} == {"Figma Inc.": "1200.00", "Slack": "600.00"}
    assert {g["key"] for g in body["by_category"]} == {"Communication", "Uncategorized"}
    assert body["by_month"][-1]["key"] == "No date" and body["by_month"][-1]["amount"] == "1200.00"


def test_compliance_statuses_and_counts(api):
    figma, slack = _estate()
    with write_session() as s:
        compliance.set_override(s, "tester@example.com", slack)
    token = bearer(make_token("Finance", name="finance"))
    body = api.get(f"{V1}/compliance", headers=token).json()
    rows = {r["license_id"]: r for r in body["licenses"]["items"]}
    assert {k: r["status"] for k, r in rows.items()} == {figma: "Under-utilized", slack: "Review Required"}
    assert rows[slack]["overridden"] and rows[slack]["computed"] == "Compliant" and not rows[figma]["overridden"]
    assert body["counts"] == {"Compliant": 0, "Over-deployed": 0, "Under-utilized": 1, "Review Required": 1}
    only = api.get(f"{V1}/compliance", params={"status": "Review Required"}, headers=token).json()
    assert only["licenses"]["total"] == 1 and only["licenses"]["items"][0]["license_id"] == slack


def test_reports_need_the_scope_and_valid_arguments(api):
    _estate()
    assert api.get(f"{V1}/spend").status_code == 401
    reader = bearer(make_token("Admin", ["licenses:read"], name="reader"))
    res = api.get(f"{V1}/utilization", headers=reader)
    assert res.status_code == 403 and res.json()["error"]["code"] == "missing_scope"
    viewer = bearer(make_token("Viewer", name="viewer"))
    assert api.get(f"{V1}/compliance", headers=viewer).status_code == 403
    finance = bearer(make_token("Finance", name="finance"))
    for path in ("utilization", "utilization/dormant-seats", "savings"):
        for bad in (0, 3651, "ninety"):
            res = api.get(f"{V1}/{path}", params={"window": bad}, headers=finance)
            assert res.status_code == 422 and "window" in res.json()["error"]["fields"], (path, bad)
    res = api.get(f"{V1}/compliance", params={"limit": 1000}, headers=finance)
    assert res.status_code == 422 and "limit" in res.json()["error"]["fields"]


def test_report_windows_are_any_1_to_3650_days_and_default_to_the_workspace(api):
    """The REST reports take the windows the Utilization page takes, and without one
    judge by the workspace's dormancy window, as the page does."""
    _estate()
    finance = bearer(make_token("Finance", name="finance"))
    for days in (1, 45, 3650):
        body = api.get(f"{V1}/utilization", params={"window": days}, headers=finance).json()
        assert body["window_days"] == days
        assert api.get(f"{V1}/savings", params={"window": days}, headers=finance).json()["window_days"] == days
    assert api.get(f"{V1}/utilization", headers=finance).json()["window_days"] == 90  # the default window
    with write_session() as s:
        dormancy_window.set_window(s, "admin@example.com", 7)
    assert api.get(f"{V1}/utilization", headers=finance).json()["window_days"] == 7
    assert api.get(f"{V1}/savings", headers=finance).json()["window_days"] == 7
    week = api.get(f"{V1}/utilization/dormant-seats", headers=finance).json()
    asked = api.get(f"{V1}/utilization/dormant-seats", params={"window": 7}, headers=finance).json()
    assert week == asked
