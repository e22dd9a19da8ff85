"""CSV export of a license's seat holders: the whole filtered set of "View all users".

Built for finance-sized files: rows stream from the database in batches (a
server-side cursor on PostgreSQL) and leave as CSV text chunks, so memory stays
flat however many seats there are. Dates, masks and formula guards are computed
in SQL (the guard tests csv_out's characters, shared by every export), which lets
the csv module write whole batches at C speed. Serial keys are masked unless the
caller asks to reveal them; a reveal is recorded in the audit trail before the
first byte leaves, and the caller must have checked the permission.
"""

from __future__ import annotations

from typing import Iterator

from sqlalchemy import case, func, literal, literal_column
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, Person
from license_hub.services.audit import audit_log
from license_hub.services.core import secrets
from license_hub.services.core.csv_out import FORMULA_START, CsvBuffer, defuse
from license_hub.services.core.errors import ValidationError
from license_hub.services.seats import seat_directory as sd

HEADER = (
    "Seat ID",
    "Holder",
    "Email",
    "Department",
    "Device",
    "Seat key",
    "Activated",
    "Assigned at",
    "Assigned by",
    "Last used",
    "Last sign-in",
    "Signal",
    "Status",
    "Reclaimed at",
    "Reclaimed by",
)
BATCH = 5000
_KEY_COLUMN = HEADER.index("Seat key")
# csv_out's formula characters as code points, the cheapest test in SQL.
_FORMULA_START: tuple[ColumnElement, ...] = tuple(literal_column(str(ord(ch))) for ch in FORMULA_START)


def _safe(expr: ColumnElement, dialect: str) -> ColumnElement:
    first = func.unicode(expr) if dialect == "sqlite" else func.ascii(expr)
    return case((first.in_(_FORMULA_START), literal("'") + expr), else_=expr)


def _iso_time(col, dialect: str) -> ColumnElement:
    if dialect == "sqlite":
        return func.strftime("%Y-%m-%dT%H:%M:%SZ", col)
    return func.to_char(func.timezone("UTC", col), 'YYYY-MM-DD"T"HH24:MI:SS"Z"')


def _iso_date(col, dialect: str) -> ColumnElement:
    return func.strftime("%Y-%m-%d", col) if dialect == "sqlite" else func.to_char(col, "YYYY-MM-DD")


def _masked_key() -> ColumnElement:
    m = secrets.MASK
    return case(
        (Assignment.seat_key_cipher.is_(None), ""),
        (Assignment.seat_key_hint != "", literal(f"{m}-{m}-") + Assignment.seat_key_hint),
        else_=f"{m}-{m}-{m}",
    )


def export_statement(q: sd.SeatQuery, dialect: str, reveal_keys: bool = False):
    def safe(expr):
        return _safe(expr, dialect)

    cols = [
        Assignment.id,
        safe(sd.holder_expr()),
        safe(sd.email_expr()),
        safe(sd.department_expr()),
        safe(sd.device_expr()),
        _masked_key(),
        _iso_date(Assignment.activated_on, dialect),
        _iso_time(Assignment.assigned_at, dialect),
        safe(Assignment.assigned_by),
        _iso_time(Assignment.last_used_at, dialect),
        _iso_time(Person.last_sign_in_at, dialect),
        sd.signal_expr(),
        sd.status_expr(q.cutoff),
        _iso_time(Assignment.revoked_at, dialect),
        safe(Assignment.revoked_by),
    ]
    if reveal_keys:
        cols.append(Assignment.seat_key_cipher)
    return sd.ordered(sd.filtered(select(*cols), q, dialect), q)


def _revealed(rows):
    for row in rows:
        out = list(row[:-1])
        out[_KEY_COLUMN] = defuse(secrets.decrypt(row[-1]) or "")  # a key is text someone typed
        yield out


def _generate(session: Session, q: sd.SeatQuery, reveal_keys: bool, batch: int) -> Iterator[str]:
    chunks = CsvBuffer()
    chunks.writer.writerow(HEADER)
    yield chunks.take()
    conn = session.connection()
    stmt = export_statement(q, conn.dialect.name, reveal_keys)
    # Core, not the ORM: plain tuples in batches (a server-side cursor on PostgreSQL).
    result = conn.execution_options(yield_per=batch).execute(stmt)
    try:
        for part in result.partitions():
            chunks.writer.writerows(_revealed(part) if reveal_keys else part)
            yield chunks.take()
    finally:
        result.close()


def _owned(q: sd.SeatQuery, reveal_keys: bool, batch: int) -> Iterator[str]:
    with read_session() as session:
        yield from _generate(session, q, reveal_keys, batch)


def stream_csv(
    query: sd.SeatQuery,
    *,
    reveal_keys: bool = False,
    actor: str = "",
    session: Session | None = None,
    batch: int = BATCH,
) -> Iterator[str]:
    """CSV text chunks (header first) for every seat the query matches, in its sort order.

    Validates and records any key reveal now, then streams lazily. Without `session`
    the generator opens its own read session and closes it when exhausted or closed,
    which is what a streaming HTTP response needs.
    """
    q = query.checked()
    if reveal_keys:
        if not actor:
            raise ValidationError({"actor": "A key reveal must name who asked for it"})
        with write_session() as ws:
            audit_log.record(
                ws,
                actor,
                "reveal_keys",
                "license",
                q.license_id,
                {"via": "seat_csv_export", "view": q.view, "search": q.search},
            )
    batch = max(100, min(int(batch), 50_000))
    return _generate(session, q, reveal_keys, batch) if session is not None else _owned(q, reveal_keys, batch)
