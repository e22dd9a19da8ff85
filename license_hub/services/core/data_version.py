"""A token that changes whenever any transaction commits a change to the database,
so a costly read can be reused for as long as the token stays the same.

SQLite: `PRAGMA data_version` on a connection of our own that never writes changes
after every commit made by any other connection, in any process. PostgreSQL: the
current snapshot (xmin:xmax:in-progress list) — two equal snapshots see exactly the
same committed rows, and any commit or new writing transaction changes it. Both are
conservative: a write to any table (a sign-in, say) counts as a change too.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any, Callable, ContextManager, TypeVar

from sqlalchemy import text
from sqlmodel import Session

T = TypeVar("T")
_probes: dict[str, sqlite3.Connection] = {}
_lock = threading.Lock()


def _sqlite_version(path: str) -> str:
    with _lock:
        conn = _probes.get(path)
        if conn is None:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            _probes[path] = conn
        return str(conn.execute("PRAGMA data_version").fetchone()[0])


def current(session: Session) -> tuple[str, str] | None:
    """(the database, its token), or None where no change can be detected (an
    in-memory database, another engine)."""
    bind = session.get_bind()
    url = bind.engine.url
    if bind.dialect.name == "sqlite":
        path = url.database
        return None if not path or path == ":memory:" else (f"sqlite:{path}", _sqlite_version(path))
    if bind.dialect.name == "postgresql":
        snapshot = session.execute(text("SELECT pg_current_snapshot()::text")).scalar_one()
        return url.render_as_string(hide_password=True), str(snapshot)
    return None


_memo: dict[tuple[str, str], tuple[tuple, Any, Any]] = {}


def reuse(
    sessions: Callable[[], ContextManager[Session]],
    name: str,
    key: tuple,
    compute: Callable[[], T],
    *,
    clock: Any = None,
) -> T:
    """compute(), or what it returned last time for this `name`, `key` and `clock` on
    this database if nothing was committed since. The token is read before computing,
    so a change committed meanwhile makes the next call compute again. One entry per
    (database, name) in this process; `key` holds whatever else the result depends on
    (its arguments, the day), `clock` the time it was computed for when the result
    moves with the clock (the minute, say: see recent())."""
    with sessions() as session:
        token = current(session)
    if token is None:
        return compute()
    database, version = token
    full = (version, *key)
    with _flight(database, name):
        # One reader at a time per entry: a second caller waits for the first's result
        # instead of reading the same again beside it (a page's two stages, two tabs).
        hit = _memo.get((database, name))
        if hit is not None and hit[0] == full and hit[2] == clock:
            return hit[1]
        value = compute()
        _memo[(database, name)] = (full, value, clock)
        return value


_flights: dict[tuple[str, str], threading.RLock] = {}


def _flight(database: str, name: str) -> threading.RLock:
    with _lock:
        return _flights.setdefault((database, name), threading.RLock())


def recent(
    sessions: Callable[[], ContextManager[Session]], name: str, key: tuple, clock: Any
) -> tuple[Any, bool] | None:
    """What reuse() last returned for this `name` and `key` if nothing was committed
    since, computed for any clock, and whether for this one: a page can show it at
    once, behind the clock but never behind a change, while the current one is
    computed. None when there is none."""
    with sessions() as session:
        token = current(session)
    if token is None:
        return None
    database, version = token
    hit = _memo.get((database, name))
    if hit is None or hit[0] != (version, *key):
        return None
    return hit[1], hit[2] == clock


_derived: dict[str, tuple[Any, Any]] = {}


def derived(source: Any, name: str, compute: Callable[[], T]) -> T:
    """compute(), reused while `source` is the very object it was last computed from:
    what is drawn from a result reuse() handed out (a report's charts, say) is reused
    with it, and computed again once reuse() computes a new one."""
    hit = _derived.get(name)
    if hit is not None and hit[0] is source:
        return hit[1]
    value = compute()
    _derived[name] = (source, value)
    return value
