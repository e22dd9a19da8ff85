"""/renewals — what falls due in the next 30 to 365 days: expiries, renewals,
maintenance ends and cancellation deadlines, with owner, vendor and kind
filters, server-side paging and a timeline. The query string is the source of
truth, so a view can be shared and the CSV export gets the same filters."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar
from urllib.parse import urlencode

import reflex as rx

from license_hub.db import read_session
from license_hub.services.reports import renewal_chart, renewals
from license_hub.services.reports.chart_text import ChartText, describe
from license_hub.services.reports.charts import Figure, blank
from license_hub.state.base import LIST_VIEW, AppState, _choice, _fmt_date, _plural, _text, handler
from license_hub.state.listing import ListSpec, PagedListState
from license_hub.state.views.directory import OptionView
from license_hub.state.views.reports import RenewalView

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


def _row(r: Any) -> RenewalView:
    return RenewalView(
        key=f"{r.license_id}-{r.kind}-{r.due_on.isoformat()}",
        license_id=r.license_id,
        href=r.link,
        date=_fmt_date(r.due_on),
        iso=r.due_on.isoformat(),
        days=r.days_left,
        days_text=_days_text(r.days_left),
        urgency=_urgency(r.days_left),
        kind=r.kind,
        label=r.label,
        software=r.software,
        license=r.license_name or r.software,
        vendor=r.vendor or "—",
        owner=r.owner_name or "—",
        cost=r.annual_cost_text,
        auto_renew=r.auto_renew,
    )


class RenewalsState(PagedListState, AppState):
    _list: ClassVar[ListSpec] = ListSpec(path="/renewals", page_size=PAGE_SIZE, empty_label="Nothing due")

    rows: list[RenewalView] = []
    window: str = DEFAULT_WINDOW
    owner: str = ""
    vendor: str = ""
    kind: str = ""
    owner_options: list[OptionView] = []
    vendor_options: list[str] = []
    urgent: int = 0
    soon: int = 0
    timeline: Figure = blank()
    timeline_text: ChartText = ChartText()

    @rx.var
    def filtered(self) -> bool:
        return bool(self.owner or self.vendor or self.kind)

    @rx.var
    def subtitle(self) -> str:
        return f"Expiries, renewals, maintenance ends and cancellation deadlines in the next {self.window} days."

    @rx.var
    def export_href(self) -> str:
        return "/api/v1/renewals.csv?" + urlencode({k: v for k, v in self._filter_params().items() if v})

    @rx.var
    def owner_value(self) -> str:
        return self.owner or ALL

    @rx.var
    def vendor_value(self) -> str:
        return self.vendor or ALL

    def _filter_params(self) -> dict[str, Any]:
        return {
            "window": "" if self.window == DEFAULT_WINDOW else self.window,
            "owner": self.owner,
            "vendor": self.vendor,
            "kind": self.kind,
        }

    def _filters(self) -> dict[str, Any]:
        return {
            "today": date.today(),
            "window_days": int(self.window),
            "owner_id": int(self.owner) if self.owner else None,
            "vendor": self.vendor,
            "kinds": {self.kind} if self.kind else None,
        }

    def _read_filters(self) -> None:
        self.rows = []
        self.window = _choice(self._query("window", 5), WINDOWS, DEFAULT_WINDOW)
        owner = self._query("owner", 18)
        self.owner = owner if owner.isdigit() and int(owner) > 0 else ""
        self.vendor = _text(self._query("vendor"), 200)
        self.kind = _choice(self._query("kind", 40), KINDS)

    def _fetch_rows(self, offset: int, limit: int) -> int:
        f = self._filters()
        with read_session() as session:
            rows, total = renewals.list_renewals(session, offset=offset, limit=limit, **f)
            if offset == 0 and total <= len(rows):
                chart_rows = rows  # the whole window is on this page: no second query
            else:
                chart_rows, _ = renewal_chart.collect(session, **f)
            owners = renewals.owners(session)[:OWNER_CHOICES]
            vendors = renewals.vendors(session)[:OWNER_CHOICES]
        self.rows = [_row(r) for r in rows]
        self.urgent = sum(1 for r in chart_rows if r.days_left <= URGENT_DAYS)
        self.soon = sum(1 for r in chart_rows if r.days_left <= SOON_DAYS)
        self.timeline = renewal_chart.timeline(chart_rows, today=f["today"], window_days=f["window_days"], total=total)
        self.timeline_text = describe(self.timeline)
        self.owner_options = [OptionView(value=str(pid), label=name) for pid, name in owners]
        self.vendor_options = vendors
        self.error = ""
        return total

    @handler(LIST_VIEW)
    def set_window(self, window: str | list[str]):
        chosen = _choice(window, WINDOWS, DEFAULT_WINDOW)
        return self._navigate(window="" if chosen == DEFAULT_WINDOW else chosen)

    @handler(LIST_VIEW)
    def set_owner(self, owner: str):
        value = _text(owner, 18)
        return self._navigate(owner=value if value.isdigit() else "")

    @handler(LIST_VIEW)
    def set_vendor(self, vendor: str):
        value = _text(vendor, 200)
        return self._navigate(vendor="" if value == ALL else value)

    @handler(LIST_VIEW)
    def set_kind(self, kind: str):
        chosen = _choice(kind, KINDS)
        return self._navigate(kind="" if chosen == self.kind else chosen)

    def _kept_params(self) -> tuple[str, ...]:
        return ("window",)

    @handler(LIST_VIEW)
    def widen(self):
        return self._navigate(window=WINDOWS[-1])
