"""Shared set-up for benchmarks: a fresh migrated database per engine, and a timer."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("LICENSE_HUB_SECRET_KEY", "bench-secret")

from sqlalchemy import create_engine, text  # noqa: E402

from license_hub import db, settings  # noqa: E402
from license_hub.migrate import upgrade  # noqa: E402

PG_ADMIN = os.environ.get("LICENSE_HUB_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@contextmanager
def fresh_database(kind: str) -> Iterator[str]:
    """A new, migrated database of this kind; the app's settings point at it."""
    if kind == "sqlite":
        tmp = tempfile.mkdtemp(prefix="lh-bench-")
        url = f"sqlite:///{tmp}/bench.db"
        admin = None
    else:
        name = f"lh_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name
    os.environ["REFLEX_DB_URL"] = url
    settings.reload()
    upgrade(url)
    try:
        yield url
    finally:
        db.engine_for(url).dispose()
        db.engine_for.cache_clear()
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()


def timed(fn: Callable[[], object], repeat: int = 30, warmup: int = 3) -> dict[str, float]:
    """Median and p95 wall time of fn in milliseconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return {"median_ms": statistics.median(samples), "p95_ms": samples[int(len(samples) * 0.95) - 1]}
