"""Signed license and machine files with a time-to-live, optionally AES-256-GCM
encrypted under a key derived (HKDF-SHA256) from the license key. A machine file
carries one fingerprint, so a copied file fails on another machine. The program
checks them offline with verifier/license_hub_verifier.py; refreshing a file is
how renewals, conversions and entitlement changes reach it."""

from __future__ import annotations

import base64
import functools
import json
import os
from datetime import datetime, timedelta
from typing import Callable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlmodel import Session

from license_hub.models import PublishedLicense, PublishedMachine, PublishingPolicy
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core import secrets
from license_hub.services.core.errors import NotFound, ValidationError
from license_hub.services.publishing import issuing, machines, signing

FORMAT = "lh-license-file/1"
AAD = b"license-hub/file"
HKDF_SALT = b"license-hub/file-key"
HKDF_INFO = b"aes-256-gcm"
DEFAULT_TTL = timedelta(days=30)
MIN_TTL, MAX_TTL = timedelta(hours=1), timedelta(days=365)


def file_key(license_key: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=HKDF_SALT, info=HKDF_INFO).derive(license_key.encode())


def _license_data(session: Session, lic: PublishedLicense) -> dict:
    policy = session.get(PublishingPolicy, lic.policy_id)
    return {
        "id": lic.id,
        "status": lic.status,
        "policy_id": policy.id,
        "license_model": policy.license_model,
        "expires_at": lic.expires_at.isoformat() if lic.expires_at else None,
        "maintenance_until": lic.maintenance_until.isoformat() if lic.maintenance_until else None,
        "grace_days": policy.grace_days,
        "entitlements": list(issuing.entitlements_of(policy, lic)),
    }


def seal(sign: Callable[[bytes], tuple[int, bytes]], kind: str, data: dict, license_key: str | None) -> str:
    """The file text: data (encrypted when a license key is given), signed with `sign`."""
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    if license_key:
        nonce = os.urandom(12)
        alg, blob = "aes-256-gcm+ed25519", nonce + AESGCM(file_key(license_key)).encrypt(nonce, raw, AAD)
    else:
        alg, blob = "base64+ed25519", raw
    enc = base64.b64encode(blob).decode()
    kid, signature = sign(f"{kind}/{alg}/{enc}".encode())
    return json.dumps(
        {
            "format": FORMAT,
            "kind": kind,
            "alg": alg,
            "kid": kid,
            "enc": enc,
            "sig": base64.b64encode(signature).decode(),
        },
        indent=1,
    )


def _ttl(ttl: timedelta | None) -> timedelta:
    ttl = ttl or DEFAULT_TTL
    if not MIN_TTL <= ttl <= MAX_TTL:
        raise ValidationError({"ttl": "A file lives between one hour and one year"})
    return ttl


def license_file(
    session: Session,
    actor: str,
    license_id: int,
    encrypt: bool = False,
    ttl: timedelta | None = None,
    now: datetime | None = None,
) -> str:
    now, ttl = now or utcnow(), _ttl(ttl)
    lic = issuing.get(session, license_id)
    data = {
        "issued": now.isoformat(),
        "expiry": (now + ttl).isoformat(),
        "ttl": int(ttl.total_seconds()),
        "license": _license_data(session, lic),
    }
    key = secrets.decrypt(lic.key_encrypted) if encrypt else None
    audit_log.record(session, actor, "license_file", "published_license", lic.id, {"encrypted": bool(encrypt)})
    return seal(functools.partial(signing.sign, session), "license", data, key)


def machine_file(
    session: Session,
    actor: str,
    license_id: int,
    fingerprint: str,
    encrypt: bool = False,
    ttl: timedelta | None = None,
    now: datetime | None = None,
) -> str:
    now, ttl = now or utcnow(), _ttl(ttl)
    lic = issuing.get(session, license_id)
    machine = next(
        (m for m in machines.machines_of(session, license_id, include_inactive=False) if m.fingerprint == fingerprint),
        None,
    )
    if machine is None:
        raise NotFound(machines.UNKNOWN_MACHINE)
    data = {
        "issued": now.isoformat(),
        "expiry": (now + ttl).isoformat(),
        "ttl": int(ttl.total_seconds()),
        "license": _license_data(session, lic),
        "machine": _machine_data(machine),
    }
    key = secrets.decrypt(lic.key_encrypted) if encrypt else None
    audit_log.record(session, actor, "machine_file", "published_license", lic.id, {"fingerprint": fingerprint})
    return seal(functools.partial(signing.sign, session), "machine", data, key)


def _machine_data(machine: PublishedMachine) -> dict:
    return {
        "id": machine.id,
        "fingerprint": machine.fingerprint,
        "name": machine.name,
        "activated_at": machine.activated_at.isoformat(),
    }
