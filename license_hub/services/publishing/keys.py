"""The typeable license key: "LH1-" then base32 groups of five carrying a packed
payload (license id, policy id, signing key id, expiry, maintenance end,
entitlements) and its Ed25519 signature. verifier/license_hub_verifier.py reads
the same layout offline; the committed test vectors hold the two together."""

from __future__ import annotations

import base64
import hashlib
import struct
from datetime import date

from sqlmodel import Session

from license_hub.services.publishing import signing

PREFIX = "LH1-"
CONTEXT = b"LH1"
VERSION = 1
HEADER = struct.Struct(">BHIIHH")
EPOCH = date(2000, 1, 1)
GROUP = 5
SIGNATURE_BYTES = 64


def _day(value: date | None) -> int:
    return 0 if value is None else max(1, min((value - EPOCH).days, 65535))


def pack(
    key_id: int,
    license_id: int,
    policy_id: int,
    expires_on: date | None,
    maintenance_until: date | None,
    entitlements: tuple[str, ...],
) -> bytes:
    codes = ",".join(entitlements).encode("ascii")[:255]
    return (
        HEADER.pack(VERSION, key_id, license_id, policy_id, _day(expires_on), _day(maintenance_until))
        + bytes([len(codes)])
        + codes
    )


def spell(blob: bytes) -> str:
    text = base64.b32encode(blob).decode("ascii").rstrip("=")
    return PREFIX + "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def issue_key(
    session: Session,
    license_id: int,
    policy_id: int,
    expires_on: date | None,
    maintenance_until: date | None,
    entitlements: tuple[str, ...],
) -> tuple[str, int]:
    """(key, signing key id) for a license."""
    kid = signing.active_key(session).id
    payload = pack(kid, license_id, policy_id, expires_on, maintenance_until, entitlements)
    used_kid, signature = signing.sign(session, CONTEXT + payload)
    assert used_kid == kid
    return spell(payload + signature), kid


def digest(key: str) -> str:
    """The lookup value stored for a key: its SHA-256, never the key itself."""
    return hashlib.sha256(key.strip().encode()).hexdigest()


def signature_holds(session: Session, key: str) -> bool:
    """Whether the key is in canonical form and its signature verifies with a key not revoked."""
    if not key.startswith(PREFIX):
        return False
    body = key[len(PREFIX) :].replace("-", "")
    try:
        blob = base64.b32decode(body + "=" * (-len(body) % 8))
    except ValueError:
        return False
    if spell(blob) != key or len(blob) <= SIGNATURE_BYTES + HEADER.size:
        return False
    payload, signature = blob[:-SIGNATURE_BYTES], blob[-SIGNATURE_BYTES:]
    return signing.verify(session, HEADER.unpack_from(payload)[1], signature, CONTEXT + payload)
