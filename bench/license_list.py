"""Benchmark: the filtered, sorted first page of the license list with 10,000
licenses, on SQLite and PostgreSQL, against the same SQL run raw as a baseline.

    .venv/bin/python bench/license_list.py [--licenses 10000]
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from decimal import Decimal

from common import fresh_database, timed
from sqlalchemy import insert

from license_hub.db import read_session, write_session
from license_hub.models import CatalogEntry, License
from license_hub.services.licenses import license_list

TODAY = date(2026, 11, 23)
STATUSES = ["active", "active", "active", "pending_renewal", "trial", "expired", "cancelled"]
SEAT_TYPES = ["user", "user", "device", "concurrent", "unlimited"]


def seed(n: int) -> None:
    rng = random.Random(7)
    with write_session() as s:
        s.execute(
            insert(CatalogEntry),
            [
                {"name": f"Product {i:03d}", "publisher": f"Publisher {i % 37}", "category": f"Category {i % 9}"}
                for i in range(200)
            ],
        )
        ids = [e.id for e in s.exec(__import__("sqlmodel").select(CatalogEntry))]
        rows = []
        for i in range(n):
            total = rng.choice([1, 2, 5, 10, 25, 100, 500, 5000])
            rows.append(
                {
                    "catalog_entry_id": rng.choice(ids),
                    "name": f"Agreement {i:05d}",
                    "status": rng.choice(STATUSES),
                    "seat_type": rng.choice(SEAT_TYPES),
                    "seats_total": total,
                    "seats_used": rng.randint(0, total),
                    "expiry_date": TODAY + timedelta(days=rng.randint(-400, 900)),
                    "currency": "EUR",
                    "cost_per_seat": Decimal(rng.randint(5, 900)),
                    "billing_cycle": "annual",
                    "vendor": f"Reseller {i % 13}",
                    "purchase_order": f"PO-{i:06d}",
                }
            )
        s.execute(insert(License), rows)


def run(kind: str, n: int) -> None:
    with fresh_database(kind):
        seed(n)
        cases = {
            "first page, no filter, sort by software": dict(),
            "status=active + Renewing soon, sort by expiry": dict(
                status="active", saved_filter="renewing_soon", sort="expiry"
            ),
            "Underutilized + search 'agreement 01', sort by seats desc": dict(
                saved_filter="underutilized", search="agreement 01", sort="seats", descending=True
            ),
        }
        for label, kw in cases.items():

            def page():
                with read_session() as s:
                    cards, total = license_list.list_cards(s, today=TODAY, limit=24, **kw)
                    license_list.status_counts(s, search=kw.get("search", ""))
                return cards, total

            def raw():
                # Baseline: the same SQL statements, executed without building cards.
                with read_session() as s:
                    stmt = license_list._base(kw.get("search", ""), False)
                    if kw.get("status"):
                        stmt = stmt.where(License.status == kw["status"])
                    if kw.get("saved_filter"):
                        stmt = stmt.where(license_list.saved_filter_clause(kw["saved_filter"], TODAY))
                    s.execute(stmt.with_only_columns(__import__("sqlalchemy").func.count(License.id))).scalar_one()
                    key = license_list.SORTS[kw.get("sort", "software")]()
                    s.execute(
                        stmt.order_by(
                            (key.desc() if kw.get("descending") else key.asc()).nulls_last(), License.id
                        ).limit(24)
                    ).all()
                    license_list.status_counts(s, search=kw.get("search", ""))

            app, base = timed(page), timed(raw)
            print(
                f"{kind:10s} {n} licenses | {label:58s} | page {app['median_ms']:6.1f} ms (p95 {app['p95_ms']:6.1f})"
                f" | raw SQL {base['median_ms']:6.1f} ms | ratio {app['median_ms'] / base['median_ms']:.2f}x"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--licenses", type=int, default=10_000)
    args = parser.parse_args()
    for kind in ("sqlite", "postgresql"):
        run(kind, args.licenses)
