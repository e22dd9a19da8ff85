"""The application page (seed 000): the product, its Deployment Model, and a
card for each of its licenses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.catalog import entries as catalog
from license_hub.services.licenses import license_list
from license_hub.state.base import AppState, _id, handler
from license_hub.state.labels import DEPLOYMENT_MODELS
from license_hub.state.views.catalog import CatalogEntryView, catalog_entry
from license_hub.state.views.licenses import CardView, card

CARD_LIMIT = 48


class CatalogEntryState(AppState):
    entry: CatalogEntryView = CatalogEntryView()
    cards: list[CardView] = []
    license_total: int = 0
    error: str = ""
    not_found: str = ""
    loaded: bool = False

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
            entry = catalog.get(session, entry_id)
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
