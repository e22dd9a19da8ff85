"""Seed 002: a license's Name is unique — per product, among the licenses still in
force. Two active (not archived) licenses of one catalog entry may not share a name,
compared case-insensitively; a blank name (seed 003 makes it optional) never clashes.
The service asks first for a clear field message; the partial unique index
`uq_license_entry_name` catches two writers racing past the check."""

from __future__ import annotations

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from license_hub.models import License
from license_hub.services.core.errors import Conflict

CODE = "duplicate_license_name"
INDEX = "uq_license_entry_name"


def message(name: str) -> str:
    return f"Another active license of this software is already named “{name}”: choose another name"


def taken_by(session: Session, entry_id: int, name: str, *, exclude_id: int | None = None) -> int | None:
    """The id of the active license of this entry that already has this name, if any."""
    if not name.strip():
        return None
    stmt = select(License.id).where(
        License.catalog_entry_id == entry_id,
        License.archived_at.is_(None),
        func.lower(License.name) == func.lower(name),
    )
    if exclude_id is not None:
        stmt = stmt.where(License.id != exclude_id)
    return session.exec(stmt.limit(1)).first()


def check(session: Session, entry_id: int, name: str, *, exclude_id: int | None = None) -> None:
    if taken_by(session, entry_id, name, exclude_id=exclude_id) is not None:
        raise Conflict(CODE, {"name": message(name)})


def flush(session: Session, name: str) -> None:
    """Flush, turning the index's refusal (a race the check could not see) into the same message."""
    try:
        session.flush()
    except IntegrityError as exc:
        if INDEX not in str(exc.orig):
            raise
        raise Conflict(CODE, {"name": message(name)}) from exc
