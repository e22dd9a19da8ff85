"""The paged-list kit: its pure helpers, and the one behaviour every list state gets
from it (clamp past the end, the replace rule, the sort whitelist)."""

from __future__ import annotations

import pytest

from license_hub.state.listing import clamp_page, list_url, page_count, range_label


@pytest.mark.parametrize(
    "total, size, pages", [(0, 50, 1), (1, 50, 1), (50, 50, 1), (51, 50, 2), (130, 24, 6), (-3, 50, 1), (10, 0, 10)]
)
def test_page_count(total, size, pages):
    assert page_count(total, size) == pages


@pytest.mark.parametrize("page, total, size, shown", [(1, 0, 50, 1), (9, 130, 50, 3), (0, 130, 50, 1), (2, 130, 50, 2)])
def test_clamp_page_shows_the_last_page_past_the_end(page, total, size, shown):
    assert clamp_page(page, total, size) == shown


def test_range_label():
    assert range_label(1, 50, 130) == "1–50 of 130"
    assert range_label(3, 50, 130) == "101–130 of 130"
    assert range_label(1, 24, 7) == "1–7 of 7"
    assert range_label(1, 50, 0, "No devices") == "No devices"
    assert range_label(1, 50, 0) == ""


def test_list_url_keeps_only_what_differs_from_the_defaults():
    assert list_url("/devices", {"q": "", "sort": "name", "dir": "", "page": 1}, {"sort": "name"}) == "/devices"
    assert list_url("/devices", {"q": "mac book", "sort": "os", "dir": "desc", "page": 3}, {"sort": "name"}) == (
        "/devices?q=mac+book&sort=os&dir=desc&page=3"
    )
    assert list_url("/people", {"status": None, "archived": False, "software": 0, "page": 2}) == (
        "/people?page=2"
    )  # 0 means "no filter", as before
    assert list_url("/x", {"q": "a&b=c"}) == "/x?q=a%26b%3Dc"


def test_the_signed_in_user_is_resolved_once_per_event(database, monkeypatch):
    """The guard reads the session once; the body's `_actor()` reuses it, and the
    next event reads it afresh."""
    from reflex.state import State

    from license_hub.db import write_session
    from license_hub.services.access import accounts as access
    from license_hub.state.base import AppState, handler
    from tests.state.test_handler_guards import _as

    with write_session() as s:
        access.create_user(s, "setup", email="admin@example.com", password="correct horse battery", role="Admin")
    token = access.sign_in("admin@example.com", "correct horse battery")
    calls = []
    real = access.principal
    monkeypatch.setattr(access, "principal", lambda session, tok, *rest: calls.append(tok) or real(session, tok, *rest))

    seen = []

    @handler("license.view")
    def act(self):
        seen.append(self._actor())

    root = State(_reflex_internal_init=True)
    _as(root, token)
    state = root.get_substate(AppState.get_full_name().split(".")[1:])
    act.fn(state) if hasattr(act, "fn") else act(state)
    assert seen == ["admin@example.com"] and len(calls) == 1
    act.fn(state) if hasattr(act, "fn") else act(state)
    assert len(calls) == 2
    assert state._actor() == "admin@example.com" and len(calls) == 3  # outside an event: read afresh
