"""Every public event handler is reachable from any browser with any arguments.
This test finds them all by itself — so a handler added later without a guard
fails here — and calls each one as a signed-out visitor and as a Viewer, with
arguments aimed at real rows, proving the database does not change."""

from __future__ import annotations

import asyncio
import inspect

import pytest
from reflex.state import State
from sqlalchemy import text

import license_hub.license_hub  # noqa: F401 - imports every page, so every state exists
from license_hub.db import read_session, write_session
from license_hub.models import metadata
from license_hub.services.access import accounts as access
from license_hub.services.seats import assignments as seats
from license_hub.state.base import LIST_VIEW, AppState
from license_hub.state.listing import PagedListState
from tests.factories import ACTOR, make_license, make_people

PASSWORD = "correct horse battery"
PUBLIC = {"SignInState.load"}  # the sign-in page's own handler, which changes nothing
# The holder's answer page: no account, so each handler checks the link's signed token itself.
PUBLIC |= {"SeatRequestState.load", "SeatRequestState.keep", "SeatRequestState.give_up"}
FORM = {
    "catalog_entry_id": "1",
    "name": "Forged",
    "license_name": "Forged",
    "seats_total": "9",
    "status": "cancelled",
    "email": "forged@example.com",
    "password": "forged password 123",
    "role": "Admin",
    "current": PASSWORD,
    "new": "another password 1",
    "again": "another password 1",
    "publisher": "X",
    "deployment_model": "Cloud",
    "product_key": "FORGED-KEY",
    "assignee_name": "Intruder",
    "person_id": "1",
    "permissions": ["admin"],
}


def _states() -> list[type[AppState]]:
    """Every page state; a mixin (the paged-list kit) is not one: its handlers are
    copied into each state that uses it, and found there."""
    found, todo = [], [AppState]
    while todo:
        cls = todo.pop()
        if not cls._mixin and cls not in found:
            found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def _handlers() -> list[tuple[type[AppState], str]]:
    return sorted(
        ((cls, name) for cls in _states() for name in cls.event_handlers if name != "setvar"),
        key=lambda pair: (pair[0].__name__, pair[1]),
    )


HANDLERS = _handlers()


def test_discovery_finds_the_handlers():
    names = {f"{cls.__name__}.{name}" for cls, name in HANDLERS}
    assert {"SeatAssignState.assign", "LicenseDetailState.reclaim", "LicenseEditState.save"} <= names
    assert len(names) >= 20


def test_discovery_finds_handlers_inherited_from_the_list_kit():
    """A list state writes none of set_search / set_sort / go_page itself: they come
    from PagedListState, and discovery must still see (and so test) each copy."""
    names = {f"{cls.__name__}.{name}" for cls, name in HANDLERS}
    for state in (
        "DevicesState",
        "LicensesState",
        "PeopleState",
        "SeatUsersState",
        "LicenseDetailState",
        "CatalogState",
        "RenewalsState",
        "AuditLogState",
    ):
        assert {f"{state}.{n}" for n in ("load", "refresh", "set_search", "set_sort", "go_page")} <= names
    kit = {n for n, v in vars(PagedListState).items() if callable(v) and hasattr(v, "guarded_by")}
    assert kit >= {"set_search", "set_sort", "go_page"}
    for cls in _states():
        if issubclass(cls, PagedListState):
            assert kit <= set(cls.event_handlers), f"{cls.__name__} lost a list handler"
            assert cls._list.view_permission in access.PERMISSIONS, f"{cls.__name__} guards its list with no permission"


def test_a_weakened_list_guard_is_caught(monkeypatch):
    """The copies keep the guard mark; a list handler stripped of it fails the guard test."""
    from license_hub.state.devices import DevicesState

    fn = DevicesState.event_handlers["set_sort"].fn
    assert fn.guarded_by == LIST_VIEW
    monkeypatch.delattr(fn, "guarded_by")
    with pytest.raises(AssertionError, match="has no @guard"):
        test_every_handler_has_a_guard(DevicesState, "set_sort")


@pytest.mark.parametrize("cls, name", HANDLERS, ids=[f"{c.__name__}.{n}" for c, n in HANDLERS])
def test_every_handler_has_a_guard(cls, name):
    fn = cls.event_handlers[name].fn
    guard = getattr(fn, "guarded_by", None)
    assert guard, f"{cls.__name__}.{name} has no @guard: anyone could call it"
    if guard == "public":
        assert f"{cls.__name__}.{name}" in PUBLIC, f"{cls.__name__}.{name} is public but not on the list"


def _snapshot() -> dict[str, list]:
    with read_session() as s:
        return {
            t.name: [tuple(r) for r in s.execute(text(f'SELECT * FROM "{t.name}" ORDER BY 1'))]
            for t in metadata.sorted_tables
            if t.name != "user_session"
        }


def _as(root: State, token: str | None) -> None:
    headers = {"host": "localhost", **({"cookie": f"lh_session={token}"} if token else {})}
    root.router_data = root._update_router_vars(
        {
            "headers": headers,
            "pathname": "/licenses/1",
            "asPath": "/licenses/1",
            "query": {"license_id": "1", "entry_id": "1"},
        },
        root.router_data,
    )


def _sub(root: State, cls: type[AppState]) -> AppState:
    return root.get_substate(cls.get_full_name().split(".")[1:])


def _primed_root(admin_token: str, target: type[AppState]) -> State:
    """A state tree an Admin has already used: the pages others read from
    (license and application pages) loaded, the target's own page loaded, its
    dialogs opened on row 1 and a contact picked — so a handler that trusts its
    state finds real targets when the intruder calls it."""
    root = State(_reflex_internal_init=True)
    _as(root, admin_token)
    context = [cls for cls in _states() if cls.__name__ in ("LicenseDetailState", "CatalogEntryState")]
    for cls in [*context, target]:
        for name in sorted(cls.event_handlers):
            if name == "load" or name.startswith(("open", "set_open")) or name in ("search", "pick"):
                fn = cls.event_handlers[name].fn
                _run(fn(_sub(root, cls), *(["1"] if name != "search" else ["person"])[: len(_args(fn))]))
    return root


def _args(fn) -> list:
    params = [p for p in inspect.signature(fn).parameters.values() if p.name != "self"]
    values = []
    for p in params:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        values.append(dict(FORM) if p.annotation in (dict, "dict") or p.name in ("form", "data", "values") else "1")
    return values


def _call(root, cls, name, token):
    _as(root, token)
    fn = cls.event_handlers[name].fn
    _run(fn(_sub(root, cls), *_args(fn)))


def _run(result):
    if inspect.isawaitable(result):
        result = asyncio.run(result)
    elif inspect.isasyncgen(result):

        async def drain():
            async for _ in result:
                pass

        asyncio.run(drain())
    elif inspect.isgenerator(result):
        list(result)


@pytest.fixture
def world(database):
    """Real rows for every id the calls aim at: a license with a key and a seat,
    a person, a Viewer's session."""
    lic = make_license(seats_total=3, product_key="XK7P-22QM-9RTA-4ZZB")
    (pid,) = make_people(1)
    with write_session() as s:
        seats.assign(s, ACTOR, lic, person_id=pid, seat_key="SEAT-KEY-0001-AAAA")
        access.create_user(s, ACTOR, email="viewer@example.com", password=PASSWORD, role="Viewer")
        access.create_user(s, ACTOR, email="admin@example.com", password=PASSWORD, role="Admin")
    return access.sign_in("viewer@example.com", PASSWORD), access.sign_in("admin@example.com", PASSWORD)


@pytest.mark.parametrize("cls, name", HANDLERS, ids=[f"{c.__name__}.{n}" for c, n in HANDLERS])
def test_signed_out_and_viewer_change_nothing(world, cls, name):
    viewer, admin = world
    own_account = getattr(cls.event_handlers[name].fn, "guarded_by", "") == "signed-in"
    for token in (None,) if own_account else (None, viewer):  # a Viewer may change their own password
        root = _primed_root(admin, cls)
        before = _snapshot()
        _call(root, cls, name, token)
        who = "a Viewer" if token else "a signed-out visitor"
        assert _snapshot() == before, f"{cls.__name__}.{name} changed the database for {who}"
