"""Who may sign in, with which role, and their sessions. A user is not a Person:
people hold seats, users run this app (a user may be linked to their Person so
each sign-in feeds the dormancy "login proxy")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, String, Text
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c


class Role(SQLModel, table=True):
    __tablename__ = "role"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(60), nullable=False, unique=True))
    permissions: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    built_in: bool = c.flag(False)
    created_at: datetime = c.created_timestamp()


class AppUser(SQLModel, table=True):
    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_column=Column(String(254), nullable=False, unique=True))
    name: str = c.text(200)
    password_hash: str = c.text(200)
    role_id: int = c.foreign_key("role.id", nullable=False)
    person_id: int | None = c.foreign_key("person.id", ondelete="SET NULL")
    active: bool = c.flag(True)
    must_change_password: bool = c.flag(False)
    password_expires_at: datetime | None = c.timestamp()  # a temporary password's end
    failed_attempts: int = c.integer(0)
    locked_until: datetime | None = c.timestamp()
    last_sign_in_at: datetime | None = c.timestamp()
    created_at: datetime = c.created_timestamp()


class UserSession(SQLModel, table=True):
    """A signed-in browser. Only the token's SHA-256 is stored."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    user_id: int = c.foreign_key("app_user.id", nullable=False, ondelete="CASCADE")
    created_at: datetime = c.created_timestamp()
    last_seen_at: datetime | None = c.timestamp()
    expires_at: datetime | None = c.timestamp()
    revoked_at: datetime | None = c.timestamp()
