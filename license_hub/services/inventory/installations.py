"""Products installed on each device, kept in step with what the agent reports.

The `installation` table (one row per device and product) is what compliance
counts; it is derived here from the host's software that is still installed and
matched to a product. A product found on a device is linked to the license the
device (or its owner) holds a seat of, else to the product's only active license,
so installations consume seats as seed 001 says, and an install without any seat
shows as Over-deployed when installs exceed seats.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, func
from sqlmodel import Session, select

from license_hub.models import Assignment, Device, Host, HostSoftware, License, Person
from license_hub.models.types import utcnow
from license_hub.models.utilization import Installation
from license_hub.services.core import bulk

MAX_ROWS = 200


@dataclass(frozen=True)
class ProductUse:
    version: str
    last_opened_at: datetime | None
    usage_state: str  # known | never | unsupported


@dataclass(frozen=True)
class InstallationRow:
    installation_id: int
    device_id: int
    device: str
    hostname: str
    holder: str
    product: str
    version: str
    last_opened_at: datetime | None
    usage_state: str
    detected_at: datetime | None
    license_id: int | None


def combine_state(states: set[str]) -> str:
    return "known" if "known" in states else "never" if "never" in states else "unsupported"


def present_products(session: Session, host_ids: list[int]) -> dict[tuple[int, int], ProductUse]:
    """(host id, product) -> version, last opened and usage state of what is still installed."""
    stmt = select(
        HostSoftware.host_id,
        HostSoftware.catalog_entry_id,
        HostSoftware.version,
        HostSoftware.last_opened_at,
        HostSoftware.usage_state,
    ).where(
        HostSoftware.host_id.in_(host_ids),
        HostSoftware.catalog_entry_id.is_not(None),
        HostSoftware.uninstalled_at.is_(None),
    )
    return combine_uses(session.connection().execute(stmt).all())


def combine_uses(rows) -> dict[tuple[int, int], ProductUse]:
    """(host id, product, version, last opened, state) rows of present software, per host and product."""
    found: dict[tuple[int, int], list] = defaultdict(list)
    for host_id, product, version, opened, state in rows:
        found[(host_id, product)].append((version, opened, state))
    out = {}
    for key, items in found.items():
        opened = [o for _, o, s in items if s == "known" and o is not None]
        out[key] = ProductUse(
            max(v for v, _, _ in items),
            max(opened) if opened else None,
            combine_state({s if s != "known" or o else "unsupported" for _, o, s in items}),
        )
    return out


@dataclass(frozen=True)
class HeldSeat:
    assignment_id: int
    license_id: int
    product: int
    last_used_at: datetime | None


def held_seats(session: Session, device: Device) -> list[HeldSeat]:
    """Active seats of active licenses the device holds, itself or through its owner
    (one indexed query per holder rather than one OR that scans every seat)."""
    holders = [Assignment.device_id == device.id]
    if device.owner_id:
        holders.append(Assignment.person_id == device.owner_id)
    found: dict[int, HeldSeat] = {}
    conn = session.connection()
    for holder in holders:
        for aid, lid, product, last in conn.execute(
            select(Assignment.id, License.id, License.catalog_entry_id, Assignment.last_used_at)
            .join(License, License.id == Assignment.license_id)
            .where(holder, Assignment.revoked_at.is_(None), License.archived_at.is_(None))
        ).all():
            found[aid] = HeldSeat(aid, lid, product, last)
    return list(found.values())


def _license_for(session: Session, products: set[int], held: list[HeldSeat]) -> dict[int, int]:
    """Product -> the license an installation on this device consumes: the one it
    holds a seat of, else the product's only active license."""
    if not products:
        return {}
    out = {}
    for seat in sorted(held, key=lambda h: h.license_id):
        if seat.product in products:
            out.setdefault(seat.product, seat.license_id)
    rest = products - set(out)
    if rest:
        by_product: dict[int, list[int]] = defaultdict(list)
        for lid, product in (
            session.connection()
            .execute(
                select(License.id, License.catalog_entry_id).where(
                    License.catalog_entry_id.in_(rest), License.archived_at.is_(None)
                )
            )
            .all()
        ):
            by_product[product].append(lid)
        out.update({product: lids[0] for product, lids in by_product.items() if len(lids) == 1})
    return out


def sync_host(
    session: Session, host: Host, uses: dict[int, ProductUse] | None = None, held: list[HeldSeat] | None = None
) -> None:
    """Make the device's installation rows equal the products still installed on the host."""
    if uses is None:
        uses = {p: u for (h, p), u in present_products(session, [host.id]).items() if h == host.id}
    if held is None:
        held = held_seats(session, session.get(Device, host.device_id))
    table = Installation.__table__
    existing = {
        product: (row_id, license_id)
        for row_id, product, license_id in session.connection()
        .execute(
            select(Installation.id, Installation.catalog_entry_id, Installation.license_id).where(
                Installation.device_id == host.device_id
            )
        )
        .all()
    }
    gone = [row_id for product, (row_id, _) in existing.items() if product not in uses]
    if gone:
        session.execute(delete(Installation).where(Installation.id.in_(gone)))
    links = _license_for(session, set(uses), held)
    inserts, updates = [], []
    for product, use in uses.items():
        values = {"version": use.version[:60], "last_opened_at": use.last_opened_at, "usage_state": use.usage_state}
        if product not in existing:
            inserts.append(
                {
                    "device_id": host.device_id,
                    "catalog_entry_id": product,
                    "detected_at": utcnow(),
                    "license_id": links.get(product),
                    **values,
                }
            )
            continue
        row_id, license_id = existing[product]
        if product in links or license_id is None:
            license_id = links.get(product)
        updates.append({"row_id": row_id, "license_id": license_id, **values})
    bulk.insert_many(session, table, inserts)  # no ORM object per installation
    if updates:
        session.execute(table.update().where(table.c.id == bindparam("row_id")), updates)


def sync_all(session: Session) -> None:
    hosts = session.exec(select(Host)).all()
    uses = present_products(session, [h.id for h in hosts]) if hosts else {}
    for host in hosts:
        sync_host(session, host, {p: u for (h, p), u in uses.items() if h == host.id})


def _rows(session: Session, where) -> list[InstallationRow]:
    from license_hub.models import CatalogEntry

    stmt = (
        select(Installation, Device.name, Device.hostname, Person.name, CatalogEntry.name, Host.id)
        .join(Device, Device.id == Installation.device_id)
        .join(CatalogEntry, CatalogEntry.id == Installation.catalog_entry_id)
        .outerjoin(Person, Person.id == Device.owner_id)
        .outerjoin(Host, Host.device_id == Device.id)
        .where(where)
        .order_by(Device.name, CatalogEntry.name)
        .limit(MAX_ROWS)
    )
    found = session.exec(stmt).all()
    uses = present_products(session, sorted({h for *_, h in found if h is not None}))
    out = []
    for inst, device, hostname, holder, product, host_id in found:
        use = uses.get((host_id, inst.catalog_entry_id))
        out.append(
            InstallationRow(
                inst.id,
                inst.device_id,
                device,
                hostname,
                holder or "",
                product,
                inst.version,
                use.last_opened_at if use else None,
                use.usage_state if use else "unsupported",
                inst.detected_at,
                inst.license_id,
            )
        )
    return out


def for_license(session: Session, license_id: int) -> list[InstallationRow]:
    """Seed 001's Installations related list of a license."""
    return _rows(session, Installation.license_id == license_id)


def for_device(session: Session, device_id: int) -> list[InstallationRow]:
    return _rows(session, Installation.device_id == device_id)


def count_for_license(session: Session, license_id: int) -> int:
    return int(session.exec(select(func.count()).where(Installation.license_id == license_id)).one())
