"""/publishing — our published products with their policies and releases: publish a
catalog entry, create or edit a policy (the service validates every field), add a release."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.core.errors import ValidationError
from license_hub.services.publishing import capacity, listing, policies
from license_hub.state.base import AppState, BadArgument, _fmt_date, _id, _text, guard

FIELDS = (
    "name",
    "license_model",
    "duration_days",
    "maintenance_days",
    "max_machines",
    "overage",
    "expiry_behaviour",
    "grace_days",
    "check_in_days",
    "heartbeat_minutes",
    "transfer_budget",
    "transfer_window_days",
    "entitlements",
    "version_constraint",
    "price",
    "currency",
)
BLANK = {
    "name": "",
    "license_model": "subscription",
    "duration_days": "365",
    "maintenance_days": "",
    "max_machines": "",
    "overage": "none",
    "expiry_behaviour": "restrict",
    "grace_days": "0",
    "check_in_days": "",
    "heartbeat_minutes": "",
    "transfer_budget": "3",
    "transfer_window_days": "30",
    "entitlements": "",
    "version_constraint": "",
    "price": "",
    "currency": "USD",
}


@dataclass(frozen=True)
class ProductView:
    id: int
    code: str
    name: str
    publisher: str
    releases: str
    policy_count: int


@dataclass(frozen=True)
class PolicyView:
    id: int
    product: str
    name: str
    model: str
    duration: str
    machines: str
    expiry: str
    grace: str
    check_in: str
    entitlements: str
    versions: str
    price: str


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


def _or_dash(value, suffix: str = "") -> str:
    return "—" if value in (None, "") else f"{value}{suffix}"


def _policy_view(code: str, p) -> PolicyView:
    ceiling = capacity.allowed(p.max_machines, p.overage)
    machines = "Unlimited" if p.max_machines is None else str(p.max_machines)
    if p.overage != "none":
        machines += f" ({capacity.OVERAGE_LABELS[p.overage]}{'' if ceiling is None else f', up to {ceiling}'})"
    return PolicyView(
        p.id,
        code,
        p.name,
        policies.LICENSE_MODELS.get(p.license_model, p.license_model),
        _or_dash(p.duration_days, " days"),
        machines,
        policies.EXPIRY_BEHAVIOURS.get(p.expiry_behaviour, p.expiry_behaviour),
        f"{p.grace_days} days",
        _or_dash(p.check_in_days, " days"),
        p.entitlements or "—",
        p.version_constraint or "Any",
        "—" if p.price is None else f"{p.price} {p.currency}",
    )


def _draft_of(p) -> dict[str, str]:
    return {f: "" if getattr(p, f) is None else str(getattr(p, f)) for f in FIELDS}


class PublishingProductsState(AppState):
    products: list[ProductView] = []
    policies: list[PolicyView] = []
    entry_options: list[Choice] = []
    error: str = ""
    loaded: bool = False
    publish_open: bool = False
    publish_errors: dict[str, str] = {}
    policy_open: bool = False
    policy_product: str = ""
    editing: int = 0
    draft: dict[str, str] = dict(BLANK)
    field_errors: dict[str, str] = {}
    release_open: bool = False
    release_errors: dict[str, str] = {}

    @rx.event
    @guard("publishing")
    def load(self):
        self.loaded, self.error = True, ""
        self._fetch()

    def _fetch(self) -> None:
        with read_session() as s:
            found = listing.products(s)
            self.entry_options = [Choice(str(i), n) for i, n in listing.unpublished_entries(s)]
        self.products = [
            ProductView(
                p.id,
                p.code,
                p.name,
                p.publisher,
                ", ".join(f"{v} ({_fmt_date(d)})" for v, d in p.releases) or "No releases yet",
                len(p.policies),
            )
            for p in found
        ]
        self.policies = [_policy_view(p.code, pol) for p in found for pol in p.policies]

    @rx.event
    @guard("publishing")
    def set_publish_open(self, value: bool):
        self.publish_open, self.publish_errors = bool(value), {}

    @rx.event
    @guard("publishing", error="error")
    def publish(self, form: dict):
        entry = _id(form.get("catalog_entry_id") if isinstance(form, dict) else None)
        try:
            with write_session() as s:
                policies.publish_product(s, self._actor(), entry, _text(form.get("code"), 60))
        except ValidationError as exc:
            self.publish_errors = exc.errors
            return None
        self.publish_open = False
        self._fetch()
        return rx.toast.success("Product published")

    @rx.event
    @guard("publishing")
    def new_policy(self, product_id: str):
        self.policy_product, self.editing = str(_id(product_id)), 0
        self.draft, self.field_errors, self.policy_open = dict(BLANK), {}, True

    @rx.event
    @guard("publishing")
    def edit_policy(self, policy_id: int):
        with read_session() as s:
            row = s.get(policies.PublishingPolicy, _id(policy_id))
            if row is None:
                raise BadArgument("This policy does not exist")
            self.draft, self.editing, self.policy_product = _draft_of(row), row.id, str(row.product_id)
        self.field_errors, self.policy_open = {}, True

    @rx.event
    @guard("publishing")
    def set_policy_open(self, value: bool):
        self.policy_open = bool(value)

    @rx.event
    @guard("publishing")
    def set_field(self, field: str, value: str):
        if field not in FIELDS:
            raise BadArgument("This request was not understood")
        self.draft = {**self.draft, field: _text(value, 200)}

    @rx.event
    @guard("publishing", toast=True)
    def save_policy(self):
        data = policies.PolicyInput(**{f: self.draft.get(f, "") for f in FIELDS})
        try:
            with write_session() as s:
                if self.editing:
                    policies.update_policy(s, self._actor(), self.editing, data)
                else:
                    policies.create_policy(s, self._actor(), _id(self.policy_product), data)
        except ValidationError as exc:
            self.field_errors = exc.errors
            return None
        self.policy_open = False
        self._fetch()
        return rx.toast.success("Policy saved" if self.editing else "Policy created")

    @rx.event
    @guard("publishing")
    def set_release_open(self, value: bool):
        self.release_open, self.release_errors = bool(value), {}

    @rx.event
    @guard("publishing", toast=True)
    def add_release(self, form: dict):
        form = form if isinstance(form, dict) else {}
        try:
            released = date.fromisoformat(_text(form.get("released_on"), 10))
        except ValueError:
            self.release_errors = {"released_on": "Enter the release date"}
            return None
        try:
            with write_session() as s:
                policies.add_release(
                    s, self._actor(), _id(form.get("product_id")), _text(form.get("version"), 60), released
                )
        except ValidationError as exc:
            self.release_errors = exc.errors
            return None
        self.release_open = False
        self._fetch()
        return rx.toast.success("Release added")


# The policy form's choices, for the page (pages reach services through state).
LICENSE_MODELS = policies.LICENSE_MODELS
OVERAGE_LABELS = capacity.OVERAGE_LABELS
EXPIRY_BEHAVIOURS = policies.EXPIRY_BEHAVIOURS
