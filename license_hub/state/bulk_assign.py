"""The license page's "Bulk assign" dialog: many people picked by type-ahead (shown
as chips) or a whole department, one seat each, all or nothing. A refusal keeps
the dialog open with a report of who could not get a seat and why, in the
service's own words; nothing was assigned."""

from __future__ import annotations

import asyncio

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.directory import directory_facets
from license_hub.services.seats import bulk_seats
from license_hub.state import picker
from license_hub.state.base import NOT_FOUND, AppState, BadArgument, _id, _plural, _text, handler
from license_hub.state.license_detail import LicenseDetailState
from license_hub.state.views.directory import DepartmentOptionView, PersonPickView, RefusalView

MODES = ("people", "department")
MAX_CHIPS = 500  # beyond that, a department is the better tool


class BulkAssignState(AppState):
    open: bool = False
    mode: str = "people"
    query: str = ""
    options: list[PersonPickView] = []
    searched: bool = False
    chosen: list[PersonPickView] = []
    departments: list[DepartmentOptionView] = []
    department: str = ""
    busy: bool = False
    report: list[RefusalView] = []
    shortage: str = ""
    error: str = ""

    @rx.var
    def seat_count(self) -> int:
        if self.mode == "department":
            return next((d.members for d in self.departments if d.name == self.department), 0)
        return len(self.chosen)

    @rx.var
    def assign_label(self) -> str:
        if self.mode == "department":  # members who already hold a seat keep it: the count is at most this
            return f"Assign seats to {self.department}" if self.department else "Assign seats"
        n = self.seat_count
        return f"Assign {_plural(n, 'seat')}" if n else "Assign seats"

    def _reset(self) -> None:
        self.query, self.options, self.searched, self.chosen, self.department = "", [], False, [], ""
        self.report, self.shortage, self.error, self.busy, self.mode = [], "", "", False, "people"

    @handler("license.assign", toast=True)
    def set_open(self, open: bool):
        self.open = open is True
        if self.open:
            self._reset()
            with read_session() as session:
                found = directory_facets.departments(session)
            self.departments = [
                DepartmentOptionView(
                    name=d.name,
                    members=d.members,
                    label=f"{d.name} · {d.members} {'person' if d.members == 1 else 'people'}",
                )
                for d in found
            ]

    @handler("license.assign")
    def close(self):
        """The page (re)mounted: a dialog left open on another visit starts closed."""
        self.open = False

    @handler("license.assign")
    def set_mode(self, mode: str | list[str]):
        self.mode = mode if mode in MODES else "people"
        self.report, self.shortage, self.error = [], "", ""

    @handler("license.assign")
    def search(self, term: str):
        self.query = picker.query(term)
        self.options = picker.person_options(self.query, exclude=[c.id for c in self.chosen])
        self.searched = bool(self.query)

    @handler("license.assign")
    def add(self, person_id: int):
        match = picker.offered(self.options, person_id)
        if match is None:
            raise BadArgument(NOT_FOUND)
        if len(self.chosen) >= MAX_CHIPS:
            raise BadArgument(f"Pick at most {MAX_CHIPS} people here; choose a department for more")
        self.chosen = self.chosen + [match]
        self.options, self.query, self.searched = [], "", False
        self.report, self.shortage, self.error = [], "", ""

    @handler("license.assign")
    def remove(self, person_id: int):
        gone = _id(person_id)
        self.chosen = [c for c in self.chosen if c.id != gone]
        self.report, self.shortage, self.error = [], "", ""

    @handler("license.assign")
    def set_department(self, name: str):
        wanted = _text(name, 100)
        self.department = wanted if any(d.name == wanted for d in self.departments) else ""
        self.report, self.shortage, self.error = [], "", ""

    @handler("license.assign")
    def start(self):
        self.busy = True

    @handler("license.assign")
    async def assign(self):
        """One seat each, or none: the service checks everyone under the license lock first."""
        self.report, self.shortage, self.error = [], "", ""
        try:
            detail = await self.get_state(LicenseDetailState)
            license_id = _id(detail.lic.id)
            person_ids = [_id(c.id) for c in self.chosen] if self.mode == "people" else None
            department = self.department if self.mode == "department" else None
            if person_ids is not None and not person_ids:
                raise BadArgument("Pick at least one person")
            if self.mode == "department" and not department:
                raise BadArgument("Choose a department")
            actor = self._actor()

            def work():
                with write_session() as session:
                    return bulk_seats.bulk_assign(
                        session, actor, license_id, person_ids=person_ids, department=department
                    )

            try:
                result = await asyncio.to_thread(work)
            except bulk_seats.BulkAssignRefused as refused:
                self.shortage = refused.result.shortage
                self.report = [
                    RefusalView(id=r.person_id, name=r.name or f"Person #{r.person_id}", reason=r.reason)
                    for r in refused.result.refusals
                ]
                return None
        finally:
            self.busy = False
        self.open = False
        detail._load_license(license_id)
        text = f"{_plural(result.assigned, 'seat')} assigned" + (f" to {department}" if department else "")
        if result.skipped_holders:
            text += f" ({_plural(len(result.skipped_holders), 'member')} already held one)"
        return rx.toast.success(text)
