"""Reconciliation: what is licensed against what is installed and used.

Every active seat and every installed product falls in one bucket:
- licensed and used: the seat's holder opened the product within the window
  (the agent's last-opened time, or a usage import's last active);
- licensed and installed but unused: installed on the holder's device, and the
  agent can tell it was not opened within the window (never, or too long ago);
- assigned but not installed: the holder has devices the agent reports from and
  none has the product (cloud products are never expected to be installed);
- installed without a license: on a device whose device or owner holds no seat;
- usage unknown: nothing can tell (no agent on the holder's devices, or the
  platform cannot say when the product was last opened).
Unused and not-installed seats are the savings: their annual cost per seat.
Items can be summed up per product, person, device or department.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from operator import attrgetter
from typing import Iterable, Iterator

from sqlmodel import Session, select

from license_hub.models import Assignment, CatalogEntry, Device, Host, License, Person
from license_hub.models.enums import DeploymentModel
from license_hub.models.types import utcnow
from license_hub.models.utilization import Installation
from license_hub.services.core.csv_out import csv_stream
from license_hub.services.reports.frames import active_license_clause
from license_hub.services.reports.savings import annual_cost_per_seat

WINDOW_DAYS = 90
USED, UNUSED, NOT_INSTALLED, UNLICENSED, UNKNOWN = "used", "unused", "not_installed", "unlicensed", "unknown"
BUCKETS = {
    USED: "Licensed and used",
    UNUSED: "Licensed and installed but unused",
    NOT_INSTALLED: "Assigned but not installed",
    UNLICENSED: "Installed without a license",
    UNKNOWN: "Usage unknown",
}
DIMENSIONS = ("product", "person", "device", "department")
CLOUD = DeploymentModel.CLOUD.value  # cloud products are used, never installed
CSV_HEADER = [
    "Bucket",
    "Product",
    "License",
    "Person",
    "Department",
    "Device",
    "Last used",
    "Annual saving",
    "Currency",
]


@dataclass(frozen=True)
class Item:
    bucket: str
    product_id: int
    product: str
    license_id: int | None
    license: str
    person_id: int | None
    person: str
    department: str
    device_id: int | None
    device: str
    last_used_at: datetime | None
    saving: Decimal | None
    currency: str


@dataclass(frozen=True)
class Summary:
    key: str
    label: str
    used: int
    unused: int
    not_installed: int
    unlicensed: int
    unknown: int
    savings: Decimal
    currency: str


@dataclass(frozen=True)
class _Use:
    last_opened_at: datetime | None
    telling: bool  # the agent can say whether it was opened


def _installs(session: Session) -> dict[tuple[int, int], _Use]:
    """(device, product) -> last opened and whether the agent can tell (kept on each installation).
    Plain column rows: the fleet's installations are the bulk of the report."""
    return {
        (d, p): _Use(o, state in ("known", "never"))
        for d, p, o, state in session.connection()
        .execute(
            select(
                Installation.device_id,
                Installation.catalog_entry_id,
                Installation.last_opened_at,
                Installation.usage_state,
            )
        )
        .all()
    }


def _people(session: Session) -> dict[int, tuple[str, str]]:
    rows = session.connection().execute(select(Person.id, Person.name, Person.department)).all()
    return {i: (n, dep) for i, n, dep in rows}


def _licenses(session: Session) -> dict[int, tuple]:
    """Active licenses, once each: name, product, currency and what their seat cost is made of."""
    cols = (
        License.id,
        License.name,
        License.catalog_entry_id,
        License.currency,
        License.cost_per_seat,
        License.total_cost,
        License.seats_total,
        License.seat_type,
        License.billing_cycle,
        License.custom_cycle_months,
    )
    return {
        row[0]: tuple(row[1:])
        for row in session.connection().execute(select(*cols).where(active_license_clause())).all()
    }


def _seats(session: Session):
    """Active seats of active licenses: only the seat's own columns, the license's come from _licenses."""
    cols = (Assignment.id, Assignment.person_id, Assignment.device_id, Assignment.last_used_at, Assignment.license_id)
    return (
        session.connection()
        .execute(
            select(*cols)
            .join(License, License.id == Assignment.license_id)
            .where(Assignment.revoked_at.is_(None), active_license_clause())
        )
        .all()
    )


def build(session: Session, *, window_days: int = WINDOW_DAYS, now: datetime | None = None) -> list[Item]:
    """Every seat and every installation, each in its bucket."""
    cutoff = (now or utcnow()) - timedelta(days=window_days)
    installs = _installs(session)
    conn = session.connection()
    devices = {i: (n, o) for i, n, o in conn.execute(select(Device.id, Device.name, Device.owner_id)).all()}
    reporting = set(conn.execute(select(Host.device_id)).scalars().all())
    owned: dict[int, list[int]] = defaultdict(list)
    for device_id, (_, owner) in devices.items():
        if owner is not None:
            owned[owner].append(device_id)
    agent_people = {owner for device_id, (_, owner) in devices.items() if owner is not None and device_id in reporting}
    products = {
        i: (n, m)
        for i, n, m in conn.execute(select(CatalogEntry.id, CatalogEntry.name, CatalogEntry.deployment_model)).all()
    }
    people = _people(session)
    items, covered, costs = [], set(), {}
    licenses = _licenses(session)
    for _aid, person_id, device_id, last_used, lid in _seats(session):
        if lid not in licenses:
            continue  # became inactive between the two reads
        lname, product, currency, per_seat, total, seats_total, seat_type, cycle, months = licenses[lid]
        holder_devices = [device_id] if device_id else owned.get(person_id, []) if person_id else []
        mine = [(d, installs[(d, product)]) for d in holder_devices if (d, product) in installs]
        if mine:
            covered.update([(d, product) for d, _ in mine])
        opened = [u.last_opened_at for _, u in mine if u.last_opened_at is not None]
        last = max([t for t in [*opened, last_used] if t is not None], default=None)
        if last is not None and last >= cutoff:
            bucket = USED
        elif mine:
            bucket = UNUSED if any(u.telling for _, u in mine) else UNKNOWN
        elif products[product][1] != CLOUD and (device_id in reporting if device_id else person_id in agent_people):
            bucket = NOT_INSTALLED
        else:
            bucket = UNKNOWN
        saving = None
        if bucket in (UNUSED, NOT_INSTALLED):
            if lid not in costs:
                cost = annual_cost_per_seat(per_seat, total, seats_total, seat_type, cycle, months)
                costs[lid] = cost.quantize(Decimal("0.01")) if cost is not None else None
            saving = costs[lid]
        shown_device = device_id or (mine[0][0] if mine else None)
        name, dept = people.get(person_id, ("", ""))
        items.append(
            Item(
                bucket,
                product,
                products[product][0],
                lid,
                lname,
                person_id,
                name,
                dept,
                shown_device,
                devices[shown_device][0] if shown_device else "",
                last,
                saving,
                currency,
            )
        )
    for key in sorted(installs.keys() - covered):  # installed without any seat
        device_id, product = key
        if device_id not in devices:
            continue
        device, owner = devices[device_id]
        name, dept = people.get(owner, ("", ""))
        items.append(
            Item(
                UNLICENSED,
                product,
                products[product][0],
                None,
                "",
                owner,
                name,
                dept,
                device_id,
                device,
                installs[key].last_opened_at,
                None,
                "",
            )
        )
    return items


def _by_product(item: Item) -> tuple[str, str]:
    return str(item.product_id), item.product


def _by_person(item: Item) -> tuple[str, str]:
    return (str(item.person_id), item.person) if item.person_id else ("", "No holder")


def _by_device(item: Item) -> tuple[str, str]:
    return (str(item.device_id), item.device) if item.device_id else ("", "No device")


def _by_department(item: Item) -> tuple[str, str]:
    return item.department, item.department or "No department"


_KEYS = {"product": _by_product, "person": _by_person, "device": _by_device, "department": _by_department}


def _key(item: Item, by: str) -> tuple[str, str]:
    return _KEYS.get(by, _by_department)(item)


def summarize(items: Iterable[Item], by: str) -> list[Summary]:
    """Bucket counts and savings per product, person, device or department, biggest savings first."""
    if by not in DIMENSIONS:
        raise ValueError(by)
    items = items if isinstance(items, list) else list(items)
    keys = list(map(_KEYS[by], items))
    pairs = Counter(zip(keys, map(attrgetter("bucket"), items)))  # counted in C, not item by item
    counts: dict[tuple[str, str], dict[str, int]] = {key: dict.fromkeys(BUCKETS, 0) for key in dict.fromkeys(keys)}
    for (key, bucket), n in pairs.items():
        counts[key][bucket] = n
    money: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    currencies: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, item in zip(keys, items):
        if item.saving is not None:
            money[key] += item.saving
            currencies[key].add(item.currency)
    out = [
        Summary(
            k,
            label,
            c[USED],
            c[UNUSED],
            c[NOT_INSTALLED],
            c[UNLICENSED],
            c[UNKNOWN],
            money[(k, label)],
            "/".join(sorted(currencies[(k, label)])),
        )
        for (k, label), c in counts.items()
    ]
    return sorted(out, key=lambda s: (-s.savings, -(s.unused + s.not_installed + s.unlicensed), s.label.lower()))


def drill(items: Iterable[Item], by: str, key: str, bucket: str = "") -> list[Item]:
    """The items behind one summary row (and one bucket, when given)."""
    key_of = _KEYS.get(by, _by_department)
    return [i for i in items if key_of(i)[0] == key and (not bucket or i.bucket == bucket)]


def bucket_counts(items: Iterable[Item]) -> dict[str, int]:
    counts = dict.fromkeys(BUCKETS, 0)
    for item in items:
        counts[item.bucket] += 1
    return counts


def savings_by_currency(items: Iterable[Item]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = defaultdict(Decimal)
    for item in items:
        if item.saving is not None:
            out[item.currency] += item.saving
    return dict(out)


def csv_lines(items: Iterable[Item]) -> Iterator[str]:
    """The items as CSV through the formula guard."""
    rows = (
        [
            BUCKETS[i.bucket],
            i.product,
            i.license,
            i.person,
            i.department,
            i.device,
            i.last_used_at.isoformat() if i.last_used_at else "",
            i.saving,
            i.currency if i.saving else "",
        ]
        for i in items
    )
    return csv_stream(rows, CSV_HEADER)
