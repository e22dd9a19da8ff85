"""Add, edit and archive a license — one form for both, opened from the license
list, the application page or a license page. The product key never comes back
to the browser: editing shows only its mask, and a blank field keeps it."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import reflex as rx

from license_hub import settings as settings_mod
from license_hub.db import read_session, write_session
from license_hub.models.enums import BillingCycle, LicenseStatus, LicenseType, SeatType
from license_hub.services import catalog, licenses, secrets
from license_hub.services.errors import LICENSE_ARCHIVED, ValidationError
from license_hub.state.base import AppState, _choice, _id, _iso, _text, guard
from license_hub.state.catalog_entry import CatalogEntryState
from license_hub.state.license_detail import LicenseDetailState
from license_hub.state.licenses import LicensesState

# The form's fields, in the seeds' words, with the longest value each accepts.
FORM_FIELDS: dict[str, int] = {
    "catalog_entry_id": 20, "name": 200, "product_key": 500, "licensed_to": 200, "vendor": 200,
    "license_type": 30, "status": 20, "seats_total": 20, "seat_type": 20, "version": 60,
    "cost_per_seat": 30, "total_cost": 30, "currency": 3, "billing_cycle": 20, "purchase_date": 10,
    "expiry_date": 10, "maintenance_expiry_date": 10, "purchase_order": 100, "notes": 10_000,
}
_ORIGINS = ("licenses", "catalog", "detail")
# Bring the first refused field into view once the errors have rendered.
_SHOW_FIRST_ERROR = ("setTimeout(() => document.querySelector('[data-testid=\"license-form\"] "
                     "[data-testid^=\"error-\"]')?.scrollIntoView({block: 'center'}), 80)")


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


class LicenseEditState(AppState):
    open: bool = False
    editing_id: int = 0
    origin: str = "licenses"
    form_key: int = 0
    values: dict[str, str] = {}
    key_mask: str = ""
    software_options: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    form_error: str = ""
    error: str = ""

    @rx.var
    def title(self) -> str:
        return "Edit license" if self.editing_id else "Add License"

    def _reset_form(self, origin: str) -> None:
        self.origin = _choice(origin, _ORIGINS, "licenses")
        self.errors, self.form_error, self.error, self.key_mask = {}, "", "", ""
        self.form_key += 1
        with read_session() as session:
            rows = catalog.list_entries(session)
        self.software_options = [{"id": str(r.id), "name": r.name} for r in rows]

    @rx.event
    @guard("license.manage", error="form_error", toast=True)
    def open_create(self, origin: str = "licenses", entry_id: str = ""):
        self._reset_form(origin)
        self.editing_id = 0
        self.values = {
            "catalog_entry_id": str(_id(entry_id)) if entry_id else "", "license_type": LicenseType.SUBSCRIPTION.value,
            "status": LicenseStatus.ACTIVE.value, "seats_total": "1", "seat_type": SeatType.USER.value,
            "currency": settings_mod.settings.workspace_currency, "billing_cycle": BillingCycle.ANNUAL.value,
        }
        self.open = True

    @rx.event
    @guard("license.manage", error="form_error", toast=True)
    def open_edit(self, license_id: int, origin: str = "licenses"):
        self._reset_form(origin)
        with read_session() as session:
            lic = licenses.get(session, _id(license_id))
            self.editing_id = lic.id
            self.key_mask = secrets.mask(lic.product_key_cipher is not None, lic.product_key_hint)
            self.values = {
                "catalog_entry_id": str(lic.catalog_entry_id), "name": lic.name, "licensed_to": lic.licensed_to,
                "vendor": lic.vendor, "license_type": lic.license_type, "status": lic.status,
                "seats_total": str(lic.seats_total), "seat_type": lic.seat_type, "version": lic.version,
                "cost_per_seat": _money(lic.cost_per_seat), "total_cost": _money(lic.total_cost),
                "currency": lic.currency, "billing_cycle": lic.billing_cycle,
                "purchase_date": _iso(lic.purchase_date), "expiry_date": _iso(lic.expiry_date),
                "maintenance_expiry_date": _iso(lic.maintenance_expiry_date),
                "purchase_order": lic.purchase_order, "notes": lic.notes,
            }
        self.open = True

    @rx.event
    @guard("license.manage", error="form_error")
    def set_open(self, open: bool):
        self.open = bool(open)

    @rx.event
    @guard("license.manage", error="form_error")
    def save(self, form: dict):
        sent = form if isinstance(form, dict) else {}
        data: dict[str, Any] = {k: _text(sent.get(k), limit + 1) for k, limit in FORM_FIELDS.items() if k in sent}
        if self.editing_id and not data.get("product_key"):
            data.pop("product_key", None)  # blank keeps the saved key
        try:
            with write_session() as session:
                if self.editing_id:
                    licenses.update(session, self._actor(), self.editing_id, data)
                else:
                    licenses.create(session, self._actor(), data, workspace_currency=settings_mod.settings.workspace_currency)
        except ValidationError as exc:
            self.errors = {k: v for k, v in exc.errors.items()}
            others = [v for k, v in exc.errors.items() if k not in FORM_FIELDS]
            self.form_error = "; ".join(others) if others else "Check the highlighted fields"
            return rx.call_script(_SHOW_FIRST_ERROR)
        message = "License saved" if self.editing_id else "License added"
        self.open, self.errors, self.form_error = False, {}, ""
        return [rx.toast.success(message), *self._refresh_origin()]

    @rx.event
    @guard("license.manage", toast=True)
    def archive(self, license_id: int, origin: str = "licenses"):
        with write_session() as session:
            licenses.archive(session, self._actor(), _id(license_id))
        self.origin = _choice(origin, _ORIGINS, "licenses")
        self.error = ""
        if self.origin == "detail":
            return [rx.toast.success(LICENSE_ARCHIVED), rx.redirect("/licenses")]
        return [rx.toast.success(LICENSE_ARCHIVED), *self._refresh_origin()]

    def _refresh_origin(self) -> list:
        if self.origin == "catalog":
            return [CatalogEntryState.refresh]
        if self.origin == "detail":
            return [LicenseDetailState.refresh]
        return [LicensesState.refresh]
