"""Inventory at fleet scale: 1,000 hosts x 200 applications ingested one agent
report at a time (goal: under 60 s on SQLite), then the reconciliation report over
them (goal: under 2 s), on SQLite and PostgreSQL.

Baselines measured in the same run: ingestion against a bare bulk insert of the
same software rows (no normalization, no installations, no usage feed, one
transaction); reconciliation against its own grouped installation query alone.

    .venv/bin/python bench/inventory.py [--hosts 1000] [--apps 200] [--engines sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from datetime import timedelta
from decimal import Decimal

from common import fresh_database  # noqa: E402  (sets up sys.path and the secret)
from sqlalchemy import insert
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, CatalogEntry, Device, Host, HostSoftware, License, Person
from license_hub.models.types import utcnow
from license_hub.services.inventory import ingestion, normalization
from license_hub.services.inventory import reconciliation as recon

PRODUCTS, PEOPLE = 50, 1000


def seed(hosts: int) -> None:
    now = utcnow()
    with write_session() as s:
        s.execute(
            insert(CatalogEntry),
            [
                {
                    "name": f"Product {p}",
                    "publisher": f"Vendor {p}",
                    "deployment_model": "On-Premise",
                    "created_at": now,
                }
                for p in range(PRODUCTS)
            ],
        )
        ids = [i for (i,) in s.execute(select(CatalogEntry.id).order_by(CatalogEntry.id)).all()]
        s.execute(
            insert(Person),
            [
                {"name": f"Person {i}", "email": f"p{i}@example.com", "department": f"D{i % 12}", "created_at": now}
                for i in range(max(PEOPLE, hosts))
            ],
        )
        s.execute(
            insert(License),
            [
                {
                    "name": f"Product {p} license",
                    "catalog_entry_id": cid,
                    "seats_total": 400,
                    "seats_used": 300,
                    "cost_per_seat": Decimal("120"),
                    "status": "active",
                    "created_at": now,
                    "updated_at": now,
                }
                for p, cid in enumerate(ids)
            ],
        )
        lids = [i for (i,) in s.execute(select(License.id).order_by(License.id)).all()]
        pids = [i for (i,) in s.execute(select(Person.id).order_by(Person.id)).all()]
        rnd = random.Random(7)
        seats = {(rnd.choice(lids), rnd.choice(pids)) for _ in range(PRODUCTS * 300)}
        s.execute(insert(Assignment), [{"license_id": lid, "person_id": pid, "assigned_at": now} for lid, pid in seats])
    with write_session() as s:
        for p in range(0, PRODUCTS, 5):  # a tenth of the products recognised by a pattern rule
            normalization.save_rule(s, "bench", normalization.RuleInput(ids[p], pattern=f"Product {p} *"))


def report(host: int, apps: int, rnd: random.Random) -> ingestion.Report:
    now = utcnow()
    software = []
    for a in range(apps):
        name = f"Product {a} (64-bit)" if a < PRODUCTS else f"Tool {rnd.randrange(5000)} {a}"
        state = rnd.choice(("known", "known", "never", "unsupported"))
        opened = now - timedelta(days=rnd.randrange(300)) if state == "known" else None
        software.append(
            ingestion.Software(
                name=name,
                version="1.0",
                vendor=f"Vendor {a}",
                source="programs",
                last_opened_at=opened,
                usage_state=state,
            )
        )
    return ingestion.Report(
        report_id=f"bench-{host}",
        primary_user=f"p{host}@example.com",
        software=software,
        host=ingestion.HostInfo(hardware_id=f"hw-{host}", hostname=f"host-{host}"),
    )


def baseline_insert(hosts: int, apps: int) -> float:
    """Bare bulk insert of the same number of software rows."""
    now = utcnow()
    with write_session() as s:
        s.execute(
            insert(Device), [{"name": f"base-{h}", "hostname": f"base-{h}", "created_at": now} for h in range(hosts)]
        )
        devices = [i for (i,) in s.execute(select(Device.id).where(Device.name.like("base-%"))).all()]
        s.execute(
            insert(Host),
            [{"hardware_id": f"base-{h}", "device_id": d, "created_at": now} for h, d in enumerate(devices)],
        )
        host_ids = [i for (i,) in s.execute(select(Host.id).where(Host.hardware_id.like("base-%"))).all()]
    start = time.perf_counter()
    with write_session() as s:
        for h in host_ids:
            s.execute(
                insert(HostSoftware),
                [
                    {"host_id": h, "name": f"Tool {a}", "source": "programs", "first_seen_at": now, "last_seen_at": now}
                    for a in range(apps)
                ],
            )
    elapsed = time.perf_counter() - start
    with write_session() as s:  # leave the fleet as the agents reported it
        from sqlalchemy import delete

        s.execute(delete(HostSoftware).where(HostSoftware.host_id.in_(host_ids)))
        s.execute(delete(Host).where(Host.id.in_(host_ids)))
        s.execute(delete(Device).where(Device.id.in_(devices)))
    return elapsed


def run(kind: str, hosts: int, apps: int) -> None:
    with fresh_database(kind):
        seed(hosts)
        base = baseline_insert(hosts, apps)
        rnd = random.Random(11)
        reports = [report(h, apps, rnd) for h in range(hosts)]
        start = time.perf_counter()
        for r in reports:
            with write_session() as s:
                ingestion.ingest(s, "bench agent", r)
        ingest = time.perf_counter() - start
        with read_session() as s:
            rows = s.exec(select(HostSoftware.id)).all()
        timings, base_q = [], []
        for _ in range(3):
            with read_session() as s:
                t = time.perf_counter()
                recon._installs(s)
                base_q.append(time.perf_counter() - t)
                t = time.perf_counter()
                items = recon.build(s)
                for by in recon.DIMENSIONS:
                    recon.summarize(items, by)
                timings.append(time.perf_counter() - t)
        counts = recon.bucket_counts(items)
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"[{kind}] {hosts:,} hosts x {apps} apps = {len(rows):,} software rows (load average {load})")
        print(
            f"  ingestion: {ingest:.1f} s ({ingest / hosts * 1000:.1f} ms per report; goal < 60 s) — "
            f"baseline bare insert {base:.1f} s, ratio {ingest / base:.1f}x"
        )
        print(
            f"  reconciliation + 4 summaries: median {sorted(timings)[1]:.2f} s (goal < 2 s) over {len(items):,} "
            f"items — baseline grouped query {sorted(base_q)[1]:.2f} s, "
            f"ratio {sorted(timings)[1] / sorted(base_q)[1]:.1f}x"
        )
        print(f"  buckets: {counts}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=1000)
    parser.add_argument("--apps", type=int, default=200)
    parser.add_argument("--engines", default="sqlite,postgresql")
    args = parser.parse_args()
    for kind in args.engines.split(","):
        run(kind, args.hosts, args.apps)


if __name__ == "__main__":
    main()
