"""Engine, sessions and the row-lock helper.

SQLite and PostgreSQL lock differently: PostgreSQL locks the license row with
SELECT ... FOR UPDATE, SQLite has no row locks, so a writing transaction starts
with BEGIN IMMEDIATE and holds the database write lock from its first statement.
Services only ever call `write_session()` and `lock_row()`; the dialect detail
stays here.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine, select

from license_hub import settings as settings_mod

T = TypeVar("T", bound=SQLModel)

_BEGIN_OPTION = "license_hub_begin"
SQLITE_MMAP_BYTES = 1 << 30  # address space, not memory: the OS pages in what is read
SQLITE_CACHE_KIB = 16 * 1024  # per connection, filled only as pages are used


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        eng = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=10,
            max_overflow=20,
        )
        _configure_sqlite(eng)
        return eng
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _configure_sqlite(eng: Engine) -> None:
    @event.listens_for(eng, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - driver hook
        # Let SQLAlchemy's "begin" event emit BEGIN itself, so we can choose IMMEDIATE.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        # Reads map the file instead of copying each page through a 2 MB cache: at a
        # million seats a report or a search touches far more pages than that.
        cur.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cur.close()

    @event.listens_for(eng, "begin")
    def _on_begin(conn):  # pragma: no cover - driver hook
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def engine() -> Engine:
    return engine_for(settings_mod.settings.db_url)


def is_sqlite(eng: Engine | None = None) -> bool:
    return (eng or engine()).dialect.name == "sqlite"


@contextmanager
def read_session() -> Iterator[Session]:
    """A session for queries; nothing it does is committed."""
    with Session(engine(), expire_on_commit=False) as session:
        yield session


@contextmanager
def write_session() -> Iterator[Session]:
    """One transaction: commits when the block ends, rolls back on any error.

    On SQLite it starts with BEGIN IMMEDIATE, so two writers queue up instead of
    both reading the same seat count.
    """
    eng = engine()
    with eng.connect() as conn:
        if eng.dialect.name == "sqlite":
            conn = conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        with Session(bind=conn, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise


def lock_row(session: Session, model: type[T], row_id: int) -> T | None:
    """Load one row and hold it until the transaction ends (FOR UPDATE on PostgreSQL;
    the IMMEDIATE transaction already holds SQLite's write lock)."""
    stmt = select(model).where(model.id == row_id)  # type: ignore[attr-defined]
    if session.get_bind().dialect.name != "sqlite":
        stmt = stmt.with_for_update()
    return session.exec(stmt).first()


def share_rows(session: Session, model: type[T], ids: list[int]) -> None:
    """Hold rows against change (FOR SHARE on PostgreSQL, in id order; SQLite's
    IMMEDIATE transaction already excludes every other writer). Take these before
    any FOR UPDATE lock of another table, so lock order stays person → license."""
    if session.get_bind().dialect.name == "sqlite" or not ids:
        return
    id_col = model.id  # type: ignore[attr-defined]
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), 1000):
        session.exec(
            select(id_col).where(id_col.in_(ordered[start : start + 1000])).order_by(id_col).with_for_update(read=True)
        ).all()
