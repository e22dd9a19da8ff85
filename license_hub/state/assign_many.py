"""Seed 002's "Assign persons" and "Assign assets" dialog of the license page: pick
people (or devices) from the directory, Save, and each gets a seat in one step.
Too few seats refuses the whole step with the figures; anyone who already holds a
seat keeps it and is named in the toast."""

from __future__ import annotations

import asyncio

import reflex as rx

from license_hub.db import write_session
from license_hub.services.core.errors import ValidationError
from license_hub.services.seats import assign_many
from license_hub.state import picker
from license_hub.state.base import NOT_FOUND, AppState, BadArgument, _id, _plural, handler
from license_hub.state.license_detail import LicenseDetailState
from license_hub.state.views.directory import DevicePickView, PersonPickView, RefusalView

KINDS = (assign_many.PERSONS, assign_many.ASSETS)
TITLES = {assign_many.PERSONS: "Assign persons", assign_many.ASSETS: "Assign assets"}


class AssignManyState(AppState):
    open: bool = False
    kind: str = assign_many.PERSONS
    query: str = ""
    searched: bool = False
    person_options: list[PersonPickView] = []
    device_options: list[DevicePickView] = []
    chosen_people: list[PersonPickView] = []
    chosen_devices: list[DevicePickView] = []
    busy: bool = False
    shortage: str = ""
    report: list[RefusalView] = []
    error: str = ""

    @rx.var
    def title(self) -> str:
        return TITLES.get(self.kind, TITLES[assign_many.PERSONS])

    @rx.var
    def picked_count(self) -> int:
        return len(self.chosen_devices) if self.kind == assign_many.ASSETS else len(self.chosen_people)

    def _reset(self) -> None:
        self.query, self.searched, self.person_options, self.device_options = "", False, [], []
        self.chosen_people, self.chosen_devices = [], []
        self.busy, self.shortage, self.report, self.error = False, "", [], ""

    def _clear_outcome(self) -> None:
        self.shortage, self.report, self.error = "", [], ""

    @handler("license.assign", toast=True)
    def open_for(self, kind: str):
        if kind not in KINDS:
            raise BadArgument(NOT_FOUND)
        self._reset()
        self.kind, self.open = kind, True

    @handler("license.assign")
    def set_open(self, open: bool):
        self.open = open is True
        if not self.open:
            self._reset()

    @handler("license.assign")
    def close(self):
        """The page (re)mounted: a dialog left open on another visit starts closed."""
        self.open = False

    @handler("license.assign")
    def search(self, term: str):
        self.query = picker.query(term)
        if self.kind == assign_many.ASSETS:
            self.device_options = picker.device_options(self.query, exclude=[d.id for d in self.chosen_devices])
        else:
            self.person_options = picker.person_options(self.query, exclude=[p.id for p in self.chosen_people])
        self.searched = bool(self.query)

    @handler("license.assign")
    def add(self, holder_id: int):
        if self.picked_count >= assign_many.MAX_PICK:
            raise BadArgument(f"Choose at most {assign_many.MAX_PICK} at once")
        if self.kind == assign_many.ASSETS:
            device = picker.offered(self.device_options, holder_id)
            if device is None:
                raise BadArgument(NOT_FOUND)
            self.chosen_devices = self.chosen_devices + [device]
        else:
            person = picker.offered(self.person_options, holder_id)
            if person is None:
                raise BadArgument(NOT_FOUND)
            self.chosen_people = self.chosen_people + [person]
        self.query, self.searched, self.person_options, self.device_options = "", False, [], []
        self._clear_outcome()

    @handler("license.assign")
    def remove(self, holder_id: int):
        gone = _id(holder_id)
        self.chosen_people = [p for p in self.chosen_people if p.id != gone]
        self.chosen_devices = [d for d in self.chosen_devices if d.id != gone]
        self._clear_outcome()

    @handler("license.assign")
    def start(self):
        self.busy = True

    @handler("license.assign")
    async def save(self):
        """One seat for each who has none, or none at all: the service checks under the license lock."""
        self._clear_outcome()
        try:
            detail = await self.get_state(LicenseDetailState)
            license_id, actor, kind = _id(detail.lic.id), self._actor(), self.kind
            ids = [_id(d.id) for d in self.chosen_devices] if kind == assign_many.ASSETS else None
            ids = ids if ids is not None else [_id(p.id) for p in self.chosen_people]

            def work():
                with write_session() as session:
                    save = assign_many.assign_assets if kind == assign_many.ASSETS else assign_many.assign_persons
                    return save(session, actor, license_id, ids)

            try:
                result = await asyncio.to_thread(work)
            except assign_many.AssignManyRefused as refused:
                self.shortage = refused.shortage
                self.report = [RefusalView(id=r.id, name=r.name, reason=r.reason) for r in refused.refusals]
                return None
            except ValidationError as exc:
                self.error = next(iter(exc.errors.values()), exc.message)
                return None
        finally:
            self.busy = False
        self.open = False
        self._reset()
        detail._load_license(license_id)
        return rx.toast.success(_outcome(result))


def _outcome(result: assign_many.AssignManyResult) -> str:
    text = f"{_plural(len(result.assigned), 'seat')} assigned"
    if result.skipped:
        names = ", ".join(h.name for h in result.skipped[:3]) + (" …" if len(result.skipped) > 3 else "")
        verb = "holds" if len(result.skipped) == 1 else "hold"
        text += f"; already {verb} one: {names}"
    return text
