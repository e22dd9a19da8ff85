"""Build the verifier's test vectors with the server's own key and file code and a
fixed signing key (Ed25519 signatures are deterministic, so keys are reproducible).

    .venv/bin/python -m tests.verifier.vectors   # rewrites verifier/test_vectors.json
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from license_hub.services.publishing import files, keys

PATH = Path(__file__).resolve().parents[2] / "verifier" / "test_vectors.json"
SEEDS = {1: bytes(range(32)), 2: bytes(range(32, 64)), 3: bytes(range(64, 96))}
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
KEY_CASES = [
    {
        "key_id": 1,
        "license_id": 1,
        "policy_id": 1,
        "expires_on": "2027-06-01",
        "maintenance_until": "2027-06-01",
        "entitlements": ["PRO", "EXPORT"],
    },
    {
        "key_id": 2,
        "license_id": 4242,
        "policy_id": 7,
        "expires_on": None,
        "maintenance_until": "2026-12-31",
        "entitlements": [],
    },
    {
        "key_id": 3,
        "license_id": 99,
        "policy_id": 3,
        "expires_on": "2026-07-01",
        "maintenance_until": None,
        "entitlements": ["BASIC"],
    },
]


def private(kid: int) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(SEEDS[kid])


def public_hex(kid: int) -> str:
    return private(kid).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def make_key(case: dict) -> str:
    payload = keys.pack(
        case["key_id"],
        case["license_id"],
        case["policy_id"],
        _day(case["expires_on"]),
        _day(case["maintenance_until"]),
        tuple(case["entitlements"]),
    )
    return keys.spell(payload + private(case["key_id"]).sign(keys.CONTEXT + payload))


def _file(kind: str, ttl: timedelta, issued: datetime, license_key: str | None, fingerprint: str = "") -> str:
    data = {
        "issued": issued.isoformat(),
        "expiry": (issued + ttl).isoformat(),
        "ttl": int(ttl.total_seconds()),
        "license": {"id": 1, "status": "active", "entitlements": ["PRO"]},
    }
    if kind == "machine":
        data["machine"] = {"fingerprint": fingerprint}
    return files.seal(lambda message: (1, private(1).sign(message)), kind, data, license_key)


def build() -> dict:
    valid = [{**case, "key": make_key(case)} for case in KEY_CASES]
    key = valid[0]["key"]
    return {
        "now": NOW.isoformat(),
        "keyring": {"keys": {"1": public_hex(1), "2": public_hex(2)}, "revoked": [3]},
        "valid_keys": valid[:2],
        "invalid_keys": [
            {"key": valid[2]["key"], "code": "KEY_REVOKED"},
            {"key": key.lower(), "code": "MALFORMED"},
            {"key": key.replace("-", "", 1), "code": "MALFORMED"},
            {"key": key[:-5], "code": "MALFORMED"},
            {"key": "LH1-" + key[4:9] + key[14:19] + key[9:14] + key[19:], "code": "MALFORMED"},
        ],
        "files": [
            {
                "name": "plain license file",
                "kind": "license",
                "text": _file("license", timedelta(days=30), NOW, None),
                "ok": True,
            },
            {
                "name": "encrypted license file",
                "kind": "license",
                "license_key": key,
                "text": _file("license", timedelta(days=30), NOW, key),
                "ok": True,
            },
            {
                "name": "encrypted, wrong license key",
                "kind": "license",
                "license_key": valid[1]["key"],
                "text": _file("license", timedelta(days=30), NOW, key),
                "code": "DECRYPTION_FAILED",
            },
            {
                "name": "expired file",
                "kind": "license",
                "text": _file("license", timedelta(hours=1), NOW - timedelta(days=2), None),
                "code": "FILE_EXPIRED",
            },
            {
                "name": "issued in the future",
                "kind": "license",
                "text": _file("license", timedelta(days=30), NOW + timedelta(days=1), None),
                "code": "ISSUED_IN_FUTURE",
            },
            {
                "name": "machine file, its machine",
                "kind": "machine",
                "fingerprint": "fp-0001-aaaa",
                "text": _file("machine", timedelta(days=30), NOW, None, "fp-0001-aaaa"),
                "ok": True,
            },
            {
                "name": "machine file copied to another machine",
                "kind": "machine",
                "fingerprint": "fp-0002-bbbb",
                "text": _file("machine", timedelta(days=30), NOW, None, "fp-0001-aaaa"),
                "code": "FINGERPRINT_MISMATCH",
            },
        ],
    }


if __name__ == "__main__":
    PATH.write_text(json.dumps(build(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {PATH}")
