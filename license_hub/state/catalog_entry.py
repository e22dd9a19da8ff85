"""The application page (seed 000): the product, its Deployment Model, and a
card for each of its licenses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.catalog import entries as catalog
from license_hub.services.core.errors import ValidationError
from license_hub.services.licenses import license_list
from license_hub.state.base import AppState, _choice, _id, _text, handler
from license_hub.state.labels import DEPLOYMENT_MODELS
from license_hub.state.views.catalog import CatalogEntryView, catalog_entry
from license_hub.state.views.licenses import CardView, card

CARD_LIMIT = 48
# What the edit dialog sends, each cut a character past its column so the service
# (not a silent truncation) says the value is too long.
_EDIT_FIELDS = {**catalog.LIMITS, "security_grade": 1, "security_risk": 20}
NO_GRADE = "none"  # the grade select's "no grade" item: a Radix select item cannot be blank


class CatalogEntryState(AppState):
    entry: CatalogEntryView = CatalogEntryView()
    cards: list[CardView] = []
    license_total: int = 0
    error: str = ""
    not_found: str = ""
    loaded: bool = False
    # The edit dialog and the archive confirmation.
    edit_open: bool = False
    edit_errors: dict[str, str] = {}
    edit_form_key: int = 0
    archive_open: bool = False

    @rx.var
    def more_licenses(self) -> int:
        return max(0, self.license_total - len(self.cards))

    @handler("license.view", error="not_found")
    def load(self):
        self.loaded, self.entry, self.cards, self.license_total = True, CatalogEntryView(), [], 0
        self.not_found, self.error = "", ""
        self._fetch(_id(self._route_arg("entry_id")))

    def _fetch(self, entry_id: int) -> None:
        with read_session() as session:
            entry = catalog.get(session, entry_id, include_archived=True)
            cards, total = license_list.list_cards(
                session, today=date.today(), catalog_entry_id=entry_id, sort="created", limit=CARD_LIMIT
            )
            self.entry = catalog_entry(entry)
        self.cards = [card(c) for c in cards]
        self.license_total = total

    @handler("license.view")
    def refresh(self):
        if self.entry.id:
            self._fetch(_id(self.entry.id))

    @handler("catalog.manage", toast=True)
    def set_deployment_model(self, value: str | list[str]):
        if value not in DEPLOYMENT_MODELS:
            self.error = "Choose Cloud, On-Premise or Hybrid"
            return None
        entry_id = _id(self.entry.id)
        with write_session() as session:
            catalog.set_deployment_model(session, self._actor(), entry_id, value)
        self.entry = replace(self.entry, deployment_model=value)
        self.error = ""
        return rx.toast.success(f"Deployment model set to {value}")

    @handler("catalog.manage")
    def set_edit_open(self, open: bool):
        self.edit_open = bool(open)
        if self.edit_open:
            self.edit_errors = {}
            self.edit_form_key += 1

    @handler("catalog.manage", error="error")
    def save_entry(self, form: dict):
        data = form if isinstance(form, dict) else {}
        fields = {k: _text(data.get(k), limit + 1) for k, limit in _EDIT_FIELDS.items()}
        fields["deployment_model"] = _choice(data.get("deployment_model"), DEPLOYMENT_MODELS, "")
        for key in ("security_grade", "security_risk"):
            fields[key] = "" if fields[key] == NO_GRADE else fields[key]
        entry_id = _id(self.entry.id)
        try:
            with write_session() as session:
                entry = catalog.update_entry(session, self._actor(), entry_id, fields)
                self.entry = catalog_entry(entry)
        except ValidationError as exc:
            self.edit_errors = exc.errors
            return None
        self.edit_errors, self.edit_open, self.error = {}, False, ""
        return rx.toast.success(f"{self.entry.name} saved")

    @handler("catalog.manage")
    def set_archive_open(self, open: bool):
        self.archive_open = bool(open)

    @handler("catalog.manage", toast=True)
    def archive_entry(self):
        self.archive_open = False
        with write_session() as session:
            entry = catalog.archive_entry(session, self._actor(), _id(self.entry.id))
            self.entry = catalog_entry(entry)
        self.error = ""
        return rx.toast.success(f"{self.entry.name} archived")

    @handler("catalog.manage", toast=True)
    def restore_entry(self):
        with write_session() as session:
            entry = catalog.restore_entry(session, self._actor(), _id(self.entry.id))
            self.entry = catalog_entry(entry)
        self.error = ""
        return rx.toast.success(f"{self.entry.name} restored to the catalog")
