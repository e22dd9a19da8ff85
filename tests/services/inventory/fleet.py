"""A small fleet: 3 hosts x 5 applications, with licenses and seats whose
reconciliation buckets are known exactly."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from license_hub.db import write_session
from license_hub.services.catalog import entries as catalog
from license_hub.services.directory import people
from license_hub.services.inventory import ingestion, normalization
from license_hub.services.inventory.ingestion import HostInfo, Report, Software
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.seats import assignments

ACTOR = "tester@example.com"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)


def days_ago(n: int) -> datetime:
    return NOW - timedelta(days=n)


def app(name, state="known", opened=None, vendor="", bundle_id="", version="1.0"):
    return Software(
        name=name,
        version=version,
        vendor=vendor,
        source="programs",
        bundle_id=bundle_id,
        last_opened_at=opened,
        usage_state=state,
    )


HOSTS = {
    "alice": [
        app("Adobe Acrobat", opened=days_ago(2)),
        app("Microsoft Visio 2021", opened=days_ago(200)),
        app("AutoCAD 2024", "never"),
        app("IntelliJ IDEA Ultimate", "unsupported", vendor="JetBrains s.r.o."),
        app("zoom.us", opened=days_ago(1), bundle_id="us.zoom.xos"),
    ],
    "bob": [
        app("Adobe Acrobat DC", opened=days_ago(5)),
        app("Microsoft Visio 2021", "never"),
        app("AutoCAD 2024", opened=days_ago(3)),
        app("IntelliJ IDEA Community", "unsupported", vendor="JetBrains s.r.o."),
        app("Zoom Workplace", "never", bundle_id="us.zoom.xos"),
    ],
    "carol": [
        app("Adobe Acrobat (64-bit)", "unsupported"),
        app("Microsoft Visio 2021", opened=days_ago(4)),
        app("IntelliJ IDEA Ultimate", opened=days_ago(10), vendor="JetBrains s.r.o."),
        app("Zoom", opened=days_ago(1), bundle_id="us.zoom.xos"),
        app("Notepad++ 8.6", opened=days_ago(1)),
    ],
}


def build_fleet() -> dict:
    """Products, rules, people, licenses, seats, then one agent report per host."""
    ids: dict = {}
    with write_session() as s:
        for name, model in [
            ("Adobe Acrobat", "On-Premise"),
            ("Microsoft Visio", "On-Premise"),
            ("AutoCAD", "On-Premise"),
            ("IntelliJ IDEA", "On-Premise"),
            ("Zoom", "Hybrid"),
            ("Figma", "Cloud"),
        ]:
            ids[name] = catalog.create_entry(s, ACTOR, name=name, publisher="Vendor", deployment_model=model).id
    with write_session() as s:
        normalization.save_rule(s, ACTOR, normalization.RuleInput(ids["Adobe Acrobat"], pattern="Adobe Acrobat*"))
        normalization.save_rule(
            s, ACTOR, normalization.RuleInput(ids["IntelliJ IDEA"], vendor="JetBrains", pattern="IntelliJ IDEA*")
        )
        normalization.save_rule(s, ACTOR, normalization.RuleInput(ids["Zoom"], bundle_id="us.zoom.xos"))
        for who, dept in [("alice", "Design"), ("bob", "Engineering"), ("carol", "Engineering"), ("dave", "Sales")]:
            ids[who] = people.create_person(s, ACTOR, name=who.title(), email=f"{who}@example.com", department=dept).id
    seats = {
        "Adobe Acrobat": (5, "100", ["alice", "bob", "dave"]),
        "Microsoft Visio": (2, "200", ["alice", "bob"]),
        "AutoCAD": (2, "1000", ["alice", "carol"]),
        "IntelliJ IDEA": (3, "500", ["alice", "carol", "dave"]),
        "Figma": (5, "150", ["carol"]),
    }
    for product, (total, cost, holders) in seats.items():
        with write_session() as s:
            lic = licenses.create(
                s,
                ACTOR,
                {
                    "catalog_entry_id": ids[product],
                    "name": f"{product} license",
                    "seats_total": total,
                    "cost_per_seat": Decimal(cost),
                    "billing_cycle": "annual",
                },
            )
            ids[f"license:{product}"] = lic.id
        for who in holders:
            with write_session() as s:
                assignments.assign(s, ACTOR, lic.id, person_id=ids[who])
    for who, software in HOSTS.items():
        with write_session() as s:
            result = ingestion.ingest(
                s,
                ACTOR,
                Report(
                    report_id=f"r-{who}-1",
                    host=HostInfo(
                        hardware_id=f"hw-{who}",
                        hostname=f"{who}-laptop",
                        serial=f"SN-{who}",
                        platform="linux",
                        os_version="12",
                    ),
                    primary_user=f"{who}@example.com",
                    software=software,
                ),
                now=NOW,
            )
            ids[f"device:{who}"] = result.device_id
    return ids
