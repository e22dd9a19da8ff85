"""Publishing (seed 004): the organization licensing its own products to its customers.

A published product points at a catalog entry; its policies say how licenses
behave; an issued license carries a signed key (encrypted at rest, looked up by
its SHA-256); machines are the fingerprints activated on it. `machines_count`
is the counter the activation lock protects, like seats_used on a license.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c


class PublishedProduct(SQLModel, table=True):
    __tablename__ = "published_product"

    id: int | None = Field(default=None, primary_key=True)
    catalog_entry_id: int = Field(
        sa_column=Column(Integer, ForeignKey("catalog_entry.id"), nullable=False, unique=True)
    )
    code: str = Field(sa_column=Column(String(60), nullable=False, unique=True))
    created_at: datetime = c.created_timestamp()


class PublishingPolicy(SQLModel, table=True):
    __tablename__ = "publishing_policy"
    __table_args__ = (UniqueConstraint("product_id", "name", name="uq_publishing_policy_name"),)

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("published_product.id"), nullable=False, index=True))
    name: str = c.text(120)
    license_model: str = c.text(20, "subscription")
    duration_days: int | None = c.optional_integer()
    maintenance_days: int | None = c.optional_integer()
    max_machines: int | None = c.optional_integer()
    overage: str = c.text(10, "none")
    expiry_behaviour: str = c.text(20, "restrict")
    grace_days: int = c.integer(0)
    check_in_days: int | None = c.optional_integer()
    heartbeat_minutes: int | None = c.optional_integer()
    transfer_budget: int = c.integer(3)
    transfer_window_days: int = c.integer(30)
    entitlements: str = c.text()
    version_constraint: str = c.text(200)
    price: Decimal | None = c.money()
    currency: str = c.text(3, "USD")
    created_at: datetime = c.created_timestamp()
    archived_at: datetime | None = c.timestamp()


class PublishingCustomer(SQLModel, table=True):
    __tablename__ = "publishing_customer"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = c.text(20, "person")
    name: str = c.text(200, index=True)
    email: str = c.text(254)
    created_at: datetime = c.created_timestamp()


class SigningKey(SQLModel, table=True):
    """Ed25519 keys; the private half is encrypted at rest. Retired keys still verify, revoked ones do not."""

    __tablename__ = "signing_key"

    id: int | None = Field(default=None, primary_key=True)
    status: str = c.text(20, "active", index=True)
    public_key: str = c.text(64)
    private_key: bytes | None = c.secret()
    created_at: datetime = c.created_timestamp()
    retired_at: datetime | None = c.timestamp()
    revoked_at: datetime | None = c.timestamp()


class PublishedLicense(SQLModel, table=True):
    __tablename__ = "published_license"
    __table_args__ = (Index("ix_published_license_status_expires", "status", "expires_at"),)

    id: int | None = Field(default=None, primary_key=True)
    policy_id: int = Field(sa_column=Column(Integer, ForeignKey("publishing_policy.id"), nullable=False, index=True))
    customer_id: int = Field(
        sa_column=Column(Integer, ForeignKey("publishing_customer.id"), nullable=False, index=True)
    )
    status: str = c.text(20, "active")
    key_encrypted: bytes | None = c.secret()
    key_digest: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    key_hint: str = c.text(8)
    signing_key_id: int = Field(sa_column=Column(Integer, ForeignKey("signing_key.id"), nullable=False))
    entitlements: str = c.text()
    issued_at: datetime = c.created_timestamp()
    expires_at: datetime | None = c.timestamp()
    maintenance_until: date | None = c.day()
    last_check_in_at: datetime | None = c.timestamp()
    machines_count: int = c.integer(0)
    suspended_at: datetime | None = c.timestamp()
    revoked_at: datetime | None = c.timestamp()


class PublishedMachine(SQLModel, table=True):
    __tablename__ = "published_machine"
    __table_args__ = (
        Index(
            "uq_published_machine_active",
            "license_id",
            "fingerprint",
            unique=True,
            sqlite_where=text("deactivated_at IS NULL"),
            postgresql_where=text("deactivated_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    license_id: int = Field(sa_column=Column(Integer, ForeignKey("published_license.id"), nullable=False, index=True))
    fingerprint: str = c.text(128)
    name: str = c.text(200)
    platform: str = c.text(100)
    activated_at: datetime = c.created_timestamp()
    last_heartbeat_at: datetime | None = c.timestamp()
    deactivated_at: datetime | None = c.timestamp()
    deactivated_reason: str = c.text(40)


class MachineTransfer(SQLModel, table=True):
    __tablename__ = "machine_transfer"

    id: int | None = Field(default=None, primary_key=True)
    license_id: int = Field(sa_column=Column(Integer, ForeignKey("published_license.id"), nullable=False, index=True))
    from_fingerprint: str = c.text(128)
    to_fingerprint: str = c.text(128)
    transferred_at: datetime = c.created_timestamp()


class ProductRelease(SQLModel, table=True):
    __tablename__ = "product_release"
    __table_args__ = (UniqueConstraint("product_id", "version", name="uq_product_release_version"),)

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(sa_column=Column(Integer, ForeignKey("published_product.id"), nullable=False, index=True))
    version: str = c.text(60)
    released_on: date = Field(sa_column=Column(Date, nullable=False))


class ValidationEvent(SQLModel, table=True):
    __tablename__ = "validation_event"

    id: int | None = Field(default=None, primary_key=True)
    license_id: int | None = c.foreign_key("published_license.id")
    occurred_at: datetime = c.created_timestamp()
    code: str = c.text(40)
    valid: bool = c.flag()
    fingerprint: str = c.text(128)
    version: str = c.text(60)
