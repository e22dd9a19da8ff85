"""The catalog: products, not purchases. Adding one creates no license and costs nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from license_hub.models import CatalogEntry, License
from license_hub.models.enums import DeploymentModel
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core import bounds
from license_hub.services.core.errors import NotFound, ValidationError

# Seed 003: a letter grade and a risk level, with the reasons behind them.
GRADE_LETTERS = ("A", "B", "C", "D", "E", "F")
RISK_LEVELS = ("Low", "Medium", "High", "Critical")
# Licenses in these states are still in force: archiving their product would orphan them.
LIVE_STATUSES = ("active", "pending_renewal", "trial")
# Column widths (models/catalog.py); text columns get a bound that keeps a form sane.
LIMITS = {
    "name": 200,
    "publisher": 200,
    "category": 100,
    "description": 10_000,
    "website": 300,
    "security_rationale": 10_000,
}


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
    archived: bool = False


def _name_taken(session: Session, name: str, entry_id: int | None) -> CatalogEntry | None:
    stmt = select(CatalogEntry).where(  # lower() on both sides: SQLite's lower() is ASCII-only
        (func.lower(CatalogEntry.name) == func.lower(name)) | (CatalogEntry.name == name)
    )
    if entry_id is not None:
        stmt = stmt.where(CatalogEntry.id != entry_id)
    return session.exec(stmt).first()


def clean(session: Session, data: dict[str, Any], entry_id: int | None = None) -> dict[str, Any]:
    """Every catalog field, checked the same way for the Add product dialog, the edit
    dialog and the license form's inline "Add <name>"; each refusal names its field."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    for key, limit in LIMITS.items():
        if key not in data:
            continue
        try:
            out[key] = bounds.text(data.get(key), limit)
        except ValueError as exc:
            errors[key] = str(exc)
    if "name" in data and "name" not in errors:
        name = out["name"]
        if not name:
            errors["name"] = "Name is required"
        elif (clash := _name_taken(session, name, entry_id)) is not None:
            errors["name"] = (
                f"{clash.name} is archived in the catalog — restore it instead"
                if clash.archived_at is not None
                else f"{clash.name} is already in the catalog"
            )
    if "deployment_model" in data:
        model = str(data.get("deployment_model") or "")
        if model not in {d.value for d in DeploymentModel}:
            errors["deployment_model"] = "Choose Cloud, On-Premise or Hybrid"
        out["deployment_model"] = model
    if "security_grade" in data:
        grade = str(data.get("security_grade") or "").strip().upper()
        risk = str(data.get("security_risk") or "").strip()
        if grade and grade not in GRADE_LETTERS:
            errors["security_grade"] = "Choose a grade from A to F, or none"
        elif risk and risk not in RISK_LEVELS:
            errors["security_risk"] = "Choose Low, Medium, High or Critical"
        elif grade and not risk:
            errors["security_risk"] = "A graded product needs a risk level"
        elif risk and not grade:
            errors["security_grade"] = "Choose a grade for this risk level"
        out["security_grade"], out["security_risk"] = grade or None, risk or None
    if errors:
        raise ValidationError(errors)
    return out


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
    fields = clean(
        session,
        {
            "name": name,
            "publisher": publisher,
            "category": category,
            "deployment_model": deployment_model,
            "description": description,
            "website": website,
        },
    )
    entry = CatalogEntry(**fields)
    session.add(entry)
    session.flush()
    audit_log.record(
        session,
        actor,
        "create",
        "catalog_entry",
        entry.id,
        {"name": entry.name, "publisher": entry.publisher, "category": entry.category},
    )
    return entry


def update_entry(session: Session, actor: str, entry_id: int, data: dict[str, Any]) -> CatalogEntry:
    """Edit any catalog field; only what changed is written and audited. A grade set
    by hand is marked so, apart from one the rubric or the AI produced."""
    entry = get(session, entry_id)
    fields = clean(session, data, entry_id=entry.id)
    diff = {k: [getattr(entry, k), v] for k, v in fields.items() if getattr(entry, k) != v}
    if not diff:
        return entry
    for key, (_, value) in diff.items():
        setattr(entry, key, value)
    if "security_grade" in diff or "security_risk" in diff:
        entry.security_source = "manual" if entry.security_grade else ""
        entry.security_evaluated_at = utcnow() if entry.security_grade else None
    session.add(entry)
    audit_log.record(session, actor, "update", "catalog_entry", entry.id, diff)
    return entry


def set_deployment_model(session: Session, actor: str, entry_id: int, deployment_model: str) -> CatalogEntry:
    return update_entry(session, actor, entry_id, {"deployment_model": deployment_model})


def live_license_count(session: Session, entry_id: int) -> int:
    stmt = select(func.count(License.id)).where(
        License.catalog_entry_id == entry_id,
        License.archived_at.is_(None),
        License.status.in_(LIVE_STATUSES),
    )
    return int(session.exec(stmt).one())


def archive_entry(session: Session, actor: str, entry_id: int) -> CatalogEntry:
    """Hide a product from the catalog and the Software picker. Refused while a license
    for it is still in force: those seats and renewals would point at a product nobody
    can find. Expired or cancelled licenses keep their (archived) product for history."""
    entry = get(session, entry_id)
    live = live_license_count(session, entry.id)
    if live:
        noun = "license is" if live == 1 else "licenses are"
        raise ValidationError(
            {
                "archive": f"{live} {noun} still active, pending renewal or in trial for {entry.name}. "
                "Cancel or archive them first, then archive the product."
            }
        )
    entry.archived_at = utcnow()
    session.add(entry)
    audit_log.record(session, actor, "archive", "catalog_entry", entry.id, {"name": entry.name})
    return entry


def restore_entry(session: Session, actor: str, entry_id: int) -> CatalogEntry:
    entry = get(session, entry_id, include_archived=True)
    if entry.archived_at is None:
        return entry
    entry.archived_at = None
    session.add(entry)
    audit_log.record(session, actor, "restore", "catalog_entry", entry.id, {"name": entry.name})
    return entry


def get(session: Session, entry_id: int, include_archived: bool = False) -> CatalogEntry:
    entry = session.get(CatalogEntry, entry_id)
    if entry is None or (entry.archived_at is not None and not include_archived):
        raise NotFound("This product is not in the catalog")
    return entry


def list_entries(session: Session, search: str = "", category: str = "", archived: bool = False) -> list[CatalogRow]:
    """The catalog without its archived products, or (archived=True) only those."""
    counts = (
        select(License.catalog_entry_id, func.count(License.id).label("n"))
        .where(License.archived_at.is_(None))
        .group_by(License.catalog_entry_id)
        .subquery()
    )
    stmt = (
        select(CatalogEntry, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.catalog_entry_id == CatalogEntry.id)
        .where(CatalogEntry.archived_at.is_not(None) if archived else CatalogEntry.archived_at.is_(None))
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
            e.archived_at is not None,
        )
        for e, n in rows
    ]


def categories(session: Session) -> list[str]:
    stmt = select(CatalogEntry.category).where(CatalogEntry.archived_at.is_(None), CatalogEntry.category != "")
    return sorted(set(session.exec(stmt.distinct()).all()))
