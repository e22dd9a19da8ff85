"""The migrated schema equals the models: no drift between Alembic and SQLModel."""

from __future__ import annotations

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
    new.dispose()
