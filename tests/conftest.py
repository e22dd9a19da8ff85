"""Shared fixtures: every service test runs once on SQLite and once on PostgreSQL,
each test on an empty database migrated by Alembic (never create_all)."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

os.environ.setdefault("LICENSE_HUB_SECRET_KEY", "test-secret-key-not-for-production")

from sqlalchemy import create_engine, text  # noqa: E402

from license_hub import db, settings  # noqa: E402
from license_hub.migrate import upgrade  # noqa: E402
from license_hub.models import metadata  # noqa: E402

PG_ADMIN_URL = os.environ.get("LICENSE_HUB_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _pg_url(name: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    db.engine_for(url).dispose()  # closing the last connection checkpoints the WAL into the file
    return path


@pytest.fixture(scope="session")
def pg_database():
    """One PostgreSQL database per test run, migrated once; tests truncate it."""
    name = f"lh_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = _pg_url(name)
    upgrade(url)
    yield url
    db.engine_for(url).dispose()
    db.engine_for.cache_clear()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_pg(url: str) -> None:
    # The built-in roles are data the migration ships: keep them, drop the rest.
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables if t.name != "role")
    with db.engine_for(url).begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        conn.execute(text("DELETE FROM role WHERE NOT built_in"))
        conn.execute(text("INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, '')"))


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path, monkeypatch, sqlite_template) -> str:
    """Point the app at an empty, migrated database; yields its URL."""
    if request.param == "sqlite":
        path = tmp_path / "license_hub.db"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("pg_database")
        _truncate_pg(url)
    monkeypatch.setenv("REFLEX_DB_URL", url)
    monkeypatch.setenv("LICENSE_HUB_DATA_DIR", str(tmp_path))
    settings.reload()
    yield url
    if request.param == "sqlite":
        db.engine_for(url).dispose()
    monkeypatch.undo()
    settings.reload()


@pytest.fixture
def dialect(database) -> str:
    return "sqlite" if database.startswith("sqlite") else "postgresql"
