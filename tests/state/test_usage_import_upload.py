"""The reconciliation page's "Import usage" dialog: a vendor console's CSV is refused
by size before it is read whole, a bad file lists every bad line and changes nothing,
a good one moves the seat's last use forward and says so in a toast."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

from reflex.state import State

import license_hub.license_hub  # noqa: F401 - imports every page, so every state exists
from license_hub.db import read_session, write_session
from license_hub.models import Assignment, Person
from license_hub.services.access import accounts as access
from license_hub.services.seats import assignments as seats
from license_hub.state.usage_import import MAX_BYTES, TOO_LARGE, UsageImportState, UsageProblem
from tests.factories import ACTOR, make_license, make_people

PW = "correct horse battery"


class FakeUpload:
    def __init__(self, data: bytes, size: int | None = None):
        self.data, self.size, self.name, self.read_sizes = data, size, "usage.csv", []

    async def read(self, size: int = -1) -> bytes:
        self.read_sizes.append(size)
        return self.data if size < 0 else self.data[:size]


def _state() -> UsageImportState:
    with write_session() as s:
        access.create_user(s, "system", email="admin@example.com", password=PW, role="Admin")
    token = access.sign_in("admin@example.com", PW)
    root = State(_reflex_internal_init=True)
    root.router_data = root._update_router_vars(
        {
            "headers": {"host": "localhost", "cookie": f"lh_session={token}"},
            "pathname": "/reconciliation",
            "asPath": "/reconciliation",
            "query": {},
        },
        root.router_data,
    )
    return root.get_substate(UsageImportState.get_full_name().split(".")[1:])


def _upload(state: UsageImportState, upload: FakeUpload):
    return asyncio.run(UsageImportState.event_handlers["upload"].fn(state, [upload]))


def _seat() -> tuple[int, int]:
    license_id = make_license(product_name="Figma")
    (person_id,) = make_people(1, "user")
    with write_session() as s:
        seat = seats.assign(s, ACTOR, license_id, person_id=person_id)
        return seat.id, person_id


def test_a_declared_oversize_file_is_refused_unread(database):
    state = _state()
    upload = FakeUpload(b"", size=MAX_BYTES + 1)
    _upload(state, upload)
    assert upload.read_sizes == [] and state.error == TOO_LARGE


def test_an_undeclared_oversize_file_is_read_only_up_to_the_limit(database):
    state = _state()
    upload = FakeUpload(b"x" * (MAX_BYTES + 10))
    _upload(state, upload)
    assert upload.read_sizes == [MAX_BYTES + 1] and state.error == TOO_LARGE


def test_bad_lines_are_listed_and_nothing_changes(database):
    seat_id, _ = _seat()
    state = _state()
    csv = (
        b"email,product,last active\n"
        b"user0@example.com,Figma,2026-01-02\n"
        b"nobody@example.com,Figma,2026-01-02\n"
        b"user0@example.com,Figma,not a date\n"
    )
    _upload(state, FakeUpload(csv, len(csv)))
    assert [p.row for p in state.problems] == [3, 4]
    assert all(isinstance(p, UsageProblem) and p.message for p in state.problems)
    assert "nothing was imported" in state.summary
    with read_session() as s:
        assert s.get(Assignment, seat_id).last_used_at is None


def test_a_good_file_moves_usage_forward_with_a_toast(database):
    seat_id, person_id = _seat()
    state = _state()
    state.open = True
    csv = b"Email,Product,Last Active\nuser0@example.com,Figma,2026-01-02T03:04:05Z\n"
    events = _upload(state, FakeUpload(csv, len(csv)))
    stamp = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    with read_session() as s:
        assert s.get(Assignment, seat_id).last_used_at == stamp
        assert s.get(Person, person_id).last_sign_in_at == stamp
    assert state.open is False and state.problems == [] and state.error == ""
    assert "1 row imported: 1 seat updated" in str(events[0])
    assert not any(isinstance(v, bytes) and v for v in vars(state).values())
