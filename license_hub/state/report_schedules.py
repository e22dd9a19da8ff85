"""/settings/reports: scheduled reports (seed 004) — add, edit, pause and delete the
reports emailed as CSV weekly or monthly. Reports permission (Finance, managers)."""

from __future__ import annotations

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.core.errors import ValidationError
from license_hub.services.reports import schedules
from license_hub.state.base import AppState, _choice, _id, _text, handler
from license_hub.state.views.capacity import ScheduleView
from license_hub.state.views.formatting import when

PERMISSION = "reports"
FIELDS = ("name", "report_kind", "recipients", "cadence", "weekday", "day_of_month")


def _cadence(r: schedules.ScheduleRow) -> str:
    if r.cadence == "weekly":
        return f"Weekly on {schedules.WEEKDAYS[r.weekday]}"
    return f"Monthly on day {r.day_of_month}"


def _view(r: schedules.ScheduleRow) -> ScheduleView:
    return ScheduleView(
        r.id,
        r.name,
        schedules.KINDS.get(r.report_kind, r.report_kind),
        ", ".join(r.recipients),
        _cadence(r),
        when(r.next_run_at, "—") if r.active else "Paused",
        when(r.last_run_at),
        r.last_status,
        r.last_error,
        r.active,
    )


class ReportSchedulesState(AppState):
    rows: list[ScheduleView] = []
    dialog_open: bool = False
    editing_id: int = 0
    name: str = ""
    report_kind: str = "utilization"
    recipients: str = ""
    cadence: str = "weekly"
    weekday: str = "0"
    day_of_month: str = "1"
    field_errors: dict[str, str] = {}
    loaded: bool = False
    error: str = ""

    def _fetch(self) -> None:
        with read_session() as s:
            self.rows = [_view(r) for r in schedules.list_schedules(s)]

    @handler(PERMISSION)
    def load(self):
        self.error, self.loaded = "", True
        self._fetch()

    @handler(PERMISSION)
    def open_new(self):
        self.editing_id, self.name, self.report_kind, self.recipients = 0, "", "utilization", ""
        self.cadence, self.weekday, self.day_of_month = "weekly", "0", "1"
        self.field_errors, self.dialog_open = {}, True

    @handler(PERMISSION, toast=True)
    def open_edit(self, schedule_id: int):
        with read_session() as s:
            r = schedules.get(s, _id(schedule_id))
        self.editing_id, self.name, self.report_kind = r.id, r.name, r.report_kind
        self.recipients = ", ".join(r.recipients)
        self.cadence, self.weekday, self.day_of_month = r.cadence, str(r.weekday), str(r.day_of_month)
        self.field_errors, self.dialog_open = {}, True

    @handler(PERMISSION)
    def set_open(self, value: bool):
        self.dialog_open = bool(value) and self.dialog_open

    @handler(PERMISSION)
    def set_field(self, field: str, value: str):
        field = _choice(field, FIELDS)
        if field:
            setattr(self, field, _text(value, 6000 if field == "recipients" else 200))

    @handler(PERMISSION)
    def save(self):
        data = {f: getattr(self, f) for f in FIELDS}
        try:
            with write_session() as s:
                if self.editing_id:
                    schedules.update_schedule(s, self._actor(), _id(self.editing_id), data)
                else:
                    schedules.create(s, self._actor(), data)
        except ValidationError as exc:
            self.field_errors = exc.errors
            return None
        self.field_errors, self.dialog_open = {}, False
        self._fetch()
        return rx.toast.success("Schedule saved")

    @handler(PERMISSION, toast=True)
    def toggle(self, schedule_id: int):
        sid = _id(schedule_id)
        with write_session() as s:
            row = schedules.get(s, sid)
            schedules.set_active(s, self._actor(), sid, not row.active)
        self._fetch()
        return rx.toast.success("Schedule resumed" if not row.active else "Schedule paused")

    @handler(PERMISSION, toast=True)
    def delete(self, schedule_id: int):
        with write_session() as s:
            schedules.delete(s, self._actor(), _id(schedule_id))
        self._fetch()
        return rx.toast.success("Schedule deleted")
