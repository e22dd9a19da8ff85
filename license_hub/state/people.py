"""/people — the people directory: who can hold seats, searchable, filterable by
status and department, sortable, 50 a page; and the "Terminated contacts' seats"
view, every active seat held by someone offboarded, across licenses, each with
Reclaim. The URL holds the filters."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.models.enums import PersonStatus
from license_hub.services.directory import directory_facets, offboarding
from license_hub.services.directory import listing as directory
from license_hub.services.seats import assignments as seats
from license_hub.state.base import LIST_VIEW, NOT_FOUND, AppState, BadArgument, _choice, _fmt_date, _id, _text, handler
from license_hub.state.listing import ListSpec, PagedListState
from license_hub.state.views.directory import PersonRowView, TerminatedSeatView
from license_hub.state.views.formatting import avatar_color, initials, when

PAGE_SIZE = 50
STATUSES = tuple(s.value for s in PersonStatus)
STATUS_LABELS = {"active": "Active", "inactive": "Inactive", "offboarded": "Offboarded"}
SORTS = tuple(directory.PEOPLE_SORTS)
DEFAULT_SORT = "name"
VIEWS = ("terminated",)


def person_row(p: directory.PersonRow) -> PersonRowView:
    return PersonRowView(
        id=p.id,
        href=f"/people/{p.id}",
        name=p.name,
        email=p.email or "—",
        department=p.department or "—",
        location=p.location or "—",
        manager=p.manager or "—",
        manager_href=f"/people/{p.manager_id}" if p.manager_id else "",
        status=p.status,
        last_sign_in=when(p.last_sign_in_at),
        seats=p.active_seats,
        initials=initials(p.name),
        avatar_color=avatar_color(p.name),
    )


def terminated_row(t: offboarding.TerminatedSeat) -> TerminatedSeatView:
    return TerminatedSeatView(
        id=t.assignment_id,
        license_href=f"/licenses/{t.license_id}",
        software=t.software,
        license=t.license_name or t.software,
        person_href=f"/people/{t.person_id}",
        name=t.name,
        email=t.email or "—",
        offboarded=when(t.offboarded_at, "—"),
        activated=_fmt_date(t.activated_on),
        reclaimable=t.reclaimable,
    )


class PeopleState(PagedListState, AppState):
    _list: ClassVar[ListSpec] = ListSpec(
        path="/people", sorts=SORTS, default_sort=DEFAULT_SORT, page_size=PAGE_SIZE, empty_label="No one"
    )

    rows: list[PersonRowView] = []
    status: str = ""
    department: str = ""
    view: str = ""
    departments: list[str] = []
    terminated: list[TerminatedSeatView] = []

    @rx.var
    def filtered(self) -> bool:
        return bool(self.search or self.status or self.department)

    def _read_filters(self) -> None:
        self.view = _choice(self._query("view"), VIEWS)
        self.status = _choice(self._query("status"), STATUSES)
        self.department = _text(self._query("dept"), 100)

    def _filter_params(self) -> dict[str, Any]:
        return {"view": self.view, "status": self.status, "dept": self.department}

    def _kept_params(self) -> tuple[str, ...]:
        return ("view",)

    def _fetch_rows(self, offset: int, limit: int) -> int:
        with read_session() as session:
            self.departments = [d.name for d in directory_facets.departments(session)]
            if self.view == "terminated":
                found, total = offboarding.terminated_seats(session, offset=offset, limit=limit)
                self.terminated, self.rows = [terminated_row(t) for t in found], []
            else:
                found, total = directory.list_people(
                    session,
                    search=self.search,
                    status=self.status,
                    department=self.department,
                    sort=self.sort,
                    descending=self.descending,
                    offset=offset,
                    limit=limit,
                )
                self.rows, self.terminated = [person_row(p) for p in found], []
        return total

    @handler(LIST_VIEW)
    def set_view(self, view: str):
        return self._navigate(view=_choice(view, VIEWS))

    @handler(LIST_VIEW)
    def set_status(self, status: str):
        chosen = _choice(status, STATUSES)
        return self._navigate(status="" if chosen == self.status else chosen)

    @handler(LIST_VIEW)
    def set_department(self, name: str):
        chosen = _text(name, 100)  # "all" (a select item cannot be blank) or a listed department
        return self._navigate(dept=chosen if chosen in self.departments else "")

    @handler("license.assign", toast=True)
    def reclaim(self, assignment_id: int):
        """Reclaim one terminated contact's seat listed in the view; on a license that is not
        reassignable the seat is retired rather than freed (seed 003: a leaver is always reclaimable)."""
        seat_id = _id(assignment_id)
        shown = next((t for t in self.terminated if t.id == seat_id), None)
        if shown is None:
            raise BadArgument(NOT_FOUND)
        with write_session() as session:
            seats.reclaim(session, self._actor(), seat_id)
        self.error = ""
        self._fetch()
        if not shown.reclaimable:
            return rx.toast.success(f"Seat of {shown.license} retired from {shown.name} — raise the total to reuse it")
        return rx.toast.success(f"Seat of {shown.license} reclaimed from {shown.name}")
