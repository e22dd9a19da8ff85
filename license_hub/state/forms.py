"""The plumbing every edit dialog shares (person, device, license): open and close,
a fresh form on each opening, errors next to their fields, and the contact picked
by type-ahead. A form state is declared `class XEditState(EditFormState, AppState)`
(a Reflex mixin, like the paged-list kit: each form gets its own copy of the vars
and handlers, so the handler-guard test still finds every one on the form itself)."""

from __future__ import annotations

from typing import ClassVar, Sequence

from license_hub.services.core.errors import ValidationError
from license_hub.state import picker
from license_hub.state.base import AppState, handler
from license_hub.state.views.directory import PersonPickView

CHECK_FIELDS = "Check the highlighted fields"


class EditFormState(AppState, mixin=True):
    """Open/close, the form key that remounts the form's inputs, and the three
    steps of a save: show what was refused, or close clean."""

    open: bool = False
    form_key: int = 0
    editing_id: int = 0
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    form_error: str = ""

    def _fresh_form(self) -> None:
        """A new opening: no errors left from the last one, inputs remounted."""
        self.errors, self.form_error = {}, ""
        self.form_key += 1

    def _refused(self, exc: ValidationError, shown: Sequence[str] | None = None) -> None:
        """Errors next to their fields; with `shown`, the errors of fields the form
        has no place for are said in the form's own line instead."""
        self.errors = dict(exc.errors)
        others = [v for k, v in exc.errors.items() if shown is not None and k not in shown]
        self.form_error = "; ".join(others) if others else CHECK_FIELDS

    def _saved(self) -> None:
        self.open, self.errors, self.form_error = False, {}, ""

    def _clear_error(self, field: str) -> None:
        self.errors = {k: v for k, v in self.errors.items() if k != field}

    @handler("license.manage", error="form_error")
    def set_open(self, open: bool):
        self.open = open is True


class OwnerPickState(AppState, mixin=True):
    """The owner a form picks by type-ahead (a device's owner, a license's business
    owner): only someone the search just offered can be picked."""

    _owner_error: ClassVar[str] = ""  # the field error a pick clears, if the form flags one

    owner: PersonPickView = PersonPickView()
    owner_query: str = ""
    owner_options: list[PersonPickView] = []

    def _reset_owner(self) -> None:
        self.owner, self.owner_query, self.owner_options = PersonPickView(), "", []

    @handler("license.manage", error="form_error")
    def search_owner(self, term: str):
        self.owner_query, self.owner_options = search_people(term)

    @handler("license.manage", error="form_error")
    def pick_owner(self, person_id: int):
        match = picker.offered(self.owner_options, person_id)
        if match is not None:  # only someone the search just offered
            self.owner, self.owner_options, self.owner_query = match, [], ""
            if self._owner_error:
                self.errors = {k: v for k, v in self.errors.items() if k != self._owner_error}

    @handler("license.manage", error="form_error")
    def clear_owner(self):
        self.owner = PersonPickView()


def search_people(term: object, *, exclude: int = 0) -> tuple[str, list[PersonPickView]]:
    """The query a contact box holds and the people it offers (six, as every edit
    form shows), someone the form itself edits left out."""
    query = picker.query(term)
    return query, [p for p in picker.person_options(query, limit=6) if p.id != exclude]
