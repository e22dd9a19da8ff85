"""Sign-in, sessions, lockout, roles and the login-proxy stamp."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AppUser, AuditEvent, Person
from license_hub.models.types import utcnow
from license_hub.services.access import accounts as access
from license_hub.services.access import throttle
from license_hub.services.core.errors import DomainError, ValidationError
from license_hub.services.directory import people

PW = "correct horse battery"


def _user(email="ann@example.com", role="Viewer"):
    with write_session() as s:
        return access.create_user(s, "admin", email=email, password=PW, role=role).id


def _sign_in(email="ann@example.com", password=PW, now=None):
    return access.sign_in(email, password, now=now)


def _principal(token, now=None):
    with write_session() as s:
        return access.principal(s, token, now=now)


def test_password_is_hashed_with_argon2(database):
    uid = _user()
    with read_session() as s:
        assert s.get(AppUser, uid).password_hash.startswith("$argon2id$")


def test_sign_in_gives_a_session_with_the_roles_permissions(database):
    _user(role="Finance")
    p = _principal(_sign_in())
    assert p.role == "Finance" and p.can("reports") and p.can("license.view") and not p.can("key.reveal")


def test_wrong_password_and_unknown_email_say_the_same(database):
    _user()
    for email, pw in [("ann@example.com", "wrong password!"), ("nobody@example.com", PW)]:
        with pytest.raises(DomainError) as err:
            _sign_in(email, pw)
        assert err.value.message == access.BAD_CREDENTIALS
    with read_session() as s:
        failed = s.exec(select(AuditEvent).where(AuditEvent.action == "sign_in_failed")).all()
    assert len(failed) == 1 and failed[0].actor == "anonymous"  # one address, one minute: folded


def test_failures_delay_but_never_lock(database):
    _user()
    now = utcnow()
    for _ in range(throttle.FREE_FAILURES):
        with pytest.raises(DomainError):
            _sign_in(password="wrong password!", now=now)
    with pytest.raises(access.Throttled) as err:
        _sign_in(now=now)
    assert err.value.message.startswith("Too many failed sign-ins")
    later = now + timedelta(seconds=err.value.retry_after)
    assert _principal(_sign_in(now=later), now=later)


def test_sessions_expire_when_idle_and_on_sign_out(database):
    _user()
    now = utcnow()
    token = _sign_in(now=now)
    assert _principal(token, now=now + timedelta(hours=1))
    assert _principal(token, now=now + timedelta(hours=14)) is None
    token2 = _sign_in()
    with write_session() as s:
        access.sign_out(s, token2)
    assert _principal(token2) is None
    assert _principal("made-up-token") is None


def test_deactivated_user_loses_sessions(database):
    uid = _user()
    token = _sign_in()
    with write_session() as s:
        access.set_active(s, "admin", uid, False)
    assert _principal(token) is None
    with pytest.raises(DomainError):
        _sign_in()


def test_sign_in_stamps_the_login_proxy(database):
    with write_session() as s:
        pid = people.create_person(s, "admin", name="Ann", email="ann@example.com").id
    _user()
    _sign_in()
    with read_session() as s:
        assert s.get(Person, pid).last_sign_in_at is not None


def test_custom_role_and_role_change_are_audited(database):
    uid = _user()
    with write_session() as s:
        access.create_role(s, "admin", "Auditor", ["license.view", "audits"])
        access.set_role(s, "admin", uid, "Auditor")
    assert _principal(_sign_in()).permissions == {"license.view", "audits"}
    with pytest.raises(ValidationError), write_session() as s:
        access.create_role(s, "admin", "Bad", ["license.view", "root"])
    with read_session() as s:
        assert s.exec(select(AuditEvent).where(AuditEvent.action == "role_change")).first()


def test_first_admin_from_environment_or_one_time_password(database):
    with write_session() as s:
        generated = access.ensure_first_admin(s, None, None)
    email, one_time = generated
    token = _sign_in(email, one_time)
    assert _principal(token).role == "Admin"
    with write_session() as s:
        assert access.ensure_first_admin(s, "x@example.com", PW) is None  # an admin exists already


def test_short_password_refused(database):
    with pytest.raises(ValidationError), write_session() as s:
        access.create_user(s, "admin", email="b@example.com", password="short", role="Viewer")
