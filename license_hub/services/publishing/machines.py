"""Node-locked activations: a machine is a fingerprint on a license, counted under
the license-row lock (see capacity.py). The documented default fingerprint is an
HMAC-SHA256 of the OS machine id keyed with the application id (the verifier's
`default_fingerprint`). Transfers to a new fingerprint are limited per policy
(for example 3 per 30 days); over the budget the answer is a refusal, an audit
event and a notification to the license owner. Heartbeats are optional: a policy
with a heartbeat interval culls machines that stop sending them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from license_hub.db import write_session
from license_hub.models import (
    AppUser,
    MachineTransfer,
    PublishedLicense,
    PublishedMachine,
    PublishingCustomer,
    PublishingPolicy,
)
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.notify import notifications
from license_hub.services.publishing import capacity

FINGERPRINT = re.compile(r"^[A-Za-z0-9:._-]{8,128}$")
MACHINE_LIMIT = "This license has reached its machine limit"
NOT_ACTIVE = "This license is not active"
ALREADY_ACTIVE = "This machine is already activated on this license"
UNKNOWN_MACHINE = "This machine is not activated on this license"


class Refused(DomainError):
    """A refusal that is recorded (audit, notification) even though the change is not made."""

    def __init__(self, message: str, action: str, notify: bool = False):
        super().__init__(message)
        self.action, self.notify = action, notify


def check_fingerprint(fingerprint: str) -> str:
    if not isinstance(fingerprint, str) or not FINGERPRINT.match(fingerprint):
        raise ValidationError({"fingerprint": "A fingerprint is 8 to 128 letters, digits or : . _ -"})
    return fingerprint


def _active(session: Session, license_id: int, fingerprint: str) -> PublishedMachine | None:
    return session.exec(
        select(PublishedMachine).where(
            PublishedMachine.license_id == license_id,
            PublishedMachine.fingerprint == fingerprint,
            PublishedMachine.deactivated_at.is_(None),
        )
    ).first()


def _usable(lic: PublishedLicense) -> None:
    if lic.status != "active":
        raise DomainError(NOT_ACTIVE)


def add_machine(
    session: Session,
    actor: str,
    license_id: int,
    fingerprint: str,
    name: str = "",
    platform: str = "",
    now: datetime | None = None,
) -> PublishedMachine:
    """In the caller's transaction: lock the license, check room, insert, count."""
    fingerprint = check_fingerprint(fingerprint)
    locked = capacity.lock_license(session, license_id)
    _usable(locked.license)
    if _active(session, license_id, fingerprint):
        raise DomainError(ALREADY_ACTIVE)
    if not locked.has_room(locked.license.machines_count):
        raise Refused(MACHINE_LIMIT, "activation_refused", notify=True)
    machine = PublishedMachine(
        license_id=license_id,
        fingerprint=fingerprint,
        name=(name or "")[:200],
        platform=(platform or "")[:100],
        activated_at=now or utcnow(),
        last_heartbeat_at=now or utcnow(),
    )
    locked.license.machines_count += 1
    session.add(machine)
    session.add(locked.license)
    session.flush()
    audit_log.record(
        session,
        actor,
        "activate",
        "published_license",
        license_id,
        {"machine_id": machine.id, "fingerprint": fingerprint, "machines": locked.license.machines_count},
    )
    return machine


def _remove(session: Session, lic: PublishedLicense, machine: PublishedMachine, reason: str, now: datetime) -> None:
    machine.deactivated_at, machine.deactivated_reason = now, reason
    lic.machines_count = max(0, lic.machines_count - 1)
    session.add(machine)
    session.add(lic)


def deactivate(session: Session, actor: str, license_id: int, fingerprint: str, now: datetime | None = None) -> None:
    locked = capacity.lock_license(session, license_id)
    machine = _active(session, license_id, fingerprint)
    if machine is None:
        raise NotFound(UNKNOWN_MACHINE)
    _remove(session, locked.license, machine, "deactivated", now or utcnow())
    audit_log.record(
        session,
        actor,
        "deactivate",
        "published_license",
        license_id,
        {"machine_id": machine.id, "fingerprint": fingerprint},
    )


def transfers_in_window(session: Session, license_id: int, window_days: int, now: datetime) -> int:
    since = now - timedelta(days=window_days)
    stmt = select(func.count(MachineTransfer.id)).where(
        MachineTransfer.license_id == license_id, MachineTransfer.transferred_at > since
    )
    return int(session.exec(stmt).one())


def move_machine(
    session: Session, actor: str, license_id: int, old: str, new: str, now: datetime | None = None
) -> PublishedMachine:
    """Hardware change: the old fingerprint is released and the new one takes its place."""
    now = now or utcnow()
    new = check_fingerprint(new)
    locked = capacity.lock_license(session, license_id)
    _usable(locked.license)
    machine = _active(session, license_id, old)
    if machine is None:
        raise NotFound(UNKNOWN_MACHINE)
    if _active(session, license_id, new):
        raise DomainError(ALREADY_ACTIVE)
    policy = locked.policy
    if transfers_in_window(session, license_id, policy.transfer_window_days, now) >= policy.transfer_budget:
        plural = "" if policy.transfer_budget == 1 else "s"
        raise Refused(
            f"Transfer limit reached: {policy.transfer_budget} transfer{plural} per {policy.transfer_window_days} days",
            "transfer_refused",
            notify=True,
        )
    _remove(session, locked.license, machine, "transferred", now)
    session.flush()
    moved = PublishedMachine(
        license_id=license_id,
        fingerprint=new,
        name=machine.name,
        platform=machine.platform,
        activated_at=now,
        last_heartbeat_at=now,
    )
    locked.license.machines_count += 1
    session.add_all(
        [
            moved,
            locked.license,
            MachineTransfer(license_id=license_id, from_fingerprint=old, to_fingerprint=new, transferred_at=now),
        ]
    )
    session.flush()
    audit_log.record(
        session, actor, "transfer", "published_license", license_id, {"from": old, "to": new, "machine_id": moved.id}
    )
    return moved


def owner_recipients(session: Session, lic: PublishedLicense) -> list[int]:
    """The customer's own account in this app (same email), and the admins."""
    customer = session.get(PublishingCustomer, lic.customer_id)
    ids = {r.user_id for r in notifications.admins(session)}
    if customer and customer.email:
        ids |= set(session.exec(select(AppUser.id).where(func.lower(AppUser.email) == customer.email, AppUser.active)))
    return sorted(ids)


def record_refusal(actor: str, license_id: int, refusal: Refused, detail: dict, now: datetime | None = None) -> None:
    """In its own transaction, since the refused change rolled back."""
    with write_session() as s:
        audit_log.record(
            s, actor, refusal.action, "published_license", license_id, {"reason": refusal.message, **detail}
        )
        if refusal.notify:
            lic = s.get(PublishedLicense, license_id)
            for user_id in owner_recipients(s, lic):
                notifications.add(
                    s,
                    user_id,
                    kind="publishing_limit",
                    title=refusal.message,
                    body=f"Published license #{license_id}: {refusal.message}",
                    link=f"/publishing/licenses/{license_id}",
                    now=now,
                )


def activate(
    actor: str, license_id: int, fingerprint: str, name: str = "", platform: str = "", now: datetime | None = None
) -> int:
    """Activate in one transaction; a refusal over the limit is recorded and raised."""
    try:
        with write_session() as s:
            return add_machine(s, actor, license_id, fingerprint, name, platform, now).id
    except Refused as refusal:
        record_refusal(actor, license_id, refusal, {"fingerprint": fingerprint}, now)
        raise


def transfer(actor: str, license_id: int, old: str, new: str, now: datetime | None = None) -> int:
    try:
        with write_session() as s:
            return move_machine(s, actor, license_id, old, new, now).id
    except Refused as refusal:
        record_refusal(actor, license_id, refusal, {"from": old, "to": new}, now)
        raise


def heartbeat(session: Session, license_id: int, fingerprint: str, now: datetime | None = None) -> None:
    machine = _active(session, license_id, fingerprint)
    if machine is None:
        raise NotFound(UNKNOWN_MACHINE)
    machine.last_heartbeat_at = now or utcnow()
    session.add(machine)


def is_dead(machine: PublishedMachine, policy: PublishingPolicy, now: datetime) -> bool:
    if policy.heartbeat_minutes is None or machine.deactivated_at is not None:
        return False
    last = machine.last_heartbeat_at or machine.activated_at
    return now - last > timedelta(minutes=policy.heartbeat_minutes)


def cull_dead(now: datetime | None = None) -> int:
    """Deactivate machines whose heartbeat stopped, one license lock at a time."""
    now = now or utcnow()
    with write_session() as s:
        stmt = (
            select(PublishedMachine.license_id)
            .join(PublishedLicense)
            .join(PublishingPolicy, PublishingPolicy.id == PublishedLicense.policy_id)
            .where(PublishedMachine.deactivated_at.is_(None), PublishingPolicy.heartbeat_minutes.is_not(None))
            .distinct()
        )
        license_ids = list(s.exec(stmt))
    culled = 0
    for license_id in license_ids:
        with write_session() as s:
            locked = capacity.lock_license(s, license_id)
            rows = s.exec(
                select(PublishedMachine).where(
                    PublishedMachine.license_id == license_id, PublishedMachine.deactivated_at.is_(None)
                )
            )
            for machine in [m for m in rows if is_dead(m, locked.policy, now)]:
                _remove(s, locked.license, machine, "dead", now)
                audit_log.record(
                    s,
                    "system",
                    "machine_dead",
                    "published_license",
                    license_id,
                    {"machine_id": machine.id, "fingerprint": machine.fingerprint},
                )
                culled += 1
    return culled


def machines_of(session: Session, license_id: int, include_inactive: bool = True) -> list[PublishedMachine]:
    stmt = select(PublishedMachine).where(PublishedMachine.license_id == license_id)
    if not include_inactive:
        stmt = stmt.where(PublishedMachine.deactivated_at.is_(None))
    return list(
        session.exec(stmt.order_by(PublishedMachine.deactivated_at.is_not(None), PublishedMachine.id.desc()).limit(500))
    )
