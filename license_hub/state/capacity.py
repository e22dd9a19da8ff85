"""Capacity planning (seed 004): the license page's forecast panel and the /capacity
list of licenses by days until full."""

from __future__ import annotations

import asyncio
from datetime import date

from license_hub.db import read_session
from license_hub.services.core import money
from license_hub.services.reports import forecast as fc
from license_hub.state.base import AppState, _fmt_date, _id, handler
from license_hub.state.views.capacity import CapacityRowView

SOON_DAYS = 30
SUBTITLE = (
    f"When each license fills up, from a least-squares trend of its seats in use over the last {fc.WINDOW_DAYS} days."
)


def _trend(slope: float | None) -> str:
    if slope is None:
        return "—"
    return f"{slope:+.2f} seats a day"


def _tone(f: fc.Forecast) -> str:
    if f.days_until_full is None:
        return "gray"
    return "red" if f.days_until_full == 0 else ("amber" if f.days_until_full <= SOON_DAYS else "blue")


class CapacityPanelState(AppState):
    """The forecast panel on a license's page."""

    forecast: str = ""
    tone: str = "gray"
    basis: str = ""
    sizing: str = ""
    saving: str = ""
    error: str = ""

    @handler("license.view")
    def load(self):
        self._clear()
        self._show(_id(self._route_arg("license_id")))

    def _clear(self) -> None:
        self.forecast, self.basis, self.sizing, self.saving, self.tone = "", "", "", "", "gray"

    def _show(self, license_id: int) -> None:
        with read_session() as s:
            found = fc.license_forecast(s, license_id, date.today())
        if found is None:
            return
        f, sizing = found
        self.forecast, self.tone = f.label, _tone(f)
        if f.slope_per_day is not None:
            self.basis = (
                f"Linear trend of seats in use over the last {fc.WINDOW_DAYS} days: {_trend(f.slope_per_day)}; "
                f"{f.current} in use today, peak {f.peak}, {f.seats_total} bought."
            )
        if sizing is not None:
            need = "peak" if sizing.projected <= f.peak else "projected use"
            self.sizing = (
                f"Renew on {_fmt_date(sizing.renewal_on)} with {sizing.recommended} seats: the {need} "
                f"({max(sizing.projected, f.peak)}) plus {fc.HEADROOM_PCT}% headroom."
            )
            if sizing.saving and sizing.change != 0:  # None (cost unknown) or 0 (free seats): no figure
                word = "Saves" if sizing.saving > 0 else "Costs"
                self.saving = f"{word} {money.fmt(abs(sizing.saving), sizing.currency)} a year"


def _capacity() -> list[fc.CapacityRow]:
    """The pandas work, off the event loop."""
    with read_session() as s:
        return fc.capacity(s, date.today())


class CapacityState(AppState):
    rows: list[CapacityRowView] = []
    loaded: bool = False
    error: str = ""

    @handler("reports", background=True)
    async def load(self):
        found = await asyncio.to_thread(_capacity)
        rows = [
            CapacityRowView(
                r.license_id,
                r.name,
                r.product,
                f"{r.seats_used} / {r.seats_total}",
                _trend(r.forecast.slope_per_day),
                r.forecast.label,
                _tone(r.forecast),
            )
            for r in found[:500]
        ]
        async with self:
            self.rows, self.loaded, self.error = rows, True, ""
