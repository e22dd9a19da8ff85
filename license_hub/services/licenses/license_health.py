"""One license's compliance status for its own page, without the fleet-wide report.

The same rule as the dashboard grid (compliance.classify), applied to a single row
built from this license's counts: its active seats and the linked installations on
devices that do not already hold one of its seats. Archived licenses have none.
The rule is written out for one row here (`classify_one`): a one-row DataFrame
cost more than the rest of the license page's load together; a test holds the
two to the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session

from license_hub.models import License
from license_hub.models.enums import ComplianceStatus, SeatType
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
    computed, consumed = classify_one(
        seat_type=lic.seat_type,
        seats_total=lic.seats_total,
        seats_used=lic.seats_used,
        active_assignments=seats.active_count(session, license_id),
        linked_installations=int(installs),
    )
    override = lic.compliance_override or None
    return LicenseCompliance(override or computed, computed, override, consumed, lic.seats_total, lic.unlimited)


def classify_one(
    *, seat_type: str, seats_total: int, seats_used: int, active_assignments: int, linked_installations: int
) -> tuple[str, int]:
    """compliance.classify for one license: (computed status, seats consumed)."""
    consumed = active_assignments + linked_installations
    limited = seat_type != SeatType.UNLIMITED.value and seats_total > 0
    if limited and (consumed > seats_total or seats_used > seats_total):
        return ComplianceStatus.OVER_DEPLOYED.value, consumed
    if limited and seats_total > 1 and seats_used * 2 < seats_total:
        return ComplianceStatus.UNDER_UTILIZED.value, consumed
    return ComplianceStatus.COMPLIANT.value, consumed
