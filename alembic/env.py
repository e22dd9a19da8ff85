"""Alembic environment: the database is the app's own (REFLEX_DB_URL or the
embedded SQLite file), the target schema is license_hub.models."""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from license_hub import db, models, settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = models.metadata


def _url() -> str:
    return config.attributes.get("db_url") or settings.settings.db_url


def render_item(type_, obj, autogen_context):
    """Render the app's UTC timestamp type as a plain timezone-aware DateTime, so
    revisions never import application code."""
    if type_ == "type" and type(obj).__name__ == "UTCDateTime":
        return "sa.DateTime(timezone=True)"
    return False


def include_object(obj, name, type_, reflected, compare_to):
    """PostgreSQL-only trigram indexes live in the migrations, not the models."""
    return not (type_ == "index" and name and name.endswith("_trgm"))


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=_url().startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = db.engine_for(_url())
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=render_item,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
