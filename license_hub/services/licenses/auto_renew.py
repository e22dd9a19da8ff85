"""Auto-renew (seeds 001, 003): at expiry an auto-renewing agreement renews on its
own, so its dates roll forward by one term — its billing cycle (monthly 1 month,
quarterly 3, annual 12, biennial 24, custom as recorded). A one-time purchase has
no term and never rolls.

Once per license per term: a license is renewed under its row lock only while its
expiry is on or before today, and the roll moves it past today, so a second run
(or a second worker) finds nothing to do. After downtime the missed terms roll in
one step, recorded as such. Each renewal is one audit event, which is also the
license's history, and its reminders move with the dates (the next cancellation
deadline included)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_
from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import License
from license_hub.models.enums import BillingCycle, LicenseStatus
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.licenses import perpetual
from license_hub.services.notify import reminders

ACTOR = "system: auto-renew"
TERM_MONTHS = {
    BillingCycle.MONTHLY.value: 1,
    BillingCycle.QUARTERLY.value: 3,
    BillingCycle.ANNUAL.value: 12,
    BillingCycle.BIENNIAL.value: 24,
}
_ENDED = (LicenseStatus.CANCELLED.value, LicenseStatus.EXPIRED.value)
MAX_TERMS = 1200  # a century of monthly terms: a guard against a nonsense date, never reached in use


@dataclass(frozen=True)
class Renewal:
    license_id: int
    terms: int
    expiry_before: date
    expiry_after: date


def term_months(billing_cycle: str, custom_cycle_months: int | None) -> int | None:
    if billing_cycle == BillingCycle.CUSTOM.value:
        return custom_cycle_months if custom_cycle_months and custom_cycle_months > 0 else None
    return TERM_MONTHS.get(billing_cycle)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter. A
    month-end date stays month-end (Jan 31 → Feb 28 → Mar 31), so terms never drift."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    month_end = day.day == calendar.monthrange(day.year, day.month)[1]
    return date(year, month, last if month_end else min(day.day, last))


def _renewable():
    return and_(
        License.auto_renew.is_(True),
        License.archived_at.is_(None),
        License.status.not_in(_ENDED),
        License.expiry_date.is_not(None),
        perpetual.not_perpetual(),
        or_(
            License.billing_cycle.in_(list(TERM_MONTHS)),
            and_(License.billing_cycle == BillingCycle.CUSTOM.value, License.custom_cycle_months > 0),
        ),
    )


def due(session: Session, today: date) -> list[int]:
    """The licenses whose term ended on or before today and renew on their own."""
    stmt = select(License.id).where(_renewable(), License.expiry_date <= today).order_by(License.id)
    return list(session.exec(stmt))


def renew(session: Session, license_id: int, today: date, actor: str = ACTOR) -> Renewal | None:
    """Roll one license forward, if it is still due (checked again under its lock)."""
    lic = lock_row(session, License, license_id)
    if lic is None or lic.expiry_date is None or lic.expiry_date > today:
        return None
    if not session.exec(select(License.id).where(License.id == license_id, _renewable())).first():
        return None
    months = term_months(lic.billing_cycle, lic.custom_cycle_months)
    if months is None:
        return None
    before, expiry, terms = lic.expiry_date, lic.expiry_date, 0
    while expiry <= today and terms < MAX_TERMS:
        terms += 1
        expiry = add_months(before, months * terms)
    diff: dict[str, list] = {"expiry_date": [before, expiry]}
    if lic.renewal_date is not None and lic.renewal_date <= today:
        renewal = add_months(lic.renewal_date, months * terms)
        diff["renewal_date"] = [lic.renewal_date, renewal]
        lic.renewal_date = renewal
    lic.expiry_date, lic.updated_at = expiry, utcnow()
    session.add(lic)
    reminders.sync(session, lic)
    audit_log.record(session, actor, "auto_renew", "license", lic.id, {**diff, "terms": terms, "term_months": months})
    return Renewal(lic.id, terms, before, expiry)
