"""The person form (Add person on the list, Edit on the profile): every field the
directory keeps, the manager picked by type-ahead, errors next to their fields.
A status change to offboarded is not offered here: Offboard shows what comes back first."""

from __future__ import annotations

from typing import Any

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.models.enums import PersonStatus
from license_hub.services.core.errors import ValidationError
from license_hub.services.directory import listing as directory
from license_hub.services.directory import people
from license_hub.state import picker
from license_hub.state.base import AppState, _choice, _id, _text, handler
from license_hub.state.forms import EditFormState, search_people
from license_hub.state.people import PeopleState
from license_hub.state.person import PersonState
from license_hub.state.views import licenses as views
from license_hub.state.views.directory import PersonPickView

# Form fields and how much the browser may send (one more than the column, so the
# service can say "At most N characters" instead of silently cutting).
FIELDS = {k: v + 1 for k, v in people.PERSON_LIMITS.items()}
FORM_STATUSES = (PersonStatus.ACTIVE.value, PersonStatus.INACTIVE.value)
_ORIGINS = ("people", "person")


class PersonEditState(EditFormState, AppState):
    origin: str = "people"
    status: str = "active"
    manager: PersonPickView = PersonPickView()
    manager_query: str = ""
    manager_options: list[PersonPickView] = []

    @rx.var
    def title(self) -> str:
        return "Edit person" if self.editing_id else "Add person"

    def _reset(self, origin: str) -> None:
        self.origin = _choice(origin, _ORIGINS, "people")
        self.manager, self.manager_query, self.manager_options = PersonPickView(), "", []
        self._fresh_form()

    @handler("license.manage", error="form_error", toast=True)
    def open_create(self):
        self._reset("people")
        self.editing_id, self.status = 0, PersonStatus.ACTIVE.value
        self.values = {k: "" for k in FIELDS}
        self.open = True

    @handler("license.manage", error="form_error", toast=True)
    def open_edit(self, person_id: int):
        self._reset("person")
        with read_session() as session:
            p = directory.person_profile(session, _id(person_id))
            if p.manager_id:
                self.manager = views.person(directory.person_profile(session, p.manager_id))
        self.editing_id, self.status = p.id, p.status
        self.values = {
            "name": p.name,
            "email": p.email,
            "username": p.username,
            "employee_id": p.employee_id,
            "department": p.department,
            "location": p.location,
        }
        self.open = True

    @handler("license.manage", error="form_error")
    def search_manager(self, term: str):
        self.manager_query, self.manager_options = search_people(term, exclude=self.editing_id)

    @handler("license.manage", error="form_error")
    def pick_manager(self, person_id: int):
        match = picker.offered(self.manager_options, person_id)
        if match is not None:  # only someone the search just offered
            self.manager, self.manager_options, self.manager_query = match, [], ""
            self._clear_error("manager_id")

    @handler("license.manage", error="form_error")
    def clear_manager(self):
        self.manager = PersonPickView()

    @handler("license.manage", error="form_error")
    def save(self, form: dict):
        sent = form if isinstance(form, dict) else {}
        data: dict[str, Any] = {k: _text(sent.get(k), limit) for k, limit in FIELDS.items()}
        data["manager_id"] = self.manager.id or None
        if self.status != PersonStatus.OFFBOARDED.value:
            data["status"] = _choice(sent.get("status"), FORM_STATUSES, PersonStatus.ACTIVE.value)
        self.values = {k: str(v or "") for k, v in data.items() if k in FIELDS}
        try:
            with write_session() as session:
                if self.editing_id:
                    people.update_person(session, self._actor(), self.editing_id, data)
                else:
                    people.create_person(session, self._actor(), **data)
        except ValidationError as exc:
            self._refused(exc)
            return None
        self._saved()
        if self.editing_id:
            return [rx.toast.success(f"{data['name']} saved"), PersonState.refresh]
        return [rx.toast.success(f"{data['name']} added"), PeopleState.refresh]
