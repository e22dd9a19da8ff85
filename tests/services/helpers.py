"""Small builders for service tests: a product, a license, people."""
from __future__ import annotations

from typing import Any

from license_hub.db import write_session
from license_hub.services.catalog import entries as catalog
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.directory import people

ACTOR = "tester@example.com"


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
        return [people.create_person(s, ACTOR, name=f"{prefix} {i}", email=f"{prefix}{i}@example.com").id
                for i in range(n)]
