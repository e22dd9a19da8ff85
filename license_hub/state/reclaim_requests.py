"""Pending keep-or-give-up requests on /utilization: who was asked about which
seat, when, by when, and what they answered; an admin may cancel one."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.seats import seat_request
from license_hub.state.base import AppState, _id, handler


@dataclass(frozen=True)
class PendingRow:
    id: int
    holder: str
    license_id: int
    software: str
    asked_at: str
    respond_by: str
    answer: str


def _rows() -> list[PendingRow]:
    with read_session() as session:
        found = seat_request.pending(session)
    return [
        PendingRow(
            p.id,
            p.holder or "—",
            p.license_id,
            p.software,
            f"{p.asked_at:%d %b %Y}",
            f"{p.respond_by:%d %b %Y}",
            p.answer or "No answer yet",
        )
        for p in found
    ]


def _cancel(actor: str, request_id: int) -> None:
    with write_session() as session:
        seat_request.cancel(session, actor, request_id)


class ReclaimRequestsState(AppState):
    rows: list[PendingRow] = []
    error: str = ""

    @handler("license.assign", background=True)
    async def load(self):
        rows = await asyncio.to_thread(_rows)
        async with self:
            self.rows, self.error = rows, ""

    @handler("license.assign", toast=True)
    def cancel(self, request_id: str):
        """Withdraw the question: the holder keeps the seat and the link stops working."""
        _cancel(self._actor(), _id(request_id))
        self.rows = _rows()
        return rx.toast.success("Request cancelled: the holder keeps the seat")
