"""Who is signed in, seen from the Reflex layer: a malformed neighbour cookie does
not sign anyone out, a temporary password opens only the account page, and a tab
whose session ended keeps nothing the previous user loaded."""

from __future__ import annotations

import asyncio

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
