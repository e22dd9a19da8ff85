"""One license's compliance status for its own page, without the fleet-wide report.

The same rule as the dashboard grid (compliance.classify), applied to a single row
built from this license's counts: its active seats and the linked installations on
devices that do not already hold one of its seats. Archived licenses have none.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlmodel import Session

from license_hub.models import License
from license_hub.services.core.errors import NotFound
from license_hub.services.reports import compliance
from license_hub.services.seats import assignments as seats


@dataclass(frozen=True)
class LicenseCompliance:
    status: str  # what the page shows: the hand-set status, else the computed one
    computed: str
    override: str | None
    consumed: int  # active seats plus installations that hold no seat
    seats_total: int
    unlimited: bool


def compliance_of(session: Session, license_id: int) -> LicenseCompliance:
    lic = session.get(License, license_id)
    if lic is None or lic.archived_at is not None:
        raise NotFound("This license does not exist or was archived")
    extra = compliance._extra_installations()  # the grid's own count: no copy counted twice
    installs = session.execute(
        select(func.coalesce(func.max(extra.c.n), 0)).where(extra.c.license_id == license_id)
    ).scalar_one()
    row = {
        "license_id": lic.id,
        "name": lic.name,
        "catalog_entry_id": lic.catalog_entry_id,
        "product": "",
        "seat_type": lic.seat_type,
        "seats_total": lic.seats_total,
        "seats_used": lic.seats_used,
        "active_assignments": seats.active_count(session, license_id),
        "linked_installations": int(installs),
        "compliance_override": lic.compliance_override,
        "capacity_threshold_pct": lic.capacity_threshold_pct,
    }
    out = compliance.classify(pd.DataFrame([row], columns=compliance.COLUMNS)).iloc[0]
    return LicenseCompliance(
        str(out["status"]),
        str(out["computed"]),
        lic.compliance_override or None,
        int(out["consumed"]),
        lic.seats_total,
        lic.unlimited,
    )
