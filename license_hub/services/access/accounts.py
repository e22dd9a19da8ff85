"""Sign-in, sessions, roles and permissions.

Passwords are hashed with Argon2id. A session token is random, given to the
browser once, and stored only as its SHA-256. Failed sign-ins earn growing
delays per client address and per account (services/access/throttle.py), never
a lock; the message never says whether the email exists.
Every sign-in is stamped on the user and on their directory entry: that time is
the "login proxy" dormancy signal of seed 003.
"""

from __future__ import annotations

import hashlib
import secrets as pysecrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, or_, update
from sqlmodel import Session, select

from license_hub.db import read_session, write_session
from license_hub.models import AppUser, Person, Role, UserSession
from license_hub.models.types import utcnow
from license_hub.services.access import throttle
from license_hub.services.audit import audit_log
from license_hub.services.core import emails
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
ADMIN = "admin"
TEMPORARY_PASSWORD_LIFE = timedelta(hours=72)
# How stale a session's last_seen_at may get: it only serves the 12-hour idle limit,
# and each touch is a commit, which ends every reused report read (data_version).
TOUCH_EVERY = timedelta(minutes=15)
SESSION_IDLE = timedelta(hours=12)
SESSION_MAX = timedelta(days=7)
BAD_CREDENTIALS = "Incorrect email or password"
TEMPORARY_EXPIRED = "This temporary password has expired. Ask an admin for a new one."
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

    session_id: int = 0
    must_change_password: bool = False
    seen_stale: bool = False

    def can(self, permission: str) -> bool:
        return permission in self.permissions


def hash_password(password: str) -> str:
    with _hash_slots:
        return _hasher.hash(password)


@dataclass(frozen=True)
class NewPassword:
    """Checked and hashed before the transaction that stores it: no write lock waits on Argon2."""

    hash: str


def new_password(password: str) -> NewPassword:
    """Slow: call it outside any write transaction (from an event loop, in a thread)."""
    _check_password(password)
    return NewPassword(hash_password(password))


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


def create_user(
    session: Session,
    actor: str,
    *,
    email: str,
    password: str | NewPassword,
    role: str,
    name: str = "",
    must_change_password: bool = False,
    expires_in: timedelta | None = None,
) -> AppUser:
    try:
        email = emails.normalized(email, allow_local=True)
    except ValueError as exc:
        raise ValidationError({"email": str(exc)}) from None
    if session.exec(select(AppUser.id).where(AppUser.email == email)).first():
        raise ValidationError({"email": f"{email} already has an account"})
    hashed = password if isinstance(password, NewPassword) else new_password(password)
    role_row = role_by_name(session, role)
    person = session.exec(select(Person).where(Person.email == email)).first()
    user = AppUser(
        email=email,
        name=(name or email.split("@")[0]).strip()[:200],
        password_hash=hashed.hash,
        role_id=role_row.id,
        person_id=person.id if person else None,
        must_change_password=must_change_password,
        password_expires_at=utcnow() + expires_in if expires_in else None,
    )
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
            end_sessions(session, user.id)
        audit_log.record(session, actor, "activate" if active else "deactivate", "user", user.id, {})
    return user


class Throttled(DomainError):
    """Too many failed sign-ins from this address or for this account: wait."""

    def __init__(self, seconds: int) -> None:
        self.retry_after = max(1, int(seconds))
        super().__init__(f"Too many failed sign-ins. Try again in {_wait_words(self.retry_after)}.")


def _wait_words(seconds: int) -> str:
    if seconds < 60:
        return "1 second" if seconds == 1 else f"{seconds} seconds"
    minutes = -(-seconds // 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


@dataclass(frozen=True)
class _Candidate:
    user_id: int
    password_hash: str
    must_change_password: bool
    password_expires_at: datetime | None


def sign_in(email: str, password: str, now: datetime | None = None, client: str = "") -> str:
    """Check the password and open a session; returns the token for the browser.

    The password is verified outside any transaction (Argon2 is slow on purpose:
    holding SQLite's write lock meanwhile would stall every other writer), then a
    short write transaction records the failure or opens the session. Callers on
    an event loop run this in a thread. Raises Throttled while a delay is running
    and DomainError(BAD_CREDENTIALS) — one answer for unknown, wrong and inactive.
    """
    now = now or utcnow()
    email = (email or "").strip().lower()[:254]
    k = throttle.keys(client, email)
    with read_session() as session:
        wait = throttle.retry_after(session, k, now)
        row = session.exec(
            select(AppUser.id, AppUser.password_hash, AppUser.must_change_password, AppUser.password_expires_at).where(
                AppUser.email == email, AppUser.active
            )
        ).first()
    if wait:
        with write_session() as session:
            wait = max(wait, throttle.rearm(session, k, now))
        raise Throttled(wait)
    candidate = _Candidate(*row) if row else None
    if not _verify(candidate.password_hash if candidate else None, password or ""):
        with write_session() as session:
            if candidate is not None:  # atomic in SQL: concurrent failures all count
                session.exec(
                    update(AppUser)
                    .where(AppUser.id == candidate.user_id)
                    .values(failed_attempts=AppUser.failed_attempts + 1)
                )
            throttle.record_failure(session, k, now, "wrong password" if candidate else "unknown or inactive account")
        raise DomainError(BAD_CREDENTIALS)
    if candidate.must_change_password and candidate.password_expires_at and candidate.password_expires_at <= now:
        raise DomainError(TEMPORARY_EXPIRED)
    new_hash = hash_password(password) if _hasher.check_needs_rehash(candidate.password_hash) else None
    with write_session() as session:
        token = _open_session(session, candidate.user_id, now, new_hash)
        throttle.clear_account(session, k)
    return token


def _verify(password_hash: str | None, password: str) -> bool:
    """Argon2 verification, at most HASH_SLOTS at a time (the rest queue here, not
    on the event loop); unknown accounts spend the same time on a dummy hash."""
    with _hash_slots:
        try:
            return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False


def _open_session(session: Session, user_id: int, now: datetime, new_hash: str | None) -> str:
    user = session.get(AppUser, user_id)
    if new_hash:
        user.password_hash = new_hash
    user.failed_attempts, user.locked_until, user.last_sign_in_at = 0, None, now
    session.add(user)
    person = session.get(Person, user.person_id) if user.person_id else None
    if person is not None:
        person.last_sign_in_at = now
        session.add(person)
    token = pysecrets.token_urlsafe(32)
    session.add(
        UserSession(
            token_hash=_token_hash(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_MAX,
        )
    )
    audit_log.record(session, user.email, "sign_in", "user", user.id, {})
    return token


HASH_SLOTS = 2
_hash_slots = threading.BoundedSemaphore(HASH_SLOTS)
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def principal(session: Session, token: str | None, now: datetime | None = None) -> Principal | None:
    """The signed-in user behind a token, or None when it is unknown, revoked,
    idle for too long, past its maximum age or its user was deactivated.
    Reads only: the last-seen stamp is `touch`'s job."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    # One query for session, user and role: this runs for every event of every tab.
    row = session.exec(
        select(
            UserSession.id,
            UserSession.revoked_at,
            UserSession.expires_at,
            UserSession.last_seen_at,
            AppUser.id,
            AppUser.email,
            AppUser.name,
            AppUser.active,
            AppUser.must_change_password,
            Role.name,
            Role.permissions,
        )
        .join(AppUser, AppUser.id == UserSession.user_id)
        .join(Role, Role.id == AppUser.role_id)
        .where(UserSession.token_hash == _token_hash(token))
    ).first()
    if row is None:
        return None
    session_id, revoked_at, expires_at, last_seen_at, user_id, email, name, active, must_change, role, perms = row
    if revoked_at is not None or (expires_at and expires_at <= now) or not active:
        return None
    if last_seen_at and now - last_seen_at > SESSION_IDLE:
        return None
    stale = last_seen_at is None or now - last_seen_at >= TOUCH_EVERY
    return Principal(
        user_id,
        email,
        name,
        role,
        frozenset(perms.split()),
        session_id=session_id,
        must_change_password=must_change,
        seen_stale=stale,
    )


def resolve(token: str | None, now: datetime | None = None) -> Principal | None:
    """Who is signed in, read without a write lock; the session's last-seen time
    is written at most once a minute (a conditional UPDATE, so racing events
    write it once)."""
    now = now or utcnow()
    with read_session() as session:
        who = principal(session, token, now)
    if who is not None and who.seen_stale:
        with write_session() as session:
            touch(session, who.session_id, now)
    return who


def touch(session: Session, session_id: int, now: datetime) -> None:
    session.exec(
        update(UserSession)
        .where(
            UserSession.id == session_id,
            or_(UserSession.last_seen_at.is_(None), UserSession.last_seen_at <= now - TOUCH_EVERY),
        )
        .values(last_seen_at=now)
    )


def sign_out(session: Session, token: str | None) -> None:
    if not token:
        return
    row = session.exec(select(UserSession).where(UserSession.token_hash == _token_hash(token))).first()
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        user = session.get(AppUser, row.user_id)
        audit_log.record(session, user.email if user else "unknown", "sign_out", "user", row.user_id, {})


def admin_role_ids(session: Session) -> list[int]:
    """Roles that carry the admin permission, whatever they are called."""
    return [rid for rid, perms in session.exec(select(Role.id, Role.permissions)).all() if ADMIN in perms.split()]


def has_any_admin(session: Session) -> bool:
    roles = admin_role_ids(session)
    stmt = select(AppUser.id).where(AppUser.role_id.in_(roles), AppUser.active)
    return bool(roles) and session.exec(stmt).first() is not None


def ensure_first_admin(
    session: Session,
    email: str | None,
    password: str | None,
    *,
    one_time: str = "",
    prepared: NewPassword | None = None,
) -> tuple[str, str] | None:
    """On first start: the first admin from the given email/password, or with a one-time
    password to change, returned (with the email) to print once. `prepared` is that
    password already hashed, so no write lock waits on Argon2."""
    if has_any_admin(session):
        return None
    generated = not (email and password)
    email = (email or "admin@localhost").strip().lower() if generated else email
    one_time = (one_time or pysecrets.token_urlsafe(12)) if generated else ""
    secret = prepared or (one_time if generated else password) or ""
    admin = "Administrator"
    create_user(
        session, "system", email=email or "", password=secret, role="Admin", name=admin, must_change_password=generated
    )
    return (email or "", one_time) if generated else None


def end_sessions(session: Session, user_id: int, keep_session_id: int | None = None) -> int:
    """Revoke every open session of the user except `keep_session_id`; returns how many."""
    stmt = update(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
    if keep_session_id:
        stmt = stmt.where(UserSession.id != keep_session_id)
    return session.exec(stmt.values(revoked_at=utcnow())).rowcount
