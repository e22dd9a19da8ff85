"""Settings → Users: the users table, inviting someone with a temporary password
shown once, role changes (confirmed), deactivation, and custom roles.

Everything here needs the "admin" permission. The temporary password is the one
secret that must reach the browser — once, right after the invite — and it is
cleared as soon as the dialog closes."""

from __future__ import annotations

import reflex as rx

from license_hub import lanes
from license_hub.db import read_session, write_session
from license_hub.services.access import accounts as access
from license_hub.services.access import user_admin
from license_hub.services.core.errors import ValidationError
from license_hub.state.audit_log import when
from license_hub.state.base import SIGNED_IN, AppState, _choice, _flag, _id, _text, handler
from license_hub.state.views import formatting as views
from license_hub.state.views.access import PermissionBadgeView, RoleView, UserView

# (key, description) for the New role checkboxes, in the order access lists them.
PERMISSION_OPTIONS: list[tuple[str, str]] = list(access.PERMISSIONS.items())
# The few words a permission badge shows (the description is its tooltip).
PERMISSION_BADGES = {
    "license.view": "View licenses",
    "license.manage": "Manage licenses",
    "license.assign": "Assign seats",
    "key.reveal": "Reveal keys",
    "catalog.manage": "Manage catalog",
    "audits": "Audits & audit log",
    "reports": "Reports & exports",
    "admin": "Admin",
}


def _user(u: user_admin.UserRow, me: int) -> UserView:
    return UserView(
        id=u.id,
        name=u.name or u.email,
        email=u.email,
        role=u.role,
        active=u.active,
        must_change=u.must_change_password,
        last_sign_in=when(u.last_sign_in_at) if u.last_sign_in_at else "Never",
        initials=views.initials(u.name or u.email),
        avatar_color=views.avatar_color(u.email),
        is_me=u.id == me,
    )


def _role(r: user_admin.RoleRow) -> RoleView:
    return RoleView(
        id=r.id,
        name=r.name,
        built_in=r.built_in,
        perms=[
            PermissionBadgeView(key=p, label=PERMISSION_BADGES.get(p, p), description=access.PERMISSIONS[p])
            for p in r.permissions
        ],
        users="1 active user" if r.users == 1 else f"{r.users} active users",
    )


class UsersState(AppState):
    users: list[UserView] = []
    roles: list[RoleView] = []
    role_names: list[str] = []
    denied: str = ""
    error: str = ""
    loaded: bool = False
    # Invite dialog
    invite_open: bool = False
    invite_form_key: int = 0
    invite_errors: dict[str, str] = {}
    invited_email: str = ""
    temp_password: str = ""
    # Role change confirmation
    role_confirm_open: bool = False
    pending: dict[str, str] = {}
    # New role dialog
    role_open: bool = False
    role_form_key: int = 0
    role_errors: dict[str, str] = {}

    @rx.var
    def active_count(self) -> int:
        return sum(1 for u in self.users if u.active)

    def _clear(self) -> None:
        self.users, self.roles, self.role_names = [], [], []
        self.denied, self.error, self.loaded = "", "", False
        self.invite_open, self.temp_password, self.invited_email = False, "", ""
        self.role_confirm_open, self.pending, self.role_open = False, {}, False

    def _fetch(self) -> None:
        me = self._require("admin")
        with read_session() as session:
            users = user_admin.list_users(session)
            roles = user_admin.list_roles(session)
        self.users = [_user(u, me.user_id) for u in users]
        self.roles = [_role(r) for r in roles]
        self.role_names = [r.name for r in roles]
        self.loaded = True

    @handler(SIGNED_IN, error="denied")
    def load(self):
        """on_load. Signed-in users only; the body clears whatever an earlier
        visitor of this tab loaded, then requires "admin" (a refusal shows as
        the page's `denied` message, with no data)."""
        self._clear()
        self._require("admin")
        self._fetch()

    # --- invite ---------------------------------------------------------------

    @handler("admin", toast=True)
    def open_invite(self):
        self.invite_errors, self.temp_password, self.invited_email = {}, "", ""
        self.invite_form_key += 1
        self.invite_open = True

    @handler("admin", toast=True)
    def set_invite_open(self, is_open: bool):
        self.invite_open = _flag(is_open)
        if not self.invite_open:  # the temporary password is shown once
            self.temp_password, self.invited_email, self.invite_errors = "", "", {}

    @handler("admin", toast=True)
    async def invite(self, form: dict):
        if not isinstance(form, dict) or self.temp_password:
            return
        who = self._require("admin")
        email, name = _text(form.get("email"), 254), _text(form.get("name"), 200)
        role = _choice(form.get("role"), self.role_names)
        if not role:
            self.invite_errors = {"role": "Choose a role"}
            return
        temporary = await lanes.password_work(user_admin.new_temporary)  # Argon2: off the loop, no lock held
        try:
            with write_session() as session:
                user, password = user_admin.invite_user(
                    session, who, email=email, name=name, role=role, temporary=temporary
                )
                self.invited_email = user.email
        except ValidationError as exc:
            self.invite_errors = exc.errors
            return
        self.invite_errors, self.temp_password = {}, password
        self._fetch()
        return rx.toast.success(f"Account created for {self.invited_email}")

    # --- role change ----------------------------------------------------------

    @handler("admin", toast=True)
    def ask_role(self, user_id: int, role: str):
        """A role picked in the table: ask before applying it."""
        uid, chosen = _id(user_id), _choice(role, self.role_names)
        row = next((u for u in self.users if u.id == uid), None)
        if row is None or not chosen or chosen == row.role:
            return
        self.pending = {"id": str(uid), "name": row.name, "from": row.role, "to": chosen}
        self.role_confirm_open = True

    @handler("admin", toast=True)
    def set_role_confirm(self, is_open: bool):
        """Closing the confirmation (Cancel, Escape) drops the pending change."""
        if not _flag(is_open):
            self.role_confirm_open, self.pending = False, {}

    @handler("admin", toast=True)
    def confirm_role(self):
        pending, self.role_confirm_open, self.pending = self.pending, False, {}
        if not pending:
            return
        who = self._require("admin")
        uid, role = _id(pending.get("id")), _choice(pending.get("to"), self.role_names)
        with write_session() as session:
            user_admin.change_role(session, who, uid, role)
        self._fetch()
        return rx.toast.success(f"{pending['name']} is now {role}")

    # --- deactivate / reactivate ----------------------------------------------

    @handler("admin", toast=True)
    def set_active(self, user_id: int, active: bool):
        who = self._require("admin")
        uid, on = _id(user_id), _flag(active)
        with write_session() as session:
            user = user_admin.set_active(session, who, uid, on)
            label = user.name or user.email
        self._fetch()
        if on:
            return rx.toast.success(f"{label} can sign in again")
        return rx.toast.success(f"{label} was deactivated and signed out")

    # --- roles ----------------------------------------------------------------

    @handler("admin", toast=True)
    def open_new_role(self):
        self.role_errors = {}
        self.role_form_key += 1
        self.role_open = True

    @handler("admin", toast=True)
    def set_role_open(self, is_open: bool):
        self.role_open = _flag(is_open)

    @handler("admin", toast=True)
    def create_role(self, form: dict):
        if not isinstance(form, dict):
            return
        name = _text(form.get("name"), 60)
        perms = [key for key, _ in PERMISSION_OPTIONS if _flag(form.get(f"perm-{key}"))]
        if not perms:
            self.role_errors = {"permissions": "Tick at least one permission"}
            return
        try:
            with write_session() as session:
                access.create_role(session, self._actor(), name, perms)
        except ValidationError as exc:
            self.role_errors = exc.errors
            return
        self.role_errors, self.role_open = {}, False
        self._fetch()
        return rx.toast.success(f"Role {name} created")
