"""Uploads are refused by size before they are read whole, and the checked file
waits on the server's disk, not in the tab's state."""

from __future__ import annotations

import asyncio

from reflex.state import State

import license_hub.license_hub  # noqa: F401 - imports every page, so every state exists
from license_hub.db import write_session
from license_hub.services.access import accounts as access
from license_hub.state.directory_import import MAX_BYTES, TOO_LARGE, DirectoryImportState

PW = "correct horse battery"


class FakeUpload:
    def __init__(self, data: bytes, size: int | None = None):
        self.data, self.size, self.name, self.read_sizes = data, size, "people.csv", []

    async def read(self, size: int = -1) -> bytes:
        self.read_sizes.append(size)
        return self.data if size < 0 else self.data[:size]


def _state(database) -> DirectoryImportState:
    with write_session() as s:
        access.create_user(s, "system", email="admin@example.com", password=PW, role="Admin")
    token = access.sign_in("admin@example.com", PW)
    root = State(_reflex_internal_init=True)
    root.router_data = root._update_router_vars(
        {
            "headers": {"host": "localhost", "cookie": f"lh_session={token}"},
            "pathname": "/people",
            "asPath": "/people",
            "query": {},
        },
        root.router_data,
    )
    return root.get_substate(DirectoryImportState.get_full_name().split(".")[1:])


def test_a_declared_oversize_file_is_refused_unread(database):
    state = _state(database)
    upload = FakeUpload(b"", size=MAX_BYTES + 1)
    asyncio.run(DirectoryImportState.event_handlers["upload"].fn(state, [upload]))
    assert upload.read_sizes == [] and state.error == TOO_LARGE


def test_an_undeclared_oversize_file_is_read_only_up_to_the_limit(database):
    state = _state(database)
    upload = FakeUpload(b"x" * (MAX_BYTES + 10))
    asyncio.run(DirectoryImportState.event_handlers["upload"].fn(state, [upload]))
    assert upload.read_sizes == [MAX_BYTES + 1] and state.error == TOO_LARGE


def test_the_checked_file_is_not_kept_in_tab_state(database):
    state = _state(database)
    csv = b"name,email\nAda Lovelace,ada@example.com\n"
    asyncio.run(DirectoryImportState.event_handlers["upload"].fn(state, [FakeUpload(csv, len(csv))]))
    assert state.ready == 1
    assert not any(isinstance(v, bytes) and v for v in vars(state).values())
    assert not hasattr(state, "_data") and len(state._staged) == 32  # a handle, not the file
    asyncio.run(DirectoryImportState.event_handlers["confirm"].fn(state))
    assert state.ready == 0 and state._staged == ""
