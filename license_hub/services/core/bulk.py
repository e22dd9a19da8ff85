"""Many rows into one table at driver speed.

Core's executemany runs every bound value of every row through its type's
processor in Python; an agent report's rows repeat the same few timestamps, so
here each distinct value is converted once and the driver takes the rows as they
are. Same SQL and the same stored values as `session.execute(table.insert(), rows)`.
"""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import Table
from sqlmodel import Session


def insert_many(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows that all have the same keys (every column with a default included),
    in the session's transaction."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    keys = list(rows[0])
    compiled = table.insert().compile(dialect=dialect, column_keys=keys, for_executemany=True)
    missing = set(compiled.bind_names.values()) - set(keys)
    if missing:  # a column default would have filled these: the caller gives them instead
        raise ValueError(f"insert_many needs values for {sorted(missing)}")
    order = compiled.positiontup if compiled.positiontup is not None else keys
    convert = []
    for key in order:
        proc = table.c[key].type.dialect_impl(dialect).bind_processor(dialect)
        convert.append((key, _memo(proc) if proc is not None else None))
    params = [tuple(row[k] if proc is None else proc(row[k]) for k, proc in convert) for row in rows]
    if compiled.positiontup is not None:  # qmark / numeric drivers (SQLite)
        conn.exec_driver_sql(compiled.string, params)
    else:  # named drivers (psycopg)
        conn.exec_driver_sql(compiled.string, [dict(zip(order, p)) for p in params])


def _memo(proc: Callable[[Any], Any]) -> Callable[[Any], Any]:
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value is None:
            return proc(value)
        if value not in seen:
            seen[value] = proc(value)
        return seen[value]

    return convert
