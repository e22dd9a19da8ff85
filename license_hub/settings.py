"""Every LICENSE_HUB_* setting, read in one place so the rest of the code never touches os.environ."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    db_url: str
    data_dir: Path
    secret_key: str | None
    old_secret_keys: str
    key_file: Path
    workspace_currency: str
    app_url: str
    llm_url: str | None
    llm_model: str
    llm_api_key: str | None

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")


def load() -> Settings:
    data_dir = Path(os.environ.get("LICENSE_HUB_DATA_DIR", PROJECT_ROOT / "data"))
    default_db = f"sqlite:///{data_dir / 'license_hub.db'}"
    return Settings(
        db_url=os.environ.get("REFLEX_DB_URL") or default_db,
        data_dir=data_dir,
        secret_key=os.environ.get("LICENSE_HUB_SECRET_KEY") or None,
        old_secret_keys=os.environ.get("LICENSE_HUB_OLD_SECRET_KEYS", ""),
        key_file=Path(os.environ.get("LICENSE_HUB_KEY_FILE", data_dir / "secret.key")),
        workspace_currency=os.environ.get("LICENSE_HUB_CURRENCY", "EUR").upper(),
        app_url=os.environ.get("LICENSE_HUB_APP_URL", "http://localhost:3000"),
        llm_url=os.environ.get("LICENSE_HUB_LLM_URL") or None,
        llm_model=os.environ.get("LICENSE_HUB_LLM_MODEL", ""),
        llm_api_key=os.environ.get("LICENSE_HUB_LLM_API_KEY") or None,
    )


settings = load()


def reload() -> Settings:
    """Re-read the environment (tests point the app at a fresh database)."""
    global settings
    settings = load()
    return settings
