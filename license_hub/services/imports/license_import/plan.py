"""Planning: the rows grouped into licenses, matched against the database and
checked, so each row can say what it would do before anything is written."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from license_hub.models import Assignment, CatalogEntry, License, Person
from license_hub.models.enums import PersonStatus, SeatType
from license_hub.services.core import secrets
from license_hub.services.core.errors import ALREADY_ASSIGNED, NO_SEATS_REMAINING, ValidationError
from license_hub.services.imports import formats as f
from license_hub.services.imports.csv_source import CsvSource
from license_hub.services.imports.license_import.report import (
    ASSIGNED,
    CREATED,
    ERROR,
    UNCHANGED,
    UPDATED,
    ImportReport,
    RowResult,
)
from license_hub.services.imports.license_import.rows import (
    PLACEHOLDER_ENTRY,
    Group,
    Seat,
    form_errors,
    license_data,
    masked,
    read_cells,
    row_seat,
)
from license_hub.services.licenses import license_names
from license_hub.services.licenses.license_form import clean
from license_hub.services.seats import bulk_seats


class Plan:
    def __init__(self, session: Session, fmt: str, workspace_currency: str):
        self.session, self.fmt, self.currency = session, fmt, workspace_currency
        self.groups: dict[tuple, Group] = {}
        self.row_errors: dict[int, str] = {}
        self.row_order: list[tuple[int, tuple | None, Seat | None]] = []
        self.new_people: dict[str, dict[str, Any]] = {}
        self.new_entries: dict[str, Group] = {}
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
                "" if masked(key_text) else key_text,
            )
            group = self.groups.get(key)
            if group is None:
                group = self._new_group(row_no, key, software, name, cells)
            seat, problem = row_seat(row_no, cells)
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
        data, errors = license_data(cells)
        data["name"] = name
        if not errors:
            try:
                clean({**data, "catalog_entry_id": PLACEHOLDER_ENTRY}, workspace_currency=self.currency)
            except ValidationError as exc:
                errors.update(exc.errors)
        if errors:
            self._fail(row_no, form_errors(errors))
            self.groups[key] = row_no  # later rows point at this one
            return None
        group = Group(
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
        groups = [g for g in self.groups.values() if isinstance(g, Group)]
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
            if not isinstance(group, Group) or group.existing is not None:
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
    def _same_key(lic: License, group: Group) -> bool:
        """A file without a clear key (none, or the export's mask) matches on name and serial alone."""
        if not group.data.get("product_key"):
            return "product_key" not in group.data or lic.product_key_cipher is None
        return (secrets.decrypt(lic.product_key_cipher) or "") == group.data["product_key"]

    def diff_existing(self) -> None:
        for group in self.groups.values():
            if not isinstance(group, Group) or group.existing is None:
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
        seats = [s for g in self.groups.values() if isinstance(g, Group) for s in g.seats if s.username or s.email]
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

    def _resolve(self, seat: Seat, hit_email, hit_username) -> None:
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
            label, holder = group.label, seat_holder(seat)
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

    def _license_status(self, group: Group, row_no: int) -> tuple[str, str]:
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
        ids = [g.existing.id for g in self.groups.values() if isinstance(g, Group) and g.existing]
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
            if isinstance(group, Group) and group.existing and "seats_total" in group.changes:
                if (
                    group.changes["seats_total"] < group.existing.seats_used
                    and group.data.get("seat_type", group.existing.seat_type) != SeatType.UNLIMITED.value
                ):
                    self._fail(
                        group.first_row,
                        f"{group.existing.seats_used} seats are in use: reclaim seats before lowering Seats total",
                    )


def seat_holder(seat: Seat | None) -> str:
    if seat is None:
        return ""
    return seat.full_name or seat.email or seat.username or seat.device_name


def make_plan(
    session: Session, source: CsvSource, mapping: tuple[str | None, ...] | None, workspace_currency: str
) -> tuple[Plan, ImportReport]:
    detected = f.detect(list(source.header))
    if mapping is None:
        mapping = detected.mapping
    fmt = detected.format if tuple(mapping) == detected.mapping else f.UNKNOWN
    problems = f.check_mapping(list(mapping))
    if len(mapping) != len(source.header):
        problems.append("The mapping must name one field (or none) per column")
    if problems:
        raise ValidationError({"mapping": "; ".join(problems)})
    plan = Plan(session, fmt, workspace_currency)
    plan.read(read_cells(source, tuple(mapping), own=detected.format == f.OWN))
    if not plan.row_order and not plan.row_errors:
        raise ValidationError({"file": "The file has a header but no rows to import"})
    plan.match_existing()
    plan.diff_existing()
    plan.check_names()
    plan.check_seat_totals()
    plan.resolve_people()
    rows = plan.results = plan.statuses()
    groups = [g for g in plan.groups.values() if isinstance(g, Group)]
    report = ImportReport(
        format=fmt,
        rows=tuple(rows),
        licenses_created=sum(1 for g in groups if g.existing is None),
        licenses_updated=sum(1 for g in groups if g.existing is not None and g.changes),
        seats_assigned=sum(1 for r in rows if r.status != ERROR and "Seat assigned" in r.message),
        people_created=len({id(p) for p in plan.new_people.values()}),
    )
    return plan, report
