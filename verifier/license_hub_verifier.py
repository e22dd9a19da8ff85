"""License Hub offline verifier: ship this one module inside your product.

It depends only on `cryptography`: no database, no network. It checks
- license keys: "LH1-" then base32 groups of five carrying a packed payload
  (license id, policy id, signing key id, expiry, maintenance end, entitlements)
  and its Ed25519 signature; only the exact canonical spelling verifies;
- license and machine files: signed JSON with a time-to-live, optionally
  AES-256-GCM encrypted under a key derived (HKDF-SHA256) from the license key;
  a machine file is bound to one fingerprint;
- signed API responses (`X-Signature` over the Date header and the body digest);
- the clock: files issued in the future or already expired are refused, and a
  clock set back before the last time seen (kept in a small file) is refused.

Fingerprint default: HMAC-SHA256 keyed with your application id over the OS
machine id (/etc/machine-id on Linux), see `default_fingerprint`.

The keyring is the publisher's public keys by key id, plus the ids revoked
(retired ids still verify; revoked ids do not).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import struct
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_PREFIX = "LH1-"
KEY_CONTEXT = b"LH1"
KEY_VERSION = 1
HEADER = struct.Struct(">BHIIHH")
EPOCH = date(2000, 1, 1)
GROUP = 5
SIGNATURE_BYTES = 64
FILE_FORMAT = "lh-license-file/1"
FILE_AAD = b"license-hub/file"
HKDF_SALT = b"license-hub/file-key"
HKDF_INFO = b"aes-256-gcm"
CLOCK_SKEW = timedelta(minutes=5)


class VerificationError(Exception):
    """The key, file or response is not genuine, or not usable now. `code` says why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class KeyPayload:
    key_id: int
    license_id: int
    policy_id: int
    expires_on: date | None
    maintenance_until: date | None
    entitlements: tuple[str, ...]


class Keyring:
    def __init__(self, public_keys: dict[int, bytes], revoked: set[int] | frozenset[int] = frozenset()):
        self._keys = {int(k): Ed25519PublicKey.from_public_bytes(v) for k, v in public_keys.items()}
        self._revoked = frozenset(int(k) for k in revoked)

    @classmethod
    def from_json(cls, text: str) -> "Keyring":
        data = json.loads(text)
        return cls({int(k): bytes.fromhex(v) for k, v in data["keys"].items()}, set(data.get("revoked", [])))

    def verify(self, key_id: int, signature: bytes, message: bytes) -> None:
        if key_id in self._revoked:
            raise VerificationError("KEY_REVOKED", "This signing key has been revoked")
        public = self._keys.get(key_id)
        if public is None:
            raise VerificationError("UNKNOWN_KEY", "Signed with an unknown key")
        try:
            public.verify(signature, message)
        except InvalidSignature:
            raise VerificationError("BAD_SIGNATURE", "The signature does not match") from None


# --- keys -------------------------------------------------------------------------------------------------------


def day_number(day: date | None) -> int:
    return 0 if day is None else (day - EPOCH).days


def day_of(number: int) -> date | None:
    return None if number == 0 else EPOCH + timedelta(days=number)


def pack_payload(
    key_id: int,
    license_id: int,
    policy_id: int,
    expires_on: date | None,
    maintenance_until: date | None,
    entitlements: tuple[str, ...],
) -> bytes:
    codes = ",".join(entitlements).encode("ascii")
    if len(codes) > 255:
        raise ValueError("too many entitlements for a key")
    head = HEADER.pack(
        KEY_VERSION, key_id, license_id, policy_id, day_number(expires_on), day_number(maintenance_until)
    )
    return head + bytes([len(codes)]) + codes


def format_key(blob: bytes) -> str:
    text = base64.b32encode(blob).decode("ascii").rstrip("=")
    return KEY_PREFIX + "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def _decode_key(key: str) -> bytes:
    if not isinstance(key, str) or not key.startswith(KEY_PREFIX):
        raise VerificationError("MALFORMED", "Not a License Hub key")
    body = key[len(KEY_PREFIX) :].replace("-", "")
    try:
        blob = base64.b32decode(body + "=" * (-len(body) % 8))
    except (binascii.Error, ValueError):
        raise VerificationError("MALFORMED", "The key contains characters that are not allowed") from None
    if format_key(blob) != key:  # one spelling only: no stray bits, case or grouping changes
        raise VerificationError("MALFORMED", "The key is not in its canonical form")
    return blob


def _unpack(payload: bytes) -> KeyPayload:
    if len(payload) < HEADER.size + 1:
        raise VerificationError("MALFORMED", "The key is too short")
    version, kid, lid, pid, exp, maint = HEADER.unpack_from(payload)
    n = payload[HEADER.size]
    codes = payload[HEADER.size + 1 :]
    if version != KEY_VERSION or len(codes) != n:
        raise VerificationError("MALFORMED", "Unknown key layout")
    try:
        ents = tuple(c for c in codes.decode("ascii").split(",") if c)
    except UnicodeDecodeError:
        raise VerificationError("MALFORMED", "Unknown key layout") from None
    return KeyPayload(kid, lid, pid, day_of(exp), day_of(maint), ents)


def verify_key(key: str, keyring: Keyring) -> KeyPayload:
    """The payload of a genuine key, else VerificationError. Expiry is the one at issue:
    renewals and conversions reach the program through a refreshed license file."""
    blob = _decode_key(key)
    if len(blob) <= SIGNATURE_BYTES:
        raise VerificationError("MALFORMED", "The key is too short")
    payload, signature = blob[:-SIGNATURE_BYTES], blob[-SIGNATURE_BYTES:]
    if len(payload) < HEADER.size:
        raise VerificationError("MALFORMED", "The key is too short")
    kid = HEADER.unpack_from(payload)[1]
    keyring.verify(kid, signature, KEY_CONTEXT + payload)
    return _unpack(payload)


# --- files ------------------------------------------------------------------------------------------------------


def file_key(license_key: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=HKDF_SALT, info=HKDF_INFO).derive(license_key.encode())


def _parse_time(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise VerificationError("MALFORMED", "File times must carry a zone")
    return moment


def _open_file(text: str, keyring: Keyring, kind: str, license_key: str | None) -> dict:
    try:
        doc = json.loads(text)
        if doc.get("format") != FILE_FORMAT or doc.get("kind") != kind:
            raise VerificationError("MALFORMED", f"Not a {kind} file")
        enc, alg, kid = str(doc["enc"]), str(doc["alg"]), int(doc["kid"])
        signature = base64.b64decode(doc["sig"], validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise VerificationError("MALFORMED", f"Not a {kind} file") from None
    keyring.verify(kid, signature, f"{kind}/{alg}/{enc}".encode())
    raw = base64.b64decode(enc)
    if alg == "aes-256-gcm+ed25519":
        if not license_key:
            raise VerificationError("KEY_REQUIRED", "This file is encrypted: the license key is needed")
        try:
            raw = AESGCM(file_key(license_key)).decrypt(raw[:12], raw[12:], FILE_AAD)
        except InvalidTag:
            raise VerificationError("DECRYPTION_FAILED", "This file was not encrypted for this license key") from None
    elif alg != "base64+ed25519":
        raise VerificationError("MALFORMED", "Unknown file algorithm")
    return json.loads(raw)


class ClockGuard:
    """Remembers the latest time seen in a small file; a clock earlier than that is refused."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def check(self, now: datetime) -> None:
        try:
            last = datetime.fromisoformat(self.path.read_text().strip())
        except (FileNotFoundError, ValueError):
            last = None
        if last is not None and now + CLOCK_SKEW < last:
            raise VerificationError("CLOCK_TAMPERED", "The system clock was set back")
        if last is None or now > last:
            self.path.write_text(now.isoformat())


def verify_file(
    text: str,
    keyring: Keyring,
    *,
    kind: str = "license",
    license_key: str | None = None,
    fingerprint: str | None = None,
    now: datetime | None = None,
    clock: ClockGuard | None = None,
) -> dict:
    """The file's data when it is genuine and current (and, for a machine file, for this fingerprint)."""
    now = now or datetime.now(timezone.utc)
    if clock is not None:
        clock.check(now)
    data = _open_file(text, keyring, kind, license_key)
    issued, expiry = _parse_time(data["issued"]), _parse_time(data["expiry"])
    if issued > now + CLOCK_SKEW:
        raise VerificationError("ISSUED_IN_FUTURE", "This file was issued in the future")
    if now >= expiry:
        raise VerificationError("FILE_EXPIRED", "This file has expired: refresh it")
    if kind == "machine" and not hmac.compare_digest(
        str(data.get("machine", {}).get("fingerprint", "")), fingerprint or ""
    ):
        raise VerificationError("FINGERPRINT_MISMATCH", "This machine file belongs to another machine")
    return data


# --- responses and fingerprints -----------------------------------------------------------------------------------


def response_signing_string(date_header: str, body: bytes) -> bytes:
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
    return f"date: {date_header}\ndigest: sha-256={digest}".encode()


def verify_response(
    body: bytes, date_header: str, signature_header: str, keyring: Keyring, nonce: str | None = None
) -> dict:
    """A signed validation answer: the signature covers the Date header and the body; the nonce is echoed."""
    parts = dict(p.strip().split("=", 1) for p in signature_header.split(",") if "=" in p)
    try:
        kid = int(parts["keyid"].strip('"'))
        signature = base64.b64decode(parts["signature"].strip('"'), validate=True)
    except (KeyError, ValueError, binascii.Error):
        raise VerificationError("MALFORMED", "Not a signature header") from None
    keyring.verify(kid, signature, response_signing_string(date_header, body))
    data = json.loads(body)
    if nonce is not None and data.get("nonce") != nonce:
        raise VerificationError("NONCE_MISMATCH", "The answer is not for this request")
    return data


def default_fingerprint(app_id: str, machine_id_path: str = "/etc/machine-id") -> str:
    machine_id = Path(machine_id_path).read_text().strip()
    return hmac.new(app_id.encode(), machine_id.encode(), hashlib.sha256).hexdigest()
