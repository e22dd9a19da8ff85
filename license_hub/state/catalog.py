"""The catalog list and its "Add product" dialog. Search and category live in the
query string, like every list, so a filtered catalog can be shared."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.catalog import entries as catalog
from license_hub.services.core.errors import ValidationError
from license_hub.state.base import LIST_VIEW, AppState, _choice, _flag, _text, handler
from license_hub.state.labels import DEPLOYMENT_MODELS
from license_hub.state.listing import ListSpec, PagedListState
from license_hub.state.views.catalog import CatalogRowView, catalog_row

PAGE_SIZE = 50
_ADD_FIELDS = {"name": 200, "publisher": 200, "category": 100, "description": 5000, "website": 300}


class CatalogState(PagedListState, AppState):
    _list: ClassVar[ListSpec] = ListSpec(path="/catalog", page_size=PAGE_SIZE)

    rows: list[CatalogRowView] = []
    categories: list[str] = []
    category: str = ""
    archived: bool = False  # the archived products instead of the catalog
    # The "Add product" dialog.
    add_open: bool = False
    add_errors: dict[str, str] = {}
    add_form_key: int = 0

    @rx.var
    def filtered(self) -> bool:
        return bool(self.search or self.category or self.archived)

    def _read_filters(self) -> None:
        self.category = _text(self._query("category"), 100)
        self.archived = self._query("archived") == "1"

    def _filter_params(self) -> dict[str, Any]:
        return {"category": self.category, "archived": "1" if self.archived else ""}

    def _fetch_rows(self, offset: int, limit: int) -> int:
        with read_session() as session:
            rows = catalog.list_entries(session, search=self.search, category=self.category, archived=self.archived)
            self.categories = catalog.categories(session)
        # The service returns the whole (small) catalog; only one page goes to the browser.
        self.rows = [catalog_row(r) for r in rows[offset : offset + limit]]
        self.error = ""
        return len(rows)

    @handler(LIST_VIEW)
    def set_category(self, category: str):
        chosen = _text(category, 100)
        return self._navigate(category="" if chosen in ("", "all") else chosen)

    @handler(LIST_VIEW)
    def set_archived(self, show: bool):
        return self._navigate(archived="1" if _flag(show) else "")

    @handler("catalog.manage")
    def set_add_open(self, open: bool):
        self.add_open = bool(open)
        if self.add_open:
            self.add_errors = {}
            self.add_form_key += 1

    @handler("catalog.manage", error="error")
    def add_product(self, form: dict):
        data = form if isinstance(form, dict) else {}
        fields = {k: _text(data.get(k), limit) for k, limit in _ADD_FIELDS.items()}
        model = _choice(data.get("deployment_model"), DEPLOYMENT_MODELS, "")
        try:
            with write_session() as session:
                entry = catalog.create_entry(session, self._actor(), deployment_model=model, **fields)
                name = entry.name
        except ValidationError as exc:
            self.add_errors = exc.errors
            return None
        self.add_errors, self.add_open = {}, False
        self._fetch()
        return rx.toast.success(f"{name} added to the catalog")
