"""/capacity-alerts — every capacity alert, most urgent first (the dashboard shows
the first ten), paged like every list so a page of it can be shared."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import ClassVar

from license_hub.db import read_session
from license_hub.services.reports import capacity
from license_hub.state import report_views as rv
from license_hub.state.base import AppState
from license_hub.state.dashboard import _alert
from license_hub.state.listing import ListSpec, PagedListState
from license_hub.state.views.reports import CapacityAlertView

PAGE_SIZE = 50


def _next_date(a: capacity.CapacityAlert, today: date) -> str:
    days = a.days_to(today)
    if days is None:
        return "No date"
    when = "today" if days == 0 else f"in {days} days" if days > 0 else f"{-days} days ago"
    return f"{rv.day(a.next_date)} · {when}"


class CapacityAlertsState(PagedListState, AppState):
    _list: ClassVar[ListSpec] = ListSpec(path="/capacity-alerts", page_size=PAGE_SIZE, unit="alert")

    rows: list[CapacityAlertView] = []

    def _fetch_rows(self, offset: int, limit: int) -> int:
        with read_session() as session:
            total = capacity.count_alerts(session)
            alerts = capacity.list_alerts(session, limit=limit, offset=offset)
        today = date.today()
        self.rows = [replace(_alert(a), next_date=_next_date(a, today)) for a in alerts]
        self.error = ""
        return total
