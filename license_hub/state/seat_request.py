"""The holder's answer page, reached from the link in a keep-or-give-up notice. It
needs no app account: every handler checks the link's signed token itself, and the
token can answer only its own request, once, before the deadline."""

from __future__ import annotations

import reflex as rx

from license_hub.db import read_session, write_session
from license_hub.services.core.errors import DomainError
from license_hub.services.seats import reclaim, seat_request
from license_hub.state.base import AppState, public

DONE = {
    reclaim.KEEP: "Thank you: you keep your seat.",
    reclaim.GIVE_UP: "Thank you: your seat was given back. Ask your IT team if you need it again.",
}


class SeatRequestState(AppState):
    holder: str = ""
    software: str = ""
    respond_by: str = ""
    answer: str = ""
    refusal: str = ""
    done: str = ""
    loaded: bool = False

    def _link_token(self) -> str:
        return str(getattr(self, "seat_token", "") or "")[: seat_request.MAX_TOKEN + 1]

    @public
    def load(self):
        self.done, self.loaded = "", True
        try:
            with read_session() as session:
                q = seat_request.question(session, self._link_token())
        except DomainError as exc:
            self.holder = self.software = self.respond_by = self.answer = ""
            self.refusal = exc.message
            return
        self.holder, self.software, self.answer, self.refusal = q.holder, q.software, q.answer, q.refusal
        self.respond_by = f"{q.respond_by:%d %b %Y}"

    def _answer(self, response: str):
        try:
            with write_session() as session:
                seat_request.answer(session, self._link_token(), response)
        except DomainError as exc:
            self.refusal = exc.message
            return rx.toast.error(exc.message)
        self.done, self.answer = DONE[response], seat_request.ANSWERS[response]
        return rx.toast.success(self.done)

    @public
    def keep(self):
        return self._answer(reclaim.KEEP)

    @public
    def give_up(self):
        return self._answer(reclaim.GIVE_UP)
