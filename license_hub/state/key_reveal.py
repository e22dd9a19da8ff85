"""Revealing a product key or a seat serial key on the license page, for users
with key.reveal only. Every reveal is recorded by the service. The clear key is
never kept in state: it travels once, to the asking browser only, as a script
that writes it into the page and wipes it after 30 seconds (and it is gone with
the page on navigation)."""

from __future__ import annotations

import json

import reflex as rx

from license_hub.db import write_session
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.seats import assignments as seats
from license_hub.state.base import NOT_FOUND, AppState, BadArgument, _id, handler
from license_hub.state.license_detail import LicenseDetailState

PRODUCT_KEY_BOX = "lh-reveal-product-key"
HIDE_AFTER_MS = 30_000


def seat_box_id(seat_id) -> str:
    return f"lh-reveal-seat-{seat_id}"


def hide_script(box_id: str) -> str:
    return (
        f"(() => {{ const box = document.getElementById({json.dumps(box_id)}); if (!box) return; "
        "box.querySelector('[data-reveal-text]').textContent = ''; box.style.display = 'none'; })()"
    )


# The Hide buttons: wipe every revealed key on the page at once.
HIDE_ALL = (
    "document.querySelectorAll('[data-reveal-box]').forEach(box => { "
    "box.querySelector('[data-reveal-text]').textContent = ''; box.style.display = 'none'; })"
)


def reveal_script(box_id: str, key: str) -> str:
    """Show `key` in the reveal box `box_id` and wipe it after 30 s."""
    return (
        "(() => {"
        f" const id = {json.dumps(box_id)}; const box = document.getElementById(id); if (!box) return;"
        " window.__lhReveal = window.__lhReveal || {}; clearTimeout(window.__lhReveal[id]);"
        f" box.querySelector('[data-reveal-text]').textContent = {json.dumps(key)};"
        " box.style.display = 'inline-flex';"
        f" window.__lhReveal[id] = setTimeout(() => {{ {hide_script(box_id)}; }}, {HIDE_AFTER_MS});"
        " })()"
    )


class KeyRevealState(AppState):
    error: str = ""

    @handler("key.reveal", toast=True)
    async def reveal_product_key(self):
        page = await self.get_state(LicenseDetailState)
        license_id = _id(page.lic.id)
        with write_session() as session:
            key = licenses.reveal_key(session, self._actor(), license_id)
        if not key:
            return rx.toast.info("This license has no product key")
        return rx.call_script(reveal_script(PRODUCT_KEY_BOX, key))

    @handler("key.reveal", toast=True)
    async def reveal_seat_key(self, assignment_id: int):
        page = await self.get_state(LicenseDetailState)
        seat_id, license_id = _id(assignment_id), _id(page.lic.id)
        # Only a seat listed on this license's page may be revealed from it.
        if not any(r.id == seat_id for r in page.seat_rows):
            raise BadArgument(NOT_FOUND)
        with write_session() as session:
            key = seats.reveal_seat_key(session, self._actor(), seat_id, license_id=license_id)
        if not key:
            return rx.toast.info("This seat has no serial key")
        return rx.call_script(reveal_script(seat_box_id(seat_id), key))
