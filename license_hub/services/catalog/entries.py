"""The catalog: products, not purchases. Adding one creates no license and costs nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from license_hub.models import CatalogEntry, License
from license_hub.models.enums import DeploymentModel
from license_hub.services.audit import audit_log
from license_hub.services.core import bounds
from license_hub.services.core.errors import NotFound, ValidationError


@dataclass(frozen=True)
class CatalogRow:
    id: int
    name: str
    publisher: str
    category: str
    deployment_model: str
    security_grade: str
    security_risk: str
    license_count: int


def create_entry(
    session: Session,
    actor: str,
    *,
    name: str,
    publisher: str = "",
    category: str = "",
    deployment_model: str = DeploymentModel.CLOUD.value,
    description: str = "",
    website: str = "",
) -> CatalogEntry:
    errors: dict[str, str] = {}
    name = (name or "").strip()
    fields = {"publisher": publisher, "category": category, "description": description, "website": website}
    for key, value in {"name": name, **fields}.items():
        if "\x00" in (value or ""):  # PostgreSQL refuses NUL in text: a field message, never a 500
            errors[key] = bounds.CONTROL
    if "name" in errors:
        pass  # no lookup with a NUL in it: PostgreSQL would refuse the query
    elif not name:
        errors["name"] = "Name is required"
    elif len(name) > 200:
        errors["name"] = "Keep the name under 200 characters"
    elif session.exec(
        select(CatalogEntry.id).where(  # lower() on both sides: SQLite's lower() is ASCII-only
            (func.lower(CatalogEntry.name) == func.lower(name)) | (CatalogEntry.name == name)
        )
    ).first():
        errors["name"] = f"{name} is already in the catalog"
    if deployment_model not in {d.value for d in DeploymentModel}:
        errors["deployment_model"] = "Choose Cloud, On-Premise or Hybrid"
    if errors:
        raise ValidationError(errors)
    entry = CatalogEntry(
        name=name,
        publisher=(publisher or "").strip()[:200],
        category=(category or "").strip()[:100],
        deployment_model=deployment_model,
        description=(description or "").strip(),
        website=(website or "").strip()[:300],
    )
    session.add(entry)
    session.flush()
    audit_log.record(
        session,
        actor,
        "create",
        "catalog_entry",
        entry.id,
        {"name": name, "publisher": entry.publisher, "category": entry.category},
    )
    return entry


def set_deployment_model(session: Session, actor: str, entry_id: int, deployment_model: str) -> CatalogEntry:
    entry = get(session, entry_id)
    if deployment_model not in {d.value for d in DeploymentModel}:
        raise ValidationError({"deployment_model": "Choose Cloud, On-Premise or Hybrid"})
    if entry.deployment_model != deployment_model:
        audit_log.record(
            session,
            actor,
            "update",
            "catalog_entry",
            entry.id,
            {"deployment_model": [entry.deployment_model, deployment_model]},
        )
        entry.deployment_model = deployment_model
        session.add(entry)
    return entry


def get(session: Session, entry_id: int) -> CatalogEntry:
    entry = session.get(CatalogEntry, entry_id)
    if entry is None or entry.archived_at is not None:
        raise NotFound("This product is not in the catalog")
    return entry


def list_entries(session: Session, search: str = "", category: str = "") -> list[CatalogRow]:
    counts = (
        select(License.catalog_entry_id, func.count(License.id).label("n"))
        .where(License.archived_at.is_(None))
        .group_by(License.catalog_entry_id)
        .subquery()
    )
    stmt = (
        select(CatalogEntry, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.catalog_entry_id == CatalogEntry.id)
        .where(CatalogEntry.archived_at.is_(None))
    )
    if search.strip():
        like = f"%{search.strip().lower()}%"
        stmt = stmt.where(func.lower(CatalogEntry.name).like(like) | func.lower(CatalogEntry.publisher).like(like))
    if category:
        stmt = stmt.where(CatalogEntry.category == category)
    rows = session.exec(stmt.order_by(func.lower(CatalogEntry.name))).all()
    return [
        CatalogRow(
            e.id,
            e.name,
            e.publisher,
            e.category,
            e.deployment_model,
            e.security_grade or "",
            e.security_risk or "",
            int(n),
        )
        for e, n in rows
    ]


def categories(session: Session) -> list[str]:
    stmt = select(CatalogEntry.category).where(CatalogEntry.archived_at.is_(None), CatalogEntry.category != "")
    return sorted(set(session.exec(stmt.distinct()).all()))
