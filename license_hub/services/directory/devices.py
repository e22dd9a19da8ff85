"""Devices added and edited by hand: name, hostname, serial, owner, OS, location.
A hostname names one live device, as the import already insists."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import Device, Person
from license_hub.models.enums import PersonStatus
from license_hub.services.audit import audit_log
from license_hub.services.core import bounds
from license_hub.services.core.errors import NotFound, ValidationError

DEVICE_LIMITS = {"name": 200, "hostname": 200, "serial": 100, "os": 100, "location": 100}
DEVICE_FIELDS = (*DEVICE_LIMITS, "owner_id")


def clean_device(session: Session, data: dict[str, Any], device_id: int | None = None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    text = {key: str(data.get(key) or "").strip() for key in DEVICE_LIMITS}
    for key, limit in DEVICE_LIMITS.items():
        if "\x00" in text[key]:  # PostgreSQL refuses NUL in text: a field message, never a 500
            errors[key] = bounds.CONTROL
        elif len(text[key]) > limit:
            errors[key] = f"At most {limit} characters"
    if not text["name"]:
        errors["name"] = "Name is required"
    if text["hostname"] and "hostname" not in errors:
        stmt = select(Device.id).where(
            func.lower(Device.hostname) == text["hostname"].lower(), Device.archived_at.is_(None)
        )
        if device_id is not None:
            stmt = stmt.where(Device.id != device_id)
        if session.exec(stmt).first() is not None:
            errors["hostname"] = f"A device with hostname {text['hostname']} is already in the directory"
    owner_id = data.get("owner_id")
    if owner_id in ("", None):
        owner_id = None
    elif isinstance(owner_id, bool) or not isinstance(owner_id, int) or not 0 < owner_id < 2**31:
        errors["owner_id"] = "This person is not in the directory"
    else:
        owner = session.get(Person, owner_id)
        if owner is None:
            errors["owner_id"] = "This person is not in the directory"
        elif owner.status == PersonStatus.OFFBOARDED.value:
            errors["owner_id"] = f"{owner.name} has been offboarded and cannot own a device"
    if errors:
        raise ValidationError(errors)
    return {**text, "owner_id": owner_id}


def add_device(session: Session, actor: str, data: dict[str, Any]) -> Device:
    fields = clean_device(session, data)
    device = Device(**fields)
    session.add(device)
    session.flush()
    audit_log.record(
        session, actor, "create", "device", device.id, {k: v for k, v in fields.items() if v not in (None, "")}
    )
    return device


def update_device(session: Session, actor: str, device_id: int, data: dict[str, Any]) -> dict[str, list]:
    """Returns the changes ({field: [before, after]}); an archived device is not edited."""
    device = lock_row(session, Device, device_id)
    if device is None or device.archived_at is not None:
        raise NotFound("This device does not exist")
    current = {k: getattr(device, k) for k in DEVICE_FIELDS}
    if data.get("owner_id", current["owner_id"]) == current["owner_id"] and current["owner_id"] is not None:
        # keeping an owner who has since left is not a new assignment: do not refuse it
        data = {**data, "owner_id": None}
        fields = {**clean_device(session, {**current, **data}, device_id), "owner_id": current["owner_id"]}
    else:
        fields = clean_device(session, {**current, **data}, device_id)
    changes = {k: [current[k], v] for k, v in fields.items() if current[k] != v}
    for key, (_, after) in changes.items():
        setattr(device, key, after)
    if changes:
        session.add(device)
        session.flush()
        audit_log.record(session, actor, "update", "device", device_id, changes)
    return changes
