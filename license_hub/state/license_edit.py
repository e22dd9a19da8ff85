"""Add, edit and archive a license — one form for both, opened from the license
list, the application page or a license page, with every field of the seeds in
seed 001's panels. The product key never comes back to the browser: editing
shows only its mask, a blank "Replace key" keeps it, and clearing it is explicit."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import reflex as rx

from license_hub import settings as settings_mod
from license_hub.db import read_session, write_session
from license_hub.models import Person
from license_hub.services.catalog import entries as catalog
from license_hub.services.core import secrets
from license_hub.services.core.errors import LICENSE_ARCHIVED, NotFound, ValidationError
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.licenses import perpetual as perpetual_rule
from license_hub.services.licenses.license_form import DEFAULTS
from license_hub.state.base import NOT_FOUND, AppState, BadArgument, _choice, _flag, _id, _text, handler
from license_hub.state.catalog_entry import CatalogEntryState
from license_hub.state.forms import EditFormState, OwnerPickState
from license_hub.state.license_detail import LicenseDetailState
from license_hub.state.license_form_fields import FLAG_FIELDS, PANELS, TEXT_FIELDS, UNSET, amount, form_text
from license_hub.state.licenses import LicensesState
from license_hub.state.views import licenses as views
from license_hub.state.views.directory import OptionView, PersonPickView

_ORIGINS = ("licenses", "catalog", "detail")
SOFTWARE_MATCHES = 50
# Bring the first refused field into view once the errors have rendered — scrolling
# only the form's own body, so the dialog's title and buttons stay in place.
_SHOW_FIRST_ERROR = (
    "(() => { let tries = 0; const go = () => {"
    " const body = document.querySelector('[data-testid=\"license-form-body\"]');"
    " const first = body && body.querySelector('[data-testid^=\"error-\"]');"
    " if (!first) { if (tries++ < 40) setTimeout(go, 50); return; }"
    " const b = body.getBoundingClientRect(), r = first.getBoundingClientRect();"
    " if (r.top >= b.top + 48 && r.bottom <= b.bottom - 8) return;"
    " body.scrollTo({top: Math.max(0, body.scrollTop + r.top - b.top - b.height / 3)}); };"
    " setTimeout(go, 30); })()"
)


class LicenseEditState(EditFormState, OwnerPickState, AppState):
    origin: str = "licenses"
    flags: dict[str, bool] = {}
    key_mask: str = ""
    software_options: list[OptionView] = []
    # The Software field (seed 002): type to find a product, or add it to the catalog.
    software_id: str = ""
    software_name: str = ""
    software_query: str = ""
    software_searching: bool = False
    error: str = ""
    # What the form shows or hides as the user fills it in.
    seat_type: str = "user"
    billing_cycle: str = "annual"
    perpetual: bool = False
    license_type: str = "Subscription"
    net: str = ""
    vat: str = ""
    gross: str = ""

    @rx.var
    def title(self) -> str:
        return "Edit license" if self.editing_id else "Add License"

    @rx.var
    def computed_gross(self) -> str:
        """Seed 002: gross = net × (1 + VAT%), shown as the user types net and VAT."""
        net, vat = amount(self.net), amount(self.vat)
        if net is None or vat is None or vat > 100:
            return ""
        return str((net * (1 + vat / 100)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    @rx.var
    def software_matches(self) -> list[OptionView]:
        term = self.software_query.strip().lower()
        found = [o for o in self.software_options if term in o.label.lower()] if term else self.software_options
        return found[:SOFTWARE_MATCHES]

    @rx.var
    def software_can_add(self) -> bool:
        """Offer "Add <name>" only for a name the catalog does not have yet."""
        term = self.software_query.strip().lower()
        return bool(term) and all(o.label.lower() != term for o in self.software_options)

    @rx.var
    def panel_errors(self) -> list[str]:
        return [panel for panel, fields in PANELS.items() if any(f in self.errors for f in fields)]

    def _reset_form(self, origin: str) -> None:
        self.origin = _choice(origin, _ORIGINS, "licenses")
        self.error, self.key_mask = "", ""
        self._reset_owner()  # the business owner (seed 003)
        self._fresh_form()
        with read_session() as session:
            rows = catalog.list_entries(session)
        self.software_options = [OptionView(value=str(r.id), label=r.name) for r in rows]

    def _show(self, values: dict[str, str], flags: dict[str, bool]) -> None:
        self.values = {k: values.get(k, "") for k in TEXT_FIELDS}
        for key, unset in UNSET.items():
            self.values[key] = self.values[key] or unset
        self.flags = {k: bool(flags.get(k, False)) for k in FLAG_FIELDS}
        self.seat_type, self.billing_cycle = self.values["seat_type"], self.values["billing_cycle"]
        self.license_type = self.values["license_type"]
        self.perpetual = self.flags["perpetual"] or self.license_type == perpetual_rule.PERPETUAL_TYPE
        self._show_software(self.values["catalog_entry_id"])
        self.net, self.vat, self.gross = (
            self.values["net_unit_price"],
            self.values["vat_percent"],
            self.values["gross_unit_price"],
        )
        self.open = True

    @handler("license.manage", error="form_error", toast=True)
    def open_create(self, origin: str = "licenses", entry_id: str = ""):
        self._reset_form(origin)
        self.editing_id = 0
        values = {k: form_text(v) for k, v in DEFAULTS.items() if k in TEXT_FIELDS}
        values.update(
            catalog_entry_id=str(_id(entry_id)) if entry_id else "", currency=settings_mod.settings.workspace_currency
        )
        self._show(values, {k: v for k, v in DEFAULTS.items() if k in FLAG_FIELDS})

    @handler("license.manage", error="form_error", toast=True)
    def open_edit(self, license_id: int, origin: str = "licenses"):
        self._reset_form(origin)
        with read_session() as session:
            lic = licenses.get(session, _id(license_id))
            self.editing_id = lic.id
            self.key_mask = secrets.mask(lic.product_key_cipher is not None, lic.product_key_hint)
            values = {k: form_text(getattr(lic, k)) for k in TEXT_FIELDS if k != "product_key"}
            flags = {k: bool(getattr(lic, k)) for k in FLAG_FIELDS if k != "clear_product_key"}
            owner = session.get(Person, lic.business_owner_id) if lic.business_owner_id else None
            self.owner = views.person(owner) if owner else PersonPickView()
        self._show(values, flags)

    @handler("license.manage", error="form_error")
    def set_seat_type(self, value: str):
        self.seat_type = _text(value, 20)

    @handler("license.manage", error="form_error")
    def set_billing_cycle(self, value: str):
        self.billing_cycle = _text(value, 20)

    @handler("license.manage", error="form_error")
    def set_perpetual(self, value: bool):
        """Type and flag are one notion: the flag moves a term type to Perpetual and back."""
        self.license_type, self.perpetual = perpetual_rule.in_step(self.license_type, _flag(value), "perpetual")

    @handler("license.manage", error="form_error")
    def set_license_type(self, value: str):
        self.license_type, self.perpetual = perpetual_rule.in_step(_text(value, 30), self.perpetual, "license_type")

    @handler("license.manage", error="form_error")
    def set_price(self, field: str, value: str):
        """Net or VAT changed: keep the gross consistent with them."""
        text = _text(value, 30)
        if field == "net":
            self.net = text
        elif field == "vat":
            self.vat = text
        if self.computed_gross:
            self.gross = self.computed_gross

    @handler("license.manage", error="form_error")
    def set_gross(self, value: str):
        self.gross = _text(value, 30)

    @handler("license.manage", error="form_error")
    def save(self, form: dict):
        sent = form if isinstance(form, dict) else {}
        data: dict[str, Any] = {k: _text(sent.get(k), limit + 1) for k, limit in TEXT_FIELDS.items() if k in sent}
        for key, unset in UNSET.items():
            if data.get(key) == unset:
                data[key] = ""
        data.update({k: _flag(sent.get(k)) for k in FLAG_FIELDS})  # every switch is always on the form
        data["business_owner_id"] = str(self.owner.id) if self.owner.id else ""
        data["catalog_entry_id"] = self.software_id  # picked or added in the Software field, held here
        try:
            with write_session() as session:
                if self.editing_id:
                    licenses.update(session, self._actor(), self.editing_id, data)
                else:
                    licenses.create(
                        session, self._actor(), data, workspace_currency=settings_mod.settings.workspace_currency
                    )
        except ValidationError as exc:
            self._refused(exc, shown=[f for fields in PANELS.values() for f in fields])
            return rx.call_script(_SHOW_FIRST_ERROR)
        message = "License saved" if self.editing_id else "License added"
        self._saved()
        return [rx.toast.success(message), *self._refresh_origin()]

    @handler("license.manage", toast=True)
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

    def _show_software(self, value: str) -> None:
        """The product the form opens with; a license of an archived product keeps it."""
        self.software_id, self.software_name, self.software_query = "", "", ""
        match = next((o for o in self.software_options if o.value == value), None)
        if match is not None:
            self.software_id, self.software_name = match.value, match.label
        elif value.isdigit():
            try:
                with read_session() as session:
                    entry = catalog.get(session, int(value), include_archived=True)
                    archived = " (archived)" if entry.archived_at is not None else ""
                    self.software_id, self.software_name = str(entry.id), entry.name + archived
            except NotFound:
                pass
        self.software_searching = not self.software_id

    @handler("license.manage", error="form_error")
    def search_software(self, term: str):
        self.software_query = _text(term, 201)
        self.software_searching = True

    @handler("license.manage", error="form_error")
    def change_software(self):
        self.software_searching, self.software_query = True, ""

    @handler("license.manage", error="form_error")
    def pick_software(self, entry_id: str):
        chosen = str(_id(entry_id))
        match = next((o for o in self.software_options if o.value == chosen), None)
        if match is None:  # only a product the form offered
            raise BadArgument(NOT_FOUND)
        self._picked_software(match)

    def _picked_software(self, option: OptionView) -> None:
        self.software_id, self.software_name = option.value, option.label
        self.software_searching, self.software_query = False, ""
        self._clear_error("catalog_entry_id")

    @handler("catalog.manage", error="form_error")
    def add_software(self):
        """Seed 002: "In this field you can add software to the list". The typed name
        becomes a catalog entry (the catalog's own rules) and is picked at once."""
        self._require("license.manage")
        try:
            with write_session() as session:
                entry = catalog.create_entry(session, self._actor(), name=self.software_query)
                option = OptionView(value=str(entry.id), label=entry.name)
        except ValidationError as exc:
            self.errors = {**self.errors, "catalog_entry_id": exc.errors.get("name") or str(exc.message)}
            return None
        self.software_options = sorted([*self.software_options, option], key=lambda o: o.label.lower())
        self._picked_software(option)
        return rx.toast.success(f"{option.label} added to the catalog")
