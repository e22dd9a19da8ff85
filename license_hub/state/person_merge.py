"""Merge, on a person's profile: pick the duplicate with the person search, read
the preview (what moves, which double seats are reclaimed), then confirm. The
person whose page it is stays; the duplicate is removed."""

from __future__ import annotations

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.core.errors import DomainError
from license_hub.services.directory import merge, people
from license_hub.state.base import AppState, _id, _plural, _text, handler
from license_hub.state.person import PersonState
from license_hub.state.views import licenses as views
from license_hub.state.views.directory import MergeConflictView, MergePreviewView, PersonPickView

FIELD_LABELS = {
    "email": "email",
    "username": "username",
    "employee_id": "employee id",
    "department": "department",
    "location": "location",
    "manager": "manager",
}


def _others(p: merge.MergePreview) -> str:
    parts = [
        _plural(p.hosts, "agent host") if p.hosts else "",
        f"business owner of {_plural(p.licenses_owned, 'license')}" if p.licenses_owned else "",
        _plural(p.accounts, "app account") if p.accounts else "",
        _plural(p.reports, "direct report") if p.reports else "",
    ]
    return ", ".join(x for x in parts if x)


def preview_view(p: merge.MergePreview) -> MergePreviewView:
    return MergePreviewView(
        keep_id=p.keep_id,
        keep_name=p.keep_name,
        merge_id=p.merge_id,
        merge_name=p.merge_name,
        seats_moving=p.seats_moving,
        history_moving=p.history_moving,
        devices=p.devices,
        others=_others(p),
        filled=", ".join(f"{FIELD_LABELS.get(k, k)} {v}" for k, v in p.filled.items()),
        problems="; ".join(p.problems),
    )


class PersonMergeState(AppState):
    open: bool = False
    keep_id: int = 0
    keep_name: str = ""
    query: str = ""
    options: list[PersonPickView] = []
    searched: bool = False
    picked: PersonPickView = PersonPickView()
    preview: MergePreviewView = MergePreviewView()
    conflicts: list[MergeConflictView] = []
    error: str = ""

    def _clear_pick(self) -> None:
        self.picked, self.preview, self.conflicts, self.error = PersonPickView(), MergePreviewView(), [], ""

    @handler("license.manage", toast=True)
    async def open_for(self, person_id: int):
        profile = await self.get_state(PersonState)
        if profile.person.id != _id(person_id):  # only the person this page shows
            return
        self.keep_id, self.keep_name = profile.person.id, profile.person.name
        self.query, self.options, self.searched = "", [], False
        self._clear_pick()
        self.open = True

    @handler("license.manage")
    def set_open(self, open: bool):
        self.open = open is True

    @handler("license.manage")
    def search(self, term: str):
        self.query = _text(term, 100)
        if not self.query:
            self.options, self.searched = [], False
            return
        with read_session() as session:
            found = people.search_people(session, self.query, limit=8)
        self.options = [views.person(p) for p in found if p.id != self.keep_id]
        self.searched = True

    @handler("license.manage")
    def pick(self, person_id: int):
        chosen = _id(person_id)
        match = next((p for p in self.options if p.id == chosen), None)
        if match is None:  # only someone the search just offered
            return
        self._clear_pick()
        self.picked, self.options, self.query, self.searched = match, [], "", False
        with read_session() as session:
            plan = merge.preview(session, _id(self.keep_id), match.id)
        self.preview = preview_view(plan)
        self.conflicts = [
            MergeConflictView(license=c.license_name, reclaimed_from=c.reclaimed_from) for c in plan.conflicts
        ]

    @handler("license.manage")
    def clear_pick(self):
        self._clear_pick()

    @handler("license.manage", toast=True)
    def confirm(self):
        if not self.picked.id or self.preview.merge_id != self.picked.id:
            raise DomainError("Pick the person to merge first")
        with write_session() as session:
            plan = merge.merge(session, self._actor(), _id(self.keep_id), self.picked.id)
        self.open = False
        self._clear_pick()
        text = f"{plan.merge_name} merged into {plan.keep_name}"
        if plan.conflicts:
            text += f": {_plural(len(plan.conflicts), 'double seat')} reclaimed"
        return [rx.toast.success(text), PersonState.refresh]
