"""Ed25519 signing keys: the private half encrypted at rest (services/core/secrets.py),
one active key at a time, rotation by key id. Retired keys still verify what they
signed; revoked keys no longer verify anything."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlmodel import Session, select

from license_hub.models import SigningKey
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core import secrets
from license_hub.services.core.errors import DomainError, NotFound

ACTIVE, RETIRED, REVOKED = "active", "retired", "revoked"


def _new_key(session: Session, actor: str) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    row = SigningKey(status=ACTIVE, public_key=public.hex(), private_key=secrets.encrypt(raw.hex()))
    session.add(row)
    session.flush()
    audit_log.record(session, actor, "create", "signing_key", row.id, {"public_key": row.public_key})
    return row


def active_key(session: Session, actor: str = "system") -> SigningKey:
    row = session.exec(select(SigningKey).where(SigningKey.status == ACTIVE).order_by(SigningKey.id.desc())).first()
    return row or _new_key(session, actor)


def rotate(session: Session, actor: str) -> SigningKey:
    """A new active key; the previous one is retired (what it signed still verifies)."""
    for row in session.exec(select(SigningKey).where(SigningKey.status == ACTIVE)):
        row.status, row.retired_at = RETIRED, utcnow()
        session.add(row)
        audit_log.record(session, actor, "retire", "signing_key", row.id, {})
    return _new_key(session, actor)


def revoke(session: Session, actor: str, key_id: int) -> None:
    row = session.get(SigningKey, key_id)
    if row is None:
        raise NotFound("This signing key does not exist")
    if row.status == ACTIVE:
        raise DomainError("Rotate to a new key before revoking the active one")
    row.status, row.revoked_at = REVOKED, utcnow()
    session.add(row)
    audit_log.record(session, actor, "revoke", "signing_key", row.id, {})


@lru_cache(maxsize=16)
def _private(key_id: int, token: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(secrets.decrypt(token) or ""))


def sign(session: Session, message: bytes) -> tuple[int, bytes]:
    """(key id, signature) with the active key."""
    row = active_key(session)
    return row.id, _private(row.id, bytes(row.private_key)).sign(message)


def verify(session: Session, key_id: int, signature: bytes, message: bytes) -> bool:
    row = session.get(SigningKey, key_id)
    if row is None or row.status == REVOKED:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(row.public_key)).verify(signature, message)
    except InvalidSignature:
        return False
    return True


def keyring_json(session: Session) -> str:
    """The public keyring a publisher ships with the verifier: every key id, and the revoked ones."""
    rows = list(session.exec(select(SigningKey).order_by(SigningKey.id)))
    return json.dumps(
        {
            "keys": {str(r.id): r.public_key for r in rows if r.status != REVOKED},
            "revoked": [r.id for r in rows if r.status == REVOKED],
        },
        sort_keys=True,
    )


def response_message(date_header: str, body: bytes) -> bytes:
    """What an API answer's signature covers: its Date header and the SHA-256 of its body."""
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
    return f"date: {date_header}\ndigest: sha-256={digest}".encode()
