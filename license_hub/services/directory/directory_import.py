"""CSV import of people and devices into the directory.

Every row is checked before anything is written, and a file with any bad row
imports nothing: half an import is worse than none, because the admin then has to
find which rows made it. Errors name the spreadsheet row (the header is row 1) and
say what to fix. A good file goes in as one multi-row INSERT in one transaction,
with one audit event listing the new ids.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert, update
from sqlmodel import Session, select

from license_hub.models import Device, Person
from license_hub.models.enums import PersonStatus
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core import bounds
from license_hub.services.core.errors import ValidationError
from license_hub.services.reports.usage_import import parse_timestamp
from license_hub.services.seats.bulk_seats import chunked

PEOPLE_COLUMNS = ("name", "email", "department", "location", "manager_email", "status", "last_sign_in")
# A directory export's own words for the last sign-in; it becomes the person's login proxy for dormancy.
COLUMN_ALIASES = {
    "last sign-in": "last_sign_in",
    "last sign in": "last_sign_in",
    "last signin": "last_sign_in",
    "last_sign_in_at": "last_sign_in",
    "last login": "last_sign_in",
    "last_login": "last_sign_in",
    "last logon": "last_sign_in",
    "last sign-in at": "last_sign_in",
    "last login at": "last_sign_in",
}
FUTURE_SKEW = timedelta(days=1)
DEVICE_COLUMNS = ("name", "hostname", "owner_email", "os")
MAX_ROWS = 50_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_STATUSES = tuple(s.value for s in PersonStatus)


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row: the header is row 1, the first person row 2; 0 = the whole file
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}" if self.row else self.message


@dataclass(frozen=True)
class ImportResult:
    rows: int  # valid rows found
    ids: tuple[int, ...] = ()  # what was created (empty on a dry run)
    dry_run: bool = False

    @property
    def created(self) -> int:
        return len(self.ids)


class ImportRejected(ValidationError):
    """Nothing was imported; `row_errors` lists every problem found, by row."""

    def __init__(self, errors: list[RowError]):
        self.row_errors = tuple(errors)
        by_row: dict[str, list[str]] = {}
        for err in errors:
            by_row.setdefault(f"row {err.row}" if err.row else "file", []).append(err.message)
        super().__init__({key: "; ".join(msgs) for key, msgs in by_row.items()})
        rows = len({e.row for e in errors if e.row})
        self.message = (
            f"Nothing was imported: {len(errors)} problem{'s' if len(errors) != 1 else ''}"
            + (f" in {rows} row{'s' if rows != 1 else ''}" if rows else "")
            + ". Fix the file and try again."
        )


def _read(data: str | bytes, expected: tuple[str, ...]) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    """Rows as (row number, {column: stripped text}); structural problems as errors."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [RowError(0, "", "The file is not UTF-8 text: save it as “CSV UTF-8” and try again")]
    reader = csv.reader(io.StringIO(data.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            return [], [
                RowError(0, "", f"The file is empty: its first row must name the columns ({','.join(expected)})")
            ]
        columns = [cell.strip().lower() for cell in header]
        columns = [COLUMN_ALIASES.get(col, col) for col in columns]
        errors = [
            RowError(1, col, f"unknown column “{col}”: the columns are {', '.join(expected)}")
            for col in columns
            if col not in expected
        ]
        errors += [
            RowError(1, col, f"the column “{col}” appears twice")
            for col in sorted(set(columns))
            if columns.count(col) > 1
        ]
        if "name" not in columns:
            errors.append(RowError(1, "name", "the column “name” is missing"))
        if errors:
            return [], errors
        rows: list[tuple[int, dict[str, str]]] = []
        for index, record in enumerate(reader):
            row_no = index + 2
            if not any(cell.strip() for cell in record):
                continue  # blank lines, e.g. at the end of the file
            if len(rows) >= MAX_ROWS:
                return [], [RowError(0, "", f"The file has more than {MAX_ROWS:,} rows: split it and import each part")]
            if len(record) > len(columns):
                errors.append(
                    RowError(
                        row_no, "", f"this row has {len(record)} cells but the header names {len(columns)} columns"
                    )
                )
                continue
            nul = [col for col, cell in zip(columns, record) if "\x00" in cell]
            if nul:  # PostgreSQL refuses NUL in text, even in a lookup: the row goes no further
                errors += [RowError(row_no, col, f"{col}: {bounds.CONTROL.lower()}") for col in nul]
                continue
            rows.append(
                (row_no, {col: (record[i].strip() if i < len(record) else "") for i, col in enumerate(columns)})
            )
    except csv.Error as exc:
        return [], [RowError(reader.line_num, "", f"This is not a readable CSV file ({exc})")]
    return rows, errors


def _check_length(errors: list[RowError], row_no: int, values: dict[str, str], limits: dict[str, int]) -> None:
    for col, limit in limits.items():
        if len(values.get(col, "")) > limit:
            errors.append(RowError(row_no, col, f"{col} is longer than {limit} characters"))


def _people_by_email(session: Session, emails: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in chunked(sorted(set(emails))):
        # lower(): rows written by other paths may not have lower-cased their email
        for pid, email in session.exec(select(Person.id, Person.email).where(func.lower(Person.email).in_(part))):
            found[email.lower()] = pid
    return found


def _sign_in(errors: list[RowError], row_no: int, text: str, now: datetime) -> datetime | None:
    """The directory's last sign-in (ISO 8601; no offset means UTC), or None when the cell is empty."""
    if not text:
        return None
    try:
        if not text.isascii():  # fromisoformat may read non-ASCII digits
            raise ValueError(f"“{text}” is not an ISO 8601 date or timestamp")
        when = parse_timestamp(text)
    except ValueError as exc:
        errors.append(RowError(row_no, "last_sign_in", str(exc)))
        return None
    if when.year < bounds.FIRST_YEAR:
        errors.append(RowError(row_no, "last_sign_in", f"last sign-in {text}: {bounds.DATE_RANGE.lower()}"))
        return None
    if when > now + FUTURE_SKEW:
        errors.append(RowError(row_no, "last_sign_in", f"last sign-in {text} is in the future"))
        return None
    return when


def _reject_if(errors: list[RowError], rows: list) -> None:
    if not errors and not rows:
        errors = [RowError(0, "", "The file has a header but no rows to import")]
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.row, e.column)))


def import_people(session: Session, actor: str, data: str | bytes, *, dry_run: bool = False) -> ImportResult:
    """Columns: name (required), email, department, location, manager_email, status."""
    rows, errors = _read(data, PEOPLE_COLUMNS)
    emails_in_file: dict[str, int] = {}
    now = utcnow()
    signed_in: dict[int, datetime | None] = {}
    for row_no, v in rows:
        signed_in[row_no] = _sign_in(errors, row_no, v.get("last_sign_in", ""), now)
        v["email"], v["manager_email"] = v.get("email", "").lower(), v.get("manager_email", "").lower()
        v["status"] = v.get("status", "").lower() or PersonStatus.ACTIVE.value
        if not v["name"]:
            errors.append(RowError(row_no, "name", "name is required"))
        _check_length(errors, row_no, v, {"name": 200, "email": 254, "department": 100, "location": 100})
        for col in ("email", "manager_email"):
            if v[col] and not _EMAIL.match(v[col]):
                errors.append(RowError(row_no, col, f"{col} “{v[col]}” is not a valid email address"))
        if v["email"]:
            if v["email"] in emails_in_file:
                errors.append(
                    RowError(row_no, "email", f"email {v['email']} also appears on row {emails_in_file[v['email']]}")
                )
            else:
                emails_in_file[v["email"]] = row_no
        if v["status"] not in _STATUSES:
            errors.append(RowError(row_no, "status", f"status “{v['status']}” is not one of {', '.join(_STATUSES)}"))
        if v["manager_email"] and v["manager_email"] == v["email"]:
            errors.append(RowError(row_no, "manager_email", "a person cannot be their own manager"))
    wanted = [v["email"] for _, v in rows if v["email"]] + [v["manager_email"] for _, v in rows if v["manager_email"]]
    directory = _people_by_email(session, wanted)
    for row_no, v in rows:
        if v["email"] and v["email"] in directory:
            errors.append(RowError(row_no, "email", f"{v['email']} is already in the directory"))
        mgr = v["manager_email"]
        if mgr and mgr != v["email"] and mgr not in directory and mgr not in emails_in_file:
            errors.append(
                RowError(row_no, "manager_email", f"manager {mgr} is neither in the directory nor in this file")
            )
    _reject_if(errors, rows)
    if dry_run:
        return ImportResult(len(rows), dry_run=True)

    records = [
        {
            "name": v["name"],
            "email": v["email"] or None,
            "department": v.get("department", ""),
            "location": v.get("location", ""),
            "status": v["status"],
            "manager_id": None,
            "created_at": now,
            "archived_at": now if v["status"] == PersonStatus.OFFBOARDED.value else None,
            "last_sign_in_at": signed_in[row_no],
        }
        for row_no, v in rows
    ]
    new_ids = [
        r[0] for r in session.exec(insert(Person).returning(Person.id, sort_by_parameter_order=True), params=records)
    ]
    by_email = {**directory, **{v["email"]: pid for (_, v), pid in zip(rows, new_ids) if v["email"]}}
    links = [
        {"id": pid, "manager_id": by_email[v["manager_email"]]}
        for (_, v), pid in zip(rows, new_ids)
        if v["manager_email"]
    ]
    if links:
        session.exec(update(Person), params=links)
    audit_log.record(session, actor, "import", "person", None, {"count": len(new_ids), "ids": new_ids})
    session.flush()
    return ImportResult(len(rows), tuple(new_ids))


def import_devices(session: Session, actor: str, data: str | bytes, *, dry_run: bool = False) -> ImportResult:
    """Columns: name (required), hostname, owner_email, os."""
    rows, errors = _read(data, DEVICE_COLUMNS)
    hosts_in_file: dict[str, int] = {}
    for row_no, v in rows:
        v["owner_email"] = v.get("owner_email", "").lower()
        if not v["name"]:
            errors.append(RowError(row_no, "name", "name is required"))
        _check_length(errors, row_no, v, {"name": 200, "hostname": 200, "os": 100, "owner_email": 254})
        host = v.get("hostname", "").lower()
        if host:
            if host in hosts_in_file:
                errors.append(
                    RowError(row_no, "hostname", f"hostname {v['hostname']} also appears on row {hosts_in_file[host]}")
                )
            else:
                hosts_in_file[host] = row_no
    owners: dict[str, tuple[int, str]] = {}
    for part in chunked(sorted({v["owner_email"] for _, v in rows if v["owner_email"]})):
        for pid, email, status in session.exec(
            select(Person.id, Person.email, Person.status).where(func.lower(Person.email).in_(part))
        ):
            owners[email.lower()] = (pid, status)
    taken: set[str] = set()
    for part in chunked(sorted(hosts_in_file)):
        taken.update(
            h.lower()
            for h in session.exec(
                select(Device.hostname).where(func.lower(Device.hostname).in_(part), Device.archived_at.is_(None))
            )
        )
    for row_no, v in rows:
        owner = v["owner_email"]
        if owner and owner not in owners:
            errors.append(RowError(row_no, "owner_email", f"no one in the directory has the email {owner}"))
        elif owner and owners[owner][1] == PersonStatus.OFFBOARDED.value:
            errors.append(RowError(row_no, "owner_email", f"{owner} has been offboarded and cannot own a device"))
        if v.get("hostname", "").lower() in taken:
            errors.append(
                RowError(row_no, "hostname", f"a device with hostname {v['hostname']} is already in the directory")
            )
    _reject_if(errors, rows)
    if dry_run:
        return ImportResult(len(rows), dry_run=True)

    now = utcnow()
    records = [
        {
            "name": v["name"],
            "hostname": v.get("hostname", ""),
            "os": v.get("os", ""),
            "created_at": now,
            "owner_id": owners[v["owner_email"]][0] if v["owner_email"] else None,
            "archived_at": None,
        }
        for _, v in rows
    ]
    new_ids = [
        r[0] for r in session.exec(insert(Device).returning(Device.id, sort_by_parameter_order=True), params=records)
    ]
    audit_log.record(session, actor, "import", "device", None, {"count": len(new_ids), "ids": new_ids})
    session.flush()
    return ImportResult(len(rows), tuple(new_ids))
