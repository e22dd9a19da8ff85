"""Builders for test data, shared by the service, state, API and browser tests:
a product, a license, people, filled seats. Each writes through the services,
so the rows are the ones the app itself would write."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from license_hub.db import write_session
from license_hub.services.catalog import entries as catalog
from license_hub.services.directory import people
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.seats import assignments as seats

ACTOR = "tester@example.com"
BROWSER_ACTOR = "test"  # who the browser tests' setup rows name


def make_product(name: str = "Figma", **kw: Any) -> int:
    with write_session() as s:
        return catalog.create_entry(s, ACTOR, name=name, publisher=kw.pop("publisher", "Figma Inc."), **kw).id


def make_license(product_id: int | None = None, **fields: Any) -> int:
    product_id = product_id or make_product(fields.pop("product_name", "Figma"))
    data = {"catalog_entry_id": product_id, "seats_total": 5, **fields}
    with write_session() as s:
        return licenses.create(s, ACTOR, data).id


def make_people(n: int, prefix: str = "person") -> list[int]:
    with write_session() as s:
        return [
            people.create_person(s, ACTOR, name=f"{prefix} {i}", email=f"{prefix}{i}@example.com").id for i in range(n)
        ]


def add_person(name: str, email: str, status: str = "active") -> int:
    with write_session() as session:
        return people.create_person(session, BROWSER_ACTOR, name=name, email=email, status=status).id


def add_product(name: str, **fields: Any) -> int:
    with write_session() as session:
        return catalog.create_entry(session, BROWSER_ACTOR, name=name, **fields).id


def add_license(entry_id: int, **fields: Any) -> int:
    data = {"catalog_entry_id": entry_id, **fields}
    with write_session() as session:
        return licenses.create(session, BROWSER_ACTOR, data).id


def fill_seats(license_id: int, count: int, prefix: str = "Seat holder") -> None:
    with write_session() as session:
        for n in range(count):
            seats.assign(session, BROWSER_ACTOR, license_id, assignee_name=f"{prefix} {n + 1}")


def in_days(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()
