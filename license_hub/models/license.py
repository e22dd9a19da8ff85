"""A license is a commercial agreement for one catalog entry: a pool of seats with
cost, billing cycle, dates and status. Its fields are the union of the five seeds.

Seats are a counter (`seats_used`) plus assignment rows, never one row per seat,
so a 1,000,000-seat license is one row.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Index, text
from sqlmodel import Field, SQLModel

from license_hub.models import columns as c

ACTIVE_NAMED = "archived_at IS NULL AND name <> ''"


class License(SQLModel, table=True):
    __tablename__ = "license"
    __table_args__ = (
        CheckConstraint("seats_total >= 0", name="ck_license_seats_total"),
        CheckConstraint("seats_used >= 0", name="ck_license_seats_used"),
        Index("ix_license_status_archived", "status", "archived_at"),
        Index("ix_license_expiry", "expiry_date"),
        # Seed 002: Name is unique per product among active licenses (blank names never clash).
        Index(
            "uq_license_entry_name",
            "catalog_entry_id",
            text("lower(name)"),
            unique=True,
            sqlite_where=text(ACTIVE_NAMED),
            postgresql_where=text(ACTIVE_NAMED),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    catalog_entry_id: int = c.foreign_key("catalog_entry.id", nullable=False)
    # General (seeds 000, 001, 002)
    name: str = c.text(200)
    product_key_cipher: bytes | None = c.secret()
    product_key_hint: str = c.text(8)
    licensed_to: str = c.text(200)
    vendor: str = c.text(200)
    version: str = c.text(60)
    license_type: str = c.text(30, "Subscription")
    status: str = c.text(20, "active", index=True)
    seats_total: int = c.integer(1)
    seats_used: int = c.integer(0)
    # Seats taken off the total when a holder of a non-reassignable seat left; raising
    # the total gives them back (seed 003: a leaver's seat is always reclaimable).
    seats_retired: int = c.integer(0)
    seat_type: str = c.text(20, "user")
    quantity_per_seat: int = c.integer(1)
    # Details (seed 001)
    scope: str = c.text(20)
    compliance_override: str | None = c.optional_text(30)
    # Purchase (seeds 001, 002, 003)
    currency: str = c.text(3, "EUR")
    billing_cycle: str = c.text(20, "annual")
    custom_cycle_months: int | None = c.optional_integer()
    cost_per_seat: Decimal | None = c.money()
    total_cost: Decimal | None = c.money()
    net_unit_price: Decimal | None = c.money()
    vat_percent: Decimal | None = c.percent()
    gross_unit_price: Decimal | None = c.money()
    purchase_order: str = c.text(100)
    invoice_number: str = c.text(100)
    purchase_date: date | None = c.day()
    # Validity (seeds 000, 001, 003)
    start_date: date | None = c.day()
    expiry_date: date | None = c.day()
    renewal_date: date | None = c.day()
    maintenance_expiry_date: date | None = c.day()
    perpetual: bool = c.flag(False)
    auto_renew: bool = c.flag(False)
    renewal_notice_days: int = c.integer(30)
    cancellation_notice_days: int | None = c.optional_integer()
    maintenance_included: bool = c.flag(False)
    # Assignment rules and restrictions (seed 001)
    allocation_rule: str = c.text(20, "user-based")
    reassignable: bool = c.flag(True)
    transferable: bool = c.flag(True)
    restriction_geographic: str = c.text(200)
    restriction_usage: str = c.text(200)
    virtualization_rights: str = c.text(200)
    capacity_threshold_pct: int = c.integer(90)
    # Inventory and ownership (seeds 002, 003)
    serial_number: str = c.text(100)
    inventory_number: str = c.text(100)
    organization: str = c.text(200)
    org_unit: str = c.text(200)
    location: str = c.text(200)
    business_owner_id: int | None = c.foreign_key("person.id", ondelete="SET NULL")
    notes: str = c.text()
    # Lifecycle
    created_at: datetime = c.created_timestamp()
    updated_at: datetime | None = c.timestamp()
    archived_at: datetime | None = c.timestamp(index=True)
    archived_by: str = c.text(200)

    @property
    def unlimited(self) -> bool:
        return self.seat_type == "unlimited"

    @property
    def seats_available(self) -> int | None:
        return None if self.unlimited else max(self.seats_total - self.seats_used, 0)
