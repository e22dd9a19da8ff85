"""The publisher's API as a customer's program sees it: license-key authentication,
activation within the limit, signed validation answers echoing the nonce, files,
transfers over budget refused, bad input answered 400, never 500."""

from __future__ import annotations

import json

from starlette.testclient import TestClient

from license_hub.api.routes import build
from license_hub.db import write_session
from license_hub.services.access import accounts as access
from tests.services.publishing.builders import make_issued, make_policy, make_published
from tests.verifier.test_verifier import v

FP = "api-fingerprint-0001"
PW = "correct horse battery"


def _client_and_key(**policy):
    issued = make_issued(make_policy(make_published(), license_model="node-locked", max_machines=1, **policy))
    client = TestClient(build())
    return client, issued, {"Authorization": f"License {issued.key}"}


def _keyring(client) -> "v.Keyring":
    return v.Keyring.from_json(client.get("/api/v1/publishing/keyring").text)


def test_activate_then_validate_signed_with_nonce(database):
    client, issued, auth = _client_and_key()
    res = client.post("/api/v1/machines", json={"fingerprint": FP, "name": "build box"}, headers=auth)
    assert res.status_code == 201, res.text
    res = client.post("/api/v1/machines", json={"fingerprint": "api-fingerprint-0002"}, headers=auth)
    assert res.status_code == 422 and res.json()["error"] == "This license has reached its machine limit"
    res = client.post(
        "/api/v1/licenses/actions/validate-key",
        json={"key": issued.key, "nonce": "n-123", "scope": {"fingerprint": FP}},
    )
    assert res.status_code == 200
    data = v.verify_response(
        res.content, res.headers["date"], res.headers["x-signature"], _keyring(client), nonce="n-123"
    )
    assert (data["valid"], data["code"], data["license"]["id"]) == (True, "VALID", issued.license_id)
    tampered = res.content.replace(b'"valid":true', b'"valid":false')
    try:
        v.verify_response(tampered, res.headers["date"], res.headers["x-signature"], _keyring(client))
        raise AssertionError("a tampered answer verified")
    except v.VerificationError as exc:
        assert exc.code == "BAD_SIGNATURE"


def test_validate_unknown_key_and_bad_input(database):
    client, _, _ = _client_and_key()
    res = client.post("/api/v1/licenses/actions/validate-key", json={"key": "LH1-NOPE", "nonce": "x"})
    assert res.json()["code"] == "NOT_FOUND" and res.json()["valid"] is False
    assert client.post("/api/v1/licenses/actions/validate-key", content=b"not json").status_code == 400
    res = client.post("/api/v1/licenses/actions/validate-key", json={"key": 5, "scope": []})
    assert res.status_code == 400
    assert client.post("/api/v1/machines", json={"fingerprint": FP}).status_code == 401
    assert (
        client.post(
            "/api/v1/machines", json={"fingerprint": FP}, headers={"Authorization": "License LH1-AAAAA"}
        ).status_code
        == 401
    )


def test_validate_by_id_needs_permission_or_that_license_key(database):
    client, issued, auth = _client_and_key()
    other = make_issued(make_policy(make_published()))
    url = f"/api/v1/publishing/licenses/{issued.license_id}/actions/validate"
    assert client.post(url, json={}).status_code == 401
    assert client.post(url, json={}, headers={"Authorization": f"License {other.key}"}).status_code == 403
    assert client.post(url, json={}, headers=auth).json()["code"] == "FINGERPRINT_SCOPE_REQUIRED"
    with write_session() as s:
        access.create_user(s, "admin", email="viewer@example.com", password=PW, role="Viewer")
        access.create_user(s, "admin", email="admin@example.com", password=PW, role="Admin")
    viewer = access.sign_in("viewer@example.com", PW)
    assert client.post(url, json={}, headers={"Authorization": f"Bearer {viewer}"}).status_code == 403
    admin = access.sign_in("admin@example.com", PW)
    assert client.post(url, json={}, headers={"Authorization": f"Bearer {admin}"}).status_code == 200


def test_files_heartbeat_deactivate_and_transfer_over_budget(database):
    client, issued, auth = _client_and_key(transfer_budget=1)
    client.post("/api/v1/machines", json={"fingerprint": FP}, headers=auth)
    assert client.post("/api/v1/machines/actions/heartbeat", json={"fingerprint": FP}, headers=auth).status_code == 200
    text = client.get("/api/v1/licenses/actions/license-file?encrypt=1", headers=auth).text
    assert v.verify_file(text, _keyring(client), license_key=issued.key)["license"]["id"] == issued.license_id
    text = client.post("/api/v1/machines/actions/machine-file", json={"fingerprint": FP}, headers=auth).text
    assert json.loads(text)["kind"] == "machine"
    assert v.verify_file(text, _keyring(client), kind="machine", fingerprint=FP)
    res = client.post(
        "/api/v1/machines/actions/transfer", json={"from": FP, "to": "api-fingerprint-0009"}, headers=auth
    )
    assert res.status_code == 200
    res = client.post(
        "/api/v1/machines/actions/transfer",
        json={"from": "api-fingerprint-0009", "to": "api-fingerprint-0010"},
        headers=auth,
    )
    assert res.status_code == 422 and res.json()["error"] == "Transfer limit reached: 1 transfer per 30 days"
    res = client.post("/api/v1/machines/actions/deactivate", json={"fingerprint": "api-fingerprint-0009"}, headers=auth)
    assert res.status_code == 200
    assert client.post("/api/v1/licenses/actions/check-in", headers=auth).status_code == 200
