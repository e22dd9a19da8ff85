"""A realistic, deterministic organization for first runs, demos and benchmarks.

One seed always gives the same estate, and every date is relative to `today`, so
each status chip, saved filter and chart has members whenever it is loaded. Rows
go in with bulk inserts: seats are a counter plus assignment rows, so
`seats_used` is computed here from exactly the rows written. Reminders come from
the reminders service itself, so they are what an edit in the UI would create.
The vocabulary (products, names, offices) lives in demo_names.
"""

from __future__ import annotations

import math
import random
import unicodedata
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from time import perf_counter
from typing import Any, Callable, ContextManager, Iterator, NamedTuple, Union

from sqlalchemy import insert
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, select

from license_hub import db
from license_hub.models import Assignment, CatalogEntry, Device, License, Person
from license_hub.models.enums import AllocationRule as Rule
from license_hub.models.enums import BillingCycle as Cycle
from license_hub.models.enums import LicenseStatus as Status
from license_hub.models.enums import LicenseType as Type
from license_hub.models.enums import PersonStatus, Scope, SeatType
from license_hub.services.audit import audit_log
from license_hub.services.core import secrets
from license_hub.services.demo import demo_inventory
from license_hub.services.demo import demo_names as V
from license_hub.services.notify import reminders

ACTOR = "demo-data"
PEOPLE, DEVICES, LICENSES, ASSIGNMENTS = 3_000, 1_500, 300, 30_000  # at scale 1.0
CENT = Decimal("0.01")
UTC = timezone.utc
SUPPORTED_TYPES = {Type.TERM, Type.VOLUME, Type.NODE_LOCKED, Type.FLOATING, Type.OPEN_MOLP}  # may carry maintenance
SEAT_KEYED_TYPES = {Type.PERPETUAL, Type.NODE_LOCKED, Type.OEM, Type.VOLUME, Type.EDUCATIONAL, Type.FLOATING}
ALLOCATION = {
    SeatType.USER: Rule.USER_BASED,
    SeatType.DEVICE: Rule.DEVICE_BASED,
    SeatType.CONCURRENT: Rule.CONCURRENT,
    SeatType.UNLIMITED: Rule.SITE,
}
USAGE_RESTRICTIONS = {
    Type.EDUCATIONAL: "Non-commercial teaching and research only",
    Type.NFR: "Not for resale: internal demos and evaluation",
}
_ASCII = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "ß": "ss", "'": "", " ": ""})

SessionSource = Union[str, Session, Callable[[], ContextManager[Session]], None]


@dataclass(frozen=True)
class DemoSummary:
    catalog_entries: int
    licenses: int
    people: int
    devices: int
    assignments: int
    active_assignments: int
    reminders: int
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if k != "seconds"}

    def line(self) -> str:
        return (
            f"{self.catalog_entries} catalog entries, {self.licenses} licenses, {self.people} people, "
            f"{self.devices} devices, {self.assignments} assignments ({self.active_assignments} active), "
            f"{self.reminders} reminders in {self.seconds:.1f} s"
        )


def is_empty(session: Session) -> bool:
    """True when there is nothing to collide with: no catalog entries and no licenses."""
    return (
        session.exec(select(CatalogEntry.id).limit(1)).first() is None
        and session.exec(select(License.id).limit(1)).first() is None
    )


def load(source: SessionSource = None, seed: int = 42, today: date | None = None, scale: float = 1.0) -> DemoSummary:
    """Write the demo estate in one transaction. `source` is a database URL, a
    session factory (a context manager such as db.write_session), an open
    session (the caller commits), or None for the configured database."""
    if not scale > 0:
        raise ValueError("scale must be positive")
    started = perf_counter()
    with _transaction(source) as session:
        counts = _Estate(session, random.Random(seed), today or date.today(), scale).build()
        counts["devices"] += demo_inventory.load(session, random.Random(seed + 1), today or date.today())
        audit_log.record(session, ACTOR, "demo_data", "workspace", None, {**counts, "seed": seed, "scale": scale})
    return DemoSummary(**counts, seconds=round(perf_counter() - started, 2))


@contextmanager
def _transaction(source: SessionSource) -> Iterator[Session]:
    if isinstance(source, OrmSession):
        yield source
    elif source is None:
        with db.write_session() as session:
            yield session
    elif isinstance(source, str):
        with Session(db.engine_for(source), expire_on_commit=False) as session, session.begin():
            yield session
    else:
        with source() as session:
            yield session
            session.commit()


def _nice(n: int) -> int:
    """The smallest seat count a vendor would sell that covers n."""
    return next((s for s in V.NICE_SEATS if s >= n), math.ceil(n / 1000) * 1000)


class _Person(NamedTuple):
    id: int
    name: str
    department: str
    site: str  # office code, for hostnames
    created_at: datetime
    left_at: datetime | None  # set when offboarded


@dataclass
class _Plan:
    """One license before it has an id: its fields plus what sizing its seats needs."""

    fields: dict[str, Any]
    weight: float  # share of the seat budget
    fill: str  # normal | full | under | none (unlimited)
    department: str
    seat_keys: bool
    cost_mode: str  # both | per_seat | total
    seats: list[dict] = field(default_factory=list)


class _Estate:
    def __init__(self, session: Session, rng: random.Random, today: date, scale: float):
        self.s, self.conn, self.rng, self.today, self.scale = session, session.connection(), rng, today, scale
        self.now = datetime.combine(today, time(0), UTC)  # every timestamp falls before `today` begins
        self._covered: Counter[str] = Counter()
        # Seed 002: names are unique among active licenses; a second load onto the same
        # database must not reuse one already there.
        self._names: set[str] = {
            name.casefold()
            for name in session.exec(select(License.name).where(License.archived_at.is_(None), License.name != ""))
        }

    # -- helpers ------------------------------------------------------------
    def _n(self, full: int, minimum: int) -> int:
        return max(minimum, round(full * self.scale))

    def _pick(self, key: str, options: tuple, weights: tuple | None = None):
        """Every option once first, so even a small load shows each value; then by weight."""
        seen = self._covered[key]
        self._covered[key] += 1
        return options[seen] if seen < len(options) else self.rng.choices(options, weights)[0]

    def _between(self, lo: datetime, hi: datetime) -> datetime:
        span = int((hi - lo).total_seconds())
        return lo if span <= 0 else lo + timedelta(seconds=self.rng.randint(0, span))

    def _ago(self, lo_days: float, hi_days: float) -> datetime:
        return self._between(self.now - timedelta(days=hi_days), self.now - timedelta(days=lo_days, seconds=1))

    def _insert(self, model: type, rows: list[dict], returning: bool = False) -> list[int]:
        if not rows:
            return []
        table = model.__table__
        if returning:
            stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            return list(self.conn.execute(stmt, rows).scalars())
        self.conn.execute(insert(table), rows)
        return []

    def _key(self, publisher: str = "") -> str:
        rng = self.rng
        if publisher == "Microsoft":
            return "-".join("".join(rng.choices("BCDFGHJKMPQRTVWXY2346789", k=5)) for _ in range(5))
        if publisher == "Adobe":
            return "-".join(f"{rng.randrange(10_000):04d}" for _ in range(6))
        return "-".join("".join(rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", k=5)) for _ in range(4))

    def _name(self, p: V.Product, scope: str, dept: str, start: date) -> str:
        """'Microsoft 365 E3 — Sales': product, edition and whose agreement it is."""
        edition = self.rng.choice(p.editions)
        name = p.name if edition.lower() in p.name.lower() else f"{p.name} {edition}"
        qualifier = {
            Scope.DEPARTMENT: dept,
            Scope.PROJECT: self.rng.choice(V.PROJECTS),
            Scope.SITE: f"{self.rng.choice(V.LOCATIONS)[0]} site",
        }.get(scope)
        name += f" — {qualifier}" if qualifier else ""
        if name.casefold() in self._names:
            name = f"{name} ({start.year})"
        candidate, n = name, 1
        while candidate.casefold() in self._names:
            n += 1
            candidate = f"{name} #{n}"
        self._names.add(candidate.casefold())
        return candidate

    @staticmethod
    def _email(first: str, last: str, taken: set[str]) -> str:
        base = unicodedata.normalize("NFKD", f"{first}.{last}".lower().translate(_ASCII))
        base = base.encode("ascii", "ignore").decode()
        email, n = f"{base}@{V.EMAIL_DOMAIN}", 1
        while email in taken:
            n += 1
            email = f"{base}{n}@{V.EMAIL_DOMAIN}"
        taken.add(email)
        return email

    # -- the estate ---------------------------------------------------------
    def build(self) -> dict[str, int]:
        products = self._catalog()
        self._people()
        device_count = self._devices()
        popularity = tuple(3 if p.kind == "saas" else 2 for _, p in products)
        plans = [
            self._plan(i, *products[self._pick("product", tuple(range(len(products))), popularity)])
            for i in range(self._n(LICENSES, 24))
        ]
        budget = ASSIGNMENTS * self.scale * 1.05  # seats to issue, padded for what small teams cannot hold
        total_weight = sum(p.weight for p in plans)
        for plan in plans:
            self._seats(plan, max(1, round(plan.weight / total_weight * budget)))
        licenses = [License(**plan.fields) for plan in plans]
        self.s.add_all(licenses)
        self.s.flush()
        seats = [{**row, "license_id": lic.id} for plan, lic in zip(plans, licenses) for row in plan.seats]
        self._insert(Assignment, seats)
        with self.s.no_autoflush:  # reminders flush later in one batch, not once per license
            owed = sum(len(reminders.sync(self.s, lic)) for lic in licenses)
        return {
            "catalog_entries": len(products),
            "licenses": len(licenses),
            "people": len(self.people),
            "devices": device_count,
            "assignments": len(seats),
            "active_assignments": sum(lic.seats_used for lic in licenses),
            "reminders": owed,
        }

    def _catalog(self) -> list[tuple[int, V.Product]]:
        """Every product, reusing any entry of the same name already in the catalog."""
        ids = {name.lower(): i for name, i in self.s.exec(select(CatalogEntry.name, CatalogEntry.id))}
        rows = [
            dict(
                name=p.name,
                publisher=p.publisher,
                category=p.category,
                deployment_model=p.deployment,
                website=p.website,
                security_grade=p.grade,
                security_risk=V.RISK_FOR_GRADE.get(p.grade or ""),
                security_rationale=p.rationale,
                created_at=self._ago(300, 1500),
            )
            for p in V.PRODUCTS
        ]
        new = [row for row in rows if row["name"].lower() not in ids]
        ids.update({r["name"].lower(): i for r, i in zip(new, self._insert(CatalogEntry, new, returning=True))})
        return [(ids[p.name.lower()], p) for p in V.PRODUCTS]

    def _people(self) -> None:
        """Leads first (every twelfth person; they manage the rest), then everyone else."""
        rng, n = self.rng, self._n(PEOPLE, 60)
        taken = set(self.s.exec(select(Person.email).where(Person.email.is_not(None))))
        depts, dept_weights = zip(*V.DEPARTMENTS)
        offices, codes, office_weights = zip(*V.LOCATIONS)
        combos = len(V.FIRST_NAMES) * len(V.LAST_NAMES)
        picks = rng.sample(range(combos), min(n, combos)) + [rng.randrange(combos) for _ in range(n - combos)]
        rows, sites = [], []
        for i, k in enumerate(picks):
            first, last = V.FIRST_NAMES[k % len(V.FIRST_NAMES)], V.LAST_NAMES[k // len(V.FIRST_NAMES)]
            roll, office = rng.random(), rng.choices(range(len(offices)), office_weights)[0]
            status = (
                PersonStatus.ACTIVE
                if i % 12 == 0 or roll >= 0.13
                else PersonStatus.OFFBOARDED
                if roll < 0.044
                else PersonStatus.INACTIVE
            )
            created = self._ago(14, 2000)
            left = self._between(created, self.now - timedelta(days=1)) if status == PersonStatus.OFFBOARDED else None
            if rng.random() < 0.05:
                seen = None  # invited, never signed in
            elif left:
                seen = self._between(created, left)
            elif status == PersonStatus.INACTIVE:
                seen = self._between(max(created, self.now - timedelta(days=365)), self.now - timedelta(days=90))
            else:
                window = timedelta(days=30 if rng.random() < 0.8 else 365)
                seen = self._between(max(created, self.now - window), self.now - timedelta(seconds=1))
            rows.append(
                dict(
                    name=f"{first} {last}",
                    email=self._email(first, last, taken),
                    department=rng.choices(depts, dept_weights)[0],
                    location=offices[office],
                    manager_id=None,
                    status=status.value,
                    last_sign_in_at=seen,
                    created_at=created,
                    archived_at=left,
                )
            )
            sites.append(codes[office])
        leads = range(0, n, 12)
        ids = dict(zip(leads, self._insert(Person, [rows[i] for i in leads], returning=True)))
        leads_by_dept: dict[str, list[int]] = {}
        for i in leads:
            leads_by_dept.setdefault(rows[i]["department"], []).append(ids[i])
        self.leads = list(ids.values())
        rest = [i for i in range(n) if i % 12]
        for i in rest:
            rows[i]["manager_id"] = rng.choice(leads_by_dept.get(rows[i]["department"]) or self.leads)
        ids.update(zip(rest, self._insert(Person, [rows[i] for i in rest], returning=True)))
        self.people = [
            _Person(ids[i], r["name"], r["department"], sites[i], r["created_at"], r["archived_at"])
            for i, r in enumerate(rows)
        ]
        self.by_dept: dict[str, list[_Person]] = {}
        for person in self.people:
            self.by_dept.setdefault(person.department, []).append(person)

    def _devices(self) -> int:
        """Laptops and workstations belong to someone; servers and lab machines to no one."""
        rng, n = self.rng, self._n(DEVICES, 30)
        owners = [p for p in self.people if p.left_at is None]
        codes = [code for _, code, _ in V.LOCATIONS]
        rows = []
        for i in range(n):
            model, prefix, systems, _ = rng.choices(V.DEVICE_MODELS, [m[3] for m in V.DEVICE_MODELS])[0]
            owner = rng.choice(owners) if prefix in ("LT", "WS") and rng.random() < 0.92 else None
            hostname = f"{prefix}-{owner.site if owner else rng.choice(codes)}-{i + 1:04d}"
            created = self._ago(20, 1500)
            retired = self._between(created, self.now - timedelta(days=1)) if rng.random() < 0.03 else None
            rows.append(
                dict(
                    name=f"{owner.name}'s {model}" if owner else f"{model} {hostname}",
                    hostname=hostname,
                    owner_id=owner.id if owner else None,
                    os=rng.choice(systems),
                    created_at=created,
                    archived_at=retired,
                )
            )
        ids = self._insert(Device, rows, returning=True)
        self.devices = [d for d, r in zip(ids, rows) if r["archived_at"] is None]
        return len(ids)

    def _plan(self, i: int, catalog_id: int, p: V.Product) -> _Plan:
        """What kind of agreement this is, its dates and its commercial terms."""
        rng, today = self.rng, self.today
        ltype = self._pick("type", tuple(Type), V.TYPE_WEIGHTS[p.kind])
        status = self._pick("status", tuple(Status), (64, 10, 4, 12, 10))
        if ltype == Type.TRIAL and status in (Status.ACTIVE, Status.PENDING_RENEWAL):
            status = Status.TRIAL
        perpetual = ltype == Type.PERPETUAL or (  # type Perpetual is perpetual, even on trial
            status != Status.TRIAL
            and (ltype == Type.OEM or (ltype in (Type.NODE_LOCKED, Type.VOLUME, Type.OPEN_MOLP) and rng.random() < 0.4))
        )
        seat_type = self._pick("seat_type", tuple(SeatType), V.SEAT_WEIGHTS[p.kind])
        seat_type = {
            Type.SITE: SeatType.UNLIMITED,
            Type.NODE_LOCKED: SeatType.DEVICE,
            Type.FLOATING: SeatType.CONCURRENT,
        }.get(ltype, seat_type)
        recurring = (Cycle.MONTHLY, Cycle.QUARTERLY, Cycle.ANNUAL, Cycle.BIENNIAL, Cycle.CUSTOM)
        cycle = Cycle.ONE_TIME if perpetual else self._pick("cycle", recurring, (30, 10, 45, 8, 7))
        custom_months = rng.choice((6, 18, 36)) if cycle == Cycle.CUSTOM else None
        term_days = round(30.44 * ({Cycle.BIENNIAL: 24, Cycle.CUSTOM: custom_months}.get(cycle) or 12))
        if seat_type == SeatType.UNLIMITED:
            scope = Scope.SITE if ltype == Type.SITE else Scope.ENTERPRISE
        else:
            scope = rng.choices((*Scope, ""), (30, 0, 42, 12, 6, 10))[0]
        dept = rng.choices(*zip(*V.DEPARTMENTS))[0] if scope == Scope.DEPARTMENT else ""
        weight = rng.lognormvariate(0, 0.9) * {
            Scope.ENTERPRISE: 4,
            Scope.SITE: 4,
            Scope.PROJECT: 0.4,
            Scope.INDIVIDUAL: 0.05,
        }.get(scope, 1.2)
        fill = (
            "none" if seat_type == SeatType.UNLIMITED else self._pick("fill", ("normal", "full", "under"), (64, 14, 22))
        )

        expiry = maintenance = None
        if status == Status.TRIAL:
            start = today - timedelta(days=rng.randint(3, 40))
            expiry, weight = start + timedelta(days=30), weight * 0.15
        elif perpetual:
            start = today - timedelta(days=rng.randint(60, 2600))
        else:
            if status == Status.EXPIRED:
                offset = -rng.randint(1, 420)
            elif status == Status.PENDING_RENEWAL:
                offset = rng.randint(-25, 60)
            elif status == Status.CANCELLED:
                offset = rng.randint(-300, term_days - 7)
            else:  # active: mostly later, some inside the 60-day window, some lapsed with the status not updated
                horizon = self._pick("horizon", ("later", "soon", "lapsed"), (78, 13, 9))
                offset = (
                    rng.randint(61, term_days - 7)
                    if horizon == "later"
                    else rng.randint(0, 60)
                    if horizon == "soon"
                    else -rng.randint(1, 200)
                )
            expiry = today + timedelta(days=offset)
            start = min(expiry - timedelta(days=term_days), today - timedelta(days=7))
        if perpetual:
            supported = self._pick("maintenance", (True, False), (75, 25))
        else:
            supported = ltype in SUPPORTED_TYPES and rng.random() < 0.4
        if supported:  # lapsed, due within 60 days, or later
            days = rng.choice((rng.randint(-300, -1), rng.randint(0, 60), rng.randint(61, 700)))
            maintenance = today + timedelta(days=days)
        auto_renew = not perpetual and status not in (Status.CANCELLED, Status.TRIAL) and rng.random() < 0.5
        purchase = start - timedelta(days=rng.randint(0, 21))

        currency = rng.choices(("EUR", "USD", "GBP"), (76, 16, 8))[0]
        months = {
            Cycle.MONTHLY: 1,
            Cycle.QUARTERLY: 3,
            Cycle.ANNUAL: 12,
            Cycle.BIENNIAL: 24,
            Cycle.CUSTOM: custom_months,
            Cycle.ONE_TIME: rng.randint(24, 40),
        }[cycle]
        per_seat = Decimal(p.monthly_eur * V.FX_FROM_EUR[currency] * months * rng.uniform(0.78, 1.04)).quantize(CENT)
        if status == Status.TRIAL:
            per_seat = Decimal("0.00")
        net = vat = gross = None
        if currency != "USD" and rng.random() < 0.45:  # seed 002: gross = net × (1 + VAT%)
            net, vat = per_seat, Decimal(rng.choice((19, 20, 21)) if currency == "EUR" else 20)
            gross = (net * (1 + vat / 100)).quantize(CENT, rounding=ROUND_HALF_UP)
        key = self._key(p.publisher) if p.kind != "saas" or rng.random() < 0.25 else ""
        archived = i >= 40 and rng.random() < 0.02
        created = min(
            datetime.combine(purchase, time(9), UTC) + timedelta(minutes=rng.randint(0, 600)),
            self.now - timedelta(seconds=1),
        )
        fields = dict(
            catalog_entry_id=catalog_id,
            name=self._name(p, scope, dept, start),
            product_key_cipher=secrets.encrypt(key),
            product_key_hint=secrets.hint(key),
            licensed_to=V.LEGAL_ENTITIES[currency],
            organization=V.LEGAL_ENTITIES[currency],
            vendor=p.publisher if rng.random() < 0.45 else rng.choice(V.RESELLERS),
            version=rng.choice(p.versions) if p.versions else "",
            license_type=ltype.value,
            status=status.value,
            seat_type=seat_type.value,
            quantity_per_seat=rng.choice((1, 1, 1, 2, 3)) if seat_type == SeatType.DEVICE else 1,
            scope=scope,
            compliance_override="Review Required" if rng.random() < 0.04 else None,
            currency=currency,
            billing_cycle=cycle.value,
            custom_cycle_months=custom_months,
            cost_per_seat=per_seat,
            net_unit_price=net,
            vat_percent=vat,
            gross_unit_price=gross,
            purchase_order=f"PO-{purchase.year}-{rng.randint(1000, 9999)}" if rng.random() < 0.85 else "",
            invoice_number=f"INV-{purchase:%y%m}-{rng.randint(10000, 99999)}" if rng.random() < 0.75 else "",
            purchase_date=purchase,
            start_date=start,
            expiry_date=expiry,
            renewal_date=expiry if auto_renew else None,
            maintenance_expiry_date=maintenance,
            perpetual=perpetual,
            auto_renew=auto_renew,
            renewal_notice_days=rng.choice((30, 30, 30, 30, 14, 45, 60, 90)),
            cancellation_notice_days=rng.choice((30, 60, 90)) if auto_renew and rng.random() < 0.6 else None,
            maintenance_included=maintenance is not None,
            allocation_rule=(Rule.FLOATING if ltype == Type.FLOATING else ALLOCATION[seat_type]).value,
            reassignable=ltype != Type.OEM,
            transferable=ltype not in (Type.OEM, Type.NODE_LOCKED, Type.NFR),
            restriction_geographic=rng.choice(V.GEO_RESTRICTIONS) if rng.random() < 0.2 else "",
            restriction_usage=USAGE_RESTRICTIONS.get(ltype, ""),
            virtualization_rights=rng.choice(V.VIRTUALIZATION) if p.kind == "infra" else "",
            capacity_threshold_pct=rng.choice((90, 90, 90, 80, 95)),
            serial_number=f"SN-{rng.randrange(16**10):010X}" if p.kind != "saas" else "",
            inventory_number=f"LIC-{i + 1:05d}" if rng.random() < 0.6 else "",
            org_unit=dept,
            location=rng.choice(V.LOCATIONS)[0] if rng.random() < 0.4 else "",
            business_owner_id=rng.choice(self.leads),
            notes=rng.choice(V.LICENSE_NOTES) if rng.random() < 0.25 else "",
            created_at=created,
            updated_at=self._between(created, self.now) if rng.random() < 0.4 else None,
            archived_at=self._between(created, self.now) if archived else None,
            archived_by=rng.choice(V.ADMINS) if archived else "",
        )
        return _Plan(
            fields,
            weight,
            fill,
            dept,
            ltype in SEAT_KEYED_TYPES and p.kind != "saas",
            rng.choices(("both", "per_seat", "total"), (70, 15, 15))[0],
        )

    def _seats(self, plan: _Plan, size: int) -> None:
        """Issue the license's seats plus reclaimed history, then size the pool
        around the seats still held, as the plan's fill says."""
        rng, f = self.rng, plan.fields
        ended = f["status"] == Status.CANCELLED or f["archived_at"] is not None
        active = 0 if ended else round(size * 0.35) if f["status"] == Status.EXPIRED else size
        if plan.fill == "full" and not ended:
            active = max(active, 3)
        start = min(datetime.combine(f["start_date"], time(9), UTC), self.now - timedelta(days=1))
        on_devices = f["seat_type"] == SeatType.DEVICE
        pool = self.devices if on_devices else self.by_dept.get(plan.department) or self.people
        holders = rng.sample(pool, min(active, max(1, int(len(pool) * 0.95))))  # one active seat per holder
        plan.seats = [self._seat(plan, start, h, on_devices, history=False) for h in holders]
        history = round((size - active) * 0.6 + size * rng.uniform(0.03, 0.15))
        plan.seats += [self._seat(plan, start, rng.choice(pool), on_devices, history=True) for _ in range(history)]

        used = sum(1 for row in plan.seats if row["revoked_at"] is None)
        if plan.fill == "none":
            total = 0  # unlimited: no fixed count
        elif plan.fill == "full":
            total = max(used, 1)
        elif plan.fill == "under":
            total = _nice(2 * used + 1)
        else:
            total = _nice(math.ceil(used / rng.uniform(0.55, 0.97)))
        f["seats_total"], f["seats_used"] = total, used
        billed = total or max(used, 25)  # unlimited: a flat fee sized on headcount
        per_seat_only = plan.cost_mode == "per_seat" and total
        f["total_cost"] = None if per_seat_only else (f["cost_per_seat"] * billed).quantize(CENT)
        if plan.cost_mode == "total" or not total:
            f["cost_per_seat"] = None

    def _seat(self, plan: _Plan, start: datetime, holder: _Person | int, on_devices: bool, history: bool) -> dict:
        rng = self.rng
        outsider = rng.random() < 0.02  # some seats go to names outside the directory
        person = holder if not (on_devices or outsider) else None
        left = person.left_at if person else None
        lo = max(start, person.created_at) if person else start
        hi = left or self.now - timedelta(hours=1)
        if hi <= lo:  # held since an earlier term, before this one started
            lo = hi - timedelta(days=180)
        assigned = self._between(lo, hi)
        revoked = None
        if history:
            revoked = self._between(assigned + timedelta(hours=1), self.now - timedelta(seconds=1))
        elif left and rng.random() < 0.5:  # offboarding reclaimed it; the rest show "Contact terminated"
            revoked = self._between(
                left + timedelta(hours=1), min(left + timedelta(days=20), self.now - timedelta(seconds=1))
            )
        assignee = device_name = ""
        if outsider and on_devices:
            device_name = f"{rng.choice(('LAB-PC', 'BUILD', 'KIOSK'))}-{rng.randint(1, 99):02d}"
        elif outsider:
            assignee = (
                f"{rng.choice(V.FREE_TEXT_ASSIGNEES)}: {rng.choice(V.FIRST_NAMES)} {rng.choice(V.LAST_NAMES)}"
                if rng.random() < 0.7
                else rng.choice(V.SHARED_SEATS)
            )
        until = revoked or left or self.now - timedelta(seconds=1)
        last_used = None
        if rng.random() < 0.62:  # the rest have no usage signal yet
            roll = rng.random()  # mostly recent, some going dormant, a few long dormant
            idle = rng.uniform(*((0, 30) if roll < 0.7 else (30, 90) if roll < 0.9 else (90, 365)))
            seen = until - timedelta(days=idle)
            last_used = seen if seen > assigned else self._between(assigned, until)
        key = self._key() if plan.seat_keys and rng.random() < 0.5 else ""
        return dict(
            license_id=None,
            person_id=person.id if person else None,
            device_id=holder if on_devices and not outsider else None,
            assignee_name=assignee,
            device_name=device_name,
            seat_key_cipher=secrets.encrypt(key),
            seat_key_hint=secrets.hint(key),
            activated_on=assigned.date(),
            assigned_at=assigned,
            assigned_by=rng.choice(V.ADMINS),
            last_used_at=last_used,
            revoked_at=revoked,
            revoked_by=rng.choice(V.ADMINS) if revoked else "",
            notes="",
        )
