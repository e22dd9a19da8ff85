"""API tokens: a script or integration acting for one user, with scopes. Only the
SHA-256 of the secret is stored; the prefix is what lists show to tell tokens apart."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    name: str = c.text(100)
    user_id: int = c.foreign_key("app_user.id", nullable=False, ondelete="CASCADE")
    created_by: str = c.text(254)
    prefix: str = Field(sa_column=Column(String(16), nullable=False, unique=True))
    token_hash: str = Field(sa_column=Column(String(64), nullable=False))
    scopes: str = c.text()
    created_at: datetime = c.created_timestamp()
    expires_at: datetime | None = c.timestamp()
    last_used_at: datetime | None = c.timestamp()
    last_used_ip: str = c.text(45)
    revoked_at: datetime | None = c.timestamp()
    revoked_by: str = c.text(254)
