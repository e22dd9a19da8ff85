"""The guard tests exercise the Reflex layer, not SQL: one database (SQLite) is enough."""

from __future__ import annotations

import shutil

import pytest

from license_hub import db, settings


@pytest.fixture
def database(tmp_path, monkeypatch, sqlite_template) -> str:
    path = tmp_path / "license_hub.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("REFLEX_DB_URL", url)
    monkeypatch.setenv("LICENSE_HUB_DATA_DIR", str(tmp_path))
    settings.reload()
    yield url
    db.engine_for(url).dispose()
    monkeypatch.undo()
    settings.reload()
