"""Every license with its seat holders as one CSV, in the columns the import reads
back: one row per active assignment, the license's fields repeated, and one row
for a license nobody holds. Exporting, importing into an empty database and
exporting again gives the same file.

Product and seat keys are masked unless the caller may reveal them and asks; a
reveal is recorded in the audit trail before the first byte leaves. Every cell
goes through the formula guard. Licenses stream in batches, so memory stays flat.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Iterator

from sqlalchemy import func
from sqlmodel import Session, select

from license_hub.db import write_session
from license_hub.models import Assignment, CatalogEntry, Device, License, Person
from license_hub.services.audit import audit_log
from license_hub.services.core import secrets
from license_hub.services.core.csv_out import CsvBuffer, cell
from license_hub.services.imports.formats import CATALOG_FIELDS, FIELD_LABELS, LICENSE_FIELDS, SEAT_FIELDS

HEADER = tuple(FIELD_LABELS.values())
BATCH = 200


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return value
    return "" if value is None else value


def _key(cipher: bytes | None, hint: str, reveal: bool) -> str:
    return (secrets.decrypt(cipher) or "") if reveal else secrets.mask(cipher is not None, hint)


def _license_cells(lic: License, entry: CatalogEntry, reveal: bool) -> list[Any]:
    cells: list[Any] = [entry.name, entry.publisher, entry.category]
    for key in LICENSE_FIELDS:
        if key == "product_key":
            cells.append(_key(lic.product_key_cipher, lic.product_key_hint, reveal))
        else:
            cells.append(_value(getattr(lic, key)))
    return cells


def _seat_rows(session: Session, license_ids: list[int], reveal: bool) -> dict[int, list[list[Any]]]:
    stmt = (
        select(Assignment, Person.username, Person.email, Person.name, Device.name)
        .outerjoin(Person, Person.id == Assignment.person_id)
        .outerjoin(Device, Device.id == Assignment.device_id)
        .where(Assignment.license_id.in_(license_ids), Assignment.revoked_at.is_(None))
        .order_by(
            Assignment.license_id,
            func.coalesce(Person.email, ""),
            func.coalesce(Person.username, ""),
            func.coalesce(Person.name, Assignment.assignee_name),
            Assignment.device_name,
            Assignment.id,
        )
    )
    out: dict[int, list[list[Any]]] = {i: [] for i in license_ids}
    for seat, username, email, name, device in session.exec(stmt):
        out[seat.license_id].append(
            [
                username or "",
                email or "",
                name or seat.assignee_name,
                device or seat.device_name,
                _key(seat.seat_key_cipher, seat.seat_key_hint, reveal),
                _value(seat.activated_on),
            ]
        )
    return out


def stream_csv(session: Session, *, reveal_keys: bool = False, actor: str = "") -> Iterator[str]:
    """CSV text chunks. With reveal_keys the caller has checked the permission; the
    reveal is recorded (in its own transaction) before anything is yielded."""
    if reveal_keys:
        with write_session() as s:
            audit_log.record(s, actor, "reveal_key", "license", None, {"field": "product_key", "export": "licenses"})
    out = CsvBuffer()
    yield out.line(HEADER)
    blank_seat = [""] * len(SEAT_FIELDS)
    order = (
        select(License.id)
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .where(License.archived_at.is_(None))
        .order_by(func.lower(CatalogEntry.name), func.lower(License.name), License.serial_number, License.id)
    )
    ids = list(session.exec(order))
    for start in range(0, len(ids), BATCH):
        part = ids[start : start + BATCH]
        found = {
            lic.id: (lic, entry)
            for lic, entry in session.exec(
                select(License, CatalogEntry)
                .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
                .where(License.id.in_(part))
            )
        }
        seats = _seat_rows(session, part, reveal_keys)
        for lic_id in part:
            lic, entry = found[lic_id]
            cells = _license_cells(lic, entry, reveal_keys)
            for seat in seats[lic_id] or [blank_seat]:
                out.writer.writerow([cell(v) for v in cells + seat])
        yield out.take()


assert len(HEADER) == len(CATALOG_FIELDS) + len(LICENSE_FIELDS) + len(SEAT_FIELDS)
