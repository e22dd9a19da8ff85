"""Create from contract: an uploaded contract proposes a catalog entry (vendor and
product) and a license with the found fields. The reviewer picks which fields to
keep; both are then created through the catalog and license services in one
transaction, and the contract is attached to the new license."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import CatalogEntry, Document, License
from license_hub.services.audit import audit_log
from license_hub.services.catalog import entries
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.documents.library import fields_of
from license_hub.services.documents.review import TARGETS
from license_hub.services.licenses import lifecycle

ALREADY_USED = "A license was already created from this contract"


@dataclass(frozen=True)
class Proposal:
    document_id: int
    filename: str
    text_status: str
    product: str
    publisher: str
    existing_entry_id: int | None
    fields: tuple[tuple[str, str], ...]  # (found field name, value) the license may take


def propose(session: Session, document_id: int) -> Proposal:
    doc = _unattached(session, document_id)
    found = {f["name"]: f["value"] for f in fields_of(doc)}
    product, publisher = found.get("product", ""), found.get("vendor", "")
    existing = (
        session.exec(select(CatalogEntry.id).where(func.lower(CatalogEntry.name) == product.lower())).first()
        if product
        else None
    )
    license_fields = tuple((k, v) for k, v in found.items() if k in TARGETS)
    return Proposal(doc.id, doc.filename, doc.text_status, product, publisher, existing, license_fields)


def _unattached(session: Session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFound("This document does not exist")
    if doc.license_id is not None:
        raise DomainError(ALREADY_USED)
    return doc


def create(
    session: Session,
    actor: str,
    document_id: int,
    *,
    product: str,
    publisher: str,
    accepted: list[str],
    license_name: str = "",
    workspace_currency: str = "EUR",
) -> License:
    """The catalog entry (reused when one of that name exists) and the license, with
    only the accepted fields; the contract then belongs to the license."""
    doc = lock_row(session, Document, document_id)
    if doc is None:
        raise NotFound("This document does not exist")
    if doc.license_id is not None:
        raise DomainError(ALREADY_USED)
    product = (product or "").strip()
    if not product:
        raise ValidationError({"product": "Product is required"})
    entry = session.exec(select(CatalogEntry).where(func.lower(CatalogEntry.name) == product.lower())).first()
    if entry is None:
        entry = entries.create_entry(session, actor, name=product, publisher=publisher)
    fields = fields_of(doc)
    data: dict[str, Any] = {"catalog_entry_id": entry.id, "name": (license_name or "").strip()}
    for f in fields:
        if f["name"] in TARGETS and f["name"] in accepted:
            data[TARGETS[f["name"]]] = f["value"]
            f["decision"] = "accepted"
        elif f["name"] in TARGETS:
            f["decision"] = "rejected"
    lic = lifecycle.create(session, actor, data, workspace_currency=workspace_currency)
    doc.license_id, doc.fields_json = lic.id, json.dumps(fields)
    session.add(doc)
    audit_log.record(
        session,
        actor,
        "create_from_contract",
        "document",
        doc.id,
        {"license_id": lic.id, "catalog_entry_id": entry.id, "accepted": sorted(k for k in accepted if k in TARGETS)},
    )
    return lic
