"""Sign-in under attack: growing delays instead of locks, one answer, folded audit
events, no write lock while hashing or reading who is signed in."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlmodel import func, select

from license_hub import db
from license_hub.db import read_session, write_session
from license_hub.models import AppUser, AuditEvent, UserSession
from license_hub.models.types import utcnow
from license_hub.services.access import accounts as access
from license_hub.services.access import passwords, throttle, user_admin
from license_hub.services.core.errors import DomainError

PW = "correct horse battery"


def _user(email="ann@example.com", role="Viewer", **kw):
    with write_session() as s:
        return access.create_user(s, "admin", email=email, password=PW, role=role, **kw).id


def _fail(email="ann@example.com", client="10.0.0.1", now=None):
    with pytest.raises(DomainError) as err:
        access.sign_in(email, "wrong password!", now=now, client=client)
    return err.value


def _events(action="sign_in_failed"):
    with read_session() as s:
        return s.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)).all()


def test_failures_earn_growing_delays_and_429_seconds(database):
    _user()
    now = utcnow()
    for _ in range(throttle.FREE_FAILURES - 1):
        assert not isinstance(_fail(now=now), access.Throttled)
    _fail(now=now)  # the fifth failure starts the delay
    refusal = _fail(now=now)
    assert isinstance(refusal, access.Throttled) and refusal.retry_after == 1
    later = now + timedelta(seconds=2)
    _fail(now=later)  # sixth counted failure: 2 s
    refusal = _fail(now=later + timedelta(milliseconds=500))
    assert isinstance(refusal, access.Throttled) and refusal.retry_after == 2
    assert throttle.delay_for(40, throttle.ACCOUNT_CAP) == throttle.ACCOUNT_CAP


def test_nobody_can_lock_someone_else_out_for_long(database):
    _user()
    now = utcnow()
    for i in range(30):  # an attacker spreads guesses over many addresses
        try:
            access.sign_in(
                "ann@example.com", "wrong password!", now=now + timedelta(seconds=61 * i), client=f"10.9.{i}.1"
            )
        except DomainError:
            pass
    owner_time = now + timedelta(seconds=61 * 30 + throttle.ACCOUNT_CAP.total_seconds())
    assert access.sign_in("ann@example.com", PW, now=owner_time, client="192.168.1.5")


def test_the_address_is_throttled_across_accounts(database):
    now = utcnow()
    for i in range(throttle.FREE_FAILURES):
        _fail(email=f"guess{i}@example.com", now=now)
    assert isinstance(_fail(email="other@example.com", now=now), access.Throttled)
    # another address is not affected
    assert not isinstance(_fail(email="other@example.com", client="10.0.0.2", now=now), access.Throttled)


def test_one_answer_for_unknown_wrong_inactive_and_throttled(database):
    uid = _user()
    _user(email="bob@example.com")
    now = utcnow()
    messages = {
        _fail(email=e, client=f"10.1.0.{i}", now=now).message
        for i, e in enumerate(["nobody@example.com", "bob@example.com"])
    }
    with write_session() as s:
        access.set_active(s, "admin", uid, False)
    messages.add(_fail(email="ann@example.com", client="10.1.0.9", now=now).message)
    assert messages == {access.BAD_CREDENTIALS}
    # an unknown account is slowed down exactly like a real one: nothing tells them apart
    answers = []
    for email in ("bob@example.com", "ghost@example.com"):
        for i in range(throttle.FREE_FAILURES):
            _fail(email=email, client=f"10.3.{i}.{len(answers)}", now=now)
        refusal = _fail(email=email, client="10.4.0.1", now=now)
        answers.append((type(refusal).__name__, refusal.message))
    assert answers[0] == answers[1]


def test_failed_counter_increments_atomically(database):
    uid = _user()
    barrier = threading.Barrier(6)

    def attempt(i):
        barrier.wait()
        try:
            access.sign_in("ann@example.com", "wrong password!", client=f"10.2.0.{i}")
        except DomainError:
            pass

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with read_session() as s:
        assert s.get(AppUser, uid).failed_attempts == 6


def test_failures_fold_into_one_anonymous_event_per_address_per_minute(database):
    _user()
    now = utcnow()
    for i in range(4):
        _fail(email=f"x{i}@example.com", now=now + timedelta(seconds=i))
    events = _events()
    assert len(events) == 1
    assert events[0].actor == "anonymous" and '"email":"x0@example.com"' in events[0].diff
    _fail(email="late@example.com", client="10.0.0.1", now=now + timedelta(seconds=70))
    events = _events()
    assert len(events) == 2 and '"attempts":4' in events[1].diff


def test_no_write_lock_while_the_password_is_hashed(database, monkeypatch):
    """A writer must be able to commit while a sign-in is verifying its password."""
    _user()
    verifying, done = threading.Event(), threading.Event()
    real = access._hasher

    class SlowHasher:
        def verify(self, hash_, password):
            verifying.set()
            assert done.wait(10)
            return real.verify(hash_, password)

        def __getattr__(self, name):
            return getattr(real, name)

    monkeypatch.setattr(access, "_hasher", SlowHasher())
    worker = threading.Thread(target=lambda: access.sign_in("ann@example.com", PW))
    worker.start()
    assert verifying.wait(10)
    try:
        _write_quickly(database, "UPDATE app_user SET name = 'Ann' WHERE email = 'ann@example.com'")
    finally:
        done.set()
        worker.join()


def _write_quickly(url: str, sql: str) -> None:
    """One write that gives up after 200 ms instead of queueing behind a lock."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0.2, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(sql)
            conn.execute("COMMIT")
        finally:
            conn.close()
        return
    with db.engine().begin() as conn:
        conn.exec_driver_sql("SET LOCAL lock_timeout = '200ms'")
        conn.exec_driver_sql(sql)


def test_resolving_the_user_writes_at_most_once_a_minute(database):
    _user()
    now = utcnow()
    token = access.sign_in("ann@example.com", PW, now=now)
    statements: list[str] = []

    def capture(conn, cursor, statement, *args):
        statements.append(statement.split()[0].upper())

    eng = db.engine()
    event.listen(eng, "before_cursor_execute", capture)
    try:
        assert access.resolve(token, now=now + timedelta(seconds=10))
        assert access.resolve(token, now=now + access.TOUCH_EVERY - timedelta(seconds=1))
        writes = [s for s in statements if s in {"UPDATE", "INSERT"}]
        assert writes == []
        assert access.resolve(token, now=now + access.TOUCH_EVERY + timedelta(seconds=10))
        assert [s for s in statements if s == "UPDATE"] == ["UPDATE"]
    finally:
        event.remove(eng, "before_cursor_execute", capture)
    with read_session() as s:
        row = s.exec(select(UserSession)).one()
    assert row.last_seen_at >= now + access.TOUCH_EVERY + timedelta(seconds=9)
    assert access.TOUCH_EVERY <= access.SESSION_IDLE / 24  # the idle limit stays within a few percent


def test_temporary_password_expires_after_72_hours(database):
    with write_session() as s:
        admin = access.Principal(0, "root@example.com", "Root", "Admin", frozenset({"admin"}))
        _user_row, password = user_admin.invite_user(s, admin, email="new@example.com", name="New", role="Viewer")
    now = utcnow()
    assert access.sign_in("new@example.com", password, now=now + timedelta(hours=71))
    with pytest.raises(DomainError) as err:
        access.sign_in("new@example.com", password, now=now + timedelta(hours=73))
    assert err.value.message == access.TEMPORARY_EXPIRED


def test_changing_the_password_ends_the_other_sessions(database):
    uid = _user()
    mine = access.sign_in("ann@example.com", PW)
    other = access.sign_in("ann@example.com", PW)
    me = access.resolve(mine)
    passwords.change_password(uid, PW, "another good password", keep_session_id=me.session_id)
    assert access.resolve(mine) is not None
    assert access.resolve(other) is None


def test_admin_is_found_by_permission_not_by_role_name(database):
    from license_hub.services.notify import notifications

    with write_session() as s:
        access.create_role(s, "system", "IT Owners", sorted(access.PERMISSIONS))
        access.create_user(s, "system", email="it@example.com", password=PW, role="IT Owners")
        assert access.has_any_admin(s)
        assert [r.email for r in notifications.admins(s)] == ["it@example.com"]
        assert access.ensure_first_admin(s, None, None) is None
    with read_session() as s:
        assert s.exec(select(func.count()).select_from(AppUser)).one() == 1


def test_an_attempt_during_the_wait_restarts_the_address_wait(database):
    """A client ignoring Retry-After cannot time its next guess (the right password
    included) for the moment the wait ends: each refused attempt restarts it."""
    _user()
    now = utcnow()
    for _ in range(throttle.FREE_FAILURES):
        _fail(now=now)  # 1 s
    _fail(now=now + timedelta(seconds=2))  # sixth failure: 2 s
    _fail(now=now + timedelta(seconds=5))  # seventh: 4 s, until now + 9 s
    refusal = _fail(now=now + timedelta(seconds=8))
    assert isinstance(refusal, access.Throttled) and refusal.retry_after == 4  # restarted: until now + 12 s
    with pytest.raises(access.Throttled):  # past the first wait, within the restarted one
        access.sign_in("ann@example.com", PW, now=now + timedelta(seconds=10), client="10.0.0.1")
    assert access.sign_in("ann@example.com", PW, now=now + timedelta(seconds=16), client="10.0.0.1")
    # the account's own wait is not restarted: its owner is not kept out
    later = now + timedelta(seconds=30)
    for _ in range(throttle.FREE_FAILURES):
        _fail(client="10.7.0.1", now=later)
    refusal = _fail(client="10.7.0.2", now=later + timedelta(milliseconds=500))  # the account key's 1 s
    assert isinstance(refusal, access.Throttled)
    assert access.sign_in("ann@example.com", PW, now=later + timedelta(seconds=1), client="10.7.0.3")


class _HashingProbe:
    """Stands in for Argon2: while hashing or verifying, another connection must be
    able to write the very row the caller is about to change (it fails after 200 ms
    when the caller holds the write lock or the row's lock meanwhile)."""

    def __init__(self, url: str, sql: str) -> None:
        self.real, self.url, self.sql, self.calls = access._hasher, url, sql, 0

    def _probe(self) -> None:
        self.calls += 1
        _write_quickly(self.url, self.sql)

    def hash(self, password):
        self._probe()
        return self.real.hash(password)

    def verify(self, hash_, password):
        self._probe()
        return self.real.verify(hash_, password)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_changing_a_password_hashes_outside_the_write_transaction(database, monkeypatch):
    uid = _user()
    probe = _HashingProbe(database, "UPDATE app_user SET name = 'Ann' WHERE email = 'ann@example.com'")
    monkeypatch.setattr(access, "_hasher", probe)
    passwords.change_password(uid, PW, "another good password")
    assert probe.calls == 2  # verified the current one, hashed the new one
    monkeypatch.undo()
    assert access.sign_in("ann@example.com", "another good password")
    with pytest.raises(Exception) as err:
        passwords.change_password(uid, PW, "a third good password")
    assert err.value.errors == {"current": passwords.WRONG_CURRENT}


def test_inviting_hashes_the_temporary_password_before_the_transaction(database, monkeypatch):
    _user("root@example.com", role="Admin")
    probe = _HashingProbe(database, "UPDATE app_user SET name = 'Root' WHERE email = 'root@example.com'")
    monkeypatch.setattr(access, "_hasher", probe)
    admin = access.Principal(0, "root@example.com", "Root", "Admin", frozenset({"admin"}))
    temporary = user_admin.new_temporary()
    with write_session() as s:
        _row, password = user_admin.invite_user(
            s, admin, email="new@example.com", name="New", role="Viewer", temporary=temporary
        )
    assert probe.calls == 1 and password == temporary[0]
    monkeypatch.undo()
    assert access.sign_in("new@example.com", password)


def test_creating_a_user_with_a_prepared_password_hashes_nothing_inside(database, monkeypatch):
    hashed = access.new_password(PW)
    probe = _HashingProbe(database, "SELECT 1")
    monkeypatch.setattr(access, "_hasher", probe)
    with write_session() as s:
        access.create_user(s, "admin", email="bo@example.com", password=hashed, role="Viewer")
    assert probe.calls == 0
    monkeypatch.undo()
    assert access.sign_in("bo@example.com", PW)
    with pytest.raises(Exception) as err:
        access.new_password("short")
    assert "password" in err.value.errors


def test_the_first_admin_is_created_with_a_password_hashed_beforehand(database, monkeypatch):
    prepared = access.new_password("a one-time password")
    probe = _HashingProbe(database, "SELECT 1")
    monkeypatch.setattr(access, "_hasher", probe)
    with write_session() as s:
        email, one_time = access.ensure_first_admin(s, None, None, one_time="a one-time password", prepared=prepared)
    assert probe.calls == 0 and (email, one_time) == ("admin@localhost", "a one-time password")
    monkeypatch.undo()
    assert access.sign_in("admin@localhost", one_time)


def test_make_runs_first_admin_step_prints_a_working_one_time_password(database, monkeypatch, capsys):
    import argparse

    from license_hub import cli

    monkeypatch.delenv("LICENSE_HUB_ADMIN_EMAIL", raising=False)
    monkeypatch.delenv("LICENSE_HUB_ADMIN_PASSWORD", raising=False)
    assert cli.cmd_first_admin(argparse.Namespace()) == 0
    one_time = capsys.readouterr().out.split("one-time password ")[1].split(" ")[0]
    assert access.sign_in("admin@localhost", one_time)
    assert cli.cmd_first_admin(argparse.Namespace()) == 0 and capsys.readouterr().out == ""
