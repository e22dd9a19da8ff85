"""/devices — the machines that hold device-based seats: searchable, sortable,
50 a page, imported from CSV; and /devices/[device_id], one device with every
seat it holds across licenses (each reclaimable). The URL holds the filters."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.directory import listing as directory
from license_hub.services.seats import assignments as seats
from license_hub.state.base import NOT_FOUND, AppState, BadArgument, _fmt_date, _id, handler
from license_hub.state.listing import ListSpec, PagedListState
from license_hub.state.views.directory import DeviceProfileView, DeviceRowView, ProfileSeatView
from license_hub.state.views.formatting import when

PAGE_SIZE = 50


def profile_seat(s: directory.ProfileSeat) -> ProfileSeatView:
    return ProfileSeatView(
        id=s.assignment_id,
        license_href=f"/licenses/{s.license_id}",
        software=s.software,
        license=s.license_name or s.software,
        activated=_fmt_date(s.activated_on),
        last_used=when(s.last_used_at, "—"),
        seat_key=s.seat_key_masked or "—",
        device=s.device or "—",
    )


class DevicesState(PagedListState, AppState):
    _list: ClassVar[ListSpec] = ListSpec(
        path="/devices",
        sorts=tuple(directory.DEVICE_SORTS),
        default_sort="name",
        page_size=PAGE_SIZE,
        empty_label="No devices",
    )

    rows: list[DeviceRowView] = []

    def _fetch_rows(self, offset: int, limit: int) -> int:
        with read_session() as session:
            found, total = directory.list_devices(
                session, search=self.search, sort=self.sort, descending=self.descending, offset=offset, limit=limit
            )
        self.rows = [
            DeviceRowView(
                id=d.id,
                href=f"/devices/{d.id}",
                name=d.name,
                hostname=d.hostname or "—",
                owner=d.owner or "—",
                owner_href=f"/people/{d.owner_id}" if d.owner_id else "",
                os=d.os or "—",
                seats=d.active_seats,
            )
            for d in found
        ]
        return total


class DeviceState(AppState):
    device: DeviceProfileView = DeviceProfileView()
    seats: list[ProfileSeatView] = []
    error: str = ""
    not_found: str = ""

    @handler("license.view", error="not_found")
    def load(self):
        self.device, self.seats, self.error, self.not_found = DeviceProfileView(), [], "", ""
        self._fetch(_id(self._route_arg("device_id")))

    def _fetch(self, device_id: int) -> None:
        with read_session() as session:
            d = directory.device_profile(session, device_id)
        self.device = DeviceProfileView(
            id=d.id,
            name=d.name,
            hostname=d.hostname or "—",
            os=d.os or "—",
            owner=d.owner or "—",
            owner_href=f"/people/{d.owner_id}" if d.owner_id else "",
            added=when(d.created_at, "—"),
            archived=d.archived_at is not None,
            serial=d.serial or "—",
            location=d.location or "—",
        )
        self.seats = [profile_seat(s) for s in d.seats]

    @handler("license.view", error="not_found")
    def refresh(self):
        """Re-read the device after a change made in a dialog."""
        self._fetch(_id(self.device.id))

    @handler("license.assign", toast=True)
    def reclaim(self, assignment_id: int):
        seat_id = _id(assignment_id)
        shown = next((s for s in self.seats if s.id == seat_id), None)  # only a seat this profile lists
        if shown is None:
            raise BadArgument(NOT_FOUND)
        with write_session() as session:
            seats.reclaim(session, self._actor(), seat_id)
        self.error = ""
        self._fetch(_id(self.device.id))
        return rx.toast.success(f"Seat of {shown.license} reclaimed from {self.device.name}")
