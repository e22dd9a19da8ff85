"""Validating a license: one answer, one code, in a fixed precedence.

The first rule that fails names the code; a license that passes everything is
IN_GRACE (valid) when past its expiry but inside the policy's grace days, else
VALID. The precedence, first to last:

 1. NOT_FOUND                  no license has this key, or its signature no longer verifies
 2. REVOKED                    the license was revoked
 3. SUSPENDED                  the license is suspended
 4. EXPIRED                    past expiry and grace ("restrict"; "revoke" also revokes the license)
 5. OVERDUE                    the check-in interval passed without a check-in
 6. ENTITLEMENTS_MISSING       the scope asks for a feature code the license lacks
 7. FINGERPRINT_SCOPE_REQUIRED a node-locked policy and no fingerprint in the scope
 8. NO_MACHINE                 a fingerprint in the scope and no machine activated
 9. FINGERPRINT_SCOPE_MISMATCH the fingerprint is not one of the license's machines
10. TOO_MANY_MACHINES          more machines than the policy (with overage) allows
11. VERSION_NOT_ELIGIBLE       the version is unknown, outside the constraint, or released after maintenance
                               (or, for "keep working" expiry, after expiry)
12. IN_GRACE (valid)
13. VALID (valid)

Every validation is kept in the license's validation history; failures also go to
the audit trail. Entitlements and policy changes apply here, at the next validation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version
from sqlmodel import Session, select

from license_hub.models import (
    AuditEvent,
    PublishedLicense,
    PublishedMachine,
    PublishedProduct,
    PublishingPolicy,
    ValidationEvent,
)
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.publishing import capacity, issuing, keys, policies

CODES = (
    "NOT_FOUND",
    "REVOKED",
    "SUSPENDED",
    "EXPIRED",
    "OVERDUE",
    "ENTITLEMENTS_MISSING",
    "FINGERPRINT_SCOPE_REQUIRED",
    "NO_MACHINE",
    "FINGERPRINT_SCOPE_MISMATCH",
    "TOO_MANY_MACHINES",
    "VERSION_NOT_ELIGIBLE",
    "IN_GRACE",
    "VALID",
)
VALID_CODES = {"IN_GRACE", "VALID"}
DETAIL = {
    "NOT_FOUND": "License not found",
    "REVOKED": "License has been revoked",
    "SUSPENDED": "License is suspended",
    "EXPIRED": "License is expired",
    "OVERDUE": "License is overdue for check-in",
    "ENTITLEMENTS_MISSING": "License is missing required entitlements",
    "FINGERPRINT_SCOPE_REQUIRED": "A machine fingerprint is required",
    "NO_MACHINE": "License has no activated machine",
    "FINGERPRINT_SCOPE_MISMATCH": "Fingerprint is not activated on this license",
    "TOO_MANY_MACHINES": "License has too many machines",
    "VERSION_NOT_ELIGIBLE": "This version is not covered by the license",
    "IN_GRACE": "License is expired but inside its grace period",
    "VALID": "License is valid",
}


@dataclass(frozen=True)
class Scope:
    fingerprint: str = ""
    entitlements: tuple[str, ...] = ()
    version: str = ""


@dataclass(frozen=True)
class Result:
    valid: bool
    code: str
    detail: str
    license_id: int | None
    expires_at: datetime | None = None
    entitlements: tuple[str, ...] = ()


def _version_ok(session: Session, lic: PublishedLicense, policy: PublishingPolicy, version: str, expired: bool) -> bool:
    release = policies.find_release(session, policy.product_id, version)
    if release is None:
        return False
    try:
        if policy.version_constraint and not SpecifierSet(policy.version_constraint).contains(
            Version(version), prereleases=True
        ):
            return False
    except (InvalidSpecifier, InvalidVersion):
        return False
    limits = [d for d in (lic.maintenance_until,) if d is not None]
    if expired and lic.expires_at is not None:
        limits.append(lic.expires_at.date())
    return all(release.released_on <= limit for limit in limits)


def _machine_code(session: Session, lic: PublishedLicense, policy: PublishingPolicy, scope: Scope) -> str | None:
    if not scope.fingerprint:
        return "FINGERPRINT_SCOPE_REQUIRED" if policy.license_model == "node-locked" else None
    if lic.machines_count == 0:
        return "NO_MACHINE"
    found = session.exec(
        select(PublishedMachine.id).where(
            PublishedMachine.license_id == lic.id,
            PublishedMachine.fingerprint == scope.fingerprint,
            PublishedMachine.deactivated_at.is_(None),
        )
    ).first()
    return None if found else "FINGERPRINT_SCOPE_MISMATCH"


def _expiry_state(lic: PublishedLicense, policy: PublishingPolicy, now: datetime) -> str | None:
    """None (not expired), "IN_GRACE", "EXPIRED", or "KEEP" (expired, keeps working on older versions)."""
    if lic.expires_at is None or now < lic.expires_at:
        return None
    if now < lic.expires_at + timedelta(days=policy.grace_days):
        return "IN_GRACE"
    return "KEEP" if policy.expiry_behaviour == "maintain_access" else "EXPIRED"


def decide(session: Session, lic: PublishedLicense | None, scope: Scope, now: datetime) -> str:
    if lic is None:
        return "NOT_FOUND"
    policy = session.get(PublishingPolicy, lic.policy_id)
    if lic.status == issuing.REVOKED:
        return "REVOKED"
    if lic.status == issuing.SUSPENDED:
        return "SUSPENDED"
    expiry = _expiry_state(lic, policy, now)
    if expiry == "EXPIRED":
        return "EXPIRED"
    if (
        policy.check_in_days
        and lic.last_check_in_at
        and now > lic.last_check_in_at + timedelta(days=policy.check_in_days)
    ):
        return "OVERDUE"
    if not set(scope.entitlements) <= set(issuing.entitlements_of(policy, lic)):
        return "ENTITLEMENTS_MISSING"
    machine = _machine_code(session, lic, policy, scope)
    if machine:
        return machine
    ceiling = capacity.allowed(policy.max_machines, policy.overage)
    if ceiling is not None and lic.machines_count > ceiling:
        return "TOO_MANY_MACHINES"
    if scope.version and not _version_ok(session, lic, policy, scope.version, expiry is not None):
        return "VERSION_NOT_ELIGIBLE"
    return "IN_GRACE" if expiry == "IN_GRACE" else "VALID"


FOLD_WINDOW = timedelta(minutes=1)
PREFIX_CHARS = 16


def probe_of(key: str, source: str) -> str:
    """Who guessed what, folded: a digest of the key's prefix and the caller's address
    (never the key itself), so a flood of unknown keys writes one audit event a minute."""
    return hashlib.sha256(f"{source[:64]}|{key.strip()[:PREFIX_CHARS]}".encode()).hexdigest()[:16]


def _already_audited(session: Session, probe: str) -> bool:
    since = utcnow() - FOLD_WINDOW  # the audit trail stamps events with the real clock
    stmt = (
        select(AuditEvent.id)
        .where(
            AuditEvent.action == "validation_failed",
            AuditEvent.object_id.is_(None),
            AuditEvent.occurred_at >= since,
            AuditEvent.diff.contains(f'"probe":"{probe}"'),
        )
        .limit(1)
    )
    return session.exec(stmt).first() is not None


def _record(
    session: Session, actor: str, lic: PublishedLicense | None, code: str, scope: Scope, now: datetime, probe: str = ""
) -> None:
    session.add(
        ValidationEvent(
            license_id=lic.id if lic else None,
            occurred_at=now,
            code=code,
            valid=code in VALID_CODES,
            fingerprint=scope.fingerprint[:128],
            version=scope.version[:60],
        )
    )
    if code not in VALID_CODES:
        diff = {"code": code, "fingerprint": scope.fingerprint[:128], "version": scope.version[:60]}
        if lic is None and probe:
            if _already_audited(session, probe):
                return
            diff["probe"] = probe
        audit_log.record(session, actor, "validation_failed", "published_license", lic.id if lic else None, diff)
    if code == "EXPIRED" and lic is not None:
        policy = session.get(PublishingPolicy, lic.policy_id)
        if policy.expiry_behaviour == "revoke" and lic.status != issuing.REVOKED:
            lic.status, lic.revoked_at = issuing.REVOKED, now
            session.add(lic)
            audit_log.record(session, "system", "revoke", "published_license", lic.id, {"reason": "expired"})


def _result(session: Session, lic: PublishedLicense | None, code: str) -> Result:
    if lic is None or code == "NOT_FOUND":
        return Result(False, code, DETAIL[code], None)
    policy = session.get(PublishingPolicy, lic.policy_id)
    return Result(code in VALID_CODES, code, DETAIL[code], lic.id, lic.expires_at, issuing.entitlements_of(policy, lic))


def validate_key(
    session: Session, actor: str, key: str, scope: Scope, now: datetime | None = None, source: str = ""
) -> Result:
    """`source` is the caller's address: failures with unknown keys are folded per
    key prefix and address (one audit event a minute); each still counts as a check."""
    now = now or utcnow()
    lic = issuing.find_by_key(session, key)
    if lic is not None and not keys.signature_holds(session, key.strip()):
        lic = None
    code = decide(session, lic, scope, now)
    _record(session, actor, lic, code, scope, now, probe_of(key, source))
    return _result(session, lic, code)


def validate_license(
    session: Session, actor: str, license_id: int, scope: Scope, now: datetime | None = None
) -> Result:
    now = now or utcnow()
    lic = session.get(PublishedLicense, license_id)
    code = decide(session, lic, scope, now)
    _record(session, actor, lic, code, scope, now)
    return _result(session, lic, code)


def check_in(session: Session, license_id: int, now: datetime | None = None) -> datetime:
    lic = capacity.lock_license(session, license_id).license
    lic.last_check_in_at = now or utcnow()
    session.add(lic)
    return lic.last_check_in_at


def history(session: Session, license_id: int, limit: int = 50) -> list[ValidationEvent]:
    stmt = (
        select(ValidationEvent)
        .where(ValidationEvent.license_id == license_id)
        .order_by(ValidationEvent.occurred_at.desc(), ValidationEvent.id.desc())
        .limit(max(1, min(limit, 200)))
    )
    return list(session.exec(stmt))


def product_of(session: Session, policy: PublishingPolicy) -> PublishedProduct:
    return session.get(PublishedProduct, policy.product_id)
