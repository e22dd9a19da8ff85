"""The "Reclaim dormant seats" dialog of /utilization: a preview (how many seats,
what they cost a year), a confirmation, then the work in batches with a progress
bar — or, with "Ask holders first", a keep-or-give-up question to each holder.

Both the preview and the run are background events: the maths and the bulk
changes run in worker threads, and the dialog's progress is updated between
batches. Every seat is re-checked under its license lock when it is reclaimed."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.seats import reclaim, reclaim_plan
from license_hub.state import report_views as rv
from license_hub.state.base import AppState, _choice, _flag, _plural, handler
from license_hub.state.reclaim_requests import ReclaimRequestsState
from license_hub.state.utilization import DEFAULT_WINDOW, UtilizationState, window_or
from license_hub.state.views.formatting import MoneyLineView
from license_hub.state.views.reports import PlanLineView

ASK_DAYS = ["3", "7", "14", "30"]
DEFAULT_ASK_DAYS = "14"
BATCH = 500
PREVIEW_LINES = 6


def _preview(window_days: int) -> dict[str, Any]:
    with read_session() as session:
        plan = reclaim_plan.plan(
            session, window_days=window_days, rates=rv.rates(), workspace_currency=rv.workspace_currency()
        )
    lines = [ln for ln in plan.lines if ln.seats]
    return {
        "plan_seats": plan.seats,
        "plan_licenses": len(lines),
        "plan_lines": [
            PlanLineView(
                software=ln.product if not ln.name or ln.name == ln.product else f"{ln.product} · {ln.name}",
                seats=ln.seats,
                savings=rv.amount(ln.savings, ln.currency) if ln.annual_cost_per_seat is not None else "Cost unknown",
            )
            for ln in lines[:PREVIEW_LINES]
        ],
        "plan_more": max(len(lines) - PREVIEW_LINES, 0),
        "plan_savings": rv.money_lines(plan.by_currency),
        "plan_converted": rv.converted_line(
            plan.by_currency, plan.converted_total, plan.workspace_currency, plan.not_converted
        ),
        "held_back": plan.held_back,
        "awaiting": plan.awaiting,
        "_plan_ids": plan.license_ids,
    }


def _seat_ids(license_id: int, window_days: int) -> list[int]:
    with read_session() as session:
        return reclaim_plan.dormant_seat_ids(session, license_id, window_days=window_days)


def _batch(actor: str, license_id: int, ids: list[int], window_days: int, ask_days: int) -> tuple[int, list[str], str]:
    """One transaction: reclaim (or ask about) these seats and notify their holders."""
    with write_session() as session:
        if ask_days:
            asked = reclaim.request_confirmation(session, actor, ids, days=ask_days)
            reclaim_plan.notify_asked(
                session, license_id, asked.person_ids, asked.respond_by, request_ids=asked.request_ids
            )
            return len(asked.request_ids), [r for _, r in asked.skipped], rv.day(asked.respond_by)
        done = reclaim.reclaim_dormant(session, actor, ids, window_days=window_days)
        reclaim_plan.notify_reclaimed(session, license_id, done.person_ids, window_days=window_days)
        return done.reclaimed, [r for _, r in done.skipped], ""


class ReclaimState(AppState):
    open: bool = False
    planning: bool = False
    window: str = DEFAULT_WINDOW
    plan_seats: int = 0
    plan_licenses: int = 0
    plan_lines: list[PlanLineView] = []
    plan_more: int = 0
    plan_savings: list[MoneyLineView] = []
    plan_converted: str = ""
    held_back: int = 0
    awaiting: int = 0
    ask_first: bool = False
    ask_days: str = DEFAULT_ASK_DAYS
    running: bool = False
    finished: bool = False
    licenses_done: int = 0
    seats_seen: int = 0
    seats_done: int = 0
    result: str = ""
    skipped: list[str] = []
    error: str = ""
    _plan_ids: list[int] = []

    @rx.var
    def progress(self) -> int:
        if self.finished:
            return 100
        return min(100, round(self.seats_seen * 100 / self.plan_seats)) if self.plan_seats else 0

    @handler("license.assign", toast=True, background=True)
    async def open_dialog(self):
        """Show the preview for the page's dormancy window."""
        async with self:
            if self.running:
                self.open = True
                return
            page = await self.get_state(UtilizationState)
            self.window = window_or(page.window, page.workspace_window)
            self.open, self.planning, self.finished, self.error = True, True, False, ""
            self.result, self.skipped, self.plan_seats, self._plan_ids = "", [], 0, []
            window = int(self.window)
        try:
            data = await asyncio.to_thread(_preview, window)
        finally:
            async with self:
                self.planning = False
        async with self:
            for name, value in data.items():
                setattr(self, name, value)

    @handler("license.assign")
    def set_open(self, open: bool):
        if not self.running:  # the dialog stays while the work runs
            self.open = _flag(open)

    @handler("license.assign")
    def set_ask_first(self, value: bool):
        self.ask_first = _flag(value)

    @handler("license.assign")
    def set_ask_days(self, value: str):
        self.ask_days = _choice(value, ASK_DAYS, DEFAULT_ASK_DAYS)

    @handler("license.assign", toast=True, background=True)
    async def run(self):
        """Reclaim (or ask about) the previewed licenses' dormant seats, batch by batch."""
        async with self:
            if self.running or self.planning or not self._plan_ids:
                return None
            actor, window, licenses = self._actor(), int(self.window), list(self._plan_ids)
            ask = int(self.ask_days) if self.ask_first else 0
            self.running, self.finished, self.error = True, False, ""
            self.licenses_done = self.seats_seen = self.seats_done = 0
        done, reasons, respond_by = 0, Counter(), ""
        try:
            for license_id in licenses:
                ids = await asyncio.to_thread(_seat_ids, license_id, window)
                for start in range(0, len(ids), BATCH):
                    part = ids[start : start + BATCH]
                    n, skipped, when = await asyncio.to_thread(_batch, actor, license_id, part, window, ask)
                    done, respond_by = done + n, when or respond_by
                    reasons.update(skipped)
                    async with self:
                        self.seats_seen += len(part)
                        self.seats_done = done
                async with self:
                    self.licenses_done += 1
        finally:
            async with self:
                self.running = False
        if ask:
            result = (
                f"Asked {_plural(done, 'holder')} to keep or give up their seat by {respond_by}"
                if done
                else "No holder to ask: these seats have no person behind them"
            )
        else:
            result = f"Reclaimed {_plural(done, 'dormant seat')} from {_plural(len(licenses), 'license')}"
        async with self:
            self.finished, self.result = True, result
            self.skipped = [f"{_plural(n, 'seat')} skipped: {reason}" for reason, n in reasons.most_common()]
        toast = rx.toast.success(result) if done else rx.toast.info(result)
        return [toast, UtilizationState.load, ReclaimRequestsState.load]
