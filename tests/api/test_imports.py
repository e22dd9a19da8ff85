"""POST /api/v1/imports/licenses and GET /api/v1/licenses.csv: scopes, dry run,
commit, a blocked commit, the size limit, and the export's key masking."""

from __future__ import annotations

import pytest
from sqlmodel import func, select
from starlette.testclient import TestClient

from license_hub.api import routes
from license_hub.db import read_session
from license_hub.models import AuditEvent, License
from license_hub.services.access import accounts as access
from license_hub.services.imports import csv_source
from tests.api.helpers import PASSWORD, bearer, make_token, make_user

GOOD = (
    "License name,Software,Seats total,Assignee email,Product key\r\n"
    "Team,Figma,2,a@example.com,FIG-1234-5678\r\nTeam,Figma,2,b@example.com,FIG-1234-5678\r\n"
)
BAD = GOOD + "Team,Figma,2,c@example.com,FIG-1234-5678\r\n"


@pytest.fixture
def client(database) -> TestClient:
    return TestClient(routes.build())


def _licenses() -> int:
    with read_session() as s:
        return s.exec(select(func.count()).select_from(License)).one()


def test_needs_a_token_with_the_import_scope(client):
    assert client.post("/api/v1/imports/licenses", content=GOOD).status_code == 401
    reader = make_token("Admin", ["licenses:read"])
    answer = client.post("/api/v1/imports/licenses", content=GOOD, headers=bearer(reader))
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "missing_scope"
    viewer = make_token("Viewer", ["licenses:read"], email="viewer@example.com")
    assert client.post("/api/v1/imports/licenses", content=GOOD, headers=bearer(viewer)).status_code == 403


def test_dry_run_then_commit_as_csv_body_or_multipart(client):
    token = bearer(make_token("Admin", ["import"]))
    dry = client.post("/api/v1/imports/licenses", content=GOOD, headers={**token, "Content-Type": "text/csv"})
    assert dry.status_code == 200
    body = dry.json()
    assert (body["format"], body["committed"], body["errors"]) == ("license_hub", False, 0)
    assert [r["status"] for r in body["rows"]] == ["created", "assigned"] and _licenses() == 0
    done = client.post(
        "/api/v1/imports/licenses?dry_run=false",
        headers=token,
        files={"file": ("licenses.csv", GOOD.encode(), "text/csv")},
    )
    assert done.status_code == 200 and done.json()["committed"] is True and _licenses() == 1
    with read_session() as s:
        actors = set(
            s.exec(select(AuditEvent.actor).where(AuditEvent.action == "create", AuditEvent.object_type == "license"))
        )
    assert actors == {"admin@example.com via token 'CI sync'"}
    again = client.post("/api/v1/imports/licenses", content=GOOD, headers=token).json()
    assert {r["status"] for r in again["rows"]} == {"unchanged"}


def test_a_bad_row_blocks_the_commit(client):
    token = bearer(make_token("Admin", ["import"]))
    dry = client.post("/api/v1/imports/licenses", content=BAD, headers=token).json()
    assert dry["errors"] == 1 and dry["rows"][2]["message"].startswith("No seats remaining on this license")
    refused = client.post("/api/v1/imports/licenses?dry_run=false", content=BAD, headers=token)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "import_blocked"
    assert _licenses() == 0


def test_unreadable_and_oversized_files(client, monkeypatch):
    token = bearer(make_token("Admin", ["import"]))
    empty = client.post("/api/v1/imports/licenses", content=b"", headers=token)
    assert empty.status_code == 422 and "empty" in empty.json()["error"]["message"]
    monkeypatch.setattr("license_hub.api.v1.imports.MAX_UPLOAD_BYTES", 100)
    big = client.post("/api/v1/imports/licenses", content=GOOD * 10, headers=token)
    assert big.status_code == 413 and big.json()["error"]["message"] == csv_source.TOO_LARGE


def test_license_export_masks_keys_unless_revealed(client):
    token = bearer(make_token("Admin", ["import"]))
    client.post("/api/v1/imports/licenses?dry_run=false", content=GOOD, headers=token)
    assert client.get("/api/v1/licenses.csv").status_code == 401
    make_user("Viewer", email="viewer@example.com")
    viewer = {"Cookie": f"lh_session={access.sign_in('viewer@example.com', PASSWORD)}"}
    masked = client.get("/api/v1/licenses.csv", headers=viewer)
    assert (
        masked.status_code == 200
        and "FIG-1234-5678" not in client.get("/api/v1/licenses.csv?reveal=1", headers=viewer).text
    )
    reader = {"Cookie": f"lh_session={access.sign_in('admin@example.com', PASSWORD)}"}
    masked = client.get("/api/v1/licenses.csv", headers=reader)
    assert masked.status_code == 200 and "FIG-1234-5678" not in masked.text and "••••" in masked.text
    revealed = client.get("/api/v1/licenses.csv?reveal=1", headers=reader).text
    assert "FIG-1234-5678" in revealed
    with read_session() as s:
        assert s.exec(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "reveal_key")).one() == 1
