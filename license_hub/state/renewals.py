"""/renewals — what falls due in the next 30 to 365 days: expiries, renewals,
maintenance ends and cancellation deadlines, with owner, vendor and kind
filters, server-side paging and a timeline. The query string is the source of
truth, so a view can be shared and the CSV export gets the same filters."""
from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

import plotly.graph_objects as go
import reflex as rx

from license_hub.db import read_session
from license_hub.services.reports import renewal_chart
from license_hub.services.reports import renewals
from license_hub.state.base import AppState, _choice, _fmt_date, _page, _plural, _text, handler

PAGE_SIZE = 50
WINDOWS = [str(w) for w in renewals.WINDOWS]
DEFAULT_WINDOW = str(renewals.DEFAULT_WINDOW)
KINDS = list(renewals.EVENT_LABELS)
KIND_LABELS = dict(renewals.EVENT_LABELS)
URGENT_DAYS, SOON_DAYS = renewal_chart.URGENT_DAYS, renewal_chart.SOON_DAYS
OWNER_CHOICES = 500
ALL = "__all__"  # the select value meaning "no filter" (Radix items need a non-empty value)


def _days_text(days: int) -> str:
    if days == 0:
        return "Today"
    if days == 1:
        return "Tomorrow"
    if days < 0:
        return f"{_plural(-days, 'day')} ago"
    return _plural(days, "day")


def _urgency(days: int) -> str:
    return "red" if days <= URGENT_DAYS else "amber" if days <= SOON_DAYS else ""


def _row(r: Any) -> dict[str, Any]:
    return {
        "key": f"{r.license_id}-{r.kind}-{r.due_on.isoformat()}",
        "license_id": r.license_id,
        "href": r.link,
        "date": _fmt_date(r.due_on),
        "iso": r.due_on.isoformat(),
        "days": r.days_left,
        "days_text": _days_text(r.days_left),
        "urgency": _urgency(r.days_left),
        "kind": r.kind,
        "label": r.label,
        "software": r.software,
        "license": r.license_name or r.software,
        "vendor": r.vendor or "—",
        "owner": r.owner_name or "—",
        "cost": r.annual_cost_text,
        "auto_renew": r.auto_renew,
    }


class RenewalsState(AppState):
    rows: list[dict[str, Any]] = []
    total: int = 0
    page: int = 1
    window: str = DEFAULT_WINDOW
    owner: str = ""
    vendor: str = ""
    kind: str = ""
    owner_options: list[dict[str, str]] = []
    vendor_options: list[str] = []
    urgent: int = 0
    soon: int = 0
    timeline: go.Figure = go.Figure()
    error: str = ""
    loaded: bool = False

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @rx.var
    def range_label(self) -> str:
        if not self.total:
            return "Nothing due"
        first = (self.page - 1) * PAGE_SIZE + 1
        return f"{first}–{min(self.page * PAGE_SIZE, self.total)} of {self.total}"

    @rx.var
    def filtered(self) -> bool:
        return bool(self.owner or self.vendor or self.kind)

    @rx.var
    def subtitle(self) -> str:
        return f"Expiries, renewals, maintenance ends and cancellation deadlines in the next {self.window} days."

    @rx.var
    def export_href(self) -> str:
        return "/api/v1/renewals.csv?" + urlencode(self._params(page=""))

    @rx.var
    def owner_value(self) -> str:
        return self.owner or ALL

    @rx.var
    def vendor_value(self) -> str:
        return self.vendor or ALL

    def _params(self, **changes: Any) -> dict[str, Any]:
        params = {"window": self.window, "owner": self.owner, "vendor": self.vendor, "kind": self.kind,
                  "page": self.page}
        params.update(changes)
        if params.get("page") == 1:
            params["page"] = ""
        if params.get("window") == DEFAULT_WINDOW:
            params["window"] = ""
        return {k: v for k, v in params.items() if v not in ("", None, 0)}

    def _url(self, **changes: Any) -> str:
        query = urlencode(self._params(**changes))
        return "/renewals" + (f"?{query}" if query else "")

    def _filters(self) -> dict[str, Any]:
        return {"today": date.today(), "window_days": int(self.window),
                "owner_id": int(self.owner) if self.owner else None, "vendor": self.vendor,
                "kinds": {self.kind} if self.kind else None}

    @handler("license.view")
    def load(self):
        """on_load: read the filters from the query string, fetch a page and the timeline."""
        self.loaded = True
        self.rows, self.total = [], 0
        self.window = _choice(self._query("window", 5), WINDOWS, DEFAULT_WINDOW)
        owner = self._query("owner", 18)
        self.owner = owner if owner.isdigit() and int(owner) > 0 else ""
        self.vendor = _text(self._query("vendor"), 200)
        self.kind = _choice(self._query("kind", 40), KINDS)
        self.page = _page(self._query("page"))
        self._fetch()

    def _fetch(self) -> None:
        f = self._filters()
        with read_session() as session:
            rows, total = self._page_rows(session, f)
            if total and not rows and self.page > 1:  # past the end: show the last page
                self.page = max(1, -(-total // PAGE_SIZE))
                rows, total = self._page_rows(session, f)
            if self.page == 1 and total <= len(rows):
                chart_rows = rows  # the whole window is on this page: no second query
            else:
                chart_rows, _ = renewal_chart.collect(session, **f)
            owners = renewals.owners(session)[:OWNER_CHOICES]
            vendors = renewals.vendors(session)[:OWNER_CHOICES]
        self.rows = [_row(r) for r in rows]
        self.total = total
        self.urgent = sum(1 for r in chart_rows if r.days_left <= URGENT_DAYS)
        self.soon = sum(1 for r in chart_rows if r.days_left <= SOON_DAYS)
        self.timeline = renewal_chart.timeline(chart_rows, today=f["today"], window_days=f["window_days"], total=total)
        self.owner_options = [{"value": str(pid), "label": name} for pid, name in owners]
        self.vendor_options = vendors
        self.error = ""

    def _page_rows(self, session, f: dict[str, Any]):
        return renewals.list_renewals(session, offset=(self.page - 1) * PAGE_SIZE, limit=PAGE_SIZE, **f)

    @handler("license.view")
    def set_window(self, window: str | list[str]):
        return rx.redirect(self._url(window=_choice(window, WINDOWS, DEFAULT_WINDOW), page=1), replace=True)

    @handler("license.view")
    def set_owner(self, owner: str):
        value = _text(owner, 18)
        return rx.redirect(self._url(owner=value if value.isdigit() else "", page=1), replace=True)

    @handler("license.view")
    def set_vendor(self, vendor: str):
        value = _text(vendor, 200)
        return rx.redirect(self._url(vendor="" if value == ALL else value, page=1), replace=True)

    @handler("license.view")
    def set_kind(self, kind: str):
        chosen = _choice(kind, KINDS)
        return rx.redirect(self._url(kind="" if chosen == self.kind else chosen, page=1), replace=True)

    @handler("license.view")
    def go_page(self, page: int):
        return rx.redirect(self._url(page=min(_page(page), self.page_count)))

    @handler("license.view")
    def clear_filters(self):
        return rx.redirect(self._url(owner="", vendor="", kind="", page=1), replace=True)

    @handler("license.view")
    def widen(self):
        return rx.redirect(self._url(window=WINDOWS[-1], page=1), replace=True)
