"""The review step: each found value beside the license's current value, accepted
or rejected field by field. Only accepted values are written, through the license
services (their validation, their audit event, their reminders) — never by
extraction itself. The notice period becomes the license's cancellation notice
days, which sets the cancellation-deadline reminder (end date minus notice days)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from license_hub.db import lock_row
from license_hub.models import CatalogEntry, Document, License
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.documents.library import PENDING, fields_of
from license_hub.services.documents.terms import FIELDS
from license_hub.services.licenses import lifecycle

# Found field -> license column it may set. Product names the catalog entry and the
# terms in months only inform the reviewer: no license column holds them.
TARGETS: dict[str, str] = {
    "vendor": "vendor",
    "seats": "seats_total",
    "unit_price": "cost_per_seat",
    "total": "total_cost",
    "currency": "currency",
    "start_date": "start_date",
    "end_date": "expiry_date",
    "auto_renew": "auto_renew",
    "notice_days": "cancellation_notice_days",
    "po_number": "purchase_order",
}
DECISIONS = ("accepted", "rejected")
NOTHING_CHOSEN = "Accept or reject at least one field"


@dataclass(frozen=True)
class ReviewRow:
    name: str
    label: str
    found: str
    current: str
    confidence: int
    page: int
    snippet: str
    flags: str
    decision: str
    can_accept: bool


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def rows(session: Session, document_id: int) -> list[ReviewRow]:
    doc = _document(session, document_id)
    lic = session.get(License, doc.license_id) if doc.license_id else None
    entry = session.get(CatalogEntry, lic.catalog_entry_id) if lic else None
    out = []
    for f in fields_of(doc):
        target = TARGETS.get(f["name"])
        if lic is None:
            current = "—"
        elif f["name"] == "product":
            current = entry.name if entry else "—"
        else:
            current = _shown(getattr(lic, target)) if target else "—"
        out.append(
            ReviewRow(
                f["name"],
                FIELDS.get(f["name"], f["name"]),
                f["value"],
                current,
                round(float(f["confidence"]) * 100),
                int(f["page"]),
                f["snippet"],
                "; ".join(f.get("flags") or []),
                f.get("decision", PENDING),
                target is not None and lic is not None,
            )
        )
    return out


def cancellation_deadline(found: dict[str, str]) -> date | None:
    """End date minus notice days, from found values (what the reminder will use once accepted)."""
    try:
        return date.fromisoformat(found["end_date"]) - timedelta(days=int(found["notice_days"]))
    except (KeyError, ValueError):
        return None


def _document(session: Session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFound("This document does not exist")
    return doc


def decide(session: Session, actor: str, document_id: int, decisions: dict[str, str]) -> dict[str, Any]:
    """Save the accepted values on the document's license and mark every decided field.
    Returns the license fields written. All or nothing: a refused value saves nothing."""
    doc = lock_row(session, Document, document_id)
    if doc is None:
        raise NotFound("This document does not exist")
    if doc.license_id is None:
        raise DomainError("This contract is not attached to a license yet")
    fields = fields_of(doc)
    by_name = {f["name"]: f for f in fields}
    chosen = {k: v for k, v in decisions.items() if k in by_name and v in DECISIONS}
    if not chosen:
        raise ValidationError({"decisions": NOTHING_CHOSEN})
    data = {TARGETS[k]: by_name[k]["value"] for k, v in chosen.items() if v == "accepted" and k in TARGETS}
    if any(v == "accepted" and k not in TARGETS for k, v in chosen.items()):
        raise ValidationError({"decisions": "Only fields the license holds can be accepted"})
    if data:
        lifecycle.update(session, actor, doc.license_id, data)
    for name, decision in chosen.items():
        by_name[name]["decision"] = decision
    doc.fields_json = json.dumps(fields)
    session.add(doc)
    audit_log.record(
        session,
        actor,
        "review",
        "document",
        doc.id,
        {
            "license_id": doc.license_id,
            "accepted": sorted(k for k, v in chosen.items() if v == "accepted"),
            "rejected": sorted(k for k, v in chosen.items() if v == "rejected"),
        },
    )
    return data
