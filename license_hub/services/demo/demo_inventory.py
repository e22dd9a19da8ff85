"""Demo hosts: a laptop for some of the demo people, reported by the agent with
the products they hold seats of (mostly), a few they do not, raw-name variants a
rule maps, and packages no rule knows, so the Installations lists, the software
rules page and every reconciliation bucket have something to show."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

from sqlmodel import Session, select

from license_hub.models import Assignment, CatalogEntry, License, NormalizationRule, Person
from license_hub.services.inventory import ingestion, normalization
from license_hub.services.inventory.ingestion import HostInfo, Report, Software

ACTOR = "demo-data"
UNMATCHED = [
    ("7-Zip 23.01 (x64)", "Igor Pavlov"),
    ("VLC media player", "VideoLAN"),
    ("Notepad++ 8.6.2", "Don Ho"),
    ("Git 2.44.0", "The Git Development Community"),
    ("Python 3.12.2 (64-bit)", "Python Software Foundation"),
]
PLATFORMS = [("windows", "Windows 11 Pro 23H2"), ("darwin", "macOS 14.4"), ("linux", "Ubuntu 24.04 LTS")]


def _variant(name: str, rng: random.Random) -> str:
    return rng.choice([name, f"{name} (64-bit)", f"{name} {rng.randint(2021, 2025)}"])


def _software(name: str, vendor: str, rng: random.Random, now: datetime) -> Software:
    state = rng.choices(["known", "never", "unsupported"], [6, 2, 2])[0]
    opened = now - timedelta(days=rng.choice([0, 1, 3, 9, 20, 45, 120, 200])) if state == "known" else None
    return Software(
        name=_variant(name, rng),
        version=f"{rng.randint(1, 24)}.{rng.randint(0, 9)}",
        vendor=vendor,
        source="programs",
        last_opened_at=opened,
        usage_state=state,
        installed_on=(now - timedelta(days=rng.randint(30, 700))).date(),
    )


def load(session: Session, rng: random.Random, today: date, hosts: int = 40) -> int:
    """Ingest one agent report per demo laptop (each a new device); returns how many."""
    now = datetime.combine(today - timedelta(days=1), time(18), tzinfo=timezone.utc)  # last night's reports
    products = session.exec(
        select(CatalogEntry.id, CatalogEntry.name, CatalogEntry.publisher).where(
            CatalogEntry.deployment_model != "Cloud", CatalogEntry.archived_at.is_(None)
        )
    ).all()
    if not products:
        return 0
    by_id = {p: (n, v) for p, n, v in products}
    people = session.exec(
        select(Person.id, Person.email)
        .where(Person.email.is_not(None), Person.archived_at.is_(None))
        .order_by(Person.id)
    ).all()
    people = rng.sample(people, min(hosts, len(people)))
    held = {}
    for pid, product in session.exec(
        select(Assignment.person_id, License.catalog_entry_id)
        .join(License, License.id == Assignment.license_id)
        .where(Assignment.revoked_at.is_(None), Assignment.person_id.in_([p for p, _ in people]))
    ).all():
        held.setdefault(pid, set()).add(product)
    for pid, email in people:
        mine = [p for p in held.get(pid, ()) if p in by_id and rng.random() < 0.75]
        extra = rng.sample(sorted(by_id), min(2, len(by_id)))
        software = [_software(*by_id[p], rng, now) for p in {*mine, *extra}]
        software += [
            Software(name=n, vendor=v, source="programs", usage_state="unsupported")
            for n, v in rng.sample(UNMATCHED, 2)
        ]
        platform, os_version = rng.choice(PLATFORMS)
        ingestion.ingest(
            session,
            ACTOR,
            Report(
                report_id=f"demo-{pid}",
                primary_user=email,
                software=software,
                host=HostInfo(
                    hardware_id=f"demo-{pid:05d}",
                    hostname=f"{email.split('@')[0].replace('.', '-')}-laptop",
                    serial=f"DEMO{pid:06d}",
                    platform=platform,
                    os_version=os_version,
                ),
            ),
            now=now,
            audit=False,
        )
    first = sorted(by_id)[0]
    session.add(NormalizationRule(catalog_entry_id=first, pattern=f"{by_id[first][0]}*", created_by=ACTOR))
    session.flush()
    normalization.renormalize(session)
    return len(people)
