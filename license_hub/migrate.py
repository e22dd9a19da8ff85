"""Apply the Alembic revisions to a database (the CLI, `make run` and the tests use this)."""

from __future__ import annotations

from alembic.config import Config

from alembic import command
from license_hub import settings as settings_mod
from license_hub.settings import PROJECT_ROOT


def alembic_config(db_url: str | None = None) -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    cfg.attributes["db_url"] = db_url or settings_mod.settings.db_url
    cfg.attributes["configure_logging"] = False
    return cfg


def upgrade(db_url: str | None = None, revision: str = "heads") -> None:
    url = db_url or settings_mod.settings.db_url
    if url.startswith("sqlite:///"):
        from pathlib import Path

        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), revision)
