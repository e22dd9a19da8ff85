"""Workspace settings an admin changes in the app (not the LICENSE_HUB_* environment):
one row per key, so a new setting is a new key, not a schema migration."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c


class WorkspaceSetting(SQLModel, table=True):
    __tablename__ = "workspace_setting"

    key: str = Field(sa_column=Column(String(60), primary_key=True))
    value: str = c.text(200)
    updated_at: datetime | None = c.timestamp()
    updated_by: str = c.text(200)
