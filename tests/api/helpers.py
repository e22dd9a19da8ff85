"""Builders for API tests: a user with a role, and an API token for them."""

from __future__ import annotations

from sqlmodel import select

from license_hub.db import write_session
from license_hub.models import AppUser, Role
from license_hub.services.access import accounts as access
from license_hub.services.access import tokens

PASSWORD = "correct horse battery"


def make_user(role: str = "Admin", email: str | None = None) -> access.Principal:
    """A user with `role` (created once per email); returns them as a Principal."""
    email = email or f"{role.replace(' ', '').lower()}@example.com"
    with write_session() as s:
        user = s.exec(select(AppUser).where(AppUser.email == email)).first()
        if user is None:
            user = access.create_user(s, "setup", email=email, password=PASSWORD, role=role)
        role_row = s.get(Role, user.role_id)
        return access.Principal(user.id, user.email, user.name, role_row.name, frozenset(role_row.permissions.split()))


def make_token(
    role: str = "Admin",
    scopes: list[str] | None = None,
    email: str | None = None,
    name: str = "CI sync",
    expires_in_days: int | None = 30,
) -> str:
    """The secret of a new API token for a user with `role`; scopes default to all the role may hold."""
    user = make_user(role, email)
    wanted = scopes if scopes is not None else tokens.grantable_scopes(user.permissions)
    with write_session() as s:
        _, secret = tokens.create(
            s, user, user_id=user.user_id, name=name, scopes=wanted, expires_in_days=expires_in_days
        )
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
