"""The standalone verifier against the committed vectors: genuine keys and files
pass, tampered, expired, future, copied and revoked ones fail, and 1,000 random
one-character changes to a valid key are all rejected."""

from __future__ import annotations

import ast
import importlib.util
import json
import random
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.verifier import vectors

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "verifier" / "license_hub_verifier.py"
VECTORS = json.loads((ROOT / "verifier" / "test_vectors.json").read_text())


def _load():
    spec = importlib.util.spec_from_file_location("license_hub_verifier", MODULE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["license_hub_verifier"] = module
    spec.loader.exec_module(module)
    return module


v = _load()
KEYRING = v.Keyring.from_json(json.dumps(VECTORS["keyring"]))
NOW = datetime.fromisoformat(VECTORS["now"])


def test_depends_only_on_cryptography_and_the_standard_library():
    tree = ast.parse(MODULE.read_text())
    roots = {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    roots |= {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert roots - set(sys.stdlib_module_names) - {"__future__"} == {"cryptography"}


def test_vectors_are_what_the_server_code_produces_today():
    """Keys are deterministic: the server's packing and spelling must still give the committed keys."""
    for case in VECTORS["valid_keys"]:
        fields = {k: case[k] for k in vectors.KEY_CASES[0]}
        assert vectors.make_key(fields) == case["key"]


@pytest.mark.parametrize("case", VECTORS["valid_keys"], ids=lambda c: str(c["license_id"]))
def test_valid_keys_verify_with_their_payload(case):
    payload = v.verify_key(case["key"], KEYRING)
    assert (payload.key_id, payload.license_id, payload.policy_id) == (
        case["key_id"],
        case["license_id"],
        case["policy_id"],
    )
    assert (payload.expires_on.isoformat() if payload.expires_on else None) == case["expires_on"]
    assert list(payload.entitlements) == case["entitlements"]


@pytest.mark.parametrize("case", VECTORS["invalid_keys"], ids=lambda c: c["code"] + c["key"][-4:])
def test_invalid_keys_are_refused(case):
    with pytest.raises(v.VerificationError) as info:
        v.verify_key(case["key"], KEYRING)
    assert info.value.code == case["code"]


@pytest.mark.parametrize("case", VECTORS["files"], ids=lambda c: c["name"])
def test_files(case):
    def call():
        return v.verify_file(
            case["text"],
            KEYRING,
            kind=case["kind"],
            license_key=case.get("license_key"),
            fingerprint=case.get("fingerprint"),
            now=NOW,
        )

    if case.get("ok"):
        assert call()["license"]["entitlements"] == ["PRO"]
    else:
        with pytest.raises(v.VerificationError) as info:
            call()
        assert info.value.code == case["code"]


def test_a_file_signed_with_a_revoked_key_is_refused():
    text = VECTORS["files"][0]["text"]
    with pytest.raises(v.VerificationError, match="revoked"):
        v.verify_file(text, v.Keyring({1: bytes.fromhex(VECTORS["keyring"]["keys"]["1"])}, {1}), now=NOW)


def test_a_tampered_file_is_refused():
    doc = json.loads(VECTORS["files"][0]["text"])
    doc["enc"] = doc["enc"].replace("e", "f", 1)
    with pytest.raises(v.VerificationError) as info:
        v.verify_file(json.dumps(doc), KEYRING, now=NOW)
    assert info.value.code == "BAD_SIGNATURE"


def test_clock_set_back_is_detected(tmp_path):
    guard = v.ClockGuard(tmp_path / "last-seen")
    text = VECTORS["files"][0]["text"]
    v.verify_file(text, KEYRING, now=NOW + timedelta(days=3), clock=guard)
    with pytest.raises(v.VerificationError) as info:
        v.verify_file(text, KEYRING, now=NOW + timedelta(days=1), clock=guard)
    assert info.value.code == "CLOCK_TAMPERED"
    v.verify_file(text, KEYRING, now=NOW + timedelta(days=4), clock=guard)


def test_a_thousand_one_character_changes_are_all_rejected():
    key = VECTORS["valid_keys"][0]["key"]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567-abcdefghijklmnopqrstuvwxyz0189=+/ "
    rng = random.Random(20260601)
    accepted = []
    for _ in range(1000):
        pos = rng.randrange(len(key))
        char = rng.choice([c for c in alphabet if c != key[pos]])
        mutated = key[:pos] + char + key[pos + 1 :]
        try:
            v.verify_key(mutated, KEYRING)
            accepted.append(mutated)
        except v.VerificationError:
            pass
    assert accepted == []


def test_default_fingerprint_is_an_hmac_of_the_machine_id(tmp_path):
    import hashlib
    import hmac

    (tmp_path / "machine-id").write_text("0123456789abcdef\n")
    expected = hmac.new(b"com.example.app", b"0123456789abcdef", hashlib.sha256).hexdigest()
    assert v.default_fingerprint("com.example.app", str(tmp_path / "machine-id")) == expected
