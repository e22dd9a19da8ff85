"""Prorated credit when a license moves to another policy in the middle of a term:
the unused part of what was paid comes back, the rest of the term is charged at
the new price. Decimal throughout, rounded to cents half-up at the end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from license_hub.models import PublishedLicense, PublishingPolicy
from license_hub.services.core.errors import DomainError

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Proration:
    currency: str
    days_left: int
    term_days: int
    credit: Decimal
    charge: Decimal
    net: Decimal  # positive: the customer pays; negative: the customer is owed


def _share(price: Decimal | None, days_left: int, term_days: int) -> Decimal:
    if not price or term_days <= 0:
        return Decimal("0")
    return Decimal(price) * Decimal(days_left) / Decimal(term_days)


def prorate(lic: PublishedLicense, old: PublishingPolicy, new: PublishingPolicy, now: datetime) -> Proration:
    if old.currency != new.currency:
        raise DomainError("Both policies must be priced in the same currency")
    if lic.expires_at is None or old.duration_days is None:
        return Proration(
            new.currency,
            0,
            0,
            Decimal("0.00"),
            Decimal(new.price or 0).quantize(CENT),
            Decimal(new.price or 0).quantize(CENT),
        )
    term = old.duration_days
    days_left = max(0, min(term, (lic.expires_at - now).days))
    credit = _share(old.price, days_left, term)
    new_term = new.duration_days or term
    charge = _share(new.price, min(days_left, new_term), new_term)
    credit, charge = credit.quantize(CENT, ROUND_HALF_UP), charge.quantize(CENT, ROUND_HALF_UP)
    return Proration(new.currency, days_left, term, credit, charge, charge - credit)
