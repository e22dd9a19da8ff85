"""Benchmark: the REST API's list endpoints (token check, rate limit, query,
serialization — in-process over ASGI) against the raw service call they wrap,
on the demo organization, on SQLite and PostgreSQL.

    .venv/bin/python bench/api_lists.py [--scale 1.0] [--repeat 40]
"""

from __future__ import annotations

import argparse
import os
import warnings
from datetime import date

from common import fresh_database, timed

os.environ["LICENSE_HUB_API_RATE_LIMIT"] = "1000000"
warnings.filterwarnings("ignore")

from sqlalchemy import func  # noqa: E402
from sqlmodel import select  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from license_hub.api.routes import build  # noqa: E402
from license_hub.db import read_session, write_session  # noqa: E402
from license_hub.models import Assignment, Person  # noqa: E402
from license_hub.services.access import accounts as access  # noqa: E402
from license_hub.services.access import tokens  # noqa: E402
from license_hub.services.catalog import entries  # noqa: E402
from license_hub.services.demo import demo_data  # noqa: E402
from license_hub.services.directory import listing  # noqa: E402
from license_hub.services.licenses import license_list  # noqa: E402
from license_hub.services.reports import renewals  # noqa: E402
from license_hub.services.seats import assignments  # noqa: E402


def _token() -> str:
    with write_session() as s:
        user = access.create_user(s, "bench", email="bench@example.com", password="bench-password-1", role="Admin")
        me = access.Principal(user.id, user.email, user.name, "Admin", frozenset(access.PERMISSIONS))
        _, secret = tokens.create(s, me, user_id=user.id, name="bench", scopes=["licenses:read"], expires_in_days=1)
    return secret


def _biggest_license() -> int:
    with read_session() as s:
        return s.exec(
            select(Assignment.license_id)
            .where(Assignment.revoked_at.is_(None))
            .group_by(Assignment.license_id)
            .order_by(func.count().desc())
        ).first()


def run(kind: str, scale: float, repeat: int) -> None:
    with fresh_database(kind):
        summary = demo_data.load(scale=scale)
        with read_session() as s:
            people = s.exec(select(func.count()).select_from(Person)).one()
            seats = s.exec(select(func.count()).select_from(Assignment)).one()
        print(f"\n== {kind}: demo at scale {scale} ({people} people, {seats} seat rows) {summary}"[:200])
        client = TestClient(build())
        headers = {"Authorization": f"Bearer {_token()}"}
        lic = _biggest_license()
        today = date.today()
        cases = {
            "licenses (sort annual_cost desc)": (
                "/api/v1/licenses?sort=annual_cost&desc=true&limit=50",
                lambda s: license_list.list_cards(s, today=today, sort="annual_cost", descending=True, limit=50),
            ),
            "license seats (largest license)": (
                f"/api/v1/licenses/{lic}/seats?limit=50",
                lambda s: assignments.list_seats(s, lic, limit=50),
            ),
            "people (search 'an', sort seats)": (
                "/api/v1/people?q=an&sort=seats&desc=true&limit=50",
                lambda s: listing.list_people(s, search="an", sort="seats", descending=True, limit=50),
            ),
            "devices": ("/api/v1/devices?limit=50", lambda s: listing.list_devices(s, limit=50)),
            "catalog": ("/api/v1/catalog?limit=50", lambda s: entries.list_entries(s)),
            "renewals (365 days)": (
                "/api/v1/renewals?window=365&limit=50",
                lambda s: renewals.list_renewals(s, today=today, window_days=365, limit=50),
            ),
        }
        print(f"{'endpoint':36} {'API p50':>9} {'API p95':>9} {'raw p50':>9} {'raw p95':>9} {'ratio p50':>9}")
        for label, (url, raw) in cases.items():
            assert client.get(url, headers=headers).status_code == 200, url

            def call_api():
                client.get(url, headers=headers)

            def call_raw():
                with read_session() as s:
                    raw(s)

            api = timed(call_api, repeat=repeat)
            base = timed(call_raw, repeat=repeat)
            print(
                f"{label:36} {api['median_ms']:8.1f}ms {api['p95_ms']:8.1f}ms {base['median_ms']:8.1f}ms "
                f"{base['p95_ms']:8.1f}ms {api['median_ms'] / base['median_ms']:8.2f}x"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    args = parser.parse_args()
    for kind in [args.only] if args.only else ["sqlite", "postgresql"]:
        run(kind, args.scale, args.repeat)


if __name__ == "__main__":
    main()
