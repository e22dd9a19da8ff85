"""The migrated schema equals the models: no drift between Alembic and SQLModel."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from license_hub.db import engine
from license_hub.models import metadata


def test_migrated_schema_matches_models(database):
    with engine().connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": False})
        diff = compare_metadata(ctx, metadata)
    assert diff == []


def test_every_table_is_migrated(database):
    from sqlalchemy import inspect

    tables = set(inspect(engine()).get_table_names())
    assert set(metadata.tables) <= tables
    assert "alembic_version" in tables
