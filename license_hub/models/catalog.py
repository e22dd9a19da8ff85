"""A catalog entry is a product, not a purchase: many licenses point at one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, String, Text
from sqlmodel import Field, SQLModel

from license_hub.models.types import UTCDateTime, utcnow


class CatalogEntry(SQLModel, table=True):
    __tablename__ = "catalog_entry"
    __table_args__ = (Index("ix_catalog_entry_category", "category"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String(200), nullable=False, unique=True))
    publisher: str = Field(default="", sa_column=Column(String(200), nullable=False, server_default=""))
    category: str = Field(default="", sa_column=Column(String(100), nullable=False, server_default=""))
    deployment_model: str = Field(default="Cloud", sa_column=Column(String(20), nullable=False, server_default="Cloud"))
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    website: str = Field(default="", sa_column=Column(String(300), nullable=False, server_default=""))
    # Security grade: letter A-F, a risk level and the reasons behind it (seed 003).
    security_grade: str | None = Field(default=None, sa_column=Column(String(1), nullable=True))
    security_risk: str | None = Field(default=None, sa_column=Column(String(20), nullable=True))
    security_rationale: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    security_answers: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    security_source: str = Field(default="", sa_column=Column(String(20), nullable=False, server_default=""))
    security_evaluated_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False, default=utcnow))
    archived_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
