"""Sign-in, sessions, roles and permissions.

Passwords are hashed with Argon2id. A session token is random, given to the
browser once, and stored only as its SHA-256. Five failed sign-ins in a row lock
the account for 15 minutes; the message never says whether the email exists.
Every sign-in is stamped on the user and on their directory entry: that time is
the "login proxy" dormancy signal of seed 003.
"""
from __future__ import annotations

import hashlib
import secrets as pysecrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func
from sqlmodel import Session, select

from license_hub.db import write_session
from license_hub.models import AppUser, Person, Role, UserSession
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound, ValidationError

PERMISSIONS: dict[str, str] = {
    "license.view": "See licenses",
    "license.manage": "Add, edit and archive licenses",
    "license.assign": "Assign and reclaim seats",
    "key.reveal": "Reveal product and seat keys",
    "catalog.manage": "Manage the catalog",
    "audits": "Run usage audits and read the audit log",
    "reports": "Reports and exports",
    "admin": "Users, roles and settings",
    "publishing": "Publish our own products: policies, license keys, machines",
}
BUILT_IN_ROLES = ("Admin", "License manager", "Seat assigner", "Viewer", "Finance")
MAX_FAILED = 5
LOCKOUT = timedelta(minutes=15)
SESSION_IDLE = timedelta(hours=12)
SESSION_MAX = timedelta(days=7)
BAD_CREDENTIALS = "Incorrect email or password"
MIN_PASSWORD = 10

_hasher = PasswordHasher()


@dataclass(frozen=True)
class Principal:
    """Who is calling, as handlers see it: never the ORM row, never the hash."""

    user_id: int
    email: str
    name: str
    role: str
    permissions: frozenset[str]

    def can(self, permission: str) -> bool:
        return permission in self.permissions


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError({"password": f"Use at least {MIN_PASSWORD} characters"})


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def role_by_name(session: Session, name: str) -> Role:
    role = session.exec(select(Role).where(Role.name == name)).first()
    if role is None:
        raise NotFound(f"No role named {name}")
    return role


def create_role(session: Session, actor: str, name: str, permissions: list[str]) -> Role:
    name = (name or "").strip()
    unknown = sorted(set(permissions) - set(PERMISSIONS))
    errors = {}
    if not name or len(name) > 60:
        errors["name"] = "Give the role a name (up to 60 characters)"
    elif session.exec(select(Role.id).where(func.lower(Role.name) == name.lower())).first():
        errors["name"] = f"A role named {name} already exists"
    if unknown:
        errors["permissions"] = f"Unknown permissions: {', '.join(unknown)}"
    if errors:
        raise ValidationError(errors)
    role = Role(name=name, permissions=" ".join(sorted(set(permissions))), built_in=False)
    session.add(role)
    session.flush()
    audit_log.record(session, actor, "create", "role", role.id, {"name": name, "permissions": role.permissions})
    return role


def create_user(session: Session, actor: str, *, email: str, password: str, role: str, name: str = "",
                must_change_password: bool = False) -> AppUser:
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254:
        raise ValidationError({"email": "Enter a valid email address"})
    if session.exec(select(AppUser.id).where(AppUser.email == email)).first():
        raise ValidationError({"email": f"{email} already has an account"})
    _check_password(password)
    role_row = role_by_name(session, role)
    person = session.exec(select(Person).where(Person.email == email)).first()
    user = AppUser(email=email, name=(name or email.split("@")[0]).strip()[:200], password_hash=hash_password(password),
                   role_id=role_row.id, person_id=person.id if person else None,
                   must_change_password=must_change_password)
    session.add(user)
    session.flush()
    audit_log.record(session, actor, "create", "user", user.id, {"email": email, "role": role_row.name})
    return user


def set_role(session: Session, actor: str, user_id: int, role: str) -> AppUser:
    user = session.get(AppUser, user_id)
    if user is None:
        raise NotFound("No such user")
    new_role = role_by_name(session, role)
    old_role = session.get(Role, user.role_id)
    if old_role.id != new_role.id:
        user.role_id = new_role.id
        session.add(user)
        audit_log.record(session, actor, "role_change", "user", user.id, {"role": [old_role.name, new_role.name]})
    return user


def set_active(session: Session, actor: str, user_id: int, active: bool) -> AppUser:
    user = session.get(AppUser, user_id)
    if user is None:
        raise NotFound("No such user")
    if user.active != active:
        user.active = active
        session.add(user)
        if not active:
            for row in session.exec(select(UserSession).where(UserSession.user_id == user.id,
                                                             UserSession.revoked_at.is_(None))):
                row.revoked_at = utcnow()
                session.add(row)
        audit_log.record(session, actor, "activate" if active else "deactivate", "user", user.id, {})
    return user


def sign_in(email: str, password: str, now: datetime | None = None) -> str:
    """Check the password and open a session; returns the token for the browser.

    Runs its own transaction: a failed attempt (its counter, lockout and audit
    event) is committed before the refusal is raised.
    """
    with write_session() as session:
        token, refusal = _attempt(session, email, password, now or utcnow())
    if refusal:
        raise DomainError(refusal)
    return token


def _attempt(session: Session, email: str, password: str, now: datetime) -> tuple[str, str]:
    email = (email or "").strip().lower()
    user = session.exec(select(AppUser).where(AppUser.email == email)).first()
    if user is None or not user.active:
        _hasher_dummy_verify(password)
        audit_log.record(session, email or "unknown", "sign_in_failed", "user", user.id if user else None,
                         {"reason": "unknown or inactive account"})
        return "", BAD_CREDENTIALS
    if user.locked_until and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        audit_log.record(session, email, "sign_in_failed", "user", user.id, {"reason": "locked"})
        return "", f"Too many failed sign-ins. Try again in {minutes} minutes."
    try:
        _hasher.verify(user.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        user.failed_attempts += 1
        if user.failed_attempts >= MAX_FAILED:
            user.locked_until, user.failed_attempts = now + LOCKOUT, 0
        session.add(user)
        audit_log.record(session, email, "sign_in_failed", "user", user.id, {"reason": "wrong password"})
        return "", BAD_CREDENTIALS
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_attempts, user.locked_until, user.last_sign_in_at = 0, None, now
    session.add(user)
    person = session.get(Person, user.person_id) if user.person_id else None
    if person is not None:
        person.last_sign_in_at = now
        session.add(person)
    token = pysecrets.token_urlsafe(32)
    session.add(UserSession(token_hash=_token_hash(token), user_id=user.id, created_at=now, last_seen_at=now,
                            expires_at=now + SESSION_MAX))
    audit_log.record(session, email, "sign_in", "user", user.id, {})
    return token, ""


def _hasher_dummy_verify(password: str) -> None:
    """Spend the same time on unknown emails as on real ones."""
    try:
        _hasher.verify(_DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        pass


_DUMMY_HASH = _hasher.hash("not-a-real-password")


def principal(session: Session, token: str | None, now: datetime | None = None, touch: bool = True) -> Principal | None:
    """The signed-in user behind a token, or None when it is unknown, revoked,
    idle for too long, past its maximum age or its user was deactivated."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    row = session.exec(select(UserSession).where(UserSession.token_hash == _token_hash(token))).first()
    if row is None or row.revoked_at is not None or (row.expires_at and row.expires_at <= now):
        return None
    if row.last_seen_at and now - row.last_seen_at > SESSION_IDLE:
        return None
    user = session.get(AppUser, row.user_id)
    if user is None or not user.active:
        return None
    role = session.get(Role, user.role_id)
    if touch and (row.last_seen_at is None or now - row.last_seen_at > timedelta(minutes=1)):
        row.last_seen_at = now
        session.add(row)
    return Principal(user.id, user.email, user.name, role.name, frozenset(role.permissions.split()))


def sign_out(session: Session, token: str | None) -> None:
    if not token:
        return
    row = session.exec(select(UserSession).where(UserSession.token_hash == _token_hash(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        user = session.get(AppUser, row.user_id)
        audit_log.record(session, user.email if user else "unknown", "sign_out", "user", row.user_id, {})


def has_any_admin(session: Session) -> bool:
    stmt = select(AppUser.id).join(Role, Role.id == AppUser.role_id).where(Role.name == "Admin", AppUser.active)
    return session.exec(stmt).first() is not None


def ensure_first_admin(session: Session, email: str | None, password: str | None) -> tuple[str, str] | None:
    """On first start: create the first admin from the given email/password, or
    with a one-time password that must be changed. Returns (email, one-time password)
    when one was generated, so the caller can print it once."""
    if has_any_admin(session):
        return None
    if email and password:
        create_user(session, "system", email=email, password=password, role="Admin", name="Administrator")
        return None
    email = (email or "admin@localhost").strip().lower()
    one_time = pysecrets.token_urlsafe(12)
    create_user(session, "system", email=email, password=one_time, role="Admin", name="Administrator",
                must_change_password=True)
    return email, one_time


def change_password(session: Session, user_id: int, current: str, new: str) -> None:
    user = session.get(AppUser, user_id)
    if user is None:
        raise NotFound("No such user")
    try:
        _hasher.verify(user.password_hash, current or "")
    except (VerificationError, InvalidHashError) as exc:
        raise ValidationError({"current": "The current password is not right"}) from exc
    _check_password(new)
    user.password_hash, user.must_change_password = hash_password(new), False
    session.add(user)
    audit_log.record(session, user.email, "password_change", "user", user.id, {})
