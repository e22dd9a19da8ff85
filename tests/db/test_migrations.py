"""The migrated schema equals the models: no drift between Alembic and SQLModel."""

from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from license_hub.db import engine
from license_hub.models import metadata


def test_migrated_schema_matches_models(database):
    with engine().connect() as conn:
        ctx = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": False,
                # PostgreSQL-only trigram search indexes are declared in the migration alone.
                "include_object": lambda obj, name, type_, *_: not (type_ == "index" and name.endswith("_trgm")),
                # SQLite-only full-text tables (FTS5 and its shadow tables) likewise.
                "include_name": lambda name, type_, *_: not (type_ == "table" and name and "_fts" in name),
            },
        )
        diff = compare_metadata(ctx, metadata)
    assert diff == []


def test_every_table_is_migrated(database):
    from sqlalchemy import inspect

    tables = set(inspect(engine()).get_table_names())
    assert set(metadata.tables) <= tables
    assert "alembic_version" in tables


def test_upgrade_keeps_existing_data(tmp_path):
    """An older database with data upgrades to the latest schema without losing rows."""
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine, text

    from license_hub.migrate import alembic_config, upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001")
    old = create_engine(url)
    with old.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO catalog_entry (id, name, publisher, category, deployment_model, description, "
                "website, security_rationale, created_at) VALUES (1, 'Figma', 'Figma', 'Design', 'Cloud', "
                "'', '', '', '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO license (id, catalog_entry_id, name, seats_total, seats_used, created_at) "
                "VALUES (1, 1, 'Design team', 5, 1, '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO assignment (license_id, assignee_name, assigned_at) "
                "VALUES (1, 'Ada', '2026-01-02 00:00:00')"
            )
        )
    old.dispose()
    upgrade(url)
    new = create_engine(url)
    with new.connect() as conn:
        assert conn.execute(text("SELECT name, seats_used FROM license")).one() == ("Design team", 1)
        assert conn.execute(text("SELECT assignee_name FROM assignment")).scalar_one() == "Ada"
        versions = set(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())
        assert versions == set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
        assert conn.execute(text("SELECT COUNT(*) FROM role WHERE built_in")).scalar_one() == 5
        # 0022 copied the holder onto the seat it already had
        assert conn.execute(text("SELECT search_text FROM assignment")).scalar_one().split("\x1f") == [
            "ada",
            "",
            "",
            "",
            "ada",
            "",
        ]
    new.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_seat_copies_of_existing_holders_are_filled_in(kind, tmp_path):
    """Migration 0022 fills each existing seat's copy of its holder, and the index
    the search reads holds the seats that were there before."""

    from sqlalchemy import create_engine, text

    from license_hub.migrate import upgrade
    from tests.conftest import PG_ADMIN_URL, _pg_url

    name = f"lh_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = _pg_url(name)
    try:
        upgrade(url, "0021")
        old = create_engine(url)
        with old.begin() as conn:
            for statement in (
                "INSERT INTO catalog_entry (id, name, created_at) VALUES (1, 'Figma', '2026-01-01')",
                "INSERT INTO license (id, catalog_entry_id, name, seats_total, created_at) "
                "VALUES (1, 1, 'Design team', 5, '2026-01-01')",
                "INSERT INTO person (id, name, email, department, status, created_at, last_sign_in_at) "
                "VALUES (1, 'Zoë Adams', 'zoe@example.com', 'Design', 'inactive', '2026-01-01', '2026-02-01')",
                "INSERT INTO device (id, name, created_at) VALUES (1, 'MAC-7', '2026-01-01')",
                "INSERT INTO assignment (license_id, person_id, device_id, assigned_at) VALUES (1, 1, 1, '2026-01-02')",
            ):
                conn.execute(text(statement))
        old.dispose()
        upgrade(url)
        new = create_engine(url)
        with new.connect() as conn:
            copy, status, signed_in = conn.execute(
                text("SELECT search_text, holder_status, holder_signed_in_at FROM assignment")
            ).one()
            found = (
                "SELECT rowid FROM assignment_fts WHERE assignment_fts MATCH '\"adams\"'"
                if kind == "sqlite"
                else "SELECT id FROM assignment WHERE license_id = 1 AND search_text LIKE '%adams%'"
            )
            assert conn.execute(text(found)).scalars().all() == [1]
        new.dispose()
        assert copy.split("\x1f") == ["zoë adams", "zoe@example.com", "design", "mac-7", "", ""]
        assert status == "inactive"
        assert str(signed_in).startswith("2026-02-01")
    finally:
        if kind != "sqlite":
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
