"""Rows of the people and devices pages."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PersonRowView:
    id: int
    href: str
    name: str
    email: str
    department: str
    location: str
    manager: str
    manager_href: str
    status: str
    last_sign_in: str
    seats: int
    initials: str
    avatar_color: str


@dataclass(frozen=True)
class TerminatedSeatView:
    """An active seat held by an offboarded contact (the "Terminated contacts' seats" view)."""

    id: int
    license_href: str
    software: str
    license: str
    person_href: str
    name: str
    email: str
    offboarded: str
    activated: str
    reclaimable: bool


@dataclass(frozen=True)
class DeviceRowView:
    id: int
    href: str
    name: str
    hostname: str
    owner: str
    owner_href: str
    os: str
    seats: int
