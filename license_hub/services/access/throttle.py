"""Growing delays after failed sign-ins, per client address and per account.

The first few failures of a key cost nothing; after that each one doubles the
wait, up to a cap, and an attempt during an address's wait restarts it. The
account cap is short (its owner is never locked out for long by someone else's
guesses); the address cap is long. Failed attempts from
one address are folded into one audit event per minute, so guessing cannot grow
the audit chain at will.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import SignInThrottle
from license_hub.services.audit import audit_log

FREE_FAILURES = 5
WINDOW = timedelta(minutes=15)
ADDRESS_CAP = timedelta(minutes=15)
ACCOUNT_CAP = timedelta(minutes=1)
AUDIT_FOLD = timedelta(minutes=1)


@dataclass(frozen=True)
class Keys:
    address: str
    account: str


def keys(client: str, email: str) -> Keys:
    return Keys(f"addr:{(client or 'unknown')[:100]}", f"acct:{(email or '').strip().lower()[:254]}")


def _cap(key: str) -> timedelta:
    return ACCOUNT_CAP if key.startswith("acct:") else ADDRESS_CAP


def delay_for(failures: int, cap: timedelta) -> timedelta:
    """No wait for the first FREE_FAILURES, then 1 s, 2 s, 4 s ... up to `cap`."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    extra = failures - FREE_FAILURES
    return min(timedelta(seconds=2 ** min(extra, 20)), cap)


def retry_after(session: Session, k: Keys, now: datetime) -> int:
    """Seconds the caller must wait before another attempt (0 = go ahead). Reads only."""
    rows = session.exec(
        select(SignInThrottle.blocked_until).where(SignInThrottle.key.in_([k.address, k.account]))
    ).all()
    waits = [(until - now).total_seconds() for until in rows if until and until > now]
    return math.ceil(max(waits)) if waits else 0


def rearm(session: Session, k: Keys, now: datetime) -> int:
    """An attempt made while its address must wait restarts that address's wait (the
    account's is left alone, so nobody can keep its owner out): a client that ignores
    Retry-After stays refused instead of landing its next guess just as the wait ends.
    Returns the address's wait in seconds."""
    row_id = session.exec(select(SignInThrottle.id).where(SignInThrottle.key == k.address)).first()
    row = lock_row(session, SignInThrottle, row_id) if row_id is not None else None
    if row is None or row.blocked_until is None or row.blocked_until <= now:
        return 0
    row.blocked_until = max(row.blocked_until, now + delay_for(row.failures, _cap(k.address)))
    session.add(row)
    return math.ceil((row.blocked_until - now).total_seconds())


def _row(session: Session, key: str) -> SignInThrottle:
    """The key's row, created if missing and locked until the transaction ends."""
    table = SignInThrottle.__table__
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.exec(insert(table).values(key=key, failures=0, unaudited=0).on_conflict_do_nothing(index_elements=["key"]))
    row_id = session.exec(select(SignInThrottle.id).where(SignInThrottle.key == key)).one()
    return lock_row(session, SignInThrottle, row_id)


def _fail_key(session: Session, key: str, now: datetime) -> SignInThrottle:
    row = _row(session, key)
    if row.first_failure_at is None or now - row.first_failure_at > WINDOW:
        row.failures, row.first_failure_at = 0, now
    row.failures += 1
    wait = delay_for(row.failures, _cap(key))
    row.blocked_until = now + wait if wait else None
    session.add(row)
    return row


def record_failure(session: Session, k: Keys, now: datetime, reason: str) -> None:
    """Count one failure on both keys; write an audit event at most once a minute per address."""
    _fail_key(session, k.account, now)
    address = _fail_key(session, k.address, now)
    address.unaudited += 1
    if address.audited_at is None or now - address.audited_at >= AUDIT_FOLD:
        audit_log.record(
            session,
            "anonymous",
            "sign_in_failed",
            "user",
            None,
            {"email": k.account[5:], "address": k.address[5:], "attempts": address.unaudited, "reason": reason},
        )
        address.audited_at, address.unaudited = now, 0
    session.add(address)


def clear_account(session: Session, k: Keys) -> None:
    """A successful sign-in forgives the account's failures (not the address's)."""
    session.exec(delete(SignInThrottle).where(SignInThrottle.key == k.account))
