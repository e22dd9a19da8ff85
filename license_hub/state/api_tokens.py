"""API tokens on the account page: a user creates tokens for themselves (scopes
limited to what their role allows), an admin also for a service account, and
revokes anyone's. The secret is in state only while the "copy it now" dialog is
open: closing it forgets it."""

from __future__ import annotations

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.access import tokens, user_admin
from license_hub.services.access.tokens import TokenView
from license_hub.services.core.errors import DomainError, ValidationError
from license_hub.state.base import SIGNED_IN, AppState, _flag, _id, _text, guard
from license_hub.state.views.access import TokenRowView

EXPIRY_OPTIONS = [
    ("7", "7 days"),
    ("30", "30 days"),
    ("90", "90 days"),
    ("180", "180 days"),
    ("366", "1 year"),
    ("never", "No expiry"),
]
EXPIRY_KEYS = {k for k, _ in EXPIRY_OPTIONS}


def _when(moment) -> str:
    return moment.strftime("%d %b %Y %H:%M UTC") if moment else ""


def _row(t: TokenView, me_id: int) -> TokenRowView:
    return TokenRowView(
        id=str(t.id),
        name=t.name,
        owner=t.owner_email,
        mine="1" if t.user_id == me_id else "",
        prefix=t.prefix + "…",
        scopes=", ".join(t.scopes),
        created=_when(t.created_at),
        expires=_when(t.expires_at) or "Never",
        status=t.status(),
        last_used=(_when(t.last_used_at) + (f" from {t.last_used_ip}" if t.last_used_ip else ""))
        if t.last_used_at
        else "Never used",
    )


class ApiTokensState(AppState):
    rows: list[TokenRowView] = []
    scope_options: list[list[str]] = []  # [scope, description] the signed-in user may grant
    owner_options: list[list[str]] = []  # [user id, email] (admins: every active user)
    is_admin: bool = False
    create_open: bool = False
    form_key: int = 0
    errors: dict[str, str] = {}
    chosen_scopes: list[str] = []
    created_secret: str = ""
    created_name: str = ""
    revoke_id: str = ""
    revoke_name: str = ""
    loaded: bool = False

    def _fetch(self) -> None:
        me = self._require(SIGNED_IN)
        self.is_admin = me.can("admin")
        with read_session() as session:
            views = tokens.list_tokens(session, me, everyone=self.is_admin)
            users = user_admin.list_users(session) if self.is_admin else []
        self.rows = [_row(t, me.user_id) for t in views]
        self.scope_options = [[s, tokens.SCOPES[s]] for s in tokens.grantable_scopes(me.permissions)]
        self.owner_options = (
            [[str(u.id), u.email] for u in users if u.active] if self.is_admin else [[str(me.user_id), me.email]]
        )
        self.loaded = True

    @rx.event
    @guard(SIGNED_IN)
    def load(self):
        self.create_open, self.created_secret, self.errors = False, "", {}
        self._fetch()

    @rx.event
    @guard(SIGNED_IN, toast=True)
    def open_create(self):
        self.errors, self.created_secret, self.created_name, self.chosen_scopes = {}, "", "", []
        self.form_key += 1
        self.create_open = True

    @rx.event
    @guard(SIGNED_IN)
    def set_create_open(self, is_open: bool):
        self.create_open = _flag(is_open)
        if not self.create_open:  # the secret is shown once
            self.created_secret, self.created_name, self.errors = "", "", {}

    @rx.event
    @guard(SIGNED_IN)
    def toggle_scope(self, scope: str, checked: bool):
        scope = _text(scope, 40)
        if scope not in tokens.SCOPES:
            return
        chosen = [s for s in self.chosen_scopes if s != scope]
        self.chosen_scopes = chosen + [scope] if _flag(checked) else chosen

    @rx.event
    @guard(SIGNED_IN, toast=True)
    def create(self, form: dict):
        if not isinstance(form, dict) or self.created_secret:
            return
        me = self._require(SIGNED_IN)
        owner = _id(form.get("owner") or me.user_id) if me.can("admin") else me.user_id
        expiry = _text(form.get("expires"), 10) or "90"
        if expiry not in EXPIRY_KEYS:
            self.errors = {"expires": "Choose an expiry"}
            return
        try:
            with write_session() as session:
                view, secret = tokens.create(
                    session,
                    me,
                    user_id=owner,
                    name=_text(form.get("name"), 200),
                    scopes=[s for s in self.chosen_scopes if s in tokens.SCOPES],
                    expires_in_days=None if expiry == "never" else int(expiry),
                )
        except ValidationError as exc:
            self.errors = exc.errors
            return
        self.errors, self.created_secret, self.created_name = {}, secret, view.name
        self._fetch()
        return rx.toast.success(f"Token {view.name} created")

    @rx.event
    @guard(SIGNED_IN, toast=True)
    def ask_revoke(self, token_id: str, name: str):
        self.revoke_id, self.revoke_name = str(_id(token_id)), _text(name, 100)

    @rx.event
    @guard(SIGNED_IN, toast=True)
    def cancel_revoke(self):
        self.revoke_id, self.revoke_name = "", ""

    @rx.event
    @guard(SIGNED_IN, toast=True)
    def revoke(self):
        if not self.revoke_id:
            return
        me = self._require(SIGNED_IN)
        token_id, self.revoke_id = _id(self.revoke_id), ""
        try:
            with write_session() as session:
                view = tokens.revoke(session, me, token_id)
        except DomainError as exc:
            return rx.toast.error(exc.message)
        self._fetch()
        return rx.toast.success(f"Token {view.name} revoked: it stops working on its next request")
