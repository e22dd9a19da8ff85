"""A lease pool and the lock it is counted under.

A pool belongs either to a publisher's issued license whose policy is floating
(seats are the policy's machine limit, stretched by its overage strategy, see
publishing/capacity.py) or to one of the organization's own licenses with a
concurrent seat type (seats are its seat count; unlimited never refuses). Every
change to leases or the queue locks the owning license row first, so the count
and the new row commit together on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import FloatingPool, License, PublishedLicense, PublishingPolicy
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.publishing import capacity

CONCURRENT_SEAT_TYPES = {"concurrent", "floating"}
CONCURRENT_RULES = {"concurrent", "floating"}
RULE_FIELDS = ("user", "group", "department")
RULE = re.compile(r"^\s*(user|group|department)\s*=\s*(.{1,100}?)\s*$")
NOT_FLOATING = "This license's policy is not floating"
NOT_CONCURRENT = "This license's seat type is not concurrent"
LIMITS = {
    "ttl_minutes": (1, 1440),
    "linger_seconds": (0, 86_400),
    "borrow_max_hours": (1, 8760),
    "claim_window_seconds": (10, 3600),
}


@dataclass
class LockedPool:
    pool: FloatingPool
    ceiling: int | None  # None: no ceiling
    seats: int | None

    def has_room(self, used: int) -> bool:
        return self.ceiling is None or used < self.ceiling


def is_concurrent(lic: License) -> bool:
    return lic.seat_type in CONCURRENT_SEAT_TYPES or lic.allocation_rule in CONCURRENT_RULES


def _owner_check(session: Session, pool: FloatingPool) -> None:
    if pool.published_license_id is not None:
        lic = session.get(PublishedLicense, pool.published_license_id)
        policy = session.get(PublishingPolicy, lic.policy_id) if lic else None
        if policy is None or policy.license_model != "floating":
            raise DomainError(NOT_FLOATING)
    else:
        own = session.get(License, pool.license_id)
        if own is None or own.archived_at is not None or not is_concurrent(own):
            raise DomainError(NOT_CONCURRENT)


def pool_for(
    session: Session, *, published_license_id: int | None = None, license_id: int | None = None
) -> FloatingPool:
    """The pool of that license, created on first use (same settings as defaults)."""
    if (published_license_id is None) == (license_id is None):
        raise ValidationError({"license": "Name one license"})
    col = FloatingPool.published_license_id if published_license_id is not None else FloatingPool.license_id
    owner = published_license_id if published_license_id is not None else license_id
    pool = session.exec(select(FloatingPool).where(col == owner)).first()
    if pool is not None:
        return pool
    if published_license_id is not None and session.get(PublishedLicense, published_license_id) is None:
        raise NotFound("This license does not exist")
    if license_id is not None and session.get(License, license_id) is None:
        raise NotFound("This license does not exist")
    pool = FloatingPool(published_license_id=published_license_id, license_id=license_id)
    _owner_check(session, pool)
    session.add(pool)
    session.flush()
    return pool


def find_pool(
    session: Session, *, published_license_id: int | None = None, license_id: int | None = None
) -> FloatingPool | None:
    if published_license_id is not None:
        return session.exec(
            select(FloatingPool).where(FloatingPool.published_license_id == published_license_id)
        ).first()
    return session.exec(select(FloatingPool).where(FloatingPool.license_id == license_id)).first()


def lock_pool(session: Session, pool_id: int) -> LockedPool:
    """Lock the owning license row (the same lock activations take), then read the pool."""
    pool = session.get(FloatingPool, pool_id)
    if pool is None:
        raise NotFound("This pool does not exist")
    if pool.published_license_id is not None:
        locked = capacity.lock_license(session, pool.published_license_id)
        if locked.license.status != "active":
            raise DomainError("This license is not active")
        if locked.policy.license_model != "floating":
            raise DomainError(NOT_FLOATING)
        seats = locked.policy.max_machines
        return LockedPool(pool, locked.ceiling, seats)
    own = lock_row(session, License, pool.license_id)
    if own is None or own.archived_at is not None:
        raise DomainError("This license is archived")
    if not is_concurrent(own):
        raise DomainError(NOT_CONCURRENT)
    if own.unlimited:
        return LockedPool(pool, None, None)
    return LockedPool(pool, own.seats_total, own.seats_total)


def describe(session: Session, pool: FloatingPool) -> tuple[int | None, int | None, str]:
    """Seats, ceiling and the license's display name, read without a lock (for pages and reports)."""
    if pool.published_license_id is not None:
        lic = session.get(PublishedLicense, pool.published_license_id)
        policy = session.get(PublishingPolicy, lic.policy_id)
        return (
            policy.max_machines,
            capacity.allowed(policy.max_machines, policy.overage),
            f"Published license #{lic.id}",
        )
    own = session.get(License, pool.license_id)
    if own.unlimited:
        return None, None, own.name
    return own.seats_total, own.seats_total, own.name


def parse_rules(raw: str) -> list[tuple[str, str]]:
    """`department=Engineering` one a line; the first matching line wins."""
    rules = []
    for n, line in enumerate((raw or "").splitlines(), start=1):
        if not line.strip():
            continue
        m = RULE.match(line)
        if not m:
            raise ValidationError({"priority_rules": f"Line {n}: write user=, group= or department= and a value"})
        rules.append((m.group(1), m.group(2).lower()))
    if len(rules) > 50:
        raise ValidationError({"priority_rules": "At most 50 priority rules"})
    return rules


def rank(rules: list[tuple[str, str]], user: str, group: str, department: str) -> int:
    values = {"user": user.lower(), "group": group.lower(), "department": department.lower()}
    for n, (field, value) in enumerate(rules):
        if values[field] == value:
            return n
    return len(rules)


def configure(session: Session, actor: str, pool_id: int, **settings: object) -> FloatingPool:
    pool = lock_pool(session, pool_id).pool
    changes: dict[str, object] = {}
    for name, value in settings.items():
        if name == "priority_rules":
            if not isinstance(value, str) or len(value) > 5000:
                raise ValidationError({name: "Priority rules are text of at most 5000 characters"})
            parse_rules(value)
        elif name in LIMITS:
            low, high = LIMITS[name]
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise ValidationError({name: f"Enter a whole number from {low} to {high}"})
        else:
            raise ValidationError({name: "Unknown setting"})
        if getattr(pool, name) != value:
            changes[name] = {"from": getattr(pool, name), "to": value}
            setattr(pool, name, value)
    session.add(pool)
    if changes:
        audit_log.record(session, actor, "floating_configure", "floating_pool", pool.id, changes)
    return pool


def person_holder(session: Session, person_id: int, host: str = "", project: str = ""):
    """An own pool is checked out by a person in the directory; their department groups the analytics."""
    from license_hub.models import Person  # noqa: PLC0415
    from license_hub.services.floating.engine import Holder  # noqa: PLC0415 - engine imports this module

    person = session.get(Person, person_id) if isinstance(person_id, int) else None
    if person is None:
        raise NotFound("This person does not exist")
    if person.archived_at is not None or person.status != "active":
        raise DomainError("This person is not active")
    return Holder(
        user=person.email or person.name, host=host, department=person.department, project=project, person_id=person.id
    )
