"""The Leases pages of a floating pool — /publishing/licenses/[license_id]/leases for
a publisher's issued floating license, /licenses/[license_id]/leases for one of our
own concurrent licenses: open leases (borrowed flagged), the queue, recent denials
and queue events, the concurrent-use chart with its peak, right-sizing, the CSV
link, and for managers the pool's settings and releasing a lease."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.models import FloatingPool, License, PublishedLicense, PublishingPolicy
from license_hub.models.types import utcnow
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.floating import charts, leases, pools, views
from license_hub.services.reports.chart_text import ChartText, describe
from license_hub.services.reports.charts import Figure, blank
from license_hub.state.base import AppState, BadArgument, _choice, _id, _plural, _text, handler

DAYS = ("1", "7", "30", "90")
DIMENSIONS = ("license", "user", "department", "project")
EVENT_LABELS = {"denial": "Denied", "queue": "Queued", "dequeue": "Left the queue", "timeout": "Timed out"}


@dataclass(frozen=True)
class LeaseView:
    id: int
    user: str
    host: str
    department: str
    project: str
    since: str
    until: str
    borrowed: bool
    lingering: bool


@dataclass(frozen=True)
class QueueView:
    id: int
    position: int
    user: str
    host: str
    department: str
    state: str
    joined: str


@dataclass(frozen=True)
class EventView:
    id: int
    what: str
    at: str
    user: str
    host: str


@dataclass(frozen=True)
class UsageView:
    key: str
    peak: int
    hours_used: str
    hours_available: str
    denials: int
    wait_p50: str
    wait_p95: str


def _stamp(moment: datetime | None) -> str:
    return moment.strftime("%d %b %H:%M:%S") if moment else "—"


def _secs(value: float | None) -> str:
    return "—" if value is None else f"{value:g} s"


class FloatingLeasesState(AppState):
    kind: str = ""
    pool_license_id: int = 0
    title: str = ""
    back_href: str = ""
    back_label: str = ""
    seats_text: str = ""
    open_count: int = 0
    peak: int = 0
    right_size: str = ""
    advice: str = ""
    days: str = "7"
    dimension: str = "license"
    lease_rows: list[LeaseView] = []
    queue_rows: list[QueueView] = []
    event_rows: list[EventView] = []
    usage_rows: list[UsageView] = []
    chart: Figure = blank()
    chart_text: ChartText = ChartText()
    csv_href: str = ""
    can_manage: bool = False
    can_export: bool = False
    ttl_minutes: str = "10"
    linger_seconds: str = "0"
    borrow_max_hours: str = "168"
    claim_window_seconds: str = "120"
    priority_rules: str = ""
    not_found: str = ""
    error: str = ""

    def _published(self) -> bool:
        return str(self.router.url.path or "").startswith("/publishing/")

    def _manage_permission(self) -> str:
        return "publishing" if self._published() else "license.manage"

    def _check_kind(self) -> None:
        """The page's own permission on top of license.view (publishing for issued licenses)."""
        if self._published():
            self._require("publishing")

    @handler("license.view")
    def load(self):
        self._check_kind()
        self.error, self.not_found = "", ""
        self.days = _choice(self._query("days"), DAYS, "7")
        try:
            self.pool_license_id = _id(self._route_arg("license_id"))
        except BadArgument:
            self.not_found = "This license does not exist"
            return
        self._fetch()

    def _pool(self, session) -> FloatingPool | None:
        if self.kind == "published":
            lic = session.get(PublishedLicense, self.pool_license_id)
            if lic is None:
                raise NotFound("This license does not exist")
            if session.get(PublishingPolicy, lic.policy_id).license_model != "floating":
                raise DomainError(pools.NOT_FLOATING)
            self.title, self.back_href = f"Leases · published license #{lic.id}", f"/publishing/licenses/{lic.id}"
            self.back_label = "Issued license"
            return pools.find_pool(session, published_license_id=self.pool_license_id)
        own = session.get(License, self.pool_license_id)
        if own is None or own.archived_at is not None:
            raise NotFound("This license does not exist")
        self.title, self.back_href, self.back_label = f"Leases · {own.name}", f"/licenses/{own.id}", own.name
        return views.own_pool(session, self.pool_license_id)

    def _fetch(self) -> None:
        self.error = ""
        self.kind = "published" if self._published() else "own"
        self.can_manage = self._may(self._manage_permission())
        self.can_export = self._may("publishing" if self.kind == "published" else "reports")
        now = utcnow()
        try:
            with read_session() as s:
                pool = self._pool(s)
                start = now - timedelta(days=int(self.days))
                rep, seats, ceiling = views.report(s, pool, start, now)
                grouped = rep if self.dimension == "license" else views.report(s, pool, start, now, self.dimension)[0]
                opened = views.open_leases(s, pool.id, now) if pool else []
                waiting = views.queue_rows(s, pool.id) if pool else []
                recent = views.recent_events(s, pool.id, tuple(EVENT_LABELS)) if pool else []
                if pool is None and self.kind == "published":
                    seats, ceiling, _ = pools.describe(s, FloatingPool(published_license_id=self.pool_license_id))
        except DomainError as exc:
            self.not_found = exc.message
            return
        self._settings(pool)
        self.lease_rows = [
            LeaseView(
                x.id,
                x.user,
                x.host or "—",
                x.department or "—",
                x.project or "—",
                _stamp(x.checked_out_at),
                _stamp(x.expires_at),
                x.borrowed,
                x.lingering,
            )
            for x in opened
        ]
        self.queue_rows = [
            QueueView(q.id, q.position, q.user, q.host or "—", q.department or "—", q.state, _stamp(q.joined_at))
            for q in waiting
        ]
        self.event_rows = [
            EventView(e.id, EVENT_LABELS[e.kind], _stamp(e.occurred_at), e.user, e.host or "—") for e in recent
        ]
        self.open_count = sum(1 for x in opened if not x.lingering)
        self.seats_text = (
            "Unlimited"
            if seats is None
            else (f"{seats}" if ceiling == seats else f"{seats} (up to {ceiling} with overage)")
        )
        self.peak = rep.peak if rep else 0
        size = rep.right_size if rep else 0
        self.right_size = _plural(size, "seat")
        self.advice = rep.advice if rep else "No check-outs yet: leases, the queue and peak use appear here."
        self.usage_rows = [
            UsageView(
                r.key,
                r.peak,
                f"{r.hours_used:g}",
                "—" if r.hours_available is None else f"{r.hours_available:g}",
                r.denials,
                _secs(r.wait_p50),
                _secs(r.wait_p95),
            )
            for r in (grouped.rows if grouped else [])
        ]
        self.chart = charts.concurrent_use(rep)
        self.chart_text = describe(self.chart)
        base = "published" if self.kind == "published" else "own"
        self.csv_href = (
            f"/api/v1/floating/{base}/{self.pool_license_id}/usage.csv?days={self.days}&dimension={self.dimension}"
        )

    def _settings(self, pool: FloatingPool | None) -> None:
        p = pool or FloatingPool()
        self.ttl_minutes, self.linger_seconds = str(p.ttl_minutes), str(p.linger_seconds)
        self.borrow_max_hours, self.claim_window_seconds = str(p.borrow_max_hours), str(p.claim_window_seconds)
        self.priority_rules = p.priority_rules

    @handler("license.view", toast=True)
    def refresh(self):
        self._check_kind()
        self._fetch()

    @handler("license.view", toast=True)
    def set_dimension(self, dimension: str | list[str]):
        self._check_kind()
        self.dimension = _choice(dimension, DIMENSIONS, "license")
        self._fetch()

    @handler("license.view", toast=True)
    def set_days(self, days: str | list[str]):
        self._check_kind()
        self.days = _choice(days, DAYS, "7")
        self._fetch()

    def _write_pool(self, session) -> int:
        key = "published_license_id" if self._published() else "license_id"
        return pools.pool_for(session, **{key: _id(self.pool_license_id)}).id

    @handler("license.view", toast=True)
    def release(self, lease_id: int):
        self._check_kind()
        self._require(self._manage_permission())
        lease = _id(lease_id)
        with write_session() as s:
            pool_id = self._write_pool(s)
        leases.check_in(self._actor(), pool_id, lease)
        self._fetch()
        return rx.toast.success("Lease released")

    @handler("license.view", toast=True)
    def save_settings(self, form: dict):
        self._check_kind()
        self._require(self._manage_permission())
        values: dict[str, object] = {"priority_rules": _text(form.get("priority_rules"), 5000)}
        for name in pools.LIMITS:
            raw = _text(form.get(name), 10)
            if not raw.isdigit():
                raise ValidationError({name: "Enter a whole number"})
            values[name] = int(raw)
        with write_session() as s:
            pools.configure(s, self._actor(), self._write_pool(s), **values)
        self._fetch()
        return rx.toast.success("Pool settings saved")
