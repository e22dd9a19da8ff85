"""Rows of the report pages: renewals, the utilization ranking and dormant seats."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RenewalView:
    key: str
    license_id: int
    href: str
    date: str
    iso: str
    days: int
    days_text: str
    urgency: str
    kind: str
    label: str
    software: str
    license: str
    vendor: str
    owner: str
    cost: str
    auto_renew: bool


@dataclass(frozen=True)
class RankingView:
    id: int
    rank: int
    software: str
    name: str
    href: str
    users_href: str
    seat_type: str
    fill: float
    fill_text: str
    color: str
    used: int
    total: int
    dormant: int
    savings: str


@dataclass(frozen=True)
class DormantSeatView:
    id: int
    holder: str
    email: str
    license: str
    href: str
    users_href: str
    signal: str
    weak: bool
    color: str
    seen: str
    ago: str
    cost: str
    reclaimable: bool


@dataclass(frozen=True)
class ComplianceRowView:
    """A product of the dashboard's software compliance grid."""

    key: str
    product: str
    href: str
    licenses: int
    purchased: str
    used: str
    installed: str
    unlicensed: int
    status: str
    color: str
    detail: str


@dataclass(frozen=True)
class CapacityAlertView:
    id: int
    href: str
    title: str
    fill: float
    fill_text: str
    color: str
    seats: str
    threshold: str
    next_date: str = ""  # "12 Mar 2027 · in 20 days": the urgency's second key


@dataclass(frozen=True)
class UpcomingRenewalView:
    """A renewal in the dashboard's "next renewals" panel."""

    key: str
    href: str
    title: str
    software: str
    label: str
    date: str
    days: str
    urgent: bool
    cost: str
    auto_renew: bool


@dataclass(frozen=True)
class CalendarEntryView:
    """A renewal or expiry in the spend page's calendar."""

    key: str
    day: str
    weekday: str
    iso: str
    kind: str
    kind_label: str
    title: str
    href: str
    vendor: str
    auto_renew: bool
    amount: str
    cycle: str
    soon: bool


@dataclass(frozen=True)
class CalendarMonthView:
    key: str
    label: str
    count: int
    total: str
    entry_rows: list[CalendarEntryView] = field(default_factory=list)
    more: str = ""  # "and 40 more this month" when the month holds more than the page shows


@dataclass(frozen=True)
class SignalView:
    """How many seats one usage signal covers on the utilization page."""

    signal: str
    seats: int
    dormant: int
    weak: bool
    color: str


@dataclass(frozen=True)
class PlanLineView:
    """A license in the reclaim plan's preview: its dormant seats and their savings."""

    software: str
    seats: int
    savings: str
