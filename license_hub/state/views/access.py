"""Rows of the access pages: users and roles (Settings → Users) and API tokens
(account page). Only a token's prefix passes on, never its secret or hash."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class UserView:
    id: int
    name: str
    email: str
    role: str
    active: bool
    must_change: bool
    last_sign_in: str
    initials: str
    avatar_color: str
    is_me: bool


@dataclass(frozen=True)
class PermissionBadgeView:
    key: str
    label: str
    description: str


@dataclass(frozen=True)
class RoleView:
    id: int
    name: str
    built_in: bool
    users: str
    perms: list[PermissionBadgeView] = field(default_factory=list)


@dataclass(frozen=True)
class TokenRowView:
    id: str
    name: str
    owner: str
    mine: str
    prefix: str
    scopes: str
    created: str
    expires: str
    status: str
    last_used: str
