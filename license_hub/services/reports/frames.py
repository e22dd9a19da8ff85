"""The license frame every report starts from (utilization, savings, spend,
dashboard): one row per license with what the maths needs, and which licenses
count as active. It lives here, apart from the reports, so no report has to
import another to get it."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import and_, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from license_hub.models import CatalogEntry, License
from license_hub.models.enums import LicenseStatus

ACTIVE_STATUSES = (LicenseStatus.ACTIVE.value, LicenseStatus.PENDING_RENEWAL.value, LicenseStatus.TRIAL.value)

LICENSE_COLUMNS = [
    "license_id",
    "name",
    "product",
    "publisher",
    "category",
    "vendor",
    "status",
    "seat_type",
    "seats_total",
    "seats_used",
    "currency",
    "billing_cycle",
    "custom_cycle_months",
    "cost_per_seat",
    "total_cost",
    "renewal_date",
    "expiry_date",
    "auto_renew",
    "capacity_threshold_pct",
    "reassignable",
]


def active_license_clause() -> ColumnElement:
    return and_(License.archived_at.is_(None), License.status.in_(ACTIVE_STATUSES))


def fetch_licenses(
    session: Session, license_ids: list[int] | None = None, where: ColumnElement | None = None
) -> pd.DataFrame:
    """One row per license with what the maths needs: the given ids, or the licenses
    matching `where`, or else every active license."""
    stmt = select(
        License.id,
        License.name,
        CatalogEntry.name,
        CatalogEntry.publisher,
        CatalogEntry.category,
        License.vendor,
        License.status,
        License.seat_type,
        License.seats_total,
        License.seats_used,
        License.currency,
        License.billing_cycle,
        License.custom_cycle_months,
        License.cost_per_seat,
        License.total_cost,
        License.renewal_date,
        License.expiry_date,
        License.auto_renew,
        License.capacity_threshold_pct,
        License.reassignable,
    ).join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
    if license_ids is not None:
        stmt = stmt.where(License.id.in_(sorted({int(i) for i in license_ids})))
    elif where is not None:
        stmt = stmt.where(where)
    else:
        stmt = stmt.where(active_license_clause())
    rows = [tuple(r) for r in session.execute(stmt.order_by(License.id))]
    frame = pd.DataFrame.from_records(rows, columns=LICENSE_COLUMNS)
    return frame.astype(
        {
            "license_id": "int64",
            "seats_total": "int64",
            "seats_used": "int64",
            "capacity_threshold_pct": "int64",
            "cost_per_seat": object,
            "total_cost": object,
            "renewal_date": object,
            "expiry_date": object,
            "custom_cycle_months": object,
            "auto_renew": bool,
            "reassignable": bool,
        }
    )
