"""Every route declares its scope: 401 for a missing, unknown, expired or revoked
token, 403 for a missing scope or a demoted user; errors as JSON with a code."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi import APIRouter, Depends
from sqlmodel import select
from starlette.testclient import TestClient

from license_hub.api.auth import require_scope
from license_hub.api.v1 import app as v1
from license_hub.db import write_session
from license_hub.models import ApiToken
from license_hub.models.types import utcnow
from license_hub.services.access import accounts as access
from license_hub.services.access import tokens
from license_hub.services.access.tokens import ApiPrincipal
from tests.api.helpers import PASSWORD, bearer, make_token, make_user

probe = APIRouter()


@probe.get("/probe")
def read_probe(who: ApiPrincipal = Depends(require_scope("licenses:read"))) -> dict:
    return {"actor": who.actor, "address": who.address}


@probe.post("/probe")
def write_probe(who: ApiPrincipal = Depends(require_scope("licenses:write"))) -> dict:
    return {"actor": who.actor}


@pytest.fixture
def client(database) -> TestClient:
    return TestClient(v1.build([probe]))


def _error(res, status: int) -> str:
    assert res.status_code == status, res.text
    body = res.json()["error"]
    assert body["message"]
    return body["code"]


def test_a_valid_token_names_its_user_and_token(client):
    secret = make_token("License manager", ["licenses:read", "licenses:write"], name="CI sync")
    res = client.get("/probe", headers=bearer(secret))
    assert res.status_code == 200
    assert res.json()["actor"] == "licensemanager@example.com via token 'CI sync'"
    assert client.post("/probe", headers=bearer(secret)).status_code == 200


def test_missing_and_unknown_tokens_get_401(client):
    assert _error(client.get("/probe"), 401) == "missing_token"
    assert _error(client.get("/probe", headers=bearer("lh_" + "z" * 43)), 401) == "invalid_token"
    assert _error(client.get("/probe", headers=bearer("garbage")), 401) == "invalid_token"
    assert client.get("/probe").headers["www-authenticate"] == "Bearer"


def test_a_missing_scope_gets_403(client):
    secret = make_token("License manager", ["licenses:read"])
    assert _error(client.post("/probe", headers=bearer(secret)), 403) == "missing_scope"


def test_expired_and_revoked_tokens_get_401(client):
    secret = make_token("Viewer", ["licenses:read"], expires_in_days=1)
    assert client.get("/probe", headers=bearer(secret)).status_code == 200
    with write_session() as s:
        row = s.exec(select(ApiToken)).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
    assert _error(client.get("/probe", headers=bearer(secret)), 401) == "token_expired"
    other = make_token("Viewer", ["licenses:read"], name="second")
    viewer = make_user("Viewer")
    with write_session() as s:
        token_id = s.exec(select(ApiToken.id).where(ApiToken.name == "second")).one()
        tokens.revoke(s, viewer, token_id)
    assert _error(client.get("/probe", headers=bearer(other)), 401) == "token_revoked"


def test_a_demoted_user_loses_the_scope_on_the_next_request(client):
    secret = make_token("License manager", ["licenses:read", "licenses:write"])
    assert client.post("/probe", headers=bearer(secret)).status_code == 200
    admin = make_user("Admin")
    manager = make_user("License manager")
    with write_session() as s:
        access.set_role(s, admin.email, manager.user_id, "Viewer")
    assert _error(client.post("/probe", headers=bearer(secret)), 403) == "forbidden"
    assert client.get("/probe", headers=bearer(secret)).status_code == 200
    with write_session() as s:
        access.set_active(s, admin.email, manager.user_id, False)
    assert _error(client.get("/probe", headers=bearer(secret)), 401) == "user_inactive"


def test_the_browser_session_reads_but_never_writes(client):
    make_user("License manager")
    session = access.sign_in("licensemanager@example.com", PASSWORD)
    client.cookies.set("lh_session", session)
    res = client.get("/probe")
    assert res.status_code == 200 and res.json()["actor"] == "licensemanager@example.com"
    assert _error(client.post("/probe"), 401) == "missing_token"


def test_unknown_scope_names_fail_at_import_time():
    with pytest.raises(ValueError):
        require_scope("licenses:delete")
