"""Who is signed in, seen from the Reflex layer: a malformed neighbour cookie does
not sign anyone out, a temporary password opens only the account page, and a tab
whose session ended keeps nothing the previous user loaded."""

from __future__ import annotations

import asyncio

import pytest
from reflex.state import State
from reflex_base.event import Event
from reflex_base.event.processor.base_state_processor import _hydrate_event_names

import license_hub.license_hub  # noqa: F401 - imports every page, so every state exists
from license_hub.db import write_session
from license_hub.services.access import accounts as access
from license_hub.state.base import AppState
from license_hub.state.licenses import LicensesState
from license_hub.state.tab_reset import TabReset
from license_hub.state.users import UsersState

PW = "correct horse battery"


def _root(cookie: str) -> State:
    root = State(_reflex_internal_init=True)
    root.router_data = root._update_router_vars(
        {"headers": {"host": "localhost", "cookie": cookie}, "pathname": "/users", "asPath": "/users", "query": {}},
        root.router_data,
    )
    return root


def _sub(root: State, cls: type[AppState]) -> AppState:
    return root.get_substate(cls.get_full_name().split(".")[1:])


def _admin(**kw) -> str:
    with write_session() as s:
        access.create_user(s, "system", email="admin@example.com", password=PW, role="Admin", **kw)
    return access.sign_in("admin@example.com", PW)


def test_a_malformed_unrelated_cookie_keeps_the_session(database):
    token = _admin()
    root = _root(f'theme="dark; broken=a"b; lh_session={token}; other=[x]')
    assert _sub(root, AppState)._principal() is not None


def test_a_temporary_password_opens_only_the_account_page(database):
    _admin(must_change_password=True)
    token = access.sign_in("admin@example.com", PW)
    root = _root(f"lh_session={token}")
    state = _sub(root, LicensesState)
    result = LicensesState.event_handlers["load"].fn(state)
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    assert "/account?first=1" in str(result)


def test_a_revoked_session_empties_the_whole_tab(database):
    token = _admin()
    root = _root(f"lh_session={token}")
    users = _sub(root, UsersState)
    UsersState.event_handlers["load"].fn(users)
    assert any(u.email == "admin@example.com" for u in users.users)
    with write_session() as s:
        access.sign_out(s, token)
    LicensesState.event_handlers["load"].fn(_sub(root, LicensesState))
    assert users.users == [] and _sub(root, AppState).me_email == ""


def test_reconnecting_without_a_session_resets_before_the_snapshot(database):
    token = _admin()
    root = _root(f"lh_session={token}")
    users = _sub(root, UsersState)
    UsersState.event_handlers["load"].fn(users)
    assert users.users
    root.router_data = root._update_router_vars(
        {"headers": {"host": "localhost", "cookie": ""}, "pathname": "/sign-in", "asPath": "/sign-in", "query": {}},
        root.router_data,
    )
    hydrate = sorted(_hydrate_event_names())[0]
    asyncio.run(TabReset().preprocess(None, root, Event(name=hydrate)))
    assert users.users == [] and users.roles == []


def test_a_new_tab_is_not_reset_on_its_first_hydrate(database, monkeypatch):
    """Nobody signed in on it yet: nothing to hide, so neither the session lookup
    nor the costly reset of every state runs."""
    root = _root(f"lh_session={_admin()}")
    users = _sub(root, UsersState)
    users.roles = ["kept"]  # stands for anything the tree holds before anyone signed in
    monkeypatch.setattr(access, "resolve", lambda *a, **k: pytest.fail("a new tab needs no session lookup"))
    asyncio.run(TabReset().preprocess(None, root, Event(name=sorted(_hydrate_event_names())[0])))
    assert users.roles == ["kept"]


class _ThreadProbe:
    """Argon2 stand-in that notes which thread hashes and verifies."""

    def __init__(self):
        import threading

        self.real, self.threads, self.current = access._hasher, [], threading.current_thread

    def hash(self, password):
        self.threads.append(self.current())
        return self.real.hash(password)

    def verify(self, hash_, password):
        self.threads.append(self.current())
        return self.real.verify(hash_, password)

    def __getattr__(self, name):
        return getattr(self.real, name)


def _run(cls: type[AppState], name: str, root: State, *args):
    result = cls.event_handlers[name].fn(_sub(root, cls), *args)
    return asyncio.run(result) if asyncio.iscoroutine(result) else result


def test_changing_the_password_hashes_off_the_event_loop(database, monkeypatch):
    import threading

    from license_hub.state.sign_in import AccountState

    token = _admin()
    other = access.sign_in("admin@example.com", PW)
    probe = _ThreadProbe()
    monkeypatch.setattr(access, "_hasher", probe)
    new = "another good password"
    _run(AccountState, "change_password", _root(f"lh_session={token}"), {"current": PW, "new": new, "again": new})
    assert len(probe.threads) == 2 and threading.main_thread() not in probe.threads
    monkeypatch.undo()
    assert access.resolve(other) is None and access.resolve(token) is not None
    assert access.sign_in("admin@example.com", new)


def test_inviting_hashes_the_temporary_password_off_the_event_loop(database, monkeypatch):
    import threading

    token = _admin()
    root = _root(f"lh_session={token}")
    _run(UsersState, "load", root)
    probe = _ThreadProbe()
    monkeypatch.setattr(access, "_hasher", probe)
    _run(UsersState, "invite", root, {"email": "nia@example.com", "name": "Nia", "role": "Viewer"})
    state = _sub(root, UsersState)
    assert state.temp_password and state.invited_email == "nia@example.com"
    assert len(probe.threads) == 1 and threading.main_thread() not in probe.threads
