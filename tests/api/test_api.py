"""API routes: signed-out and under-privileged callers are refused; exports stream."""

from __future__ import annotations

from starlette.testclient import TestClient

from license_hub.api.routes import build
from license_hub.db import write_session
from license_hub.services.access import accounts as access
from tests.factories import make_license

PW = "correct horse battery"


def _token(role: str) -> str:
    email = f"{role.replace(' ', '').lower()}@example.com"
    with write_session() as s:
        access.create_user(s, "admin", email=email, password=PW, role=role)
    return access.sign_in(email, PW)


def test_audit_export_requires_the_audits_permission(database):
    make_license()
    client = TestClient(build())
    assert client.get("/api/v1/audit-log.csv").status_code == 401
    viewer = _token("Viewer")
    assert client.get("/api/v1/audit-log.csv", headers={"Authorization": f"Bearer {viewer}"}).status_code == 403
    admin = _token("Admin")
    client.cookies.set("lh_session", admin)
    res = client.get("/api/v1/audit-log.json")
    assert res.status_code == 200 and res.json()["verified"] is True
    res = client.get("/api/v1/audit-log.csv?action=create")
    assert res.status_code == 200 and res.text.startswith("# chain_head_hash")
    assert client.get("/api/v1/audit-log.xml").status_code == 404
