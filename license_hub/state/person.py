"""/people/[person_id] — one person: details, every seat they hold across licenses
(each reclaimable after a confirmation), and "Offboard": a preview of the seats
that will be reclaimed and those that stay because their license is not
reassignable, then one transaction that archives the person and frees the seats."""

from __future__ import annotations

import asyncio

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.core import money
from license_hub.services.directory import listing as directory
from license_hub.services.directory import offboarding, person_status
from license_hub.services.seats import assignments as seats
from license_hub.state.base import NOT_FOUND, AppState, BadArgument, _fmt_date, _id, _plural, handler
from license_hub.state.devices import profile_seat
from license_hub.state.labels import BILLING_LABELS
from license_hub.state.views import formatting as views
from license_hub.state.views.directory import FormerSeatView, HeldSeatView, PersonProfileView, ProfileSeatView
from license_hub.state.views.formatting import when


def _held(s: offboarding.HeldSeat) -> HeldSeatView:
    cost = money.fmt(s.cost_per_seat, s.currency) if s.cost_per_seat is not None else "—"
    cycle = BILLING_LABELS.get(s.billing_cycle, s.billing_cycle).lower()
    return HeldSeatView(
        id=s.assignment_id,
        license=s.license_name or s.software,
        software=s.software,
        cost=f"{cost} {cycle}" if s.cost_per_seat is not None else "—",
        activated=_fmt_date(s.activated_on),
        reason=s.reason,
    )


class PersonState(AppState):
    person: PersonProfileView = PersonProfileView()
    seats: list[ProfileSeatView] = []
    error: str = ""
    not_found: str = ""
    offboard_open: bool = False
    to_reclaim: list[HeldSeatView] = []
    to_keep: list[HeldSeatView] = []
    savings: str = ""
    busy: bool = False
    # After a reactivation: what they held before they left (nothing is restored by itself).
    former: list[FormerSeatView] = []

    @handler("license.view", error="not_found")
    def load(self):
        self.person, self.seats, self.error, self.not_found, self.offboard_open = PersonProfileView(), [], "", "", False
        self.former = []
        self._fetch(_id(self._route_arg("person_id")))

    def _fetch(self, person_id: int) -> None:
        with read_session() as session:
            p = directory.person_profile(session, person_id)
        self.person = PersonProfileView(
            id=p.id,
            name=p.name,
            email=p.email or "—",
            department=p.department or "—",
            location=p.location or "—",
            manager=p.manager or "—",
            manager_href=f"/people/{p.manager_id}" if p.manager_id else "",
            status=p.status,
            last_sign_in=when(p.last_sign_in_at),
            added=when(p.created_at, "—"),
            offboarded_on=when(p.archived_at, "—"),
            offboarded=p.offboarded,
            initials=views.initials(p.name),
            avatar_color=views.avatar_color(p.name),
            username=p.username or "—",
            employee_id=p.employee_id or "—",
        )
        self.seats = [profile_seat(s) for s in p.seats]

    def _person_id(self) -> int:
        return _id(self.person.id)

    @handler("license.view", error="not_found")
    def refresh(self):
        """Re-read the profile after a change made in a dialog."""
        self._fetch(self._person_id())

    @handler("license.manage", toast=True)
    def reactivate(self):
        with write_session() as session:
            back = person_status.reactivate(session, self._actor(), self._person_id())
        self.former = [
            FormerSeatView(
                id=f.assignment_id,
                license=f.license_name,
                license_href=f"/licenses/{f.license_id}",
                software=f.software,
                reclaimed=when(f.revoked_at, "—"),
            )
            for f in back.former_seats
        ]
        self.error = ""
        self._fetch(self._person_id())
        held = f": they held {_plural(len(self.former), 'seat')} before leaving" if self.former else ""
        return rx.toast.success(f"{self.person.name} reactivated{held}")

    @handler("license.assign", toast=True)
    def reclaim(self, assignment_id: int):
        seat_id = _id(assignment_id)
        shown = next((s for s in self.seats if s.id == seat_id), None)  # only a seat this profile lists
        if shown is None:
            raise BadArgument(NOT_FOUND)
        with write_session() as session:
            seats.reclaim(session, self._actor(), seat_id)
        self.error = ""
        self._fetch(self._person_id())
        return rx.toast.success(f"Seat of {shown.license} reclaimed from {self.person.name}")

    @handler("license.assign", toast=True)
    def open_offboard(self):
        """The preview: what offboarding will free, and what must stay."""
        with read_session() as session:
            preview = offboarding.preview(session, self._person_id())
        self.to_reclaim = [_held(s) for s in preview.seats if s.reclaimable]
        self.to_keep = [_held(s) for s in preview.seats if not s.reclaimable]
        self.savings = " + ".join(money.fmt(v, cur) for cur, v in sorted(preview.annual_cost_by_currency.items()))
        self.offboard_open, self.busy = True, False

    @handler("license.assign")
    def set_offboard_open(self, open: bool):
        self.offboard_open = open is True and bool(self.to_reclaim or self.to_keep or self.person.id)

    @handler("license.assign")
    def start_offboard(self):
        self.busy = True

    @handler("license.assign", toast=True)
    async def offboard(self):
        person_id, name, actor = self._person_id(), self.person.name, self._actor()

        def work():
            with write_session() as session:
                return person_status.deactivate(session, actor, person_id)

        try:
            result = await asyncio.to_thread(work)
        finally:
            self.busy = False
        self.offboard_open = False
        self._fetch(person_id)
        text = f"{name} offboarded: {_plural(len(result.reclaimed), 'seat')} reclaimed"
        if result.retired:
            text += f", {len(result.retired)} retired (license not reassignable)"
        return rx.toast.success(text)
