""" "View all users" for one license (seed 003): who holds its seats, searchable,
sortable by every column, filterable to inactive seats and to reclaimed history,
paged in SQL.

Dormancy and the signal come from dormancy, the one definition the Utilization
report uses too, so the two pages always flag the same seats. The same SQL
expressions feed the page, its count and the CSV export, so the three can never
disagree either.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import and_, case, func, literal_column, text
from sqlmodel import Session, select

from license_hub.models import Assignment, Device, Person
from license_hub.services.core import secrets
from license_hub.services.reports import dormancy
from license_hub.services.reports.dormancy import SIGNAL_LOGIN, SIGNAL_NONE, SIGNAL_STATUS, SIGNAL_USAGE  # noqa: F401
from license_hub.services.seats.seat_query import (  # noqa: F401 - the page's vocabulary, used from here
    DEFAULT_DORMANT_DAYS,
    MAX_PAGE,
    SORTS,
    STATUS_ACTIVE,
    STATUS_DORMANT,
    STATUS_INACTIVE_USER,
    STATUS_RECLAIMED,
    STATUS_TERMINATED,
    VIEWS,
    SeatQuery,
    department_expr,
    device_expr,
    directed,
    dormant_expr,
    email_expr,
    holder_expr,
    in_view,
    signal_expr,
    status_expr,
    wide_rows,
)
from license_hub.services.seats.seat_search import SearchShape, search_clause, searched_template

SEARCH_PLAN = "SELECT set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)"


def _needs(q: SeatQuery) -> tuple[bool, bool]:
    """Whether the sort (not the columns) needs the person and device joins: the
    inactive view's filter reads the seat's copy of its holder (migration 0022)."""
    person = q.sort in ("holder", "email", "department", "status")
    return person, q.sort == "device"


def narrowed(stmt, q: SeatQuery, dialect: str, *, person: bool = True, device: bool = True):
    """The one license's seats in the chosen view, with only the joins asked for."""
    stmt = stmt.select_from(Assignment)
    if person:
        stmt = stmt.outerjoin(Person, Person.id == Assignment.person_id)
    if device:
        stmt = stmt.outerjoin(Device, Device.id == Assignment.device_id)
    # A search's matches are already this license's seats in this view: asking again
    # would let SQLite walk the license's seats instead of looking up the matches.
    stmt = stmt.where(search_clause(q, dialect)) if q.search else stmt.where(*in_view(q))
    if q.view == "inactive":
        stmt = stmt.where(dormancy.dormant_expr(q.cutoff, dormancy.SeatCopy))
    return stmt


def filtered(stmt, q: SeatQuery, dialect: str):
    """Every join: for statements that show the holder's columns (the export)."""
    return narrowed(stmt, q, dialect)


def ordered(stmt, q: SeatQuery):
    return stmt.order_by(*directed(SORTS[q.sort](q), q, Assignment.id))


@dataclass(frozen=True)
class SeatDirectoryRow:
    """One seat as the table shows it: the serial key only masked."""

    id: int
    person_id: int | None
    holder: str
    email: str
    department: str
    device: str
    seat_key_masked: str
    activated_on: date | None
    assigned_at: datetime
    assigned_by: str
    last_used_at: datetime | None
    last_sign_in_at: datetime | None
    signal: str
    status: str
    revoked_at: datetime | None
    revoked_by: str

    @property
    def contact_terminated(self) -> bool:
        """Seed 000's red "Contact terminated — reclaim" badge."""
        return self.status == STATUS_TERMINATED

    @property
    def inactive(self) -> bool:
        return self.status in (STATUS_TERMINATED, STATUS_INACTIVE_USER, STATUS_DORMANT)

    @property
    def last_seen(self) -> datetime | None:
        """The date the signal judged by."""
        if self.signal == SIGNAL_USAGE:
            return self.last_used_at
        return self.last_sign_in_at if self.signal == SIGNAL_LOGIN else None


@dataclass(frozen=True)
class SeatPage:
    rows: tuple[SeatDirectoryRow, ...]
    total: int
    offset: int
    limit: int


def _scans(q: SeatQuery) -> bool:
    """A search or the inactive view reads every seat of the license anyway."""
    return bool(q.search) or q.view == "inactive"


def page_statement(q: SeatQuery, dialect: str, offset: int = 0, limit: int = 50, *, counted: bool | None = None):
    """A deferred join: sort only (key, id) to find the page's seats, then build the
    wide rows for those few, so a 100,000-seat sort never carries every column.
    `counted` (by default when the filter must read every seat anyway) has the same
    pass count them (a window count, last column); without it the database keeps
    only the page's rows while sorting, and the caller counts separately."""
    counted = _scans(q) if counted is None else counted
    person, device = _needs(q)
    key = SORTS[q.sort](q).label("sort_key")
    seat_id = Assignment.id.label("seat_id")
    inner_cols = [seat_id, key] + ([func.count().over().label("total")] if counted else [])
    picked = (
        narrowed(select(*inner_cols), q, dialect, person=person, device=device)
        .order_by(*directed(key, q, Assignment.id))
        .offset(offset)
        .limit(limit)
        .subquery("picked")
    )
    return wide_rows(picked, q, [picked.c.total] if counted else [])


def count_statement(q: SeatQuery, dialect: str):
    return narrowed(select(func.count(Assignment.id)), q, dialect, person=False, device=False)


def list_seat_holders(session: Session, query: SeatQuery, *, offset: int = 0, limit: int = 50) -> SeatPage:
    q = query.checked()
    offset, limit = max(int(offset), 0), max(1, min(int(limit), MAX_PAGE))
    if q.search:  # the page's own search, which reads the seats alone
        return directory_page(session, q, offset=offset, limit=limit)[0]
    dialect = session.get_bind().dialect.name
    found = session.exec(page_statement(q, dialect, offset, limit)).all()
    if _scans(q) and found:
        total = found[0][-1]
    else:  # an index-only count, or a page past the end
        total = session.exec(count_statement(q, dialect)).one()
    return SeatPage(_rows(found), int(total), offset, limit)


def directory_page(
    session: Session, query: SeatQuery, *, offset: int = 0, limit: int = 50
) -> tuple[SeatPage, dict[str, int]]:
    """What the page shows: one page of seats and the view chips' counts. The chip of
    the chosen view is the page's total, so the seats are counted once (for a search,
    in the same pass that finds the page), and the sort keeps only the page's rows."""
    q = query.checked()
    offset, limit = max(int(offset), 0), max(1, min(int(limit), MAX_PAGE))
    dialect = session.get_bind().dialect.name
    if q.search:
        if dialect == "postgresql":
            # Every branch starts from its matches and looks up their seats by index;
            # costing reads as if uncached, PostgreSQL would rather hash all the
            # license's seats, which measured slower for every search, even one
            # matching every holder. For this transaction only.
            session.exec(text(SEARCH_PLAN))
        template = searched_template(SearchShape.of(q), dialect)
        found = session.exec(template, params=SearchShape.values(q, offset, limit)).all()
        # a page past the end has no row to carry the counts
        counts = dict(zip(VIEWS, (int(n) for n in found[0][-3:]))) if found else view_counts(session, q)
    else:
        counts = view_counts(session, q)
        found = session.exec(page_statement(q, dialect, offset, limit, counted=False)).all()
    return SeatPage(_rows(found), counts[q.view], offset, limit), counts


def _rows(found) -> tuple[SeatDirectoryRow, ...]:
    return tuple(
        SeatDirectoryRow(
            id=r[0],
            person_id=r[1],
            holder=r[2] or "",
            email=r[3] or "",
            department=r[4] or "",
            device=r[5] or "",
            seat_key_masked=secrets.mask(bool(r[6]), r[7]),
            activated_on=r[8],
            assigned_at=r[9],
            assigned_by=r[10],
            last_used_at=r[11],
            last_sign_in_at=r[12],
            signal=r[13],
            status=r[14],
            revoked_at=r[15],
            revoked_by=r[16],
        )
        for r in found
    )


def counts_statement(q: SeatQuery, dialect: str):
    """Every view's count of the seats matching a search, in one pass over them."""
    active = Assignment.revoked_at.is_(None)
    one = literal_column("1")
    return (
        select(
            func.count(case((active, one))),
            func.count(case((and_(active, dormancy.dormant_expr(q.cutoff, dormancy.SeatCopy)), one))),
            func.count(case((Assignment.revoked_at.is_not(None), one))),
        )
        .select_from(Assignment)
        .where(search_clause(q, dialect, every_view=True))
    )


def view_counts(session: Session, query: SeatQuery) -> dict[str, int]:
    """Live counts for the view chips (same search, every view). A search counts
    its matches once for all three; without one, the active and reclaimed counts
    are index-only and only the inactive one reads the seats."""
    q = query.checked()
    dialect = session.get_bind().dialect.name
    if q.search:
        return dict(zip(VIEWS, (int(n) for n in session.exec(counts_statement(q, dialect)).one())))
    return {view: int(session.exec(count_statement(replace(q, view=view), dialect)).one()) for view in VIEWS}
