"""CSV usage import: real usage (seed 003's best dormancy signal) from a file, for
machines or vendors whose activity reaches us as an export rather than from the agent.

Each row names a seat — a license (by id, or by software name when the person or
device holds a seat of only one of its licenses) and a holder (person email, else
device name) — and when it was last used (ISO 8601; no offset means UTC). Every
row is checked first and every problem reported with its line number; a file with
any error changes nothing. A timestamp only moves a seat's last_used_at forward.
A vendor console's export (email, product, last active) is read as is; its dates
also move each person's last sign-in forward, the login proxy dormancy falls back
to for their other seats.
Lookups are a few IN queries per thousand names, not one query per row.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Iterable, Sequence

from sqlalchemy import func, or_, select, update
from sqlmodel import Session

from license_hub.models import Assignment, CatalogEntry, Device, License, Person
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError

MAX_ROWS = 200_000
CHUNK = 1000
FUTURE_SKEW = timedelta(days=1)
ALIASES = {
    "license_id": ("license_id", "license id", "license"),
    "software": ("software", "software name", "software_name", "product"),
    "email": ("email", "person email", "person_email", "user email", "user_email"),
    "device": ("device", "device name", "device_name", "hostname"),
    "last_used": (
        "last_used",
        "last used",
        "last_used_at",
        "last used at",
        "last active",
        "last_active",
        "last activity",
        "last active at",
    ),
}


@dataclass(frozen=True)
class RowError:
    row: int  # the line in the file (the header is line 1)
    message: str


class UsageImportError(DomainError):
    """Nothing was imported; `errors` lists every bad row."""

    def __init__(self, errors: Sequence[RowError]):
        self.errors = list(errors)
        count = len({e.row for e in self.errors})
        super().__init__(f"{count} row{'s' if count != 1 else ''} with errors: nothing was imported")


@dataclass(frozen=True)
class ImportResult:
    rows: int
    seats_updated: int
    unchanged: int  # seats whose recorded use was already as recent


def parse_timestamp(text: str) -> datetime:
    value = text.strip()
    if not value:
        raise ValueError("Last used is required")
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"“{value}” is not an ISO 8601 date or timestamp") from exc
    return parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)


def _read(source: str | bytes | Iterable[str]) -> tuple[list[str], list[list[str]]]:
    if isinstance(source, bytes):
        source = source.decode("utf-8-sig")
    lines = io.StringIO(source.lstrip("\ufeff")) if isinstance(source, str) else source
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        raise UsageImportError([RowError(1, "The file is empty")])
    return [h.strip().lower().replace("-", " ") for h in header], list(reader)


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for key, names in ALIASES.items():
        for i, name in enumerate(header):
            if name in names or name.replace(" ", "_") in names:
                found.setdefault(key, i)
    problems = []
    if "last_used" not in found:
        problems.append("a last_used column")
    if "license_id" not in found and "software" not in found:
        problems.append("a license_id or software column")
    if "email" not in found and "device" not in found:
        problems.append("an email or device column")
    if problems:
        raise UsageImportError([RowError(1, "The header needs " + ", ".join(problems))])
    return found


def _chunks(items: Sequence, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Row:
    line: int
    license_id: int | None
    software: str
    email: str
    device: str
    used: datetime


def _parse_rows(header: list[str], records: list[list[str]], now: datetime) -> tuple[list[_Row], list[RowError]]:
    cols = _columns(header)
    rows: list[_Row] = []
    errors: list[RowError] = []
    for offset, record in enumerate(records):
        line = offset + 2
        if not any(cell.strip() for cell in record):
            continue

        def get(key: str, record: list[str] = record) -> str:
            return record[cols[key]].strip() if key in cols and cols[key] < len(record) else ""

        problems = []
        license_id = None
        if get("license_id"):
            try:
                license_id = int(get("license_id"))
            except ValueError:
                problems.append(f"License ID “{get('license_id')}” is not a number")
        elif not get("software"):
            problems.append("Give a license ID or a software name")
        if not get("email") and not get("device"):
            problems.append("Give the person's email or the device name")
        try:
            used = parse_timestamp(get("last_used"))
            if used > now + FUTURE_SKEW:
                problems.append(f"Last used {get('last_used')} is in the future")
        except ValueError as exc:
            problems.append(str(exc))
            used = now
        if problems:
            errors.extend(RowError(line, p) for p in problems)
        else:
            rows.append(_Row(line, license_id, get("software"), get("email").lower(), get("device"), used))
    return rows, errors


def _lookup(session: Session, rows: list[_Row]):
    """Licenses, products, people, devices and their active seats, in a few IN queries."""

    def fetch(stmt_for, values):
        out: list = []
        for part in _chunks(sorted(values)):
            out.extend(session.execute(stmt_for(part)).all())
        return out

    ids = {r.license_id for r in rows if r.license_id is not None}
    license_cols = (License.id, License.catalog_entry_id, License.archived_at)
    licenses = {i: (p, a) for i, p, a in fetch(lambda part: select(*license_cols).where(License.id.in_(part)), ids)}
    names = {r.software.lower() for r in rows if r.license_id is None}
    products = {
        n: i
        for i, n in fetch(
            lambda part: select(CatalogEntry.id, func.lower(CatalogEntry.name)).where(
                func.lower(CatalogEntry.name).in_(part)
            ),
            names,
        )
    }
    by_product = defaultdict(list)
    for lid, pid in fetch(
        lambda part: select(License.id, License.catalog_entry_id).where(
            License.catalog_entry_id.in_(part), License.archived_at.is_(None)
        ),
        set(products.values()),
    ):
        by_product[pid].append(lid)
    people = {
        e: i
        for i, e in fetch(
            lambda part: select(Person.id, Person.email).where(Person.email.in_(part)),
            {r.email for r in rows if r.email},
        )
    }
    dev_names = {r.device.lower() for r in rows if r.device and not r.email}
    devices = defaultdict(set)
    for i, n, h in fetch(
        lambda part: select(Device.id, func.lower(Device.name), func.lower(Device.hostname)).where(
            or_(func.lower(Device.name).in_(part), func.lower(Device.hostname).in_(part))
        ),
        dev_names,
    ):
        for key in {n, h} & dev_names:
            devices[key].add(i)
    license_scope = ids | {lid for lids in by_product.values() for lid in lids}
    seats = defaultdict(list)  # (license_id, holder key) -> assignment ids
    cols = (
        Assignment.id,
        Assignment.license_id,
        Assignment.person_id,
        Assignment.device_id,
        func.lower(Assignment.device_name),
    )
    for aid, lid, person_id, device_id, free_device in fetch(
        lambda part: select(*cols).where(Assignment.license_id.in_(part), Assignment.revoked_at.is_(None)),
        license_scope,
    ):
        if person_id is not None:
            seats[(lid, ("person", person_id))].append(aid)
        if device_id is not None:
            seats[(lid, ("device", device_id))].append(aid)
        if free_device:
            seats[(lid, ("device_name", free_device))].append(aid)
    return licenses, products, by_product, people, devices, seats


def _resolve(rows: list[_Row], lookups) -> tuple[dict[int, datetime], list[RowError]]:
    licenses, products, by_product, people, devices, seats = lookups
    latest: dict[int, datetime] = {}
    errors = []
    for row in rows:
        if row.license_id is not None:
            if row.license_id not in licenses or licenses[row.license_id][1] is not None:
                errors.append(RowError(row.line, f"License {row.license_id} does not exist or was archived"))
                continue
            candidates, what = [row.license_id], f"license {row.license_id}"
        else:
            pid = products.get(row.software.lower())
            if pid is None:
                errors.append(RowError(row.line, f"“{row.software}” is not in the catalog"))
                continue
            candidates, what = by_product.get(pid, []), row.software
        if row.email:
            if row.email not in people:
                errors.append(RowError(row.line, f"No person with email {row.email}"))
                continue
            keys, holder = [("person", people[row.email])], row.email
        else:
            name = row.device.lower()
            keys = [("device", d) for d in sorted(devices.get(name, ()))] + [("device_name", name)]
            holder = row.device
        found = {lid: [a for k in keys for a in seats.get((lid, k), [])] for lid in candidates}
        found = {lid: aids for lid, aids in found.items() if aids}
        if not found:
            errors.append(RowError(row.line, f"{holder} holds no active seat of {what}"))
        elif len(found) > 1:
            errors.append(
                RowError(row.line, f"{holder} holds seats on several licenses of {what}: give the license ID")
            )
        else:
            for aid in next(iter(found.values())):
                latest[aid] = max(row.used, latest.get(aid, row.used))
    return latest, errors


def _move_sign_ins(session: Session, rows: list[_Row]) -> int:
    """Each person's latest activity in the file becomes their last sign-in, if later."""
    latest: dict[str, datetime] = {}
    for row in rows:
        if row.email:
            latest[row.email] = max(row.used, latest.get(row.email, row.used))
    changes = []
    for part in _chunks(sorted(latest)):
        for pid, email, current in session.execute(
            select(Person.id, Person.email, Person.last_sign_in_at).where(Person.email.in_(part))
        ).all():
            if current is None or latest[email] > current:
                changes.append({"id": pid, "last_sign_in_at": latest[email]})
    if changes:
        session.execute(update(Person), changes)
    return len(changes)


def import_usage(
    session: Session,
    actor: str,
    source: str | bytes | Iterable[str],
    *,
    now: datetime | None = None,
    max_rows: int = MAX_ROWS,
) -> ImportResult:
    """Check every row, then move last_used_at forward on the matched seats, or raise
    UsageImportError listing every bad row and change nothing."""
    now = now or utcnow()
    header, records = _read(source)
    if len(records) > max_rows:
        raise UsageImportError([RowError(1, f"Import at most {max_rows:,} rows at a time")])
    rows, errors = _parse_rows(header, records, now)
    latest, more = _resolve(rows, _lookup(session, rows)) if rows else ({}, [])
    errors = sorted(errors + more, key=lambda e: e.row)
    if errors:
        raise UsageImportError(errors)
    current: dict[int, datetime | None] = {}
    for part in _chunks(sorted(latest)):
        current.update(
            session.execute(select(Assignment.id, Assignment.last_used_at).where(Assignment.id.in_(part))).all()
        )
    changes = [
        {"id": aid, "last_used_at": ts}
        for aid, ts in sorted(latest.items())
        if current.get(aid) is None or ts > current[aid]
    ]
    if changes:
        session.execute(update(Assignment), changes)
    signed_in = _move_sign_ins(session, rows)
    audit_log.record(
        session,
        actor,
        "usage_import",
        "assignment",
        None,
        {
            "rows": len(rows),
            "seats_updated": len(changes),
            "unchanged": len(latest) - len(changes),
            "assignment_ids": [c["id"] for c in changes],
            "people_signed_in": signed_in,
        },
    )
    return ImportResult(len(rows), len(changes), len(latest) - len(changes))
