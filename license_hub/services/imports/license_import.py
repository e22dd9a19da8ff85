"""Importing licenses and their seat assignments from a CSV.

`dry_run` reads the file, checks every row with the license form's own rules
(license_form.clean) and the seat rules, and says what each row would do:
created, updated, assigned, unchanged, or error with the reason. `commit` plans
again inside one write transaction and, only if no row has an error, applies it
through the existing services (catalog, license lifecycle, people, bulk and single
seat assignment: a counter plus assignment rows, never one row per seat). Either
every row lands or none does.

Rows that share a software, license name and serial are one license; the first
of them describes it, each row may name one seat holder. People are matched by
username or email (case-insensitive) and created when missing. A file already
imported matches what is in the database, so importing it again changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from sqlalchemy import func, insert
from sqlmodel import Session, select

from license_hub.models import Assignment, CatalogEntry, License, Person
from license_hub.models.enums import PersonStatus, SeatType
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.catalog import entries as catalog
from license_hub.services.core import bounds, secrets
from license_hub.services.core.csv_out import FORMULA_START
from license_hub.services.core.errors import ALREADY_ASSIGNED, NO_SEATS_REMAINING, DomainError, ValidationError
from license_hub.services.imports import formats as f
from license_hub.services.imports import values
from license_hub.services.imports.csv_source import CsvSource, read_csv
from license_hub.services.licenses import license_names, lifecycle
from license_hub.services.licenses.license_form import clean
from license_hub.services.seats import assignments, bulk_seats

CREATED, UPDATED, ASSIGNED, UNCHANGED, ERROR = "created", "updated", "assigned", "unchanged", "error"
STATUSES = (CREATED, UPDATED, ASSIGNED, UNCHANGED, ERROR)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PLACEHOLDER_ENTRY = 1  # lets clean() check a row before its catalog entry exists


@dataclass(frozen=True)
class RowResult:
    row: int  # the spreadsheet row: the header is row 1
    status: str
    license: str
    holder: str
    message: str


@dataclass(frozen=True)
class ImportReport:
    format: str
    rows: tuple[RowResult, ...]
    licenses_created: int = 0
    licenses_updated: int = 0
    seats_assigned: int = 0
    people_created: int = 0
    committed: bool = False

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.status == ERROR)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


class ImportBlocked(DomainError):
    """Nothing was imported: `report` has the rows in error."""

    def __init__(self, report: ImportReport):
        n = report.errors
        super().__init__(
            f"Nothing was imported: {n} row{'s' if n != 1 else ''} "
            f"{'have' if n != 1 else 'has'} an error. Fix the file and try again."
        )
        self.report = report


# ------------------------------------------------------------------ reading rows


@dataclass
class _Seat:
    row: int
    username: str
    email: str
    full_name: str
    device_name: str
    seat_key: str
    activated_on: date | None
    person_key: str = ""  # "e:<email>" or "u:<username>" once resolved
    person_id: int | None = None


@dataclass
class _Group:
    key: tuple[str, str, str, str]
    first_row: int
    software: str
    publisher: str
    category: str
    data: dict[str, Any]  # license form data, already parsed
    label: str
    seats: list[_Seat] = field(default_factory=list)
    existing: License | None = None
    changes: dict[str, Any] = field(default_factory=dict)


def _unguard(text: str) -> str:
    """Undo the export's formula guard ("'=x" was written for "=x")."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def _masked(key: str) -> bool:
    return secrets.MASK in key


def _cells(source: CsvSource, mapping: tuple[str | None, ...], own: bool) -> list[tuple[int, dict[str, str]]]:
    out = []
    for row_no, record in source.rows:
        cells: dict[str, str] = {}
        for index, target in enumerate(mapping):
            if target and index < len(record):
                raw = record[index].strip()
                cells[target] = _unguard(raw) if own else raw
        out.append((row_no, cells))
    return out


def _license_data(cells: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The license form's data from one row's cells, with the import's parse rules."""
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    guessed_currency = ""
    for key in f.LICENSE_FIELDS:
        if key not in cells:
            continue
        raw = cells[key]
        try:
            if key in f.BOOL_FIELDS:
                data[key] = values.parse_bool(raw)
            elif key in f.DATE_FIELDS:
                data[key] = values.parse_date(raw)
            elif key in f.AMOUNT_FIELDS:
                data[key], currency = values.parse_amount(raw)
                guessed_currency = guessed_currency or currency
            elif key in f.COUNT_FIELDS:
                data[key] = values.parse_seats(raw)
            elif key == "product_key" and _masked(raw):
                continue
            elif raw or key not in {
                "license_type",
                "status",
                "seat_type",
                "billing_cycle",
                "allocation_rule",
                "currency",
            }:
                data[key] = raw
        except ValueError as exc:
            errors[key] = str(exc)
    if guessed_currency and not data.get("currency"):
        data["currency"] = guessed_currency
    return data, errors


def _row_seat(row_no: int, cells: dict[str, str]) -> tuple[_Seat | None, str]:
    username, email = cells.get("username", "").lower(), cells.get("email", "").lower()
    full_name, device = cells.get("full_name", ""), cells.get("device_name", "")
    if not (username or email or full_name or device):
        return None, ""
    if email and not _EMAIL.match(email):
        return None, f"“{email}” is not a valid email address"
    if len(username) > 100 or len(email) > 254 or len(full_name) > 200 or len(device) > 200:
        return None, "Usernames are limited to 100 characters, names to 200 and emails to 254"
    if "\x00" in username + full_name + device + cells.get("seat_key", ""):  # PostgreSQL refuses NUL
        return None, bounds.CONTROL
    try:
        activated = values.parse_date(cells.get("activated_on", ""))
    except ValueError as exc:
        return None, str(exc)
    seat_key = cells.get("seat_key", "")
    return _Seat(row_no, username, email, full_name, device, "" if _masked(seat_key) else seat_key, activated), ""


def _form_errors(errors: dict[str, str]) -> str:
    return "; ".join(f"{f.FIELD_LABELS.get(k, k)}: {m}" for k, m in errors.items())


# ------------------------------------------------------------------ planning


class _Plan:
    def __init__(self, session: Session, fmt: str, workspace_currency: str):
        self.session, self.fmt, self.currency = session, fmt, workspace_currency
        self.groups: dict[tuple, _Group] = {}
        self.row_errors: dict[int, str] = {}
        self.row_order: list[tuple[int, tuple | None, _Seat | None]] = []
        self.new_people: dict[str, dict[str, Any]] = {}
        self.new_entries: dict[str, _Group] = {}
        self.entry_ids: dict[str, int] = {}
        self.candidates: dict[tuple[int, str], list[License]] = {}
        self.results: list[RowResult] = []

    # -- rows into license groups
    def read(self, rows: list[tuple[int, dict[str, str]]]) -> None:
        for row_no, cells in rows:
            software = (cells.get("software") or cells.get("name") or "").strip()
            name = cells.get("name", "").strip() if "name" in cells else software
            if not software:
                self._fail(row_no, "The license has no name: fill in License name or Software")
                continue
            if len(software) > 200:
                self._fail(row_no, "Software: Keep it under 200 characters")
                continue
            key_text = cells.get("product_key", "")
            key = (
                software.casefold(),
                name.casefold(),
                cells.get("serial_number", ""),
                "" if _masked(key_text) else key_text,
            )
            group = self.groups.get(key)
            if group is None:
                group = self._new_group(row_no, key, software, name, cells)
            seat, problem = _row_seat(row_no, cells)
            if problem:
                self._fail(row_no, problem)
            elif group is None:
                pass  # _new_group recorded why
            elif isinstance(group, int):
                self._fail(row_no, f"The license on row {group} has errors")
            else:
                if seat:
                    group.seats.append(seat)
                self.row_order.append((row_no, key, seat))

    def _new_group(self, row_no: int, key: tuple, software: str, name: str, cells: dict[str, str]):
        data, errors = _license_data(cells)
        data["name"] = name
        if not errors:
            try:
                clean({**data, "catalog_entry_id": _PLACEHOLDER_ENTRY}, workspace_currency=self.currency)
            except ValidationError as exc:
                errors.update(exc.errors)
        if errors:
            self._fail(row_no, _form_errors(errors))
            self.groups[key] = row_no  # later rows point at this one
            return None
        group = _Group(
            key,
            row_no,
            software,
            cells.get("publisher", "")[:200],
            cells.get("category", "")[:100],
            data,
            name or software,
        )
        self.groups[key] = group
        return group

    def _fail(self, row_no: int, message: str) -> None:
        self.row_errors.setdefault(row_no, message)

    # -- what is already in the database
    def match_existing(self) -> None:
        groups = [g for g in self.groups.values() if isinstance(g, _Group)]
        softwares = sorted({g.key[0] for g in groups})
        found: dict[str, int] = {}
        for part in bulk_seats.chunked(softwares):
            for entry_id, entry_name in self.session.exec(
                select(CatalogEntry.id, CatalogEntry.name).where(func.lower(CatalogEntry.name).in_(part))
            ):
                found[entry_name.casefold()] = entry_id
        self.entry_ids = found
        candidates: dict[tuple[int, str], list[License]] = defaultdict(list)
        self.candidates = candidates
        for part in bulk_seats.chunked(sorted(set(found.values()))):
            for lic in self.session.exec(
                select(License).where(License.catalog_entry_id.in_(part), License.archived_at.is_(None))
            ):
                candidates[(lic.catalog_entry_id, lic.name.casefold())].append(lic)
        for group in groups:
            entry_id = found.get(group.key[0])
            if entry_id is None:
                self.new_entries.setdefault(group.key[0], group)
                continue
            for lic in candidates.get((entry_id, group.key[1]), []):
                if lic.serial_number == group.key[2] and self._same_key(lic, group):
                    group.existing = lic
                    break

    def check_names(self) -> None:
        """Seed 002: a new license may not take the name of an active license of the same
        software, already saved or earlier in this file (case-insensitive; blank never clashes)."""
        claimed: set[tuple[str, str]] = set()
        for group in self.groups.values():
            if not isinstance(group, _Group) or group.existing is not None:
                continue
            name = str(group.data.get("name") or "")
            if not name.strip():
                continue
            entry_id = self.entry_ids.get(group.key[0])
            clash = (group.key[0], name.lower()) in claimed or (
                entry_id is not None
                and any(lic.name.lower() == name.lower() for lic in self.candidates.get((entry_id, group.key[1]), []))
            )
            claimed.add((group.key[0], name.lower()))
            if clash:
                for row_no, key, _ in self.row_order:
                    if key == group.key:
                        self._fail(row_no, f"License name: {license_names.message(name)}")

    @staticmethod
    def _same_key(lic: License, group: _Group) -> bool:
        """A file without a clear key (none, or the export's mask) matches on name and serial alone."""
        if not group.data.get("product_key"):
            return "product_key" not in group.data or lic.product_key_cipher is None
        return (secrets.decrypt(lic.product_key_cipher) or "") == group.data["product_key"]

    def diff_existing(self) -> None:
        for group in self.groups.values():
            if not isinstance(group, _Group) or group.existing is None:
                continue
            lic = group.existing
            for key, value in group.data.items():
                if key == "product_key":
                    if value != (secrets.decrypt(lic.product_key_cipher) or ""):
                        group.changes[key] = value
                elif getattr(lic, key) != value and not (value is None and key in f.COUNT_FIELDS):
                    group.changes[key] = value

    # -- people
    def resolve_people(self) -> None:
        seats = [s for g in self.groups.values() if isinstance(g, _Group) for s in g.seats if s.username or s.email]
        emails = sorted({s.email for s in seats if s.email})
        usernames = sorted({s.username for s in seats if s.username})
        by_email: dict[str, tuple[int, str, str]] = {}
        by_username: dict[str, tuple[int, str, str]] = {}
        columns = (Person.id, Person.name, Person.status, Person.email, Person.username)
        for part in bulk_seats.chunked(emails):
            for pid, name, status, email, _username in self.session.exec(
                select(*columns).where(func.lower(Person.email).in_(part))
            ):
                by_email[email.lower()] = (pid, name, status)
        for part in bulk_seats.chunked(usernames):
            for pid, name, status, _email, username in self.session.exec(
                select(*columns).where(func.lower(Person.username).in_(part))
            ):
                by_username[username.lower()] = (pid, name, status)
        for seat in seats:
            self._resolve(seat, by_email.get(seat.email), by_username.get(seat.username))

    def _resolve(self, seat: _Seat, hit_email, hit_username) -> None:
        if hit_email and hit_username and hit_email[0] != hit_username[0]:
            self._fail(seat.row, f"{seat.email} and the username {seat.username} belong to two different people")
            return
        hit = hit_email or hit_username
        if hit:
            pid, name, status = hit
            if status == PersonStatus.OFFBOARDED.value:
                self._fail(seat.row, bulk_seats.offboarded_message(name))
            seat.person_id = pid
            return
        seat.person_key = f"e:{seat.email}" if seat.email else f"u:{seat.username}"
        other = f"u:{seat.username}" if seat.email and seat.username else ""
        known = self.new_people.get(seat.person_key) or (self.new_people.get(other) if other else None)
        if known is None:
            known = {
                "name": (seat.full_name or seat.username or seat.email.split("@")[0])[:200],
                "email": seat.email or None,
                "username": seat.username or None,
                "row": seat.row,
            }
        elif (seat.email and known["email"] and known["email"] != seat.email) or (
            seat.username and known["username"] and known["username"] != seat.username
        ):
            self._fail(seat.row, f"This person is named differently on row {known['row']}")
            return
        known["email"] = known["email"] or seat.email or None
        known["username"] = known["username"] or seat.username or None
        for key in filter(
            None,
            (f"e:{known['email']}" if known["email"] else "", f"u:{known['username']}" if known["username"] else ""),
        ):
            self.new_people[key] = known
        seat.person_key = f"e:{known['email']}" if known["email"] else f"u:{known['username']}"

    # -- seats and statuses
    def statuses(self) -> list[RowResult]:
        holders, free_text = self._current_holders()
        taken: dict[tuple, set] = defaultdict(set)
        used: dict[tuple, int] = {}
        results = [
            RowResult(r, ERROR, "", "", m)
            for r, m in self.row_errors.items()
            if not any(r == row for row, _, _ in self.row_order)
        ]
        for row_no, key, seat in self.row_order:
            group = self.groups[key]
            label, holder = group.label, _holder(seat)
            if row_no in self.row_errors:
                results.append(RowResult(row_no, ERROR, label, holder, self.row_errors[row_no]))
                continue
            status, message = self._license_status(group, row_no)
            if seat is not None:
                seat_status, seat_message = self._seat_status(group, seat, holders, free_text, taken, used)
                if seat_status == ERROR:
                    results.append(RowResult(row_no, ERROR, label, holder, seat_message))
                    self._fail(row_no, seat_message)
                    continue
                if seat_status == ASSIGNED and status == UNCHANGED:
                    status = ASSIGNED
                message = "; ".join(filter(None, (message, seat_message)))
            results.append(RowResult(row_no, status, label, holder, message))
        return sorted(results, key=lambda r: r.row)

    def _license_status(self, group: _Group, row_no: int) -> tuple[str, str]:
        if row_no != group.first_row:
            return UNCHANGED, ""
        if group.existing is None:
            return CREATED, "New license" + ("" if group.key[0] in self.entry_ids else " and catalog entry")
        if group.changes:
            return UPDATED, "Changes " + ", ".join(f.FIELD_LABELS.get(k, k) for k in group.changes)
        return UNCHANGED, ""

    def _seat_status(self, group, seat, holders, free_text, taken, used) -> tuple[str, str]:
        lic_id = group.existing.id if group.existing else None
        who = seat.person_id or seat.person_key
        if who:
            if seat.person_id and seat.person_id in holders.get(lic_id, set()):
                return UNCHANGED, "Already holds a seat"
            if who in taken[group.key]:
                return ERROR, ALREADY_ASSIGNED
            taken[group.key].add(who)
        else:
            pool = free_text.get(lic_id)
            name_key = (seat.full_name.casefold(), seat.device_name.casefold())
            if pool and pool[name_key] > 0:
                pool[name_key] -= 1
                return UNCHANGED, "Already holds a seat"
        total = group.changes.get("seats_total", group.data.get("seats_total"))
        if total is None:
            total = group.existing.seats_total if group.existing else 1
        seat_type = group.data.get("seat_type") or (group.existing.seat_type if group.existing else "user")
        in_use = used.get(group.key, group.existing.seats_used if group.existing else 0)
        if seat_type != SeatType.UNLIMITED.value and in_use + 1 > total:
            return ERROR, f"{NO_SEATS_REMAINING}: Seats total is {total:,} and this row would be seat {in_use + 1:,}"
        used[group.key] = in_use + 1
        return ASSIGNED, "Seat assigned"

    def _current_holders(self):
        ids = [g.existing.id for g in self.groups.values() if isinstance(g, _Group) and g.existing]
        holders: dict[int, set[int]] = defaultdict(set)
        free_text: dict[int, Counter] = defaultdict(Counter)
        for part in bulk_seats.chunked(ids):
            stmt = select(
                Assignment.license_id, Assignment.person_id, Assignment.assignee_name, Assignment.device_name
            ).where(Assignment.license_id.in_(part), Assignment.revoked_at.is_(None))
            for lic_id, pid, name, device in self.session.exec(stmt):
                if pid is not None:
                    holders[lic_id].add(pid)
                else:
                    free_text[lic_id][(name.casefold(), device.casefold())] += 1
        return holders, free_text

    def check_seat_totals(self) -> None:
        """An update may not lower Seats total under the seats already in use."""
        for group in self.groups.values():
            if isinstance(group, _Group) and group.existing and "seats_total" in group.changes:
                if (
                    group.changes["seats_total"] < group.existing.seats_used
                    and group.data.get("seat_type", group.existing.seat_type) != SeatType.UNLIMITED.value
                ):
                    self._fail(
                        group.first_row,
                        f"{group.existing.seats_used} seats are in use: reclaim seats before lowering Seats total",
                    )


def _holder(seat: _Seat | None) -> str:
    if seat is None:
        return ""
    return seat.full_name or seat.email or seat.username or seat.device_name


def _plan(
    session: Session, source: CsvSource, mapping: tuple[str | None, ...] | None, workspace_currency: str
) -> tuple[_Plan, ImportReport]:
    detected = f.detect(list(source.header))
    if mapping is None:
        mapping = detected.mapping
    fmt = detected.format if tuple(mapping) == detected.mapping else f.UNKNOWN
    problems = f.check_mapping(list(mapping))
    if len(mapping) != len(source.header):
        problems.append("The mapping must name one field (or none) per column")
    if problems:
        raise ValidationError({"mapping": "; ".join(problems)})
    plan = _Plan(session, fmt, workspace_currency)
    plan.read(_cells(source, tuple(mapping), own=detected.format == f.OWN))
    if not plan.row_order and not plan.row_errors:
        raise ValidationError({"file": "The file has a header but no rows to import"})
    plan.match_existing()
    plan.diff_existing()
    plan.check_names()
    plan.check_seat_totals()
    plan.resolve_people()
    rows = plan.results = plan.statuses()
    groups = [g for g in plan.groups.values() if isinstance(g, _Group)]
    report = ImportReport(
        format=fmt,
        rows=tuple(rows),
        licenses_created=sum(1 for g in groups if g.existing is None),
        licenses_updated=sum(1 for g in groups if g.existing is not None and g.changes),
        seats_assigned=sum(1 for r in rows if r.status != ERROR and "Seat assigned" in r.message),
        people_created=len({id(p) for p in plan.new_people.values()}),
    )
    return plan, report


def dry_run(
    session: Session, data: bytes | str, mapping: list[str | None] | None = None, workspace_currency: str = "EUR"
) -> ImportReport:
    """What the import would do, row by row; writes nothing."""
    source = read_csv(data)
    return _plan(session, source, tuple(mapping) if mapping is not None else None, workspace_currency)[1]


# ------------------------------------------------------------------ committing


def commit(
    session: Session,
    actor: str,
    data: bytes | str,
    mapping: list[str | None] | None = None,
    workspace_currency: str = "EUR",
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Plan and apply in the caller's write transaction; raises ImportBlocked (nothing
    written) when any row has an error. `progress(done, total)` hears of each license."""
    source = read_csv(data)
    plan, report = _plan(session, source, tuple(mapping) if mapping is not None else None, workspace_currency)
    if report.errors:
        raise ImportBlocked(report)
    people = _create_people(session, actor, plan)
    for software, group in plan.new_entries.items():
        entry = catalog.create_entry(
            session, actor, name=group.software, publisher=group.publisher, category=group.category
        )
        plan.entry_ids[software] = entry.id
    groups = [g for g in plan.groups.values() if isinstance(g, _Group)]
    for done, group in enumerate(groups, start=1):
        _apply_license(session, actor, plan, group, people)
        if progress is not None:
            progress(done, len(groups))
    session.flush()
    return ImportReport(
        report.format,
        report.rows,
        report.licenses_created,
        report.licenses_updated,
        report.seats_assigned,
        report.people_created,
        committed=True,
    )


def _create_people(session: Session, actor: str, plan: _Plan) -> dict[str, int]:
    unique = list({id(p): p for p in plan.new_people.values()}.values())
    if not unique:
        return {}
    now = utcnow()
    records = [
        {
            "name": p["name"],
            "email": p["email"],
            "username": p["username"],
            "department": "",
            "location": "",
            "status": PersonStatus.ACTIVE.value,
            "manager_id": None,
            "created_at": now,
            "archived_at": None,
        }
        for p in unique
    ]
    ids = [
        r[0] for r in session.exec(insert(Person).returning(Person.id, sort_by_parameter_order=True), params=records)
    ]
    audit_log.record(session, actor, "import", "person", None, {"count": len(ids), "ids": ids})
    out: dict[str, int] = {}
    for person, pid in zip(unique, ids):
        if person["email"]:
            out[f"e:{person['email']}"] = pid
        if person["username"]:
            out[f"u:{person['username']}"] = pid
    return out


def _apply_license(session: Session, actor: str, plan: _Plan, group, people: dict[str, int]) -> None:
    if not isinstance(group, _Group):
        return
    if group.existing is None:
        data = {**group.data, "catalog_entry_id": plan.entry_ids[group.key[0]]}
        lic_id = lifecycle.create(session, actor, data, workspace_currency=plan.currency).id
    else:
        lic_id = group.existing.id
        if group.changes:
            lifecycle.update(session, actor, lic_id, group.changes)
    new_rows = {r.row for r in _new_seat_rows(plan, group)}
    bulk: dict[date | None, list[int]] = defaultdict(list)
    for seat in group.seats:
        if seat.row not in new_rows:
            continue
        pid = seat.person_id or people.get(seat.person_key)
        if pid is not None and not seat.seat_key and not seat.device_name:
            bulk[seat.activated_on].append(pid)
        else:
            assignments.assign(
                session,
                actor,
                lic_id,
                person_id=pid,
                assignee_name="" if pid else seat.full_name,
                device_name=seat.device_name,
                seat_key=seat.seat_key,
                activated_on=seat.activated_on,
            )
    for activated_on, person_ids in bulk.items():
        bulk_seats.bulk_assign(session, actor, lic_id, person_ids=person_ids, activated_on=activated_on)


def _new_seat_rows(plan: _Plan, group: _Group) -> list[_Seat]:
    assigned = {r.row for r in plan.results if "Seat assigned" in r.message}
    return [s for s in group.seats if s.row in assigned]
