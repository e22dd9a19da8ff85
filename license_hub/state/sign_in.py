"""The sign-in and account pages. Signing in itself is a form POST to
/api/v1/session (so the token lands in an HttpOnly cookie); this state only
turns the redirect's error code into the message to show."""

from __future__ import annotations

import reflex as rx

from license_hub import lanes
from license_hub.api.session import safe_next
from license_hub.services.access import accounts as access
from license_hub.services.access import passwords
from license_hub.state.base import SIGNED_IN, AppState, _text, handler, public

MESSAGES = {
    "invalid": access.BAD_CREDENTIALS,
    "expired": access.TEMPORARY_EXPIRED,
}


def _error_message(code: str, wait: str) -> str:
    if code == "throttled":
        seconds = int(wait) if wait.isdigit() and len(wait) < 6 else 60
        return access.Throttled(seconds).message
    return MESSAGES.get(code, "")


class SignInState(AppState):
    error: str = ""
    notice: str = ""
    next_path: str = "/licenses"
    email: str = ""

    @public
    def load(self):
        code = self._query("error", 20)
        self.error = _error_message(code, self._query("wait", 6))
        self.notice = "You are signed out." if self._query("signed_out", 2) else ""
        self.next_path = safe_next(self._query("next", 500))
        self.email = self._query("email", 254)
        if not self.error and self._principal() is not None:
            return rx.redirect(self.next_path)


class AccountState(AppState):
    error: str = ""
    first: bool = False
    next_path: str = "/licenses"

    @handler(SIGNED_IN)
    def load(self):
        self.error = ""
        self.first = self._query("first", 2) == "1"
        self.next_path = safe_next(self._query("next", 500))

    @handler(SIGNED_IN)
    async def change_password(self, form: dict):
        if not isinstance(form, dict):
            return
        current, new, again = (_text(form.get(k), 1000) for k in ("current", "new", "again"))
        if new != again:
            self.error = "The new passwords do not match"
            return
        who = self._principal()
        # Argon2 verifies and hashes in a thread, before the write transaction opens.
        await lanes.password_work(passwords.change_password, who.user_id, current, new, who.session_id)
        self.error = ""
        return [rx.toast.success("Password changed"), rx.redirect(self.next_path)]
