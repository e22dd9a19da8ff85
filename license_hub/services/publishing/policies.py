"""Published products, their policies and releases, with the checks that keep a policy meaningful."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version
from sqlmodel import Session, select

from license_hub.models import CatalogEntry, ProductRelease, PublishedProduct, PublishingPolicy
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import NotFound, ValidationError
from license_hub.services.publishing import capacity

LICENSE_MODELS = {
    "perpetual": "Perpetual",
    "subscription": "Subscription",
    "trial": "Trial",
    "node-locked": "Node-Locked",
    "floating": "Floating",
    "site": "Site License",
}
EXPIRY_BEHAVIOURS = {
    "restrict": "Restrict access",
    "revoke": "Revoke the license",
    "maintain_access": "Keep working, no new versions",
}
TIMED_MODELS = {"subscription", "trial"}
ENTITLEMENT = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{0,39}$")
MAX_ENTITLEMENTS = 20
MAX_DAYS = 3650


@dataclass(frozen=True)
class PolicyInput:
    name: str
    license_model: str
    duration_days: int | None = None
    maintenance_days: int | None = None
    max_machines: int | None = None
    overage: str = "none"
    expiry_behaviour: str = "restrict"
    grace_days: int = 0
    check_in_days: int | None = None
    heartbeat_minutes: int | None = None
    transfer_budget: int = 3
    transfer_window_days: int = 30
    entitlements: str = ""
    version_constraint: str = ""
    price: str = ""
    currency: str = "USD"


def parse_entitlements(raw: str) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(c.strip().upper() for c in re.split(r"[\s,]+", raw or "") if c.strip()))
    return codes


def _bounded(errors: dict, field: str, value, low: int, high: int, optional: bool, label: str):
    if value in (None, "") and optional:
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = f"{label} must be a whole number"
        return None
    if not low <= number <= high:
        errors[field] = f"{label} must be between {low} and {high}"
    return number


def _check(data: PolicyInput) -> dict:
    errors: dict[str, str] = {}
    name = (data.name or "").strip()
    if not name or len(name) > 120:
        errors["name"] = "Name is required (at most 120 characters)"
    if data.license_model not in LICENSE_MODELS:
        errors["license_model"] = "Choose a license model"
    duration = _bounded(errors, "duration_days", data.duration_days, 1, MAX_DAYS, True, "Duration (days)")
    if data.license_model in TIMED_MODELS and duration is None and "duration_days" not in errors:
        errors["duration_days"] = "A subscription or trial needs a duration"
    max_machines = _bounded(errors, "max_machines", data.max_machines, 1, 100_000, True, "Maximum machines")
    if data.license_model == "node-locked" and max_machines is None and "max_machines" not in errors:
        errors["max_machines"] = "A node-locked policy needs a maximum number of machines"
    if data.license_model == "site" and max_machines is not None:
        errors["max_machines"] = "A site license has no machine limit"
    problem = capacity.overage_error(max_machines, data.overage)
    if problem:
        errors["overage"] = problem
    if data.expiry_behaviour not in EXPIRY_BEHAVIOURS:
        errors["expiry_behaviour"] = "Choose what happens at expiry"
    values = {
        "name": name,
        "license_model": data.license_model,
        "duration_days": duration,
        "max_machines": max_machines,
        "overage": data.overage,
        "expiry_behaviour": data.expiry_behaviour,
        "maintenance_days": _bounded(
            errors, "maintenance_days", data.maintenance_days, 1, MAX_DAYS, True, "Maintenance (days)"
        ),
        "grace_days": _bounded(errors, "grace_days", data.grace_days or 0, 0, 365, False, "Grace days"),
        "check_in_days": _bounded(errors, "check_in_days", data.check_in_days, 1, 365, True, "Check-in interval"),
        "heartbeat_minutes": _bounded(
            errors, "heartbeat_minutes", data.heartbeat_minutes, 1, 10_080, True, "Heartbeat interval"
        ),
        "transfer_budget": _bounded(
            errors, "transfer_budget", data.transfer_budget, 0, 100, False, "Transfers allowed"
        ),
        "transfer_window_days": _bounded(
            errors, "transfer_window_days", data.transfer_window_days, 1, 365, False, "Transfer window (days)"
        ),
    }
    codes = parse_entitlements(data.entitlements)
    if len(codes) > MAX_ENTITLEMENTS or any(not ENTITLEMENT.match(c) for c in codes):
        errors["entitlements"] = "Entitlements are up to 20 feature codes (letters, digits, _ . -)"
    values["entitlements"] = " ".join(codes)
    constraint = (data.version_constraint or "").strip()
    try:
        SpecifierSet(constraint)
    except InvalidSpecifier:
        errors["version_constraint"] = "Version constraint must look like >=2.0,<3"
    values["version_constraint"] = constraint[:200]
    values["price"], values["currency"] = _money(errors, data.price, data.currency)
    if errors:
        raise ValidationError(errors)
    return values


def _money(errors: dict, price: str, currency: str) -> tuple[Decimal | None, str]:
    currency = (currency or "USD").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        errors["currency"] = "Currency is a three-letter ISO code"
    if price in (None, ""):
        return None, currency
    try:
        amount = Decimal(str(price)).quantize(Decimal("0.01"))
    except InvalidOperation:
        errors["price"] = "Price must be a number"
        return None, currency
    if amount < 0 or amount >= Decimal("1e12"):
        errors["price"] = "Price must be between 0 and 999,999,999,999.99"
    return amount, currency


def publish_product(session: Session, actor: str, catalog_entry_id: int, code: str) -> PublishedProduct:
    """Mark a catalog entry as published by us."""
    entry = session.get(CatalogEntry, catalog_entry_id)
    if entry is None:
        raise NotFound("This catalog entry does not exist")
    code = (code or "").strip().upper()
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9_-]{0,59}", code):
        raise ValidationError({"code": "Product code: letters, digits, - and _ (at most 60)"})
    if session.exec(
        select(PublishedProduct).where(
            (PublishedProduct.code == code) | (PublishedProduct.catalog_entry_id == catalog_entry_id)
        )
    ).first():
        raise ValidationError({"code": "This product or code is already published"})
    row = PublishedProduct(catalog_entry_id=catalog_entry_id, code=code)
    session.add(row)
    session.flush()
    audit_log.record(session, actor, "publish", "published_product", row.id, {"code": code, "name": entry.name})
    return row


def create_policy(session: Session, actor: str, product_id: int, data: PolicyInput) -> PublishingPolicy:
    if session.get(PublishedProduct, product_id) is None:
        raise NotFound("This product does not exist")
    values = _check(data)
    if session.exec(
        select(PublishingPolicy).where(
            PublishingPolicy.product_id == product_id, PublishingPolicy.name == values["name"]
        )
    ).first():
        raise ValidationError({"name": "A policy with this name already exists for this product"})
    row = PublishingPolicy(product_id=product_id, **values)
    session.add(row)
    session.flush()
    audit_log.record(session, actor, "create", "publishing_policy", row.id, values)
    return row


def update_policy(session: Session, actor: str, policy_id: int, data: PolicyInput) -> PublishingPolicy:
    """Changes reach licenses at their next validation or file refresh: nothing to reinstall."""
    row = session.get(PublishingPolicy, policy_id)
    if row is None:
        raise NotFound("This policy does not exist")
    values = _check(data)
    clash = session.exec(
        select(PublishingPolicy).where(
            PublishingPolicy.product_id == row.product_id,
            PublishingPolicy.name == values["name"],
            PublishingPolicy.id != policy_id,
        )
    ).first()
    if clash:
        raise ValidationError({"name": "A policy with this name already exists for this product"})
    before = {k: getattr(row, k) for k in values}
    for key, value in values.items():
        setattr(row, key, value)
    session.add(row)
    audit_log.record(
        session,
        actor,
        "update",
        "publishing_policy",
        row.id,
        {k: [before[k], v] for k, v in values.items() if before[k] != v},
    )
    return row


def add_release(session: Session, actor: str, product_id: int, version: str, released_on: date) -> ProductRelease:
    if session.get(PublishedProduct, product_id) is None:
        raise NotFound("This product does not exist")
    try:
        text = str(Version((version or "").strip()))
    except InvalidVersion:
        raise ValidationError({"version": "Version must look like 2.1.0"}) from None
    if len(text) > 60:
        raise ValidationError({"version": "Version must look like 2.1.0"})
    if session.exec(
        select(ProductRelease).where(ProductRelease.product_id == product_id, ProductRelease.version == text)
    ).first():
        raise ValidationError({"version": "This release already exists"})
    row = ProductRelease(product_id=product_id, version=text, released_on=released_on)
    session.add(row)
    session.flush()
    audit_log.record(
        session, actor, "release", "published_product", product_id, {"version": text, "released_on": released_on}
    )
    return row


def find_release(session: Session, product_id: int, version: str) -> ProductRelease | None:
    try:
        text = str(Version(version))
    except InvalidVersion:
        return None
    return session.exec(
        select(ProductRelease).where(ProductRelease.product_id == product_id, ProductRelease.version == text)
    ).first()
