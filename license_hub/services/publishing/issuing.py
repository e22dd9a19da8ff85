"""Customers and the licenses issued to them: issue (with its signed key), suspend,
reinstate, renew, revoke, move to another policy. Every action is in the audit trail."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from license_hub.models import PublishedLicense, PublishingCustomer, PublishingPolicy
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core import secrets
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.publishing import capacity, keys, policies, signing

ACTIVE, SUSPENDED, REVOKED = "active", "suspended", "revoked"
CUSTOMER_KINDS = {"person": "Person", "organization": "Organization"}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Issued:
    license_id: int
    key: str


def create_customer(session: Session, actor: str, kind: str, name: str, email: str = "") -> PublishingCustomer:
    errors = {}
    name, email = (name or "").strip(), (email or "").strip().lower()
    if kind not in CUSTOMER_KINDS:
        errors["kind"] = "A customer is a person or an organization"
    if not name or len(name) > 200:
        errors["name"] = "Name is required (at most 200 characters)"
    if email and (len(email) > 254 or not EMAIL.match(email)):
        errors["email"] = "Enter a valid email address"
    if errors:
        raise ValidationError(errors)
    row = PublishingCustomer(kind=kind, name=name, email=email)
    session.add(row)
    session.flush()
    audit_log.record(session, actor, "create", "publishing_customer", row.id, {"kind": kind, "name": name})
    return row


def _policy(session: Session, policy_id: int) -> PublishingPolicy:
    row = session.get(PublishingPolicy, policy_id)
    if row is None or row.archived_at is not None:
        raise NotFound("This policy does not exist")
    return row


def _term_end(policy: PublishingPolicy, start: datetime) -> datetime | None:
    return None if policy.duration_days is None else start + timedelta(days=policy.duration_days)


def _maintenance_end(policy: PublishingPolicy, start: datetime, expires: datetime | None) -> date | None:
    if policy.maintenance_days is not None:
        return (start + timedelta(days=policy.maintenance_days)).date()
    return expires.date() if expires else None


def _own_entitlements(text: str) -> list[str]:
    extra = policies.parse_entitlements(text)
    if any(not policies.ENTITLEMENT.match(c) for c in extra) or len(extra) > policies.MAX_ENTITLEMENTS:
        raise ValidationError({"entitlements": "Entitlements are up to 20 feature codes (letters, digits, _ . -)"})
    return extra


def issue(
    session: Session, actor: str, policy_id: int, customer_id: int, entitlements: str = "", now: datetime | None = None
) -> Issued:
    """A license under a policy, with its signed key (shown once here, stored encrypted)."""
    now = now or utcnow()
    policy = _policy(session, policy_id)
    if session.get(PublishingCustomer, customer_id) is None:
        raise NotFound("This customer does not exist")
    extra = _own_entitlements(entitlements)
    expires = _term_end(policy, now)
    lic = PublishedLicense(
        policy_id=policy.id,
        customer_id=customer_id,
        status=ACTIVE,
        key_digest="pending",
        key_hint="",
        signing_key_id=0,
        entitlements=" ".join(extra),
        issued_at=now,
        expires_at=expires,
        maintenance_until=_maintenance_end(policy, now, expires),
        last_check_in_at=now,
    )
    lic.signing_key_id = signing.active_key(session, actor).id
    session.add(lic)
    session.flush()
    key, kid = keys.issue_key(
        session,
        lic.id,
        policy.id,
        expires.date() if expires else None,
        lic.maintenance_until,
        entitlements_of(policy, lic),
    )
    lic.key_encrypted, lic.key_digest, lic.key_hint, lic.signing_key_id = (
        secrets.encrypt(key),
        keys.digest(key),
        key[-4:],
        kid,
    )
    session.add(lic)
    audit_log.record(
        session,
        actor,
        "generate_key",
        "published_license",
        lic.id,
        {"policy_id": policy.id, "customer_id": customer_id, "signing_key_id": kid, "expires_at": expires},
    )
    return Issued(lic.id, key)


def entitlements_of(policy: PublishingPolicy, lic: PublishedLicense) -> tuple[str, ...]:
    """The policy's feature codes plus the license's own, read fresh at every validation."""
    return tuple(
        dict.fromkeys(policies.parse_entitlements(policy.entitlements) + policies.parse_entitlements(lic.entitlements))
    )


def get(session: Session, license_id: int) -> PublishedLicense:
    lic = session.get(PublishedLicense, license_id)
    if lic is None:
        raise NotFound("This license does not exist")
    return lic


def find_by_key(session: Session, key: str) -> PublishedLicense | None:
    if not isinstance(key, str) or not 10 < len(key) < 1000:
        return None
    return session.exec(select(PublishedLicense).where(PublishedLicense.key_digest == keys.digest(key))).first()


def reveal_key(session: Session, actor: str, license_id: int) -> str:
    """The full key, for a caller allowed to see it; every reveal is recorded."""
    lic = get(session, license_id)
    audit_log.record(session, actor, "reveal_key", "published_license", lic.id, {})
    return secrets.decrypt(lic.key_encrypted) or ""


def _locked(session: Session, license_id: int) -> PublishedLicense:
    return capacity.lock_license(session, license_id).license


def set_entitlements(session: Session, actor: str, license_id: int, entitlements: str) -> PublishedLicense:
    """The license's own feature codes (on top of its policy's): the next validation or
    file refresh answers with them, the key and the machines stay as they are."""
    extra = " ".join(_own_entitlements(entitlements))
    lic = _locked(session, license_id)
    if lic.status == REVOKED:
        raise DomainError("This license is revoked")
    before, lic.entitlements = lic.entitlements, extra
    session.add(lic)
    audit_log.record(session, actor, "set_entitlements", "published_license", lic.id, {"entitlements": [before, extra]})
    return lic


def suspend(session: Session, actor: str, license_id: int, now: datetime | None = None) -> PublishedLicense:
    lic = _locked(session, license_id)
    if lic.status != ACTIVE:
        raise DomainError("Only an active license can be suspended")
    lic.status, lic.suspended_at = SUSPENDED, now or utcnow()
    session.add(lic)
    audit_log.record(session, actor, "suspend", "published_license", lic.id, {})
    return lic


def reinstate(session: Session, actor: str, license_id: int) -> PublishedLicense:
    lic = _locked(session, license_id)
    if lic.status != SUSPENDED:
        raise DomainError("Only a suspended license can be reinstated")
    lic.status, lic.suspended_at = ACTIVE, None
    session.add(lic)
    audit_log.record(session, actor, "reinstate", "published_license", lic.id, {})
    return lic


def revoke(session: Session, actor: str, license_id: int, now: datetime | None = None) -> PublishedLicense:
    lic = _locked(session, license_id)
    if lic.status == REVOKED:
        raise DomainError("This license is already revoked")
    lic.status, lic.revoked_at = REVOKED, now or utcnow()
    session.add(lic)
    audit_log.record(session, actor, "revoke", "published_license", lic.id, {})
    return lic


def renew(
    session: Session, actor: str, license_id: int, from_now: bool = False, now: datetime | None = None
) -> PublishedLicense:
    """One more term, counted from the current expiry (or from now when asked, or when already lapsed)."""
    now = now or utcnow()
    lic = _locked(session, license_id)
    policy = session.get(PublishingPolicy, lic.policy_id)
    if lic.status == REVOKED:
        raise DomainError("A revoked license cannot be renewed")
    if policy.duration_days is None or lic.expires_at is None:
        raise DomainError("This license does not expire: nothing to renew")
    start = now if from_now or lic.expires_at < now else lic.expires_at
    before = lic.expires_at
    lic.expires_at = start + timedelta(days=policy.duration_days)
    if policy.maintenance_days is None or (lic.maintenance_until and lic.maintenance_until < lic.expires_at.date()):
        lic.maintenance_until = lic.expires_at.date()
    session.add(lic)
    audit_log.record(
        session,
        actor,
        "renew",
        "published_license",
        lic.id,
        {"expires_at": [before, lic.expires_at], "from": "now" if start == now else "expiry"},
    )
    return lic


def change_policy(
    session: Session, actor: str, license_id: int, policy_id: int, reset_expiry: bool, now: datetime | None = None
) -> PublishedLicense:
    """Move a license to another policy of the same product: same key, same machines.
    This is how a trial converts to paid."""
    now = now or utcnow()
    lic = _locked(session, license_id)
    old, new = session.get(PublishingPolicy, lic.policy_id), _policy(session, policy_id)
    if new.id == old.id:
        raise DomainError("The license already uses this policy")
    if new.product_id != old.product_id:
        raise DomainError("Choose a policy of the same product")
    if lic.status == REVOKED:
        raise DomainError("A revoked license cannot change policy")
    ceiling = capacity.allowed(new.max_machines, new.overage)
    if ceiling is not None and lic.machines_count > ceiling:
        raise DomainError(f"This license has {lic.machines_count} machines; the new policy allows {ceiling}")
    before = {"policy_id": old.id, "expires_at": lic.expires_at}
    lic.policy_id = new.id
    if reset_expiry or lic.expires_at is None or new.duration_days is None:
        lic.expires_at = _term_end(new, now)
        lic.maintenance_until = _maintenance_end(new, now, lic.expires_at)
    session.add(lic)
    action = "convert" if old.license_model == "trial" and new.license_model != "trial" else "change_policy"
    audit_log.record(
        session,
        actor,
        action,
        "published_license",
        lic.id,
        {
            "policy_id": [before["policy_id"], new.id],
            "expires_at": [before["expires_at"], lic.expires_at],
            "reset_expiry": bool(reset_expiry),
        },
    )
    return lic
