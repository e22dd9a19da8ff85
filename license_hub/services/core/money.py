"""Money is Decimal plus an ISO 4217 code; cost is annualized by billing cycle."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency

from license_hub.models.enums import BillingCycle

CENT = Decimal("0.01")
_PER_YEAR = {
    BillingCycle.MONTHLY.value: Decimal(12),
    BillingCycle.QUARTERLY.value: Decimal(4),
    BillingCycle.ANNUAL.value: Decimal(1),
    BillingCycle.BIENNIAL.value: Decimal("0.5"),
    BillingCycle.ONE_TIME.value: Decimal(0),
}


def cycles_per_year(billing_cycle: str, custom_cycle_months: int | None = None) -> Decimal:
    if billing_cycle == BillingCycle.CUSTOM.value:
        return Decimal(12) / Decimal(custom_cycle_months) if custom_cycle_months else Decimal(1)
    return _PER_YEAR.get(billing_cycle, Decimal(1))


def total_per_cycle(cost_per_seat: Decimal | None, total_cost: Decimal | None, seats_total: int) -> Decimal | None:
    """Total cost if recorded, else cost per seat × seats."""
    if total_cost is not None:
        return total_cost
    if cost_per_seat is not None:
        return cost_per_seat * seats_total
    return None


def annualize(amount: Decimal | None, billing_cycle: str, custom_cycle_months: int | None = None) -> Decimal | None:
    if amount is None:
        return None
    return (amount * cycles_per_year(billing_cycle, custom_cycle_months)).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(amount: Decimal | None, currency: str, locale: str = "en_GB") -> str:
    if amount is None:
        return "—"
    return format_currency(amount, currency, locale=locale)
