"""The search of "View all users": name, email, department or device contains the
term, any case. The page reads the seats alone: each carries its holder's search
text and what dormancy reads of the holder (copied by triggers, migration 0022),
indexed with trigrams (PostgreSQL, with the license) or FTS5 (SQLite). A term too
short for SQLite's trigram index, and the CSV export, go by the holders that match
(their trigram indexes, migration 0019, and one covering index of a holder's seats,
migration 0021). LIKE (ILIKE) always decides, so every way gives the plain search's
results exactly."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, String, and_, bindparam, case, func, literal_column, or_, table, union_all
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlmodel import select

from license_hub.models import Assignment, Device, Person
from license_hub.models.types import UTCDateTime
from license_hub.services.directory.listing import like_contains
from license_hub.services.reports import dormancy
from license_hub.services.seats.seat_query import SORTS, SeatQuery, directed, in_view, status_expr, wide_rows

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
    for scope in [in_view(replace(q, view=v)) for v in ("active", "reclaimed")] if every_view else [in_view(q)]:
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


@dataclass(frozen=True)
class SearchShape:
    """What a search's SQL text depends on; its values (license, term, cutoff, page)
    stay bound parameters, so the statement is built once per shape and reused:
    building it costs more than a narrow search takes to run."""

    sort: str
    descending: bool
    view: str
    fts: bool
    # The parameters themselves: the same for every shape, so not part of its identity.
    license_id: Any = field(default=bindparam("license_id", type_=Integer), compare=False)
    cutoff: Any = field(default=bindparam("cutoff", type_=UTCDateTime), compare=False)
    pattern: Any = field(default=bindparam("pattern", type_=String), compare=False)
    phrase: Any = field(default=bindparam("phrase", type_=String), compare=False)

    @staticmethod
    def of(q: SeatQuery) -> "SearchShape":
        return SearchShape(q.sort, q.descending, q.view, len(q.search) >= FTS_MIN)

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


def search_matches(q: SearchShape, dialect: str) -> Any:
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

    def selective(condition: ColumnElement) -> ColumnElement:
        # SQLite: matches are few, so each branch starts from what matched (a scan of
        # people or devices when no index can answer the term), never from all seats.
        return func.unlikely(condition) if dialect == "sqlite" else condition

    def of_people():
        stmt = (
            select(*people_cols)
            .select_from(Person)
            .join(Assignment, and_(Assignment.person_id == Person.id, license_id == q.license_id))
        )
        stmt = stmt.outerjoin(Device, Device.id == Assignment.device_id) if by_device else stmt
        stmt = stmt.where(selective(person_matches(nullable=False)))
        return stmt.where(Person.id.in_(fts_candidates("person_fts", q.phrase))) if fts else stmt

    on_devices = (
        select(*cols)
        .select_from(Device)
        .join(Assignment, and_(Assignment.device_id == Device.id, license_id == q.license_id))
        .outerjoin(Person, Person.id == Assignment.person_id)
        .where(selective(match(Device.name)), ~person_matches(nullable=True))
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


def holder_key(dialect: str) -> ColumnElement:
    """The holder sort key, lower(coalesce(person name, free-text name)): the first
    field of the seat's search text."""
    text_ = Assignment.search_text
    if dialect == "postgresql":
        return func.split_part(text_, literal_column("chr(31)"), 1)
    return func.substr(text_, 1, func.instr(text_, literal_column("char(31)")) - 1)


def seat_matches(q: SearchShape, dialect: str) -> Any:
    """Every seat of the license the search matches, in every view: (seat_id,
    sort_key, active, dormant), read from the seats alone. Their search text holds
    the holder's fields and their copies of the holder's status and last sign-in
    decide dormancy and status, so no holder is looked up per match (except to sort
    by the holder's email or department, or the device). The text is in lower case;
    LIKE of the lowered term on it is the plain search's ILIKE on each field
    (SQLite's LIKE ignores ASCII case already), since no term holds the separator."""
    one, zero = literal_column("1"), literal_column("0")
    active = Assignment.revoked_at.is_(None)
    dormant = dormancy.dormant_expr(q.cutoff, dormancy.SeatCopy)
    if q.sort == "holder":
        sort_key = holder_key(dialect)
    elif q.sort == "status":
        sort_key = status_expr(q.cutoff, rank=True, holder=dormancy.SeatCopy)
    else:
        sort_key = SORTS[q.sort](q)
    stmt = select(
        Assignment.id.label("seat_id"),
        sort_key.label("sort_key"),
        case((active, one), else_=zero).label("active"),
        case((and_(active, dormant), one), else_=zero).label("dormant"),
    ).select_from(Assignment)
    if q.sort in ("email", "department"):
        stmt = stmt.outerjoin(Person, Person.id == Assignment.person_id)
    if q.sort == "device":
        stmt = stmt.outerjoin(Device, Device.id == Assignment.device_id)
    if dialect == "postgresql":
        # One index holds the license and the text's trigrams (btree_gin).
        return stmt.where(
            Assignment.license_id == q.license_id, Assignment.search_text.like(func.lower(q.pattern), escape="\\")
        )
    # SQLite: the full-text table finds the matching seats of every license; "+ 0"
    # keeps the planner from walking this license's seats by its index instead.
    return stmt.where(
        Assignment.id.in_(fts_candidates("assignment_fts", q.phrase)),
        Assignment.license_id + 0 == q.license_id,
        Assignment.search_text.like(q.pattern, escape="\\"),
    )


@lru_cache(maxsize=256)
def searched_template(shape: SearchShape, dialect: str):
    """A search's page and every view's count from one read of its matches: the
    matches of all views are read once (a materialized CTE), counted per view, and
    only the chosen view's sorted, keeping the page's rows; the counts ride along as
    the last three columns."""
    # A term too short for SQLite's trigram index goes by the holders that match.
    matches = search_matches if dialect == "sqlite" and not shape.fts else seat_matches
    found = matches(shape, dialect).cte("found").prefix_with("MATERIALIZED")
    one = literal_column("1")
    views = {"active": found.c.active == one, "inactive": found.c.dormant == one, "reclaimed": found.c.active != one}
    counts = select(*(func.count(case((cond, one))).label(f"n_{view}") for view, cond in views.items())).subquery(
        "counts"
    )
    picked = (
        select(found.c.seat_id, found.c.sort_key)
        .where(views[shape.view])
        .order_by(*directed(found.c.sort_key, shape, found.c.seat_id))
        .offset(bindparam("offset", type_=Integer))
        .limit(bindparam("limit", type_=Integer))
        .subquery("picked")
    )
    return wide_rows(picked, shape, [counts.c[f"n_{view}"] for view in views], also=counts)


def searched_page_statement(q: SeatQuery, dialect: str, offset: int = 0, limit: int = 50):
    """The search's statement with its values bound (directory_page binds them at execution)."""
    return searched_template(SearchShape.of(q), dialect).params(SearchShape.values(q, offset, limit))
