"""What the endpoint agent reports: hosts (each one of our devices), the software
found on them with its install and last-opened dates, the reports already taken
(a report id is accepted once), and the rules that map raw names to catalog entries.

A software row is one package on one host, keyed by its source and raw name. It is
never deleted: a snapshot that no longer lists it marks it uninstalled with the date.
Its catalog entry is what the normalization rules said; null means unmatched (triage).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c

USAGE_STATES = ("known", "never", "unsupported")


class Host(SQLModel, table=True):
    __tablename__ = "inventory_host"

    id: int | None = Field(default=None, primary_key=True)
    hardware_id: str = Field(sa_column=Column(String(128), nullable=False, unique=True))
    device_id: int = c.foreign_key("device.id", nullable=False)
    serial: str = c.text(100)
    hostname: str = c.text(200, index=True)
    platform: str = c.text(40)
    os_version: str = c.text(100)
    primary_user: str = c.text(254)
    person_id: int | None = c.foreign_key("person.id", ondelete="SET NULL")
    last_report_at: datetime | None = c.timestamp()
    created_at: datetime = c.created_timestamp()


class HostSoftware(SQLModel, table=True):
    __tablename__ = "host_software"
    __table_args__ = (
        UniqueConstraint("host_id", "source", "name", name="uq_host_software_package"),
        Index("ix_host_software_catalog_present", "catalog_entry_id", "uninstalled_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    host_id: int = c.foreign_key("inventory_host.id", nullable=False, index=False, ondelete="CASCADE")
    name: str = Field(sa_column=Column(String(300), nullable=False))
    version: str = c.text(100)
    vendor: str = c.text(200)
    source: str = c.text(40)
    bundle_id: str = c.text(300)
    install_path: str = c.text(500)
    installed_on: date | None = c.day()
    last_opened_at: datetime | None = c.timestamp()
    usage_state: str = c.text(12, "unsupported")  # known | never | unsupported
    catalog_entry_id: int | None = c.foreign_key("catalog_entry.id", index=False, ondelete="SET NULL")
    first_seen_at: datetime = c.created_timestamp()
    last_seen_at: datetime = c.created_timestamp()
    uninstalled_at: datetime | None = c.timestamp()


class AgentReport(SQLModel, table=True):
    __tablename__ = "agent_report"

    id: int | None = Field(default=None, primary_key=True)
    report_id: str = Field(sa_column=Column(String(100), nullable=False, unique=True))
    host_id: int = c.foreign_key("inventory_host.id", nullable=False, ondelete="CASCADE")
    snapshot: bool = c.flag(True)
    software_count: int = c.integer()
    uninstalled_count: int = c.integer()
    received_by: str = c.text(254)
    received_at: datetime = c.created_timestamp()


class NormalizationRule(SQLModel, table=True):
    __tablename__ = "normalization_rule"

    id: int | None = Field(default=None, primary_key=True)
    catalog_entry_id: int = c.foreign_key("catalog_entry.id", nullable=False, ondelete="CASCADE")
    vendor: str = c.text(200)
    bundle_id: str = c.text(300)
    pattern: str = c.text(300)
    created_by: str = c.text(254)
    created_at: datetime = c.created_timestamp()
