"""API tokens: a script or integration acting for one user, limited by scopes.

The secret is shown once, at creation; only its SHA-256 is kept. A token is found
by its prefix and its hash compared in constant time. It never does more than
its user may: every use checks the token's scopes against the user's role as it
is now, so demoting or deactivating the user demotes or stops the token.
Revocation and expiry are read on every request, so they take effect on the next
one. The last-used time and address are written at most once a minute per token:
authenticating takes no write lock on the other requests.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets as pysecrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, select

from license_hub.db import read_session, write_session
from license_hub.models import ApiToken, AppUser, Role
from license_hub.models.types import utcnow
from license_hub.services.access.accounts import Principal
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import DomainError, NotFound, ValidationError

# Every scope a token may carry, with what it lets the holder do. Add a scope with
# one line here and one in SCOPE_PERMISSIONS.
SCOPES: dict[str, str] = {
    "licenses:read": "Read the catalog, licenses, seats, people, devices, usage audits and renewals",
    "licenses:write": "Add, edit and archive licenses and catalog entries; record usage audits",
    "seats:write": "Assign, reclaim and transfer seats",
    "keys:reveal": "Reveal product and seat keys (every reveal is audited)",
    "people:write": "Add and edit people and devices",
    "reports:read": "Utilization, savings, spend and compliance reports",
    "audit:read": "Read the audit log",
    "import": "Import licenses and seat assignments",
    "scim": "Provision people and users through SCIM",
    "agent:report": "Report software found on devices (the endpoint agent)",
}

# The app permissions a scope needs: a token's scope works only while its user
# holds every one of them.
SCOPE_PERMISSIONS: dict[str, frozenset[str]] = {
    "licenses:read": frozenset({"license.view"}),
    "licenses:write": frozenset({"license.view", "license.manage"}),
    "seats:write": frozenset({"license.view", "license.assign"}),
    "keys:reveal": frozenset({"license.view", "key.reveal"}),
    "people:write": frozenset({"license.view", "license.manage"}),
    "reports:read": frozenset({"reports"}),
    "audit:read": frozenset({"audits"}),
    "import": frozenset({"license.view", "license.manage", "license.assign"}),
    "scim": frozenset({"admin"}),
    "agent:report": frozenset({"license.manage"}),
}

TOKEN_PREFIX = "lh_"
PREFIX_LENGTH = 12  # "lh_" and 9 random characters: shown in lists, used to find the row
MAX_NAME = 100
MAX_EXPIRY_DAYS = 366
EXPIRY_CHOICES = (7, 30, 90, 180, 366)
TOUCH_EVERY = timedelta(minutes=1)

INVALID_TOKEN = "This API token is not valid"
EXPIRED_TOKEN = "This API token has expired"
REVOKED_TOKEN = "This API token was revoked"
INACTIVE_USER = "The user this API token belongs to is deactivated"


class TokenRefused(DomainError):
    """Authentication failed; `code` names why (stable, for API clients)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class ApiPrincipal:
    """Who is calling the API: the user, through which token (None for the browser's
    own session), with which scopes, from where."""

    user: Principal
    token_id: int | None
    token_name: str
    scopes: frozenset[str]
    address: str = ""

    @property
    def actor(self) -> str:
        """How the audit trail names the caller."""
        if self.token_id is None:
            return self.user.email
        return f"{self.user.email} via token '{self.token_name}'"

    def allows(self, scope: str) -> bool:
        """The token carries the scope and its user still holds what the scope needs."""
        needs = SCOPE_PERMISSIONS.get(scope)
        return needs is not None and scope in self.scopes and needs <= self.user.permissions

    def can(self, permission: str) -> bool:
        """The user holds the permission and one of the token's scopes covers it."""
        return self.user.can(permission) and any(
            permission in SCOPE_PERMISSIONS[s] for s in self.scopes if s in SCOPE_PERMISSIONS
        )


@dataclass(frozen=True)
class TokenView:
    """A token as lists show it: never the secret, never the hash."""

    id: int
    name: str
    user_id: int
    owner_email: str
    created_by: str
    prefix: str
    scopes: tuple[str, ...]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    last_used_ip: str
    revoked_at: datetime | None

    def status(self, now: datetime | None = None) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= (now or utcnow()):
            return "expired"
        return "active"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def grantable_scopes(permissions: frozenset[str]) -> list[str]:
    """The scopes a user with these permissions may put on a token, in registry order."""
    return [scope for scope, needs in SCOPE_PERMISSIONS.items() if needs <= permissions]


def _permissions_of(session: Session, user: AppUser) -> frozenset[str]:
    role = session.get(Role, user.role_id)
    return frozenset((role.permissions if role else "").split())


def _principal_of(session: Session, user: AppUser) -> Principal:
    role = session.get(Role, user.role_id)
    return Principal(user.id, user.email, user.name, role.name if role else "", _permissions_of(session, user))


def _validate(
    session: Session, owner: AppUser, name: str, scopes: list[str], expires_in_days: int | None
) -> tuple[str, list[str]]:
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        errors["name"] = f"Give the token a name (up to {MAX_NAME} characters)"
    elif session.exec(
        select(ApiToken.id).where(ApiToken.user_id == owner.id, ApiToken.name == name, ApiToken.revoked_at.is_(None))
    ).first():
        errors["name"] = f"A token named {name} already exists"
    wanted = sorted(set(scopes or []), key=lambda s: list(SCOPES).index(s) if s in SCOPES else len(SCOPES))
    unknown = [s for s in wanted if s not in SCOPES]
    beyond = [s for s in wanted if s in SCOPES and s not in grantable_scopes(_permissions_of(session, owner))]
    if not wanted:
        errors["scopes"] = "Choose at least one scope"
    elif unknown:
        errors["scopes"] = f"Unknown scopes: {', '.join(unknown)}"
    elif beyond:
        errors["scopes"] = f"{owner.email} may not use these scopes: {', '.join(beyond)}"
    if expires_in_days is not None and (
        isinstance(expires_in_days, bool)
        or not isinstance(expires_in_days, int)
        or not 1 <= expires_in_days <= MAX_EXPIRY_DAYS
    ):
        errors["expires"] = f"Choose an expiry between 1 and {MAX_EXPIRY_DAYS} days"
    if errors:
        raise ValidationError(errors)
    return name, wanted


def create(
    session: Session,
    actor: Principal,
    *,
    user_id: int,
    name: str,
    scopes: list[str],
    expires_in_days: int | None,
    now: datetime | None = None,
) -> tuple[TokenView, str]:
    """Create a token for `user_id` (the actor themselves, or anyone when the actor is
    an admin). Returns the token and its secret — the only time the secret exists."""
    if actor.user_id != user_id and not actor.can("admin"):
        raise DomainError("Only an admin can create a token for someone else")
    owner = session.get(AppUser, user_id)
    if owner is None:
        raise NotFound("No such user")
    if not owner.active:
        raise DomainError(INACTIVE_USER)
    name, wanted = _validate(session, owner, name, scopes, expires_in_days)
    now = now or utcnow()
    while True:
        secret = TOKEN_PREFIX + pysecrets.token_urlsafe(32)
        if not session.exec(select(ApiToken.id).where(ApiToken.prefix == secret[:PREFIX_LENGTH])).first():
            break
    row = ApiToken(
        name=name,
        user_id=owner.id,
        created_by=actor.email,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=_hash(secret),
        scopes=" ".join(wanted),
        created_at=now,
        expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    session.add(row)
    session.flush()
    audit_log.record(
        session,
        actor.email,
        "create",
        "api_token",
        row.id,
        {"name": name, "owner": owner.email, "scopes": row.scopes, "prefix": row.prefix, "expires_at": row.expires_at},
    )
    return _view(row, owner.email), secret


def revoke(session: Session, actor: Principal, token_id: int, now: datetime | None = None) -> TokenView:
    """Revoke a token (its owner, or an admin). Revoking twice changes nothing."""
    row = session.get(ApiToken, token_id)
    if row is None or (row.user_id != actor.user_id and not actor.can("admin")):
        raise NotFound("No such token")
    owner = session.get(AppUser, row.user_id)
    if row.revoked_at is None:
        row.revoked_at, row.revoked_by = now or utcnow(), actor.email
        session.add(row)
        audit_log.record(
            session,
            actor.email,
            "revoke",
            "api_token",
            row.id,
            {"name": row.name, "owner": owner.email if owner else "", "prefix": row.prefix},
        )
    return _view(row, owner.email if owner else "")


def list_tokens(session: Session, actor: Principal, everyone: bool = False) -> list[TokenView]:
    """The actor's own tokens; with `everyone` (admins only) every user's, newest first."""
    stmt = select(ApiToken, AppUser.email).join(AppUser, AppUser.id == ApiToken.user_id)
    if not (everyone and actor.can("admin")):
        stmt = stmt.where(ApiToken.user_id == actor.user_id)
    rows = session.exec(stmt.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())).all()
    return [_view(row, email) for row, email in rows]


def _view(row: ApiToken, owner_email: str) -> TokenView:
    return TokenView(
        row.id,
        row.name,
        row.user_id,
        owner_email,
        row.created_by,
        row.prefix,
        tuple(row.scopes.split()),
        row.created_at,
        row.expires_at,
        row.last_used_at,
        row.last_used_ip,
        row.revoked_at,
    )


def looks_like_token(value: str | None) -> bool:
    return bool(value) and value.startswith(TOKEN_PREFIX) and len(value) <= 200


def authenticate(token: str | None, address: str = "", now: datetime | None = None) -> ApiPrincipal:
    """The caller behind a token, or TokenRefused (code invalid_token, token_expired,
    token_revoked or user_inactive)."""
    now = now or utcnow()
    if not looks_like_token(token):
        raise TokenRefused("invalid_token", INVALID_TOKEN)
    with read_session() as session:
        row = session.exec(select(ApiToken).where(ApiToken.prefix == token[:PREFIX_LENGTH])).first()
        expected = row.token_hash if row is not None else _hash("")
        if not hmac.compare_digest(expected, _hash(token)) or row is None:
            raise TokenRefused("invalid_token", INVALID_TOKEN)
        if row.revoked_at is not None:
            raise TokenRefused("token_revoked", REVOKED_TOKEN)
        if row.expires_at is not None and row.expires_at <= now:
            raise TokenRefused("token_expired", EXPIRED_TOKEN)
        user = session.get(AppUser, row.user_id)
        if user is None or not user.active:
            raise TokenRefused("user_inactive", INACTIVE_USER)
        who = ApiPrincipal(_principal_of(session, user), row.id, row.name, frozenset(row.scopes.split()), address[:45])
        stale = row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY
    if stale:
        _touch(row.id, now, address[:45])
    return who


def _touch(token_id: int, now: datetime, address: str) -> None:
    """Stamp the last use; the WHERE keeps concurrent requests from writing twice."""
    with write_session() as session:
        session.execute(
            update(ApiToken)
            .where(
                ApiToken.id == token_id,
                or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= now - TOUCH_EVERY),
            )
            .values(last_used_at=now, last_used_ip=address)
        )


def session_principal(user: Principal, address: str = "") -> ApiPrincipal:
    """The browser's own session calling a read route: every scope its role allows."""
    return ApiPrincipal(user, None, "", frozenset(grantable_scopes(user.permissions)), address[:45])
