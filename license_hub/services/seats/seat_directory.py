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
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, String, and_, bindparam, case, func, literal_column, or_, table, text, true, union_all
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlmodel import Session, select

from license_hub.models import Assignment, Device, Person
from license_hub.models.enums import PersonStatus
from license_hub.models.types import UTCDateTime, utcnow
from license_hub.services.core import secrets
from license_hub.services.core.errors import ValidationError
from license_hub.services.directory.listing import like_contains
from license_hub.services.reports import dormancy
from license_hub.services.reports.dormancy import SIGNAL_LOGIN, SIGNAL_NONE, SIGNAL_STATUS, SIGNAL_USAGE  # noqa: F401

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


def status_expr(cutoff: datetime, rank: bool = False) -> ColumnElement:
    """The seat's status: the "User status" signal split into its two causes, then
    any other dormant seat (idle, or a holder status added to dormancy.GONE later)."""
    label = (lambda s: _STATUS_RANK[s]) if rank else (lambda s: s)
    return case(
        (Assignment.revoked_at.is_not(None), label(STATUS_RECLAIMED)),
        (Person.status == PersonStatus.OFFBOARDED.value, label(STATUS_TERMINATED)),
        (Person.status == PersonStatus.INACTIVE.value, label(STATUS_INACTIVE_USER)),
        (dormancy.dormant_expr(cutoff), label(STATUS_DORMANT)),
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
            search=str(self.search or "").strip()[:200],
            sort=sort,
            descending=bool(self.descending),
            now=self.now or utcnow(),
        )

    @property
    def cutoff(self) -> datetime:
        return dormancy.cutoff_for(self.now, self.dormant_days)


def _in_view(q: SeatQuery) -> list[ColumnElement]:
    revoked = Assignment.revoked_at.is_not(None) if q.view == "reclaimed" else Assignment.revoked_at.is_(None)
    return [Assignment.license_id == q.license_id, revoked]


FTS_MIN = 3  # a trigram index cannot answer a shorter term: those scan, as before


def fts_phrase(term: str) -> str:
    """The term as one FTS5 phrase: matched as a substring by the trigram tokenizer,
    every character literal."""
    return '"' + term.replace('"', '""') + '"'


def fts_candidates(fts_table: str, term: str | BindParameter):
    """Row ids whose indexed columns contain the term (SQLite FTS5, migration 0019);
    a bound parameter stands for the term's phrase (fts_phrase)."""
    phrase = fts_phrase(term) if isinstance(term, str) else term
    return (
        select(literal_column("rowid"))
        .select_from(table(fts_table))
        .where(literal_column(fts_table).op("MATCH")(phrase))
    )


def search_clause(q: SeatQuery, dialect: str, *, every_view: bool = False) -> ColumnElement:
    """Name, email, department or device contains the term, any case.

    Three selective branches (seats of matching people, of matching devices, and
    free-text seats) instead of one OR over a join, each driven by what matched:
    trigram indexes find the people and devices, then each one's seats are looked up
    by holder (person_id IN ..., device_id IN ..., never "IS NOT NULL", which turns
    the lookups into a walk over every seat of the license), and a partial index
    finds the rare free-text seats. Every branch keeps to the license, so the
    matches alone drive the query. `every_view` matches the license's seats in all
    views at once, for the view counts."""
    pattern = like_contains(q.search)

    def match(col):
        # SQLite's LIKE already ignores ASCII case (as its lower() does); PostgreSQL needs ILIKE.
        return col.like(pattern, escape="\\") if dialect == "sqlite" else col.ilike(pattern, escape="\\")

    people = select(Person.id).where(or_(match(Person.name), match(Person.email), match(Person.department)))
    devices = select(Device.id).where(match(Device.name))
    if dialect == "sqlite" and len(q.search) >= FTS_MIN:
        # The trigram index narrows to the rows holding the term (any case, a superset of
        # what LIKE accepts); LIKE above still decides, so the results are LIKE's exactly.
        people = people.where(Person.id.in_(fts_candidates("person_fts", q.search)))
        devices = devices.where(Device.id.in_(fts_candidates("device_fts", q.search)))
    empty: ColumnElement = literal_column("''")  # a literal, not a parameter, so SQLite can match the partial index
    free_text = or_(Assignment.assignee_name != empty, Assignment.device_name != empty)
    branches = []
    # Each view on its own (not "any view"), so every branch has an index that fits.
    for scope in [_in_view(replace(q, view=v)) for v in ("active", "reclaimed")] if every_view else [_in_view(q)]:
        # The holders' seats on this license, looked up by holder: on SQLite "+ 0" keeps the
        # planner from walking the license's 100,000 seats by its license index instead
        # (PostgreSQL's planner needs no help, and would misjudge the expression).
        license_id = Assignment.license_id + 0 if dialect == "sqlite" else Assignment.license_id
        of_license = [license_id == q.license_id, *scope[1:]]
        branches += [
            select(Assignment.id).where(Assignment.person_id.in_(people), *of_license),
            select(Assignment.id).where(Assignment.device_id.in_(devices), *of_license),
            select(Assignment.id).where(
                *scope,
                free_text,
                or_(
                    and_(Assignment.assignee_name != "", match(Assignment.assignee_name)),
                    and_(Assignment.device_name != "", match(Assignment.device_name)),
                ),
            ),
        ]
    hits: Any = union_all(*branches)
    return Assignment.id.in_(hits)


def _needs(q: SeatQuery) -> tuple[bool, bool]:
    """Whether the filter and sort (not the columns) need the person and device joins."""
    person = q.view == "inactive" or q.sort in ("holder", "email", "department", "status")
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
    stmt = stmt.where(search_clause(q, dialect)) if q.search else stmt.where(*_in_view(q))
    if q.view == "inactive":
        stmt = stmt.where(dormancy.dormant_expr(q.cutoff))
    return stmt


def filtered(stmt, q: SeatQuery, dialect: str):
    """Every join: for statements that show the holder's columns (the export)."""
    return narrowed(stmt, q, dialect)


def _directed(key, q: SeatQuery | _Shape, tiebreak):
    order = key.desc() if q.descending else key.asc()
    return order.nulls_last(), tiebreak.desc() if q.descending else tiebreak.asc()


def ordered(stmt, q: SeatQuery):
    return stmt.order_by(*_directed(SORTS[q.sort](q), q, Assignment.id))


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
        .order_by(*_directed(key, q, Assignment.id))
        .offset(offset)
        .limit(limit)
        .subquery("picked")
    )
    return _wide(picked, q, [picked.c.total] if counted else [])


def _wide(picked, q: SeatQuery | _Shape, extra: list, also: Any = None) -> Any:
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
        .order_by(*_directed(picked.c.sort_key, q, picked.c.seat_id))
    )


@dataclass(frozen=True)
class _Shape:
    """What a search's SQL text depends on; its values (license, term, cutoff, page)
    stay bound parameters, so the statement is built once per shape and reused:
    building it costs more than a narrow search takes to run."""

    sort: str
    descending: bool
    view: str
    fts: bool
    license_id: Any = bindparam("license_id", type_=Integer)
    cutoff: Any = bindparam("cutoff", type_=UTCDateTime)
    pattern: Any = bindparam("pattern", type_=String)
    phrase: Any = bindparam("phrase", type_=String)

    @staticmethod
    def of(q: SeatQuery) -> "_Shape":
        return _Shape(q.sort, q.descending, q.view, len(q.search) >= FTS_MIN)

    @staticmethod
    def values(q: SeatQuery, offset: int, limit: int) -> dict[str, Any]:
        term = q.search
        return {
            "license_id": q.license_id,
            "cutoff": q.cutoff,
            "pattern": like_contains(term),
            "phrase": fts_phrase(term),
            "offset": offset,
            "limit": limit,
        }


def _search_matches(q: _Shape, dialect: str) -> Any:
    """Every seat of the license the search matches, in every view, each once: (seat_id,
    sort_key, active, dormant). Three disjoint branches, each read straight from what
    matched, with the holder's columns at hand so nothing is looked up twice: seats of
    matching people; seats on matching devices whose person does not match; free-text
    seats that neither matches. Together they are exactly the plain OR over the joins."""

    def match(col):
        # SQLite's LIKE already ignores ASCII case (as its lower() does); PostgreSQL needs ILIKE.
        if dialect == "sqlite":
            return col.like(q.pattern, escape="\\")
        return col.ilike(q.pattern, escape="\\")

    def person_matches(nullable: bool) -> ColumnElement:
        cols = (Person.name, Person.email, Person.department)
        return or_(*(match(func.coalesce(c, "") if nullable else c) for c in cols))

    def device_matches() -> ColumnElement:
        return match(func.coalesce(Device.name, ""))

    # On SQLite "+ 0" keeps the planner from walking the license's seats by its license
    # index: the matches drive (PostgreSQL's planner needs no help).
    license_id = Assignment.license_id + 0 if dialect == "sqlite" else Assignment.license_id
    active = Assignment.revoked_at.is_(None)
    one, zero = literal_column("1"), literal_column("0")
    dormant = case((and_(active, dormancy.dormant_expr(q.cutoff)), one), else_=zero)
    cols = (
        Assignment.id.label("seat_id"),
        SORTS[q.sort](q).label("sort_key"),
        case((active, one), else_=zero).label("active"),
        dormant.label("dormant"),
    )
    by_device = q.sort == "device"
    # A person holds these seats, so the holder is their name: said so, the active
    # seats' lookup never leaves its index.
    people_cols = (cols[0], func.lower(Person.name).label("sort_key"), *cols[2:]) if q.sort == "holder" else cols
    # The trigram index narrows to the rows holding the term (a superset of what LIKE
    # accepts); LIKE still decides, so the results are LIKE's exactly.
    fts = dialect == "sqlite" and q.fts

    def of_people():
        stmt = (
            select(*people_cols)
            .select_from(Person)
            .join(Assignment, and_(Assignment.person_id == Person.id, Assignment.license_id == q.license_id))
        )
        stmt = stmt.outerjoin(Device, Device.id == Assignment.device_id) if by_device else stmt
        stmt = stmt.where(person_matches(nullable=False))
        return stmt.where(Person.id.in_(fts_candidates("person_fts", q.phrase))) if fts else stmt

    on_devices = (
        select(*cols)
        .select_from(Device)
        .join(Assignment, and_(Assignment.device_id == Device.id, license_id == q.license_id))
        .outerjoin(Person, Person.id == Assignment.person_id)
        .where(match(Device.name), ~person_matches(nullable=True))
    )
    if fts:
        on_devices = on_devices.where(Device.id.in_(fts_candidates("device_fts", q.phrase)))
    empty: ColumnElement = literal_column("''")  # a literal, not a parameter, so SQLite can match the partial index

    def free_text(scope: ColumnElement):
        return (
            select(*cols)
            .select_from(Assignment)
            .outerjoin(Person, Person.id == Assignment.person_id)
            .outerjoin(Device, Device.id == Assignment.device_id)
            .where(
                Assignment.license_id == q.license_id,
                scope,
                or_(Assignment.assignee_name != empty, Assignment.device_name != empty),
                or_(
                    and_(Assignment.assignee_name != empty, match(Assignment.assignee_name)),
                    and_(Assignment.device_name != empty, match(Assignment.device_name)),
                ),
                ~person_matches(nullable=True),
                ~device_matches(),
            )
        )

    # The free-text seats per view: the partial index that finds them fits each view.
    reclaimed = Assignment.revoked_at.is_not(None)
    return union_all(of_people(), on_devices, free_text(active), free_text(reclaimed))


@lru_cache(maxsize=256)
def _searched_template(shape: _Shape, dialect: str):
    """A search's page and every view's count from one read of its matches: the
    matches of all views are read once (a materialized CTE), counted per view, and
    only the chosen view's sorted, keeping the page's rows; the counts ride along as
    the last three columns."""
    found = _search_matches(shape, dialect).cte("found").prefix_with("MATERIALIZED")
    one = literal_column("1")
    views = {"active": found.c.active == one, "inactive": found.c.dormant == one, "reclaimed": found.c.active != one}
    counts = select(*(func.count(case((cond, one))).label(f"n_{view}") for view, cond in views.items())).subquery(
        "counts"
    )
    picked = (
        select(found.c.seat_id, found.c.sort_key)
        .where(views[shape.view])
        .order_by(*_directed(found.c.sort_key, shape, found.c.seat_id))
        .offset(bindparam("offset", type_=Integer))
        .limit(bindparam("limit", type_=Integer))
        .subquery("picked")
    )
    return _wide(picked, shape, [counts.c[f"n_{view}"] for view in views], also=counts)


def searched_page_statement(q: SeatQuery, dialect: str, offset: int = 0, limit: int = 50):
    """The search's statement with its values bound (directory_page binds them at execution)."""
    return _searched_template(_Shape.of(q), dialect).params(_Shape.values(q, offset, limit))


def count_statement(q: SeatQuery, dialect: str):
    return narrowed(select(func.count(Assignment.id)), q, dialect, person=q.view == "inactive", device=False)


def list_seat_holders(session: Session, query: SeatQuery, *, offset: int = 0, limit: int = 50) -> SeatPage:
    q = query.checked()
    offset, limit = max(int(offset), 0), max(1, min(int(limit), MAX_PAGE))
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
            # Each match costs a couple of cached index lookups; at the default cost of a
            # random read PostgreSQL would rather hash the license's 100,000 seats.
            session.exec(text("SET LOCAL random_page_cost = 1.1"))
        template = _searched_template(_Shape.of(q), dialect)
        found = session.exec(template, params=_Shape.values(q, offset, limit)).all()
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
            func.count(case((and_(active, dormancy.dormant_expr(q.cutoff)), one))),
            func.count(case((Assignment.revoked_at.is_not(None), one))),
        )
        .select_from(Assignment)
        .outerjoin(Person, Person.id == Assignment.person_id)
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
