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
    username: str = ""
    employee_id: str = ""


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
    serial: str = ""
    location: str = ""


@dataclass(frozen=True)
class PersonPickView:
    """A contact offered or picked in a search box; empty (id 0) when none is picked."""

    id: int = 0
    name: str = ""
    email: str = ""
    department: str = ""
    initials: str = ""
    avatar_color: str = ""


@dataclass(frozen=True)
class DevicePickView:
    """A device offered or picked in a search box; empty (id 0) when none is picked."""

    id: int = 0
    name: str = ""
    hostname: str = ""
    owner: str = ""
    os: str = ""


@dataclass(frozen=True)
class DepartmentOptionView:
    name: str
    members: int
    label: str


@dataclass(frozen=True)
class RefusalView:
    """Someone a bulk assignment could not give a seat to, and why."""

    id: int
    name: str
    reason: str


@dataclass(frozen=True)
class OptionView:
    """One choice of a select: the value sent back and the label shown."""

    value: str
    label: str


@dataclass(frozen=True)
class ImportProblemView:
    """A problem a directory import's dry run found: where, and what is wrong."""

    row: str
    column: str
    message: str


@dataclass(frozen=True)
class FormerSeatView:
    """A seat a reactivated person held until they left (nothing is restored by itself)."""

    id: int
    license: str
    license_href: str
    software: str
    reclaimed: str


@dataclass(frozen=True)
class MergeConflictView:
    license: str
    reclaimed_from: str


@dataclass(frozen=True)
class MergePreviewView:
    """What merging the duplicate into the kept person will do; empty (keep_id 0) before a pick."""

    keep_id: int = 0
    keep_name: str = ""
    merge_id: int = 0
    merge_name: str = ""
    seats_moving: int = 0
    history_moving: int = 0
    devices: int = 0
    others: str = ""  # hosts, owned licenses, accounts, reports, in words
    filled: str = ""  # fields the kept person takes from the duplicate
    problems: str = ""


@dataclass(frozen=True)
class ImportPlanRowView:
    """One line of a people import's preview: what happens to whom."""

    row: str
    action: str  # new | updated | deactivate
    name: str
    email: str
    fields: str  # for an update, the fields it changes
