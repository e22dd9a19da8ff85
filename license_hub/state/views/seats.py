"""Rows of "View all users" (seed 003): one seat holder of a license."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SeatHolderView:
    """The key is already masked."""

    id: int
    holder: str
    person_href: str
    email: str
    department: str
    device: str
    seat_key: str
    activated: str
    assigned: str
    assigned_by: str
    last_used: str
    signal: str
    signal_color: str
    signal_hint: str
    last_seen: str
    status: str
    status_color: str
    terminated: bool
    revoked: bool
    reclaimed: str
    reclaimed_by: str


@dataclass(frozen=True)
class SeatLicenseView:
    """The license whose seats the "View all users" page lists; empty (id 0) until loaded."""

    id: int = 0
    title: str = ""
    software: str = ""
    href: str = ""
    seats: str = ""
    seat_type: str = ""
    reassignable: bool = False
