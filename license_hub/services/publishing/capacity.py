"""How many machines a license may hold, and the lock under which that is checked.

Shared by node-locked activations and floating leases: take `lock_license`, then
compare the count with `allowed`, then add the row and bump the counter in the
same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from sqlmodel import Session

from license_hub.db import lock_row
from license_hub.models import PublishedLicense, PublishingPolicy
from license_hub.services.core.errors import NotFound

OVERAGES = {"none": Decimal("1"), "1.25x": Decimal("1.25"), "1.5x": Decimal("1.5"), "2x": Decimal("2")}
ALWAYS = "always"
OVERAGE_LABELS = {
    "none": "No overage",
    "1.25x": "Allow 1.25×",
    "1.5x": "Allow 1.5×",
    "2x": "Allow 2×",
    ALWAYS: "Always allow",
}
# An overage factor is only meaningful when it yields a whole number of machines.
DIVISOR = {"1.25x": 4, "1.5x": 2}


def overage_error(max_machines: int | None, strategy: str) -> str | None:
    if strategy not in OVERAGE_LABELS:
        return "Choose an overage strategy"
    if strategy != "none" and max_machines is None:
        return "Overage needs a maximum number of machines"
    divisor = DIVISOR.get(strategy)
    if divisor and max_machines is not None and max_machines % divisor:
        return f"{OVERAGE_LABELS[strategy]} needs a maximum number of machines divisible by {divisor}"
    return None


def allowed(max_machines: int | None, strategy: str) -> int | None:
    """The hard ceiling (None: no ceiling)."""
    if max_machines is None or strategy == ALWAYS:
        return None
    factor = OVERAGES.get(strategy, Decimal("1"))
    return int((Decimal(max_machines) * factor).to_integral_value(rounding=ROUND_FLOOR))


@dataclass
class Locked:
    license: PublishedLicense
    policy: PublishingPolicy

    @property
    def ceiling(self) -> int | None:
        return allowed(self.policy.max_machines, self.policy.overage)

    def has_room(self, count: int) -> bool:
        ceiling = self.ceiling
        return ceiling is None or count < ceiling


def lock_license(session: Session, license_id: int) -> Locked:
    """The license row, locked until the transaction ends, with its policy."""
    lic = lock_row(session, PublishedLicense, license_id)
    if lic is None:
        raise NotFound("This license does not exist")
    return Locked(lic, session.get(PublishingPolicy, lic.policy_id))
