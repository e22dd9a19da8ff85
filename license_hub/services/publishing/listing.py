"""Read models for the Publishing pages: products with their policies, the issued
licenses (search, status and policy filters, expiring soon, paged in SQL), one
license with its machines and validation history. Keys leave here masked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, select

from license_hub.models import (
    CatalogEntry,
    ProductRelease,
    PublishedLicense,
    PublishedProduct,
    PublishingCustomer,
    PublishingPolicy,
)
from license_hub.services.core.secrets import MASK
from license_hub.services.publishing import issuing

STATUSES = ("active", "suspended", "revoked", "expired")
EXPIRING_DAYS = 30
PAGE_MAX = 200


@dataclass(frozen=True)
class ProductSummary:
    id: int
    code: str
    name: str
    publisher: str
    policies: tuple[PublishingPolicy, ...]
    releases: tuple[tuple[str, date], ...]


@dataclass(frozen=True)
class LicenseRow:
    id: int
    customer: str
    customer_kind: str
    product: str
    policy: str
    policy_id: int
    license_model: str
    status: str
    key_masked: str
    issued_at: datetime
    expires_at: datetime | None
    machines: int
    max_machines: int | None


def mask(hint: str) -> str:
    return f"LH1-{MASK}{hint}" if hint else MASK


def products(session: Session) -> list[ProductSummary]:
    rows = session.exec(
        select(PublishedProduct, CatalogEntry)
        .join(CatalogEntry, CatalogEntry.id == PublishedProduct.catalog_entry_id)
        .order_by(CatalogEntry.name)
    ).all()
    out = []
    for product, entry in rows:
        pols = session.exec(
            select(PublishingPolicy)
            .where(PublishingPolicy.product_id == product.id, PublishingPolicy.archived_at.is_(None))
            .order_by(PublishingPolicy.name)
        ).all()
        rels = session.exec(
            select(ProductRelease)
            .where(ProductRelease.product_id == product.id)
            .order_by(ProductRelease.released_on.desc())
            .limit(20)
        ).all()
        out.append(
            ProductSummary(
                product.id,
                product.code,
                entry.name,
                entry.publisher,
                tuple(pols),
                tuple((r.version, r.released_on) for r in rels),
            )
        )
    return out


def unpublished_entries(session: Session, limit: int = 500) -> list[tuple[int, str]]:
    taken = select(PublishedProduct.catalog_entry_id)
    stmt = (
        select(CatalogEntry.id, CatalogEntry.name)
        .where(CatalogEntry.archived_at.is_(None), CatalogEntry.id.not_in(taken))
        .order_by(CatalogEntry.name)
        .limit(limit)
    )
    return [(i, n) for i, n in session.exec(stmt)]


def policy_choices(session: Session) -> list[tuple[int, str]]:
    stmt = (
        select(PublishingPolicy.id, PublishingPolicy.name, PublishedProduct.code)
        .join(PublishedProduct, PublishedProduct.id == PublishingPolicy.product_id)
        .where(PublishingPolicy.archived_at.is_(None))
        .order_by(PublishedProduct.code, PublishingPolicy.name)
    )
    return [(i, f"{code} · {name}") for i, name, code in session.exec(stmt)]


def customer_choices(session: Session, limit: int = 500) -> list[tuple[int, str]]:
    stmt = select(PublishingCustomer.id, PublishingCustomer.name).order_by(PublishingCustomer.name).limit(limit)
    return [(i, n) for i, n in session.exec(stmt)]


def _base():
    return (
        select(PublishedLicense, PublishingPolicy, PublishingCustomer, CatalogEntry.name)
        .join(PublishingPolicy, PublishingPolicy.id == PublishedLicense.policy_id)
        .join(PublishingCustomer, PublishingCustomer.id == PublishedLicense.customer_id)
        .join(PublishedProduct, PublishedProduct.id == PublishingPolicy.product_id)
        .join(CatalogEntry, CatalogEntry.id == PublishedProduct.catalog_entry_id)
    )


def status_of(lic: PublishedLicense, now: datetime) -> str:
    if lic.status == issuing.ACTIVE and lic.expires_at is not None and lic.expires_at <= now:
        return "expired"
    return lic.status


def search_licenses(
    session: Session,
    *,
    search: str = "",
    status: str = "",
    policy_id: int | None = None,
    expiring_soon: bool = False,
    offset: int = 0,
    limit: int = 50,
    now: datetime,
) -> tuple[list[LicenseRow], int]:
    stmt = _base()
    if search:
        like = f"%{search.lower()}%"
        conds = [
            func.lower(PublishingCustomer.name).like(like),
            func.lower(PublishingCustomer.email).like(like),
            func.lower(CatalogEntry.name).like(like),
        ]
        if search.isdigit() and len(search) < 10:
            conds.append(PublishedLicense.id == int(search))
        stmt = stmt.where(or_(*conds))
    if status == "expired":
        stmt = stmt.where(PublishedLicense.status == issuing.ACTIVE, PublishedLicense.expires_at <= now)
    elif status == "active":
        stmt = stmt.where(
            PublishedLicense.status == issuing.ACTIVE,
            or_(PublishedLicense.expires_at.is_(None), PublishedLicense.expires_at > now),
        )
    elif status in STATUSES:
        stmt = stmt.where(PublishedLicense.status == status)
    if policy_id:
        stmt = stmt.where(PublishedLicense.policy_id == policy_id)
    if expiring_soon:
        stmt = stmt.where(
            PublishedLicense.status == issuing.ACTIVE,
            PublishedLicense.expires_at > now,
            PublishedLicense.expires_at <= now + timedelta(days=EXPIRING_DAYS),
        )
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    stmt = (
        stmt.order_by(PublishedLicense.issued_at.desc(), PublishedLicense.id.desc())
        .offset(max(0, offset))
        .limit(max(1, min(limit, PAGE_MAX)))
    )
    rows = [
        LicenseRow(
            lic.id,
            cust.name,
            cust.kind,
            product,
            pol.name,
            pol.id,
            pol.license_model,
            status_of(lic, now),
            mask(lic.key_hint),
            lic.issued_at,
            lic.expires_at,
            lic.machines_count,
            pol.max_machines,
        )
        for lic, pol, cust, product in session.exec(stmt)
    ]
    return rows, int(total)


def license_row(session: Session, license_id: int, now: datetime) -> LicenseRow | None:
    found = session.exec(_base().where(PublishedLicense.id == license_id)).first()
    if found is None:
        return None
    lic, pol, cust, product = found
    return LicenseRow(
        lic.id,
        cust.name,
        cust.kind,
        product,
        pol.name,
        pol.id,
        pol.license_model,
        status_of(lic, now),
        mask(lic.key_hint),
        lic.issued_at,
        lic.expires_at,
        lic.machines_count,
        pol.max_machines,
    )


def sibling_policies(session: Session, license_id: int) -> list[PublishingPolicy]:
    lic = issuing.get(session, license_id)
    current = session.get(PublishingPolicy, lic.policy_id)
    stmt = select(PublishingPolicy).where(
        PublishingPolicy.product_id == current.product_id,
        PublishingPolicy.id != current.id,
        PublishingPolicy.archived_at.is_(None),
    )
    return list(session.exec(stmt.order_by(PublishingPolicy.name)))
