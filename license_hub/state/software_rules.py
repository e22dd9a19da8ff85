"""/software-rules: the rules that map raw software names to catalog products,
a preview of what a rule would match before it is saved, and the unmatched
software still waiting for a rule (each row can start one)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.catalog import entries
from license_hub.services.core.errors import ValidationError
from license_hub.services.inventory import normalization as norm
from license_hub.state.base import AppState, _id, _text, guard

UNMATCHED_LIMIT = 100


@dataclass(frozen=True)
class RuleRow:
    id: int
    product: str
    vendor: str
    bundle_id: str
    pattern: str


@dataclass(frozen=True)
class ProductOption:
    id: str
    name: str


@dataclass(frozen=True)
class PreviewRow:
    name: str
    vendor: str
    hosts: int
    current: str


@dataclass(frozen=True)
class UnmatchedRow:
    name: str
    vendor: str
    source: str
    hosts: int


class SoftwareRulesState(AppState):
    rules: list[RuleRow] = []
    products: list[ProductOption] = []
    unmatched_rows: list[UnmatchedRow] = []
    unmatched_total: int = 0
    search: str = ""
    product_id: str = ""
    vendor: str = ""
    bundle_id: str = ""
    pattern: str = ""
    preview_rows: list[PreviewRow] = []
    previewed: bool = False
    field_errors: dict[str, str] = {}
    error: str = ""
    loaded: bool = False

    def _fetch(self) -> None:
        with read_session() as s:
            self.rules = [
                RuleRow(r.id, r.product, r.vendor or "—", r.bundle_id or "—", r.pattern or "—")
                for r in norm.list_rules(s)
            ]
            self.products = [ProductOption(str(e.id), e.name) for e in entries.list_entries(s)]
            rows, self.unmatched_total = norm.unmatched(s, self.search, 0, UNMATCHED_LIMIT)
        self.unmatched_rows = [UnmatchedRow(u.name, u.vendor or "—", u.source or "—", u.hosts) for u in rows]

    def _rule(self) -> norm.RuleInput:
        return norm.RuleInput(
            _id(self.product_id) if self.product_id else 0,
            _text(self.vendor, 200),
            _text(self.bundle_id, 300),
            _text(self.pattern, 300),
        )

    @rx.event
    @guard("catalog.manage")
    def load(self):
        self.error, self.field_errors, self.loaded = "", {}, True
        self._fetch()

    @rx.event
    @guard("catalog.manage")
    def set_search(self, value: str):
        self.search = _text(value, 100)
        self._fetch()

    @rx.event
    @guard("catalog.manage")
    def set_field(self, field: str, value: str):
        if field in ("product_id", "vendor", "bundle_id", "pattern"):
            setattr(self, field, _text(value, 300))
            self.previewed = False

    @rx.event
    @guard("catalog.manage")
    def start_from(self, name: str, vendor: str):
        """A rule for one unmatched row: its name as the pattern."""
        self.pattern, self.vendor, self.bundle_id = _text(name, 300), "", ""
        self.previewed, self.field_errors = False, {}
        self._preview()

    def _preview(self) -> None:
        with read_session() as s:
            found = norm.preview(s, self._rule())
        self.preview_rows = [
            PreviewRow(p.name, p.vendor or "—", p.hosts, p.current_product or "Unmatched") for p in found
        ]
        self.previewed = True

    @rx.event
    @guard("catalog.manage")
    def preview(self):
        self._preview()

    @rx.event
    @guard("catalog.manage")
    def save(self):
        self.field_errors = {}
        try:
            with write_session() as s:
                norm.save_rule(s, self._actor(), self._rule())
        except ValidationError as exc:
            self.field_errors = exc.errors
            return None
        self.product_id = self.vendor = self.bundle_id = self.pattern = ""
        self.preview_rows, self.previewed = [], False
        self._fetch()
        return rx.toast.success("Rule saved: matching software re-normalized")

    @rx.event
    @guard("catalog.manage", toast=True)
    def delete(self, rule_id: int):
        with write_session() as s:
            norm.delete_rule(s, self._actor(), _id(rule_id))
        self._fetch()
        return rx.toast.success("Rule deleted")
