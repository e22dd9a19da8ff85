"""The catalog list and its "Add product" dialog. Search and category live in the
query string, like every list, so a filtered catalog can be shared."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.catalog import entries as catalog
from license_hub.services.core.errors import ValidationError
from license_hub.state import views
from license_hub.state.base import AppState, _choice, _page, _text, handler
from license_hub.state.labels import DEPLOYMENT_MODELS

PAGE_SIZE = 50
_ADD_FIELDS = {"name": 200, "publisher": 200, "category": 100, "description": 5000, "website": 300}


class CatalogState(AppState):
    rows: list[dict[str, Any]] = []
    total: int = 0
    page: int = 1
    categories: list[str] = []
    search: str = ""
    category: str = ""
    error: str = ""
    loaded: bool = False
    # The "Add product" dialog.
    add_open: bool = False
    add_errors: dict[str, str] = {}
    add_form_key: int = 0

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var
    def range_label(self) -> str:
        if not self.total:
            return ""
        first = (self.page - 1) * PAGE_SIZE + 1
        return f"{first}–{min(self.page * PAGE_SIZE, self.total)} of {self.total}"

    @rx.var
    def filtered(self) -> bool:
        return bool(self.search or self.category)

    def _url(self, **changes: Any) -> str:
        params = {"q": self.search, "category": self.category, **changes}
        params["page"] = params.get("page", 1) if params.get("page", 1) > 1 else ""
        query = urlencode({k: v for k, v in params.items() if v})
        return "/catalog" + (f"?{query}" if query else "")

    @handler("license.view")
    def load(self):
        self.loaded = True
        self.search = _text(self._query("q"), 100)
        self.category = _text(self._query("category"), 100)
        self.page = _page(self._query("page"))
        self._fetch()

    def _fetch(self) -> None:
        with read_session() as session:
            rows = catalog.list_entries(session, search=self.search, category=self.category)
            self.categories = catalog.categories(session)
        # The service returns the whole (small) catalog; only one page goes to the browser.
        self.total = len(rows)
        self.page = min(self.page, max(1, -(-self.total // PAGE_SIZE)))
        start = (self.page - 1) * PAGE_SIZE
        self.rows = [views.catalog_row(r) for r in rows[start:start + PAGE_SIZE]]
        self.error = ""

    @handler("license.view")
    def set_search(self, text: str):
        return rx.redirect(self._url(q=_text(text, 100)), replace=True)

    @handler("license.view")
    def set_category(self, category: str):
        chosen = _text(category, 100)
        return rx.redirect(self._url(category="" if chosen in ("", "all") else chosen), replace=True)

    @handler("license.view")
    def go_page(self, page: int):
        return rx.redirect(self._url(page=min(_page(page), self.page_count)), replace=True)

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
