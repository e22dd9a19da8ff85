"""Agent reports in: a host, its primary user and its software.

A report id is taken once: sending the same report again changes nothing and says
so. A host is found by its hardware id and becomes (or stays) one of our devices;
its primary user, when they are a person we know by email, owns the device. A
snapshot report lists everything installed, so a package it no longer lists is
marked uninstalled with the date (the row stays). Last-opened times feed the real
usage signal: they move the last_used_at of the seats the device or its owner
holds of that product forward, which is what dormancy reads first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import bindparam, update
from sqlmodel import Session, select

from license_hub.models import AgentReport, Assignment, Device, Host, HostSoftware, Person
from license_hub.models.inventory import USAGE_STATES
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core import bulk
from license_hub.services.core.errors import ValidationError
from license_hub.services.inventory import installations, normalization

MAX_SOFTWARE = 5000


@dataclass(frozen=True)
class HostInfo:
    hardware_id: str
    hostname: str
    serial: str = ""
    platform: str = ""
    os_version: str = ""


@dataclass(frozen=True)
class Software:
    name: str
    version: str = ""
    vendor: str = ""
    source: str = ""
    bundle_id: str = ""
    install_path: str = ""
    installed_on: date | None = None
    last_opened_at: datetime | None = None
    usage_state: str = "unsupported"  # known | never | unsupported


@dataclass(frozen=True)
class Report:
    report_id: str
    host: HostInfo
    primary_user: str = ""
    snapshot: bool = True
    software: list[Software] = field(default_factory=list)


@dataclass(frozen=True)
class IngestResult:
    report_id: str
    host_id: int
    device_id: int
    duplicate: bool
    received: int
    added: int
    uninstalled: int
    matched: int
    unmatched: int


def _validate(report: Report) -> None:
    errors = {}
    if not report.report_id.strip() or len(report.report_id) > 100:
        errors["report_id"] = "Give a report id (up to 100 characters)"
    if not report.host.hardware_id.strip() or len(report.host.hardware_id) > 128:
        errors["host.hardware_id"] = "Give the host's hardware id (up to 128 characters)"
    if not report.host.hostname.strip() or len(report.host.hostname) > 200:
        errors["host.hostname"] = "Give the host name (up to 200 characters)"
    if len(report.software) > MAX_SOFTWARE:
        errors["software"] = f"At most {MAX_SOFTWARE:,} software entries per report"
    for i, item in enumerate(report.software):
        if not item.name.strip() or len(item.name) > 300:
            errors[f"software.{i}.name"] = "Give the software name (up to 300 characters)"
        if item.usage_state not in USAGE_STATES:
            errors[f"software.{i}.usage_state"] = f"Choose one of: {', '.join(USAGE_STATES)}"
        if len(errors) > 20:
            break
    if errors:
        raise ValidationError(errors)


def _person_id(session: Session, email: str) -> int | None:
    email = email.strip().lower()
    if "@" not in email:
        return None
    return session.exec(select(Person.id).where(Person.email == email)).first()  # stored lowercased


def _host(session: Session, report: Report, now: datetime) -> Host:
    info = report.host
    host = session.exec(select(Host).where(Host.hardware_id == info.hardware_id.strip())).first()
    person_id = _person_id(session, report.primary_user)
    os_label = f"{info.platform} {info.os_version}".strip()[:100]
    if host is None:
        device = Device(
            name=info.hostname.strip()[:200], hostname=info.hostname.strip()[:200], os=os_label, owner_id=person_id
        )
        session.add(device)
        session.flush()
        host = Host(hardware_id=info.hardware_id.strip(), device_id=device.id)
    else:
        device = session.get(Device, host.device_id)
        device.hostname, device.os = info.hostname.strip()[:200], os_label
        if device.owner_id is None:
            device.owner_id = person_id
        session.add(device)
    host.serial, host.hostname = info.serial.strip()[:100], info.hostname.strip()[:200]
    host.platform, host.os_version = info.platform.strip()[:40], info.os_version.strip()[:100]
    host.primary_user, host.person_id, host.last_report_at = report.primary_user.strip()[:254], person_id, now
    session.add(host)
    session.flush()
    return host


def _values(item: Software, product: int | None, now: datetime) -> dict:
    opened = item.last_opened_at if item.usage_state == "known" else None
    return {
        "version": item.version.strip()[:100],
        "vendor": item.vendor.strip()[:200],
        "bundle_id": item.bundle_id.strip()[:300],
        "install_path": item.install_path.strip()[:500],
        "installed_on": item.installed_on,
        "last_opened_at": opened,
        "usage_state": item.usage_state,
        "catalog_entry_id": product,
        "last_seen_at": now,
        "uninstalled_at": None,
    }


def _store_software(
    session: Session, host: Host, report: Report, now: datetime
) -> tuple[int, int, int, int, dict[int, installations.ProductUse]]:
    """Insert new packages, refresh known ones, mark the missing ones uninstalled; returns
    the counts and the products now present on the host."""
    matcher = normalization.load_matcher(session)
    conn = session.connection()  # column reads need no ORM identity map
    existing = {
        (s, n): (i, opened)
        for i, s, n, opened in conn.execute(
            select(HostSoftware.id, HostSoftware.source, HostSoftware.name, HostSoftware.last_opened_at).where(
                HostSoftware.host_id == host.id
            )
        ).all()
    }
    items = {(i.source.strip()[:40], i.name.strip()[:300]): i for i in report.software}
    inserts, updates, present, matched = [], [], [], 0
    for key, item in items.items():
        product = matcher.match(item.name, item.vendor, item.bundle_id)
        matched += product is not None
        values = _values(item, product, now)
        if key in existing:
            row_id, opened = existing[key]
            if opened and (values["last_opened_at"] is None or values["last_opened_at"] < opened):
                values["last_opened_at"] = opened  # a report never moves real usage back
            updates.append({"id": row_id, **values})
        else:
            values.pop("uninstalled_at")  # new rows are present: one bound column fewer per row
            inserts.append({"host_id": host.id, "source": key[0], "name": key[1], "first_seen_at": now, **values})
        if product is not None:
            present.append((host.id, product, values["version"], values["last_opened_at"], values["usage_state"]))
    table = HostSoftware.__table__
    bulk.insert_many(session, table, inserts)
    if updates:
        session.execute(
            table.update().where(table.c.id == bindparam("row_id")), [{"row_id": u.pop("id"), **u} for u in updates]
        )
    gone = 0
    if report.snapshot:
        missing = [row_id for key, (row_id, _) in existing.items() if key not in items]
        if missing:
            gone = session.execute(
                update(HostSoftware)
                .where(HostSoftware.id.in_(missing), HostSoftware.uninstalled_at.is_(None))
                .values(uninstalled_at=now)
            ).rowcount
        # a snapshot is the whole host: what it lists is exactly what is present, no read back
        uses = {p: u for (_, p), u in installations.combine_uses(present).items()}
    else:
        uses = {p: u for (_, p), u in installations.present_products(session, [host.id]).items()}
    return len(inserts), gone, matched, len(items) - matched, uses


def _feed_usage(session: Session, held: list[installations.HeldSeat], uses: dict[int, installations.ProductUse]) -> int:
    """Move the held seats' last_used_at forward to the agent's last-opened time."""
    opened = {p: u.last_opened_at for p, u in uses.items() if u.last_opened_at is not None}
    changes = [
        {"row_id": h.assignment_id, "last_used_at": opened[h.product]}
        for h in held
        if h.product in opened and (h.last_used_at is None or opened[h.product] > h.last_used_at)
    ]
    if changes:
        table = Assignment.__table__
        session.execute(table.update().where(table.c.id == bindparam("row_id")), changes)
    return len(changes)


def ingest(
    session: Session, actor: str, report: Report, *, now: datetime | None = None, audit: bool = True
) -> IngestResult:
    """Take one agent report in one transaction (or recognise it as already taken).
    `audit=False` is for the demo data, which records its whole load as one event."""
    _validate(report)
    taken = session.exec(
        select(AgentReport, Host)
        .join(Host, Host.id == AgentReport.host_id)
        .where(AgentReport.report_id == report.report_id.strip())
    ).first()
    if taken is not None:
        row, host = taken
        return IngestResult(
            row.report_id, host.id, host.device_id, True, row.software_count, 0, row.uninstalled_count, 0, 0
        )
    now = now or utcnow()
    host = _host(session, report, now)
    added, gone, matched, unmatched, uses = _store_software(session, host, report, now)
    held = installations.held_seats(session, session.get(Device, host.device_id))
    installations.sync_host(session, host, uses, held)
    seats_used = _feed_usage(session, held, uses)
    session.add(
        AgentReport(
            report_id=report.report_id.strip(),
            host_id=host.id,
            snapshot=report.snapshot,
            software_count=len(report.software),
            uninstalled_count=gone,
            received_by=actor[:254],
            received_at=now,
        )
    )
    session.flush()
    if audit:
        audit_log.record(
            session,
            actor,
            "agent_report",
            "device",
            host.device_id,
            {
                "report_id": report.report_id.strip(),
                "hostname": host.hostname,
                "software": len(report.software),
                "added": added,
                "uninstalled": gone,
                "unmatched": unmatched,
                "seats_used_updated": seats_used,
            },
        )
    return IngestResult(
        report.report_id.strip(), host.id, host.device_id, False, len(report.software), added, gone, matched, unmatched
    )
