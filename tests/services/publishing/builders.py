"""Builders for publishing tests: a published product with a policy, a customer, an issued license."""

from __future__ import annotations

from datetime import date, datetime, timezone
from itertools import count

from license_hub.db import write_session
from license_hub.services.publishing import issuing, policies
from tests.factories import ACTOR, make_product

T0 = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
_seq = count(1)


def make_published(code: str | None = None) -> int:
    n = next(_seq)
    entry = make_product(f"Our product {n}")
    with write_session() as s:
        return policies.publish_product(s, ACTOR, entry, code or f"PROD{n}").id


def make_policy(product_id: int, **fields) -> int:
    data = {"name": f"Policy {next(_seq)}", "license_model": "subscription", "duration_days": 365, **fields}
    with write_session() as s:
        return policies.create_policy(s, ACTOR, product_id, policies.PolicyInput(**data)).id


def make_release(product_id: int, version: str, released_on: date) -> None:
    with write_session() as s:
        policies.add_release(s, ACTOR, product_id, version, released_on)


def make_customer(name: str = "Acme Corp", email: str = "buyer@acme.example") -> int:
    with write_session() as s:
        return issuing.create_customer(s, ACTOR, "organization", name, email).id


def make_issued(policy_id: int, now: datetime = T0, entitlements: str = "") -> issuing.Issued:
    customer = make_customer()
    with write_session() as s:
        return issuing.issue(s, ACTOR, policy_id, customer, entitlements, now=now)
