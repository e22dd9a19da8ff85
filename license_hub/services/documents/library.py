"""Documents on a license: attach (refusing duplicates by SHA-256), list, record
downloads, delete. Every upload, download and deletion is in the audit trail.
The terms are found before the write transaction opens, so a slow AI endpoint
never holds a database lock."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from license_hub.models import Document, License
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import NotFound, ValidationError
from license_hub.services.documents import storage
from license_hub.services.documents.llm_terms import find_terms_with_ai
from license_hub.services.documents.sniff import KINDS, REFUSED, sniff
from license_hub.services.documents.terms import Found
from license_hub.services.documents.text_layer import extract

DUPLICATE = "This document is already attached to this license"
PENDING = "pending"


@dataclass(frozen=True)
class Analysis:
    kind: str
    pages: int
    text_status: str
    source: str
    fields: tuple[Found, ...]


@dataclass(frozen=True)
class DocumentRow:
    id: int
    license_id: int | None
    filename: str
    kind: str
    size_bytes: int
    uploaded_by: str
    uploaded_at: datetime
    text_status: str
    pending: int


def analyse(spooled: storage.Spooled) -> Analysis:
    """Type from the content, then text and terms. Refuses what is not PDF, DOCX or text."""
    kind = sniff(spooled.head, str(spooled.path))
    if kind is None:
        storage.discard(spooled)
        raise ValidationError({"file": REFUSED})
    layer = extract(spooled.path, kind)
    fields, source = find_terms_with_ai(layer.pages) if layer.status == "ok" else ([], "rules")
    return Analysis(kind, len(layer.pages), layer.status, source, tuple(fields))


def _filename(name: str) -> str:
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>|:*?').strip()
    return name[:255] or "document"


def attach(
    session: Session, actor: str, license_id: int | None, filename: str, spooled: storage.Spooled, analysis: Analysis
) -> Document:
    """Keep the file and its row in one go; `license_id` None keeps a contract for
    "Create from contract" until its license exists."""
    if license_id is not None:
        lic = session.get(License, license_id)
        if lic is None or lic.archived_at is not None:
            storage.discard(spooled)
            raise NotFound("This license does not exist or was archived")
        duplicate = session.exec(
            select(Document.id).where(Document.license_id == license_id, Document.sha256 == spooled.sha256)
        ).first()
        if duplicate is not None:
            storage.discard(spooled)
            raise ValidationError({"file": DUPLICATE})
    storage.keep(spooled)
    fields = [{**asdict(f), "flags": list(f.flags), "decision": PENDING} for f in analysis.fields]
    doc = Document(
        license_id=license_id,
        filename=_filename(filename),
        kind=analysis.kind,
        size_bytes=spooled.size,
        sha256=spooled.sha256,
        pages=analysis.pages,
        text_status=analysis.text_status,
        extraction_source=analysis.source,
        fields_json=json.dumps(fields),
        uploaded_by=actor,
    )
    session.add(doc)
    session.flush()
    audit_log.record(
        session,
        actor,
        "upload",
        "document",
        doc.id,
        {
            "license_id": license_id,
            "filename": doc.filename,
            "kind": doc.kind,
            "size": doc.size_bytes,
            "sha256": doc.sha256,
            "fields_found": len(fields),
        },
    )
    return doc


def get(session: Session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFound("This document does not exist")
    return doc


def fields_of(doc: Document) -> list[dict]:
    return json.loads(doc.fields_json or "[]")


def list_for_license(session: Session, license_id: int) -> list[DocumentRow]:
    docs = session.exec(
        select(Document)
        .where(Document.license_id == license_id)
        .order_by(Document.uploaded_at.desc(), Document.id.desc())
    )
    return [_row(d) for d in docs]


def _row(doc: Document) -> DocumentRow:
    pending = sum(1 for f in fields_of(doc) if f.get("decision") == PENDING)
    return DocumentRow(
        doc.id,
        doc.license_id,
        doc.filename,
        KINDS.get(doc.kind, doc.kind),
        doc.size_bytes,
        doc.uploaded_by,
        doc.uploaded_at,
        doc.text_status,
        pending,
    )


def row(session: Session, document_id: int) -> DocumentRow:
    return _row(get(session, document_id))


def record_download(session: Session, actor: str, document_id: int) -> Document:
    doc = get(session, document_id)
    audit_log.record(
        session, actor, "download", "document", doc.id, {"license_id": doc.license_id, "filename": doc.filename}
    )
    return doc


def delete(session: Session, actor: str, document_id: int) -> Document:
    """Remove the row; the file goes too unless another license holds the same content."""
    doc = get(session, document_id)
    audit_log.record(
        session,
        actor,
        "delete",
        "document",
        doc.id,
        {"license_id": doc.license_id, "filename": doc.filename, "sha256": doc.sha256},
    )
    session.delete(doc)
    session.flush()
    shared = session.exec(select(func.count()).select_from(Document).where(Document.sha256 == doc.sha256)).one()
    if not shared:
        storage.remove(doc.sha256)
    return doc
