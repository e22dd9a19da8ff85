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


@dataclass(frozen=True)
class ProfileSeatView:
    """A seat on a person's or device's profile; the key is already masked."""

    id: int
    license_href: str
    software: str
    license: str
    activated: str
    last_used: str
    seat_key: str
    device: str


@dataclass(frozen=True)
class HeldSeatView:
    """A seat in the offboarding preview: reclaimed, or kept with the reason."""

    id: int
    license: str
    software: str
    cost: str
    activated: str
    reason: str


@dataclass(frozen=True)
class PersonProfileView:
    """The person a profile page shows; empty (id 0) until one is loaded."""

    id: int = 0
    name: str = ""
    email: str = ""
    department: str = ""
    location: str = ""
    manager: str = ""
    manager_href: str = ""
    status: str = ""
    last_sign_in: str = ""
    added: str = ""
    offboarded_on: str = ""
    offboarded: bool = False
    initials: str = ""
    avatar_color: str = ""


@dataclass(frozen=True)
class DeviceProfileView:
    """The device a profile page shows; empty (id 0) until one is loaded."""

    id: int = 0
    name: str = ""
    hostname: str = ""
    os: str = ""
    owner: str = ""
    owner_href: str = ""
    added: str = ""
    archived: bool = False
