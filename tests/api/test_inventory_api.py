"""POST /api/v1/agent/reports: agent:report scope, 2 MB cap (413), idempotent on
the report id; the usage import and the reconciliation CSV over the API."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from license_hub.api import routes
from tests.api.helpers import bearer, make_token
from tests.services.inventory.fleet import build_fleet

URL = "/api/v1/agent/reports"


def _body(report_id="r-1", n=3, **extra):
    return {
        "report_id": report_id,
        "snapshot": True,
        "primary_user": "alice@example.com",
        "host": {
            "hardware_id": "hw-api",
            "serial": "SN1",
            "hostname": "api-host",
            "platform": "linux",
            "os_version": "Debian 12",
        },
        "software": [
            {
                "name": f"package-{i}",
                "version": "1.0",
                "vendor": "Debian",
                "source": "deb_packages",
                "install_path": "/usr",
                "install_date": "2026-01-02",
                "last_opened_state": "unsupported",
            }
            for i in range(n)
        ],
        **extra,
    }


@pytest.fixture
def client(database) -> TestClient:
    return TestClient(routes.build())


def test_a_report_is_taken_once(client):
    secret = make_token("License manager", ["agent:report"], name="Agent")
    first = client.post(URL, json=_body(), headers=bearer(secret))
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["duplicate"], body["received"], body["added"], body["unmatched"]) == (False, 3, 3, 3)
    again = client.post(URL, json=_body(n=1), headers=bearer(secret))
    assert again.json()["duplicate"] is True and again.json()["received"] == 3
    fewer = client.post(URL, json=_body("r-2", n=1), headers=bearer(secret)).json()
    assert (fewer["duplicate"], fewer["uninstalled"], fewer["device_id"]) == (False, 2, body["device_id"])


def test_no_token_is_401_and_a_token_without_the_scope_is_403(client):
    res = client.post(URL, json=_body())
    assert res.status_code == 401 and res.json()["error"]["code"] == "missing_token"
    secret = make_token("License manager", ["licenses:read"], name="Reader")
    res = client.post(URL, json=_body(), headers=bearer(secret))
    assert res.status_code == 403 and res.json()["error"]["code"] == "missing_scope"


def test_bodies_over_2_mb_are_refused_with_413(client):
    secret = make_token("License manager", ["agent:report"], name="Agent")
    big = json.dumps(_body(n=1, padding="x" * (2 * 1024 * 1024))).encode()
    res = client.post(URL, content=big, headers={**bearer(secret), "Content-Type": "application/json"})
    assert res.status_code == 413 and res.json()["error"]["code"] == "payload_too_large"

    def chunks():  # no Content-Length: counted as it streams in
        for start in range(0, len(big), 256 * 1024):
            yield big[start : start + 256 * 1024]

    res = client.post(URL, content=chunks(), headers={**bearer(secret), "Content-Type": "application/json"})
    assert res.status_code == 413 and res.json()["error"]["code"] == "payload_too_large"
    assert client.post(URL, content=big).status_code == 413  # before authentication: nothing is read


def test_bad_fields_get_422_with_the_field(client):
    secret = make_token("License manager", ["agent:report"], name="Agent")
    body = _body()
    body["software"][0]["last_opened_state"] = "maybe"
    res = client.post(URL, json=body, headers=bearer(secret))
    assert res.status_code == 422 and "software.0.last_opened_state" in res.json()["error"]["fields"]


def test_openapi_describes_the_report_exactly(client):
    doc = client.get("/api/v1/openapi.json").json()
    op = doc["paths"]["/agent/reports"]["post"]
    assert op["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/AgentReportIn")
    assert {"200", "401", "403", "413", "422"} <= set(op["responses"])
    state = doc["components"]["schemas"]["SoftwareIn"]["properties"]["last_opened_state"]
    assert state["enum"] == ["known", "never", "unsupported"]


def test_usage_import_and_reconciliation_csv(client):
    build_fleet()
    secret = make_token("Admin", ["import", "reports:read"], name="Console")
    csv_text = "email,product,last active\ndave@example.com,Adobe Acrobat,2026-05-30\n"
    res = client.post("/api/v1/usage/import", content=csv_text, headers={**bearer(secret), "Content-Type": "text/csv"})
    assert res.status_code == 200, res.text
    assert res.json() == {"rows": 1, "seats_updated": 1, "unchanged": 0}
    bad = client.post(
        "/api/v1/usage/import",
        content="email,product,last active\nx@example.com,Nope,2026-05-30\n",
        headers=bearer(secret),
    )
    assert bad.status_code == 422 and "line 2" in bad.json()["error"]["fields"]
    res = client.get("/api/v1/reports/reconciliation.csv?bucket=unused", headers=bearer(secret))
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    lines = res.text.splitlines()
    assert lines[0].startswith("Bucket,") and len(lines) > 1
    assert all(line.startswith("Licensed and installed but unused") for line in lines[1:])
