"""What one "View all users" query is (seed 003): one license, a view, a search and
a sort, and the SQL expressions of the seat table's columns. The page, its counts,
its search and the CSV export all build on these, so they can never disagree."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import select

from license_hub.models import Assignment, Device, Person
from license_hub.models.enums import PersonStatus
from license_hub.models.types import utcnow
from license_hub.services.core.errors import ValidationError
from license_hub.services.reports import dormancy

if TYPE_CHECKING:
    from license_hub.services.seats.seat_search import SearchShape

DEFAULT_DORMANT_DAYS = dormancy.DEFAULT_WINDOW_DAYS
MAX_PAGE = 200

VIEWS = {"active": "Active seats", "inactive": "Inactive seats", "reclaimed": "Reclaimed"}

STATUS_TERMINATED = "Contact terminated"
STATUS_INACTIVE_USER = "Inactive user"
STATUS_DORMANT = "Dormant"
STATUS_ACTIVE = "Active"
STATUS_RECLAIMED = "Reclaimed"
_STATUS_RANK = {STATUS_TERMINATED: 0, STATUS_INACTIVE_USER: 1, STATUS_DORMANT: 2, STATUS_ACTIVE: 3, STATUS_RECLAIMED: 4}


def holder_expr() -> ColumnElement:
    return func.coalesce(Person.name, Assignment.assignee_name)


def device_expr() -> ColumnElement:
    return func.coalesce(Device.name, Assignment.device_name)


def email_expr() -> ColumnElement:
    return func.coalesce(Person.email, "")


def department_expr() -> ColumnElement:
    return func.coalesce(Person.department, "")


def dormant_expr(cutoff: datetime) -> ColumnElement:
    """The seat is reclaimable (see dormancy): the holder is gone, or it is idle."""
    return dormancy.dormant_expr(cutoff)


def signal_expr() -> ColumnElement:
    """The signal's label; a reclaimed seat has none."""
    return dormancy.signal_label_expr((Assignment.revoked_at.is_not(None), ""))


def status_expr(cutoff: datetime, rank: bool = False, holder: dormancy.Holder = Person) -> ColumnElement:
    """The seat's status: the "User status" signal split into its two causes, then
    any other dormant seat (idle, or a holder status added to dormancy.GONE later).
    `holder` is where the holder's status is read: the person, or the seat's copy."""
    label = (lambda s: _STATUS_RANK[s]) if rank else (lambda s: s)
    return case(
        (Assignment.revoked_at.is_not(None), label(STATUS_RECLAIMED)),
        (holder.status == PersonStatus.OFFBOARDED.value, label(STATUS_TERMINATED)),
        (holder.status == PersonStatus.INACTIVE.value, label(STATUS_INACTIVE_USER)),
        (dormancy.dormant_expr(cutoff, holder), label(STATUS_DORMANT)),
        else_=label(STATUS_ACTIVE),
    )


SORTS = {
    "holder": lambda q: func.lower(holder_expr()),
    "email": lambda q: func.lower(email_expr()),
    "department": lambda q: func.lower(department_expr()),
    "device": lambda q: func.lower(device_expr()),
    "activated": lambda q: Assignment.activated_on,
    "assigned": lambda q: Assignment.assigned_at,
    "last_used": lambda q: Assignment.last_used_at,
    "status": lambda q: status_expr(q.cutoff, rank=True),
    "reclaimed": lambda q: Assignment.revoked_at,
}


def _printable(term: str) -> str:
    """The term without control characters: a search box cannot type them, and the
    seat's search text separates its fields with one (migration 0022)."""
    return "".join(ch for ch in term if ch >= " " and ch != "\x7f")


@dataclass(frozen=True)
class SeatQuery:
    """What the page (and its export) shows: one license, a view, a search, a sort."""

    license_id: int
    search: str = ""
    view: str = "active"
    sort: str = "holder"
    descending: bool = False
    dormant_days: int = DEFAULT_DORMANT_DAYS
    now: datetime | None = None

    def checked(self) -> "SeatQuery":
        if self.view not in VIEWS:
            raise ValidationError({"view": "Choose active seats, inactive seats or reclaimed"})
        dormancy.check_window(self.dormant_days, "dormant_days")
        sort = self.sort if self.sort in SORTS else "holder"  # a whitelist: anything else sorts by holder
        return replace(
            self,
            license_id=int(self.license_id),
            search=_printable(str(self.search or "")).strip()[:200],
            sort=sort,
            descending=bool(self.descending),
            now=self.now or utcnow(),
        )

    @property
    def cutoff(self) -> datetime:
        return dormancy.cutoff_for(self.now, self.dormant_days)


def in_view(q: SeatQuery) -> list[ColumnElement]:
    revoked = Assignment.revoked_at.is_not(None) if q.view == "reclaimed" else Assignment.revoked_at.is_(None)
    return [Assignment.license_id == q.license_id, revoked]


def directed(key, q: SeatQuery | SearchShape, tiebreak):
    order = key.desc() if q.descending else key.asc()
    return order.nulls_last(), tiebreak.desc() if q.descending else tiebreak.asc()


def wide_rows(picked, q: SeatQuery | SearchShape, extra: list, also: Any = None) -> Any:
    """The page's seats (`picked`: seat_id, sort_key) as the table's rows, in order;
    `also` is a one-row FROM whose columns (in `extra`) every row carries."""
    cols = (
        Assignment.id,
        Assignment.person_id,
        holder_expr(),
        email_expr(),
        department_expr(),
        device_expr(),
        Assignment.seat_key_cipher.is_not(None),
        Assignment.seat_key_hint,
        Assignment.activated_on,
        Assignment.assigned_at,
        Assignment.assigned_by,
        Assignment.last_used_at,
        Person.last_sign_in_at,
        signal_expr(),
        status_expr(q.cutoff),
        Assignment.revoked_at,
        Assignment.revoked_by,
        *extra,
    )
    stmt = select(*cols).select_from(picked if also is None else picked.join(also, true()))
    return (
        stmt.join(Assignment, Assignment.id == picked.c.seat_id)
        .outerjoin(Person, Person.id == Assignment.person_id)
        .outerjoin(Device, Device.id == Assignment.device_id)
        .order_by(*directed(picked.c.sort_key, q, picked.c.seat_id))
    )
