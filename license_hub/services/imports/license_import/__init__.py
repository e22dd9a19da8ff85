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

from collections import defaultdict
from datetime import date
from typing import Callable

from sqlalchemy import insert
from sqlmodel import Session

from license_hub.models import Person
from license_hub.models.enums import PersonStatus
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.catalog import entries as catalog
from license_hub.services.imports.csv_source import read_csv
from license_hub.services.imports.license_import.plan import Plan, make_plan
from license_hub.services.imports.license_import.report import (
    ASSIGNED,
    CREATED,
    ERROR,
    STATUSES,
    UNCHANGED,
    UPDATED,
    ImportBlocked,
    ImportReport,
    RowResult,
)
from license_hub.services.imports.license_import.rows import Group, Seat
from license_hub.services.licenses import lifecycle
from license_hub.services.seats import assignments, bulk_seats

__all__ = [
    "ASSIGNED",
    "CREATED",
    "ERROR",
    "STATUSES",
    "UNCHANGED",
    "UPDATED",
    "ImportBlocked",
    "ImportReport",
    "RowResult",
    "commit",
    "dry_run",
]


def dry_run(
    session: Session, data: bytes | str, mapping: list[str | None] | None = None, workspace_currency: str = "EUR"
) -> ImportReport:
    """What the import would do, row by row; writes nothing."""
    source = read_csv(data)
    return make_plan(session, source, tuple(mapping) if mapping is not None else None, workspace_currency)[1]


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
    plan, report = make_plan(session, source, tuple(mapping) if mapping is not None else None, workspace_currency)
    if report.errors:
        raise ImportBlocked(report)
    people = _create_people(session, actor, plan)
    for software, group in plan.new_entries.items():
        entry = catalog.create_entry(
            session, actor, name=group.software, publisher=group.publisher, category=group.category
        )
        plan.entry_ids[software] = entry.id
    groups = [g for g in plan.groups.values() if isinstance(g, Group)]
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


def _create_people(session: Session, actor: str, plan: Plan) -> dict[str, int]:
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


def _apply_license(session: Session, actor: str, plan: Plan, group, people: dict[str, int]) -> None:
    if not isinstance(group, Group):
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


def _new_seat_rows(plan: Plan, group: Group) -> list[Seat]:
    assigned = {r.row for r in plan.results if "Seat assigned" in r.message}
    return [s for s in group.seats if s.row in assigned]
