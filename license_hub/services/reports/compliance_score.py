"""A compliance score per product and overall (seed 004 "compliance scores"), from
what the app already knows, each deduction listed with its weight and where to fix it.

A product starts at 100 and loses, per finding:
  Over-allocated license (more seats consumed than bought)        25 each
  Expired license still in use (active seats after its expiry)    20 each
  Seat held by an offboarded person ("Contact terminated — reclaim") 3 each, at most 15 a license
  Installation linked to no license (reconciliation)               2 each, at most 20 a product
  License without a renewal or expiry date (not perpetual)         5 each
never below 0. The overall score is the mean of the product scores, rounded half up;
with no product it is 100.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from license_hub.models import Assignment, CatalogEntry, License, Person
from license_hub.models.enums import ComplianceStatus, LicenseStatus, PersonStatus
from license_hub.services.reports import compliance, frames

OVER_ALLOCATED = 25
EXPIRED_IN_USE = 20
TERMINATED_SEAT = 3
TERMINATED_CAP = 15
UNLICENSED_INSTALL = 2
UNLICENSED_CAP = 20
MISSING_RENEWAL = 5


@dataclass(frozen=True)
class Deduction:
    kind: str
    text: str
    points: int
    href: str


@dataclass(frozen=True)
class ProductScore:
    catalog_entry_id: int
    product: str
    score: int
    deductions: tuple[Deduction, ...]


@dataclass(frozen=True)
class Scorecard:
    overall: int
    products: tuple[ProductScore, ...]  # lowest score first

    def product(self, catalog_entry_id: int) -> ProductScore | None:
        return next((p for p in self.products if p.catalog_entry_id == catalog_entry_id), None)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _over_allocated(session: Session) -> list[tuple[int, Deduction]]:
    classified = compliance.classify(compliance.fetch_licenses(session))
    over = classified[classified["computed"] == ComplianceStatus.OVER_DEPLOYED.value]
    out = []
    for r in over.itertuples():
        used = max(int(r.consumed), int(r.seats_used))
        out.append(
            (
                int(r.catalog_entry_id),
                Deduction(
                    "over_allocated",
                    f"{r.name}: over-allocated, {used} seats in use of {int(r.seats_total)}",
                    OVER_ALLOCATED,
                    f"/licenses/{int(r.license_id)}/users",
                ),
            )
        )
    return out


def _active_seats():
    return (
        select(Assignment.license_id, func.count().label("n"))
        .where(Assignment.revoked_at.is_(None))
        .group_by(Assignment.license_id)
        .subquery()
    )


def _expired_in_use(session: Session, today: date) -> list[tuple[int, Deduction]]:
    seats = _active_seats()
    expired = or_(
        License.status == LicenseStatus.EXPIRED.value,
        and_(
            License.expiry_date < today,
            License.perpetual.is_(False),
            License.status != LicenseStatus.CANCELLED.value,
        ),
    )
    stmt = (
        select(License.id, License.catalog_entry_id, License.name, License.expiry_date, seats.c.n)
        .join(seats, seats.c.license_id == License.id)
        .where(License.archived_at.is_(None), expired, seats.c.n > 0)
        .order_by(License.id)
    )
    out = []
    for lid, entry, name, expiry, n in session.exec(stmt):
        when = f" on {expiry.isoformat()}" if expiry else ""
        text = f"{name}: expired{when}, {_plural(int(n), 'seat')} still in use"
        out.append((int(entry), Deduction("expired_in_use", text, EXPIRED_IN_USE, f"/licenses/{lid}")))
    return out


def _terminated(session: Session) -> list[tuple[int, Deduction]]:
    stmt = (
        select(License.id, License.catalog_entry_id, License.name, func.count())
        .join(Assignment, Assignment.license_id == License.id)
        .join(Person, Person.id == Assignment.person_id)
        .where(
            Assignment.revoked_at.is_(None),
            Person.status == PersonStatus.OFFBOARDED.value,
            License.archived_at.is_(None),
        )
        .group_by(License.id, License.catalog_entry_id, License.name)
        .order_by(License.id)
    )
    out = []
    for lid, entry, name, n in session.exec(stmt):
        points = min(int(n) * TERMINATED_SEAT, TERMINATED_CAP)
        text = f"{name}: {_plural(int(n), 'seat')} held by offboarded people (Contact terminated — reclaim)"
        out.append((int(entry), Deduction("terminated", text, points, f"/licenses/{lid}/users")))
    return out


def _unlicensed(session: Session) -> list[tuple[int, Deduction]]:
    frame = compliance.fetch_installations(session)
    out = []
    for r in frame[frame["unlicensed_installations"] > 0].itertuples():
        n = int(r.unlicensed_installations)
        points = min(n * UNLICENSED_INSTALL, UNLICENSED_CAP)
        text = f"{_plural(n, 'installation')} without a license"
        out.append((int(r.catalog_entry_id), Deduction("unlicensed", text, points, "/reconciliation")))
    return out


def _missing_renewal(session: Session) -> list[tuple[int, Deduction]]:
    stmt = (
        select(License.id, License.catalog_entry_id, License.name)
        .where(
            frames.active_license_clause(),
            License.perpetual.is_(False),
            License.renewal_date.is_(None),
            License.expiry_date.is_(None),
        )
        .order_by(License.id)
    )
    return [
        (
            int(entry),
            Deduction("missing_renewal", f"{name}: no renewal or expiry date", MISSING_RENEWAL, f"/licenses/{lid}"),
        )
        for lid, entry, name in session.exec(stmt)
    ]


def _products(session: Session) -> dict[int, str]:
    """Products with a license that is not archived, or with an installation."""
    with_license = select(License.catalog_entry_id).where(License.archived_at.is_(None))
    stmt = select(CatalogEntry.id, CatalogEntry.name).where(CatalogEntry.id.in_(with_license))
    names = {int(i): n for i, n in session.exec(stmt)}
    for r in compliance.fetch_installations(session).itertuples():
        names.setdefault(int(r.catalog_entry_id), r.product)
    return names


def score(deductions: list[Deduction]) -> int:
    return max(0, 100 - sum(d.points for d in deductions))


def overall(scores: list[int]) -> int:
    if not scores:
        return 100
    return int((Decimal(sum(scores)) / len(scores)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def scorecard(session: Session, today: date) -> Scorecard:
    names = _products(session)
    found: dict[int, list[Deduction]] = {pid: [] for pid in names}
    for pid, deduction in (
        *_over_allocated(session),
        *_expired_in_use(session, today),
        *_terminated(session),
        *_unlicensed(session),
        *_missing_renewal(session),
    ):
        found.setdefault(pid, []).append(deduction)
    missing = [pid for pid in found if pid not in names]
    if missing:
        names.update(
            {
                int(i): n
                for i, n in session.exec(select(CatalogEntry.id, CatalogEntry.name).where(CatalogEntry.id.in_(missing)))
            }
        )
    products = [
        ProductScore(pid, names.get(pid, ""), score(ds), tuple(sorted(ds, key=lambda d: -d.points)))
        for pid, ds in found.items()
    ]
    products.sort(key=lambda p: (p.score, p.product.lower(), p.catalog_entry_id))
    return Scorecard(overall([p.score for p in products]), tuple(products))
