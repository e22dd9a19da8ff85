"""The usage audit's two dialogs: cancelling a running audit, and completing it
with the choice of reclaiming the seats it found unused."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import form_field
from license_hub.components.shell import error_callout
from license_hub.state.usage_audit import NEXT_AUDIT_OPTIONS
from license_hub.state.usage_audit import UsageAuditState as A

MUTED = rx.color("gray", 11)


def cancel_confirm() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button("Cancel audit", size="1", variant="soft", color_scheme="gray", data_testid="cancel-audit")
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Cancel this usage audit?"),
            rx.alert_dialog.description(
                rx.text(
                    "The audit is closed without recording a seat count; seats used stays at ",
                    A.seats_used,
                    ". It remains in the history as cancelled.",
                    size="2",
                )
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Keep the audit", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button("Cancel audit", color_scheme="red", on_click=A.cancel, data_testid="cancel-audit-confirm")
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="440px",
        ),
    )


def _reclaim_choice() -> rx.Component:
    """Recording fewer seats than are assigned: tick whose seats to reclaim."""
    return rx.flex(
        rx.text("Reclaim ", A.reclaim_needed.to(str), " of these seats", size="2", weight="medium"),
        rx.scroll_area(
            rx.flex(
                rx.foreach(
                    A.reclaim_holders,
                    lambda h: rx.el.label(
                        rx.flex(
                            rx.checkbox(name="reclaim_" + h.id, data_testid="reclaim-holder"),
                            rx.text(h.name, size="2"),
                            spacing="2",
                            align="center",
                        )
                    ),
                ),
                direction="column",
                spacing="2",
            ),
            max_height="200px",
            type="auto",
        ),
        direction="column",
        spacing="2",
        data_testid="reclaim-choice",
        padding="12px",
        border="1px solid var(--amber-6)",
        border_radius="8px",
        background="var(--amber-2)",
    )


def complete_dialog() -> rx.Component:
    e = A.errors
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Complete usage audit"),
            rx.dialog.description(
                rx.text(
                    "The count you record replaces seats used (",
                    A.current.before.to(str),
                    " when the audit started) and stays in the audit history with your notes.",
                    size="2",
                    color=MUTED,
                ),
                margin_bottom="16px",
            ),
            error_callout(A.error),
            rx.form(
                rx.flex(
                    form_field(
                        "New seat count",
                        "seats_after",
                        rx.input(
                            name="seats_after",
                            id="seats_after",
                            type="number",
                            min=0,
                            step=1,
                            default_value=A.seats_after,
                            width="160px",
                            required=True,
                        ),
                        e,
                        hint="Seats in use on the vendor's platform after the cleanup.",
                        required=True,
                    ),
                    rx.cond(A.reclaim_needed > 0, _reclaim_choice()),
                    form_field(
                        "Notes",
                        "notes",
                        rx.text_area(
                            name="notes",
                            id="notes",
                            rows="4",
                            max_length=10_000,
                            placeholder="What you changed: removed leavers, downgraded over-provisioned accounts…",
                        ),
                        e,
                    ),
                    form_field(
                        "Next audit",
                        "next_audit",
                        rx.select.root(
                            rx.select.trigger(id="next_audit", width="200px"),
                            rx.select.content(*[rx.select.item(label, value=v) for v, label in NEXT_AUDIT_OPTIONS]),
                            name="next_audit",
                            default_value="none",
                            size="2",
                        ),
                        e,
                        hint="Every admin is notified when it falls due.",
                    ),
                    rx.flex(
                        rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                        rx.button("Complete audit", type="submit", data_testid="complete-submit"),
                        spacing="3",
                        justify="end",
                        margin_top="8px",
                    ),
                    direction="column",
                    spacing="4",
                ),
                on_submit=A.complete,
                no_validate=True,
                key=A.form_key,
            ),
            max_width="480px",
        ),
        open=A.wizard_open,
        on_open_change=A.set_wizard_open,
    )
