"""Typed rows for capacity planning, the compliance score and scheduled reports."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CapacityRowView:
    license_id: int
    name: str
    product: str
    seats: str  # "12 / 20"
    trend: str  # "+0.50 seats a day"
    forecast: str
    tone: str  # badge colour: red full, amber within 30 days, gray otherwise


@dataclass(frozen=True)
class ProductScoreView:
    catalog_entry_id: int
    product: str
    score: int
    tone: str
    findings: int


@dataclass(frozen=True)
class DeductionView:
    catalog_entry_id: int
    product: str
    text: str
    points: int
    href: str


@dataclass(frozen=True)
class ScheduleView:
    id: int
    name: str
    report: str
    recipients: str
    cadence: str  # "Weekly on Monday" / "Monthly on day 1"
    next_run: str
    last_run: str
    last_status: str
    last_error: str
    active: bool
