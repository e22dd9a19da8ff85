"""The license page's usage audit (seed 003) and compliance status (seed 001).

Audit: start (snapshots seats used, shows the in-progress banner), complete
(the new seat count overwrites seats used; notes; optionally the next audit 1–12
months out) or cancel; the history with each before → after delta; and the drift
between the recorded seats used and the seats actually assigned here.
Compliance: the computed status, or the one set by hand (Review Required) until
it is cleared."""

from __future__ import annotations

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.models.enums import ComplianceStatus, UsageAuditStatus
from license_hub.services.core.errors import NotFound, ValidationError
from license_hub.services.licenses import license_health
from license_hub.services.reports import compliance
from license_hub.services.seats import usage_audits
from license_hub.state.base import AppState, _choice, _fmt_date, _id, _plural, _text, handler
from license_hub.state.license_detail import LicenseDetailState
from license_hub.state.views.audits import AuditUnderWayView, ComplianceView, HolderChoiceView, UsageAuditView

NEXT_AUDIT = [str(m) for m in usage_audits.NEXT_AUDIT_MONTHS]
NEXT_AUDIT_OPTIONS = [["none", "Don't schedule"]] + [[m, f"In {_plural(int(m), 'month')}"] for m in NEXT_AUDIT]
HISTORY_LIMIT = 25
STATUS_LABELS = {
    UsageAuditStatus.IN_PROGRESS.value: "In progress",
    UsageAuditStatus.COMPLETED.value: "Completed",
    UsageAuditStatus.CANCELLED.value: "Cancelled",
}
COMPLIANCE_COLORS = {
    ComplianceStatus.COMPLIANT.value: "green",
    ComplianceStatus.OVER_DEPLOYED.value: "red",
    ComplianceStatus.UNDER_UTILIZED.value: "amber",
    ComplianceStatus.REVIEW_REQUIRED.value: "blue",
}
REVIEW = ComplianceStatus.REVIEW_REQUIRED.value
RECLAIM_LIST_MAX = 500
RECLAIM_PREFIX = "reclaim_"


def _chosen(form: dict) -> list[int]:
    """The holders ticked in the wizard (checkbox fields reclaim_<assignment id>)."""
    ids = []
    for key, value in list(form.items())[: RECLAIM_LIST_MAX + 20]:
        digits = str(key)[len(RECLAIM_PREFIX) :] if str(key).startswith(RECLAIM_PREFIX) else ""
        if digits.isdigit() and len(digits) < 19 and value not in (False, "", "off", None):
            ids.append(int(digits))
    return ids


def _when(moment) -> str:
    return moment.strftime("%d %b %Y, %H:%M UTC") if moment else ""


def _entry(a: usage_audits.AuditEntry) -> UsageAuditView:
    delta = a.delta
    return UsageAuditView(
        id=a.id,
        status=a.status,
        status_label=STATUS_LABELS.get(a.status, a.status),
        before=a.seats_before,
        after="" if a.seats_after is None else str(a.seats_after),
        delta="" if delta is None else (f"+{delta}" if delta > 0 else str(delta)),
        delta_color="gray" if not delta else "green" if delta < 0 else "amber",
        notes=a.notes,
        started=_when(a.started_at),
        started_by=a.started_by,
        completed=_when(a.completed_at),
        completed_by=a.completed_by,
        next_audit=_fmt_date(a.next_audit_on) if a.next_audit_on else "",
    )


class UsageAuditState(AppState):
    lic_id: int = 0
    current: AuditUnderWayView = AuditUnderWayView()
    history: list[UsageAuditView] = []
    history_total: int = 0
    seats_used: int = 0
    assigned: int = 0
    drift: int = 0
    wizard_open: bool = False
    form_key: int = 0
    seats_after: str = ""
    errors: dict[str, str] = {}
    error: str = ""
    compliance: ComplianceView = ComplianceView()
    # When the count is below the seats assigned: the holders to choose from
    reclaim_holders: list[HolderChoiceView] = []
    reclaim_needed: int = 0

    @rx.var
    def in_progress(self) -> bool:
        return self.current.running

    @rx.var
    def drift_text(self) -> str:
        if not self.drift:
            return ""
        more, n = ("more", self.drift) if self.drift > 0 else ("fewer", -self.drift)
        return (
            f"Seats used is recorded as {self.seats_used}, {_plural(n, 'seat')} {more} than the "
            f"{self.assigned} assigned here."
        )

    @handler("license.view", error="error")
    def load(self):
        self._clear()
        self._fetch(_id(self._route_arg("license_id")))

    def _clear(self) -> None:
        self.current, self.history, self.compliance, self.error = AuditUnderWayView(), [], ComplianceView(), ""
        self.wizard_open, self.errors = False, {}

    def _fetch(self, license_id: int) -> None:
        self.lic_id = license_id
        try:
            with read_session() as session:
                audit = usage_audits.in_progress(session, license_id)
                entries = usage_audits.history(session, license_id)
                drift = usage_audits.drift(session, license_id)
                health = license_health.compliance_of(session, license_id)
        except NotFound:
            self.lic_id, self.current, self.history, self.compliance = 0, AuditUnderWayView(), [], ComplianceView()
            return
        self.current = (
            AuditUnderWayView(
                running=True, started=_when(audit.started_at), started_by=audit.started_by, before=audit.seats_before
            )
            if audit
            else AuditUnderWayView()
        )
        self.history = [_entry(a) for a in entries[:HISTORY_LIMIT]]
        self.history_total = len(entries)
        self.seats_used, self.assigned, self.drift = drift.seats_used, drift.active_assignments, drift.drift
        self.compliance = ComplianceView(
            status=health.status,
            computed=health.computed,
            override=health.override or "",
            color=COMPLIANCE_COLORS.get(health.status, "gray"),
            consumed=health.consumed,
        )

    def _license(self) -> int:
        return _id(self.lic_id)

    def _changed(self, message: str):
        self._fetch(self._license())
        return [rx.toast.success(message), LicenseDetailState.refresh]

    @handler("audits", toast=True)
    def start(self):
        license_id = self._license()
        with write_session() as session:
            audit = usage_audits.start(session, self._actor(), license_id)
            before = audit.seats_before
        return self._changed(f"Usage audit started: {_plural(before, 'seat')} used before the cleanup")

    @handler("audits", toast=True)
    def open_complete(self):
        if not self.current.running:
            self._fetch(self._license())
        self.seats_after, self.errors, self.error = str(self.seats_used), {}, ""
        self.reclaim_holders, self.reclaim_needed = [], 0
        self.form_key += 1
        self.wizard_open = True

    @handler("audits")
    def set_wizard_open(self, open: bool):
        self.wizard_open = bool(open) and self.wizard_open

    @handler("audits", error="error", toast=True)
    def complete(self, form: dict):
        data = form if isinstance(form, dict) else {}
        months = _choice(data.get("next_audit"), NEXT_AUDIT, "")
        license_id = self._license()
        self.seats_after = _text(data.get("seats_after"), 12)
        try:
            with write_session() as session:
                audit = usage_audits.complete(
                    session,
                    self._actor(),
                    license_id,
                    seats_after=self.seats_after,
                    notes=_text(data.get("notes"), usage_audits.MAX_NOTES + 1),
                    next_audit_months=int(months) if months else None,
                    reclaim_ids=_chosen(data),
                )
                before, after, next_on = audit.seats_before, audit.seats_after, audit.next_audit_on
        except usage_audits.ReclaimNeeded as exc:
            self.errors = dict(exc.errors)
            self.reclaim_needed = exc.shortfall
            self.reclaim_holders = [
                HolderChoiceView(id=str(h.assignment_id), name=h.name or f"Seat #{h.assignment_id}")
                for h in exc.holders[:RECLAIM_LIST_MAX]
            ]
            return None
        except ValidationError as exc:
            self.errors = dict(exc.errors)
            return None
        self.wizard_open, self.errors, self.reclaim_holders, self.reclaim_needed = False, {}, [], 0
        delta = after - before
        change = "no change" if not delta else f"{'+' if delta > 0 else ''}{delta}"
        scheduled = f"; next audit {_fmt_date(next_on)}" if next_on else ""
        return self._changed(f"Usage audit completed: {before} → {after} seats ({change}){scheduled}")

    @handler("audits", toast=True)
    def cancel(self):
        with write_session() as session:
            usage_audits.cancel(session, self._actor(), self._license())
        return self._changed("Usage audit cancelled: seats used left as it was")

    @handler("license.manage", toast=True)
    def mark_review(self):
        with write_session() as session:
            compliance.set_override(session, self._actor(), self._license(), REVIEW)
        return self._changed("Compliance status set to Review Required")

    @handler("license.manage", toast=True)
    def clear_review(self):
        with write_session() as session:
            compliance.clear_override(session, self._actor(), self._license())
        self._fetch(self._license())
        return [rx.toast.success(f"Compliance status cleared: {self.compliance.status}"), LicenseDetailState.refresh]
