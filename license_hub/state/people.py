"""/people — the people directory: who can hold seats, searchable, filterable by
status and department, sortable, 50 a page; and the "Terminated contacts' seats"
view, every active seat held by someone offboarded, across licenses, each with
Reclaim. The URL holds the filters."""
from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.models.enums import PersonStatus
from license_hub.services.directory import listing as directory
from license_hub.services.directory import directory_facets
from license_hub.services.directory import offboarding
from license_hub.services.seats import assignments as seats
from license_hub.state import views
from license_hub.state.base import NOT_FOUND, AppState, BadArgument, _choice, _fmt_date, _id, _page, _text, handler

PAGE_SIZE = 50
STATUSES = tuple(s.value for s in PersonStatus)
STATUS_LABELS = {"active": "Active", "inactive": "Inactive", "offboarded": "Offboarded"}
SORTS = tuple(directory.PEOPLE_SORTS)
DEFAULT_SORT = "name"
VIEWS = ("terminated",)


def when(moment: datetime | None, never: str = "Never") -> str:
    return _fmt_date(moment.date()) if moment else never


def person_row(p: directory.PersonRow) -> dict[str, Any]:
    return {
        "id": p.id, "href": f"/people/{p.id}", "name": p.name, "email": p.email or "—",
        "department": p.department or "—", "location": p.location or "—", "manager": p.manager or "—",
        "manager_href": f"/people/{p.manager_id}" if p.manager_id else "", "status": p.status,
        "last_sign_in": when(p.last_sign_in_at), "seats": p.active_seats,
        "initials": views.initials(p.name), "avatar_color": views.avatar_color(p.name),
    }


def terminated_row(t: offboarding.TerminatedSeat) -> dict[str, Any]:
    return {
        "id": t.assignment_id, "license_href": f"/licenses/{t.license_id}", "software": t.software,
        "license": t.license_name or t.software, "person_href": f"/people/{t.person_id}", "name": t.name,
        "email": t.email or "—", "offboarded": when(t.offboarded_at, "—"), "activated": _fmt_date(t.activated_on),
        "reclaimable": t.reclaimable,
    }


class PeopleState(AppState):
    rows: list[dict[str, Any]] = []
    total: int = 0
    page: int = 1
    search: str = ""
    status: str = ""
    department: str = ""
    sort: str = DEFAULT_SORT
    descending: bool = False
    view: str = ""
    departments: list[str] = []
    terminated: list[dict[str, Any]] = []
    error: str = ""
    loaded: bool = False

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var
    def range_label(self) -> str:
        if not self.total:
            return "No one"
        first = (self.page - 1) * PAGE_SIZE + 1
        return f"{first}–{min(self.page * PAGE_SIZE, self.total)} of {self.total}"

    @rx.var
    def filtered(self) -> bool:
        return bool(self.search or self.status or self.department)

    def _url(self, **changes: Any) -> str:
        params = {"view": self.view, "q": self.search, "status": self.status, "dept": self.department,
                  "sort": "" if self.sort == DEFAULT_SORT else self.sort, "dir": "desc" if self.descending else "",
                  "page": self.page}
        params.update(changes)
        if params.get("page") == 1:
            params["page"] = ""
        query = urlencode({k: v for k, v in params.items() if v not in ("", None, 0)})
        return "/people" + (f"?{query}" if query else "")

    @handler("license.view")
    def load(self):
        self.loaded, self.error = True, ""
        self.view = _choice(self._query("view"), VIEWS)
        self.search = _text(self._query("q"), 100)
        self.status = _choice(self._query("status"), STATUSES)
        self.department = _text(self._query("dept"), 100)
        self.sort = _choice(self._query("sort"), SORTS, DEFAULT_SORT)
        self.descending = self._query("dir", 4) == "desc"
        self.page = _page(self._query("page"))
        self._fetch()

    def _fetch(self) -> None:
        offset = (self.page - 1) * PAGE_SIZE
        with read_session() as session:
            self.departments = [d.name for d in directory_facets.departments(session)]
            if self.view == "terminated":
                found, total = offboarding.terminated_seats(session, offset=offset, limit=PAGE_SIZE)
                self.terminated, self.rows = [terminated_row(t) for t in found], []
            else:
                found, total = directory.list_people(
                    session, search=self.search, status=self.status, department=self.department, sort=self.sort,
                    descending=self.descending, offset=offset, limit=PAGE_SIZE)
                self.rows, self.terminated = [person_row(p) for p in found], []
        self.total = total
        if total and offset >= total and self.page > 1:  # past the end, e.g. after a reclaim
            self.page = max(1, -(-total // PAGE_SIZE))
            self._fetch()

    @handler("license.view")
    def refresh(self):
        self._fetch()

    @handler("license.view")
    def set_view(self, view: str):
        return rx.redirect(self._url(view=_choice(view, VIEWS), page=1), replace=True)

    @handler("license.view")
    def set_search(self, text: str):
        return rx.redirect(self._url(q=_text(text, 100), page=1), replace=True)

    @handler("license.view")
    def set_status(self, status: str):
        chosen = _choice(status, STATUSES)
        return rx.redirect(self._url(status="" if chosen == self.status else chosen, page=1), replace=True)

    @handler("license.view")
    def set_department(self, name: str):
        chosen = _text(name, 100)  # "all" (a select item cannot be blank) or a listed department
        return rx.redirect(self._url(dept=chosen if chosen in self.departments else "", page=1), replace=True)

    @handler("license.view")
    def set_sort(self, key: str):
        chosen = _choice(key, SORTS, DEFAULT_SORT)
        descending = not self.descending if chosen == self.sort else False
        return rx.redirect(self._url(sort="" if chosen == DEFAULT_SORT else chosen,
                                     dir="desc" if descending else "", page=1), replace=True)

    @handler("license.view")
    def go_page(self, page: int):
        return rx.redirect(self._url(page=min(_page(page), self.page_count)))

    @handler("license.view")
    def clear_filters(self):
        return rx.redirect(self._url(q="", status="", dept="", page=1), replace=True)

    @handler("license.assign", toast=True)
    def reclaim(self, assignment_id: int):
        """Reclaim one terminated contact's seat listed in the view (the reassignable rule may refuse)."""
        seat_id = _id(assignment_id)
        shown = next((t for t in self.terminated if t["id"] == seat_id), None)
        if shown is None:
            raise BadArgument(NOT_FOUND)
        with write_session() as session:
            seats.reclaim(session, self._actor(), seat_id)
        self.error = ""
        self._fetch()
        return rx.toast.success(f"Seat of {shown['license']} reclaimed from {shown['name']}")
