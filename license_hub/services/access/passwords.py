"""Changing one's own password. Argon2 verifies the current password and hashes
the new one before the short write transaction that stores it, so a slow hash
never holds SQLite's write lock (or a row lock on PostgreSQL) for other writers."""

from __future__ import annotations

from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AppUser
from license_hub.services.access import accounts
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import NotFound, ValidationError

WRONG_CURRENT = "The current password is not right"


def change_password(user_id: int, current: str, new: str, keep_session_id: int | None = None) -> None:
    """A new password ends the account's other sessions (a thief's included).
    Slow on purpose: callers on an event loop run it in a thread."""
    with read_session() as session:
        old_hash = session.exec(select(AppUser.password_hash).where(AppUser.id == user_id)).first()
    if old_hash is None:
        raise NotFound("No such user")
    try:
        with accounts._hash_slots:
            accounts._hasher.verify(old_hash, current or "")
    except (VerificationError, InvalidHashError) as exc:
        raise ValidationError({"current": WRONG_CURRENT}) from exc
    hashed = accounts.new_password(new)
    with write_session() as session:
        user = session.get(AppUser, user_id)
        if user is None:
            raise NotFound("No such user")
        if user.password_hash != old_hash:  # changed meanwhile: the current password is stale
            raise ValidationError({"current": WRONG_CURRENT})
        user.password_hash, user.must_change_password, user.password_expires_at = hashed.hash, False, None
        session.add(user)
        accounts.end_sessions(session, user.id, keep_session_id=keep_session_id)
        audit_log.record(session, user.email, "password_change", "user", user.id, {})
