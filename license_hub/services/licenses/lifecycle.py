"""Licenses: create, edit, archive, restore — each in one transaction with its
reminders and its audit event. Deleting archives; history stays. On edit a blank
product key keeps the saved one; only an explicit `clear_product_key` removes it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import CatalogEntry, License, Person
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core import secrets
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.licenses import license_names
from license_hub.services.licenses.license_form import clean, parse_flag
from license_hub.services.notify import reminders

_SECRET_FIELD = "product_key"
CLEAR_KEY = "clear_product_key"


def _apply(lic: License, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """Set fields on the row; return the field-level diff (before, after), keys redacted."""
    diff: dict[str, list[Any]] = {}
    for key, value in fields.items():
        if key == _SECRET_FIELD:
            if value != (secrets.decrypt(lic.product_key_cipher) or ""):
                lic.product_key_cipher = secrets.encrypt(value)
                lic.product_key_hint = secrets.hint(value)
                diff[_SECRET_FIELD] = ["<redacted>", "<changed>" if value else "<cleared>"]
            continue
        before = getattr(lic, key)
        if before != value:
            diff[key] = [before, value]
            setattr(lic, key, value)
    return diff


def _current(lic: License) -> dict[str, Any]:
    return {k: getattr(lic, k) for k in type(lic).model_fields if not k.endswith("_cipher")}


def _check_references(session: Session, fields: dict[str, Any], current_entry_id: int | None = None) -> None:
    errors: dict[str, str] = {}
    if "catalog_entry_id" in fields:
        entry = session.get(CatalogEntry, fields["catalog_entry_id"])
        if entry is None:
            errors["catalog_entry_id"] = "Software is required"
        elif entry.archived_at is not None and entry.id != current_entry_id:  # a license may keep its own
            errors["catalog_entry_id"] = f"{entry.name} is archived in the catalog — restore it first"
    owner = fields.get("business_owner_id")
    if owner is not None and session.get(Person, owner) is None:
        errors["business_owner_id"] = "This person is not in the directory"
    if errors:
        raise ValidationError(errors)


def _key_change(data: dict[str, Any], editing: bool) -> dict[str, Any]:
    """On edit a blank key means "keep the saved key"; `clear_product_key` removes it."""
    data = dict(data)
    clear = parse_flag(data.pop(CLEAR_KEY, False))
    typed = str(data.get(_SECRET_FIELD) or "").strip()
    if clear and typed:
        raise ValidationError({_SECRET_FIELD: "Enter a new key or clear the saved one, not both"})
    if clear:
        data[_SECRET_FIELD] = ""
    elif editing and not typed:
        data.pop(_SECRET_FIELD, None)
    return data


def create(session: Session, actor: str, data: dict[str, Any], workspace_currency: str = "EUR") -> License:
    fields = clean(_key_change(data, editing=False), workspace_currency=workspace_currency)
    _check_references(session, fields)
    license_names.check(session, fields["catalog_entry_id"], fields.get("name", ""))
    lic = License(currency=workspace_currency)
    diff = _apply(lic, fields)
    session.add(lic)
    license_names.flush(session, lic.name)
    reminders.sync(session, lic)
    audit_log.record(session, actor, "create", "license", lic.id, {k: v[1] for k, v in diff.items()})
    return lic


def update(session: Session, actor: str, license_id: int, data: dict[str, Any]) -> License:
    lic = lock_row(session, License, license_id)
    if lic is None or lic.archived_at is not None:
        raise NotFound("This license does not exist or was archived")
    fields = clean(_key_change(data, editing=True), current=_current(lic))
    _check_references(session, fields, current_entry_id=lic.catalog_entry_id)
    new_total = fields.get("seats_total", lic.seats_total)
    if fields.get("seat_type", lic.seat_type) != "unlimited" and new_total < lic.seats_used:
        raise ValidationError(
            {"seats_total": f"{lic.seats_used} seats are in use: reclaim seats before lowering Seats Total"}
        )
    if "name" in fields or "catalog_entry_id" in fields:
        license_names.check(
            session,
            fields.get("catalog_entry_id", lic.catalog_entry_id),
            fields.get("name", lic.name),
            exclude_id=lic.id,
        )
    diff = _apply(lic, fields)
    raised = diff.get("seats_total", [0, 0])[1] - diff.get("seats_total", [0, 0])[0]
    if raised > 0 and lic.seats_retired:
        # Raising the total gives retired seats back to the pool.
        returned = min(raised, lic.seats_retired)
        diff["seats_retired"] = [lic.seats_retired, lic.seats_retired - returned]
        lic.seats_retired -= returned
    if diff:
        lic.updated_at = utcnow()
        session.add(lic)
        license_names.flush(session, lic.name)
        reminders.sync(session, lic)
        audit_log.record(session, actor, "update", "license", lic.id, diff)
    return lic


def archive(session: Session, actor: str, license_id: int) -> License:
    lic = lock_row(session, License, license_id)
    if lic is None:
        raise NotFound("This license does not exist")
    if lic.archived_at is not None:
        raise DomainError("This license is already archived")
    lic.archived_at, lic.archived_by = utcnow(), actor
    session.add(lic)
    reminders.sync(session, lic)
    audit_log.record(session, actor, "archive", "license", lic.id, {})
    return lic


def restore(session: Session, actor: str, license_id: int) -> License:
    lic = lock_row(session, License, license_id)
    if lic is None:
        raise NotFound("This license does not exist")
    if lic.archived_at is None:
        raise DomainError("This license is not archived")
    if license_names.taken_by(session, lic.catalog_entry_id, lic.name) is not None:
        raise DomainError(
            f"Another active license of this software is already named “{lic.name}”: rename or archive it first"
        )
    lic.archived_at, lic.archived_by = None, ""
    session.add(lic)
    reminders.sync(session, lic)
    audit_log.record(session, actor, "restore", "license", lic.id, {})
    return lic


def get(session: Session, license_id: int, include_archived: bool = False) -> License:
    lic = session.get(License, license_id)
    if lic is None or (lic.archived_at is not None and not include_archived):
        raise NotFound("This license does not exist or was archived")
    return lic


def reveal_key(session: Session, actor: str, license_id: int) -> str:
    """The clear product key, for a caller whose permission was checked; the reveal is recorded."""
    lic = get(session, license_id, include_archived=True)
    audit_log.record(session, actor, "reveal_key", "license", lic.id, {"field": "product_key"})
    return secrets.decrypt(lic.product_key_cipher) or ""


def days_until(day: date | None, today: date) -> int | None:
    return None if day is None else (day - today).days


def for_catalog_entry(session: Session, entry_id: int) -> list[License]:
    stmt = select(License).where(License.catalog_entry_id == entry_id, License.archived_at.is_(None))
    return list(session.exec(stmt.order_by(License.id)))
