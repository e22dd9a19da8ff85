"""The append-only trail of every change. Each event carries the hash of the one
before it, so an edited, removed or reordered row breaks the chain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Integer, String, Text
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(sa_column=Column(Integer, nullable=False, unique=True))
    occurred_at: datetime = c.created_timestamp()
    actor: str = c.text(200)
    action: str = c.text(40, index=True)
    object_type: str = c.text(40)
    object_id: int | None = c.optional_integer()
    diff: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    prev_hash: str = Field(default="", sa_column=Column(String(64), nullable=False, server_default=""))
    hash: str = Field(sa_column=Column(String(64), nullable=False))


class AuditChainHead(SQLModel, table=True):
    """One row: the newest event's sequence number and hash. Writers lock it, so
    concurrent changes append to one chain instead of forking it."""

    __tablename__ = "audit_chain_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = c.integer(0)
    hash: str = Field(default="", sa_column=Column(String(64), nullable=False, server_default=""))


class AuditCheckpoint(SQLModel, table=True):
    """One row: the newest event a chain check found sound. The audit log page
    verifies from here on instead of the whole chain on every visit."""

    __tablename__ = "audit_checkpoint"

    id: int = Field(default=1, primary_key=True)
    seq: int = c.integer(0)
    hash: str = Field(default="", sa_column=Column(String(64), nullable=False, server_default=""))
    verified_at: datetime | None = c.timestamp()
