"""API tokens: shown once and stored hashed, scoped, never more than the user may,
refused when expired, revoked or the user is gone, last use stamped once a minute."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import ApiToken, AuditEvent
from license_hub.models.types import utcnow
from license_hub.services.access import accounts as access
from license_hub.services.access import tokens
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from tests.api.helpers import make_user


def _create(owner, actor=None, **kw):
    args = {"name": "CI sync", "scopes": ["licenses:read"], "expires_in_days": 30, **kw}
    with write_session() as s:
        return tokens.create(s, actor or owner, user_id=owner.user_id, **args)


def test_secret_is_shown_once_and_only_its_hash_is_stored(database):
    alice = make_user("License manager", "alice@example.com")
    view, secret = _create(alice, scopes=["licenses:read", "licenses:write"])
    assert secret.startswith("lh_") and len(secret) > 40
    assert view.prefix == secret[:12] and view.scopes == ("licenses:read", "licenses:write")
    with read_session() as s:
        row = s.get(ApiToken, view.id)
        assert secret not in (row.token_hash, row.prefix, row.scopes, row.name)
        events = s.exec(select(AuditEvent).where(AuditEvent.object_type == "api_token")).all()
    assert [e.action for e in events] == ["create"] and secret not in events[0].diff
    assert "alice@example.com" in events[0].diff
    assert not hasattr(view, "token_hash")


def test_authenticate_names_the_user_and_the_token(database):
    alice = make_user("License manager", "alice@example.com")
    _, secret = _create(alice)
    who = tokens.authenticate(secret, "10.0.0.7")
    assert who.user.email == "alice@example.com" and who.token_name == "CI sync"
    assert who.actor == "alice@example.com via token 'CI sync'"
    assert who.allows("licenses:read") and not who.allows("licenses:write")
    assert who.can("license.view") and not who.can("license.manage")


@pytest.mark.parametrize("bad", [None, "", "lh_", "not-a-token", "lh_" + "x" * 43, "lh_" + "y" * 300])
def test_unknown_tokens_are_refused(database, bad):
    alice = make_user("Viewer", "alice@example.com")
    _create(alice)
    with pytest.raises(tokens.TokenRefused) as exc:
        tokens.authenticate(bad)
    assert exc.value.code == "invalid_token"


def test_a_token_with_the_right_prefix_but_wrong_secret_is_refused(database):
    alice = make_user("Viewer", "alice@example.com")
    _, secret = _create(alice)
    forged = secret[:12] + "A" * (len(secret) - 12)
    with pytest.raises(tokens.TokenRefused) as exc:
        tokens.authenticate(forged)
    assert exc.value.code == "invalid_token"


def test_expired_token_is_refused(database):
    alice = make_user("Viewer", "alice@example.com")
    _, secret = _create(alice, expires_in_days=7)
    tokens.authenticate(secret, now=utcnow() + timedelta(days=6))
    with pytest.raises(tokens.TokenRefused) as exc:
        tokens.authenticate(secret, now=utcnow() + timedelta(days=7, seconds=1))
    assert exc.value.code == "token_expired"


def test_revocation_takes_effect_on_the_next_request(database):
    alice = make_user("Viewer", "alice@example.com")
    view, secret = _create(alice)
    tokens.authenticate(secret)
    with write_session() as s:
        revoked = tokens.revoke(s, alice, view.id)
    assert revoked.status() == "revoked"
    with pytest.raises(tokens.TokenRefused) as exc:
        tokens.authenticate(secret)
    assert exc.value.code == "token_revoked"
    with write_session() as s:  # twice changes nothing
        tokens.revoke(s, alice, view.id)
    with read_session() as s:
        actions = s.exec(select(AuditEvent.action).where(AuditEvent.object_type == "api_token")).all()
    assert actions == ["create", "revoke"]


def test_demoting_the_user_demotes_the_token(database):
    admin = make_user("Admin", "root@example.com")
    bob = make_user("License manager", "bob@example.com")
    _, secret = _create(bob, scopes=["licenses:read", "licenses:write", "keys:reveal"])
    assert tokens.authenticate(secret).allows("licenses:write")
    with write_session() as s:
        access.set_role(s, admin.email, bob.user_id, "Viewer")
    who = tokens.authenticate(secret)
    assert who.allows("licenses:read")
    assert not who.allows("licenses:write") and not who.allows("keys:reveal")
    assert not who.can("key.reveal")


def test_deactivated_user_stops_the_token(database):
    admin = make_user("Admin", "root@example.com")
    bob = make_user("Viewer", "bob@example.com")
    _, secret = _create(bob)
    with write_session() as s:
        access.set_active(s, admin.email, bob.user_id, False)
    with pytest.raises(tokens.TokenRefused) as exc:
        tokens.authenticate(secret)
    assert exc.value.code == "user_inactive"


def test_scopes_are_limited_to_what_the_user_may_do(database):
    viewer = make_user("Viewer", "vera@example.com")
    assert tokens.grantable_scopes(viewer.permissions) == ["licenses:read"]
    with pytest.raises(ValidationError) as exc:
        _create(viewer, scopes=["licenses:read", "keys:reveal"])
    assert "keys:reveal" in exc.value.errors["scopes"]
    with pytest.raises(ValidationError) as exc:
        _create(viewer, scopes=["licenses:delete"])
    assert "Unknown scopes" in exc.value.errors["scopes"]
    with pytest.raises(ValidationError) as exc:
        _create(viewer, scopes=[])
    assert exc.value.errors["scopes"] == "Choose at least one scope"


@pytest.mark.parametrize(
    "fields, key",
    [
        ({"name": "  "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"expires_in_days": 0}, "expires"),
        ({"expires_in_days": 367}, "expires"),
        ({"expires_in_days": True}, "expires"),
    ],
)
def test_bad_input_is_refused_with_a_message(database, fields, key):
    alice = make_user("Viewer", "alice@example.com")
    with pytest.raises(ValidationError) as exc:
        _create(alice, **fields)
    assert key in exc.value.errors


def test_names_are_unique_among_a_users_live_tokens(database):
    alice = make_user("Viewer", "alice@example.com")
    view, _ = _create(alice)
    with pytest.raises(ValidationError):
        _create(alice)
    with write_session() as s:
        tokens.revoke(s, alice, view.id)
    _create(alice)  # a revoked token's name is free again


def test_only_an_admin_creates_or_revokes_for_someone_else(database):
    admin = make_user("Admin", "root@example.com")
    alice = make_user("License manager", "alice@example.com")
    bot = make_user("Seat assigner", "ci-bot@example.com")
    with pytest.raises(DomainError):
        _create(bot, actor=alice)
    view, secret = _create(bot, actor=admin, scopes=["seats:write"], expires_in_days=None)
    assert view.expires_at is None and view.created_by == "root@example.com"
    assert tokens.authenticate(secret).user.email == "ci-bot@example.com"
    with write_session() as s, pytest.raises(NotFound):
        tokens.revoke(s, alice, view.id)
    with write_session() as s:
        tokens.revoke(s, admin, view.id)
    with pytest.raises(tokens.TokenRefused):
        tokens.authenticate(secret)


def test_lists_show_own_tokens_and_admins_see_everyone(database):
    admin = make_user("Admin", "root@example.com")
    alice = make_user("Viewer", "alice@example.com")
    _create(alice, name="laptop")
    _create(admin, name="backup", scopes=["audit:read"])
    with read_session() as s:
        assert [t.name for t in tokens.list_tokens(s, alice)] == ["laptop"]
        assert [t.name for t in tokens.list_tokens(s, alice, everyone=True)] == ["laptop"]
        everyone = tokens.list_tokens(s, admin, everyone=True)
    assert {(t.name, t.owner_email) for t in everyone} == {
        ("laptop", "alice@example.com"),
        ("backup", "root@example.com"),
    }


def test_last_use_is_stamped_at_most_once_a_minute(database):
    alice = make_user("Viewer", "alice@example.com")
    view, secret = _create(alice)
    start = utcnow()
    tokens.authenticate(secret, "10.0.0.1", now=start)
    tokens.authenticate(secret, "10.0.0.2", now=start + timedelta(seconds=30))
    with read_session() as s:
        row = s.get(ApiToken, view.id)
        assert row.last_used_ip == "10.0.0.1"
        assert abs((row.last_used_at - start).total_seconds()) < 1
    tokens.authenticate(secret, "10.0.0.3", now=start + timedelta(seconds=61))
    with read_session() as s:
        assert s.get(ApiToken, view.id).last_used_ip == "10.0.0.3"


def test_concurrent_requests_all_authenticate(database):
    """Many requests at once on their own connections: none fails, one stamp is written."""
    alice = make_user("Viewer", "alice@example.com")
    view, secret = _create(alice)
    results: list[str] = []

    def call(i: int) -> None:
        try:
            results.append(tokens.authenticate(secret, f"10.0.0.{i}").user.email)
        except Exception as exc:  # pragma: no cover - the assertion reports it
            results.append(repr(exc))

    threads = [threading.Thread(target=call, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["alice@example.com"] * 8
    with read_session() as s:
        assert s.get(ApiToken, view.id).last_used_at is not None
