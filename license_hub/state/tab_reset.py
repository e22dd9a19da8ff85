"""A tab that reconnects (reload, sign-out, a new page) first receives a snapshot
of its whole state tree. When its session has ended — signed out, expired,
revoked — or another user now holds the browser's cookie, that snapshot must not
carry what the previous user loaded: the tree is reset before it is taken.

A tab whose tree never held a signed-in user (a new tab: `me_email` is only set
once a handler's guard let someone in) has nothing to hide and is not reset:
resetting copies every state's defaults (charts included) and was most of what
a new tab's first load cost the server."""

from __future__ import annotations

import asyncio

from reflex.middleware import Middleware
from reflex.state import BaseState, StateUpdate
from reflex_base.event import Event
from reflex_base.event.processor.base_state_processor import _hydrate_event_names

from license_hub.services.access import accounts as access
from license_hub.state.base import AppState


class TabReset(Middleware):
    async def preprocess(self, app, state: BaseState, event: Event) -> StateUpdate | None:
        if event.name not in _hydrate_event_names():
            return None
        shell = await state.get_state(AppState)
        if not shell.me_email:
            return None
        who = await asyncio.to_thread(access.resolve, shell._token())
        if who is None or who.email != shell.me_email:
            state.reset()
        return None
