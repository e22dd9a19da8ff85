"""License page pieces for usage audits (seed 003) and the compliance status
(seed 001): the in-progress banner, "Start audit", the completion wizard, "Cancel
audit", the history with its before → after deltas, the seats-used drift, and the
compliance badge with "Mark Review Required" / "Clear"."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import form_field, header_cell
from license_hub.components.permissions import when_can
from license_hub.components.shell import error_callout
from license_hub.state.usage_audit import NEXT_AUDIT_OPTIONS
from license_hub.state.usage_audit import UsageAuditState as A

MUTED = rx.color("gray", 11)
C = A.compliance


def compliance_badge() -> rx.Component:
    """The status badge; license managers flag it for review or clear the flag."""
    tip = rx.cond(
        C.override != "",
        "Set by hand · computed: " + C.computed.to(str),
        "Computed from seats used, assignments and linked installations",
    )
    return rx.cond(
        C.status != "",
        rx.flex(
            rx.tooltip(
                rx.badge(
                    rx.icon("shield_check", size=12),
                    C.status.to(str),
                    color_scheme=C.color,
                    variant="surface",
                    radius="full",
                    size="1",
                    data_testid="compliance-badge",
                ),
                content=tip,
            ),
            when_can(
                "license.manage",
                rx.cond(
                    C.override != "",
                    rx.button(
                        "Clear",
                        size="1",
                        variant="ghost",
                        color_scheme="gray",
                        on_click=A.clear_review,
                        data_testid="compliance-clear",
                    ),
                    rx.button(
                        "Mark Review Required",
                        size="1",
                        variant="ghost",
                        color_scheme="gray",
                        on_click=A.mark_review,
                        data_testid="compliance-review",
                    ),
                ),
            ),
            align="center",
            spacing="1",
        ),
    )


def start_audit_button() -> rx.Component:
    return when_can(
        "audits",
        rx.cond(
            A.in_progress,
            rx.fragment(),
            rx.tooltip(
                rx.button(
                    rx.icon("clipboard_check", size=14),
                    "Start audit",
                    variant="soft",
                    color_scheme="gray",
                    on_click=A.start,
                    data_testid="start-audit",
                ),
                content="Snapshot the seats used now, clean up on the vendor's platform, then record the result",
            ),
        ),
    )


def _cancel_confirm() -> rx.Component:
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


def audit_banner() -> rx.Component:
    cur = A.current
    return rx.cond(
        A.in_progress,
        rx.callout.root(
            rx.callout.icon(rx.icon("clipboard_list", size=16)),
            rx.flex(
                rx.box(
                    rx.callout.text("Usage audit in progress", weight="bold"),
                    rx.callout.text(
                        "Started ",
                        cur.started.to(str),
                        " by ",
                        cur.started_by.to(str),
                        " with ",
                        cur.before.to(str),
                        " seats used. Remove inactive users on the vendor's "
                        "platform, then record the new seat count here.",
                    ),
                ),
                when_can(
                    "audits",
                    rx.flex(
                        rx.button(
                            rx.icon("check", size=14),
                            "Complete audit",
                            size="1",
                            on_click=A.open_complete,
                            data_testid="complete-audit",
                        ),
                        _cancel_confirm(),
                        spacing="2",
                        flex_shrink="0",
                    ),
                ),
                justify="between",
                align="center",
                spacing="4",
                wrap="wrap",
                width="100%",
            ),
            color_scheme="blue",
            size="1",
            margin_bottom="16px",
            data_testid="audit-banner",
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


def _history_row(h) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.flex(
                rx.text(h.started, size="2", white_space="nowrap"),
                rx.text(h.started_by, size="1", color=MUTED),
                direction="column",
                spacing="0",
            )
        ),
        rx.table.cell(
            rx.badge(
                h.status_label,
                size="1",
                variant="soft",
                color_scheme=rx.match(h.status, ("completed", "green"), ("in_progress", "blue"), "gray"),
            )
        ),
        rx.table.cell(
            rx.flex(
                rx.text(h.before, size="2"),
                rx.cond(
                    h.after != "",
                    rx.fragment(
                        rx.icon("arrow_right", size=12, color=MUTED), rx.text(h.after, size="2", weight="bold")
                    ),
                ),
                rx.cond(
                    h.delta != "",
                    rx.badge(h.delta, size="1", variant="soft", color_scheme=h.delta_color, data_testid="audit-delta"),
                ),
                align="center",
                spacing="2",
                data_testid="audit-seats",
            )
        ),
        rx.table.cell(
            rx.text(h.notes, size="2", white_space="pre-wrap", color=rx.color("gray", 11)), max_width="360px"
        ),
        rx.table.cell(
            rx.cond(
                h.completed != "",
                rx.flex(
                    rx.text(h.completed, size="2", white_space="nowrap"),
                    rx.text(h.completed_by, size="1", color=MUTED),
                    direction="column",
                    spacing="0",
                ),
                rx.text("—", size="2", color=MUTED),
            )
        ),
        rx.table.cell(rx.text(rx.cond(h.next_audit != "", h.next_audit, "—"), size="2", white_space="nowrap")),
        align="center",
        data_testid="audit-row",
    )


def _drift() -> rx.Component:
    return rx.cond(
        A.drift_text != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("scale", size=14)),
            rx.callout.text(A.drift_text, " A usage audit records the real count.", data_testid="seat-drift"),
            color_scheme="amber",
            size="1",
            margin_bottom="10px",
        ),
    )


def audit_history() -> rx.Component:
    return rx.box(
        rx.flex(
            rx.heading("Usage audits", size="4", as_="h2"),
            rx.text(
                A.seats_used,
                " seats used recorded · ",
                A.assigned,
                " assigned here",
                size="2",
                color=MUTED,
                data_testid="audit-counts",
            ),
            justify="between",
            align="baseline",
            wrap="wrap",
            spacing="3",
            margin_bottom="10px",
        ),
        _drift(),
        rx.cond(
            A.history.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        header_cell("Started"),
                        header_cell("Status"),
                        header_cell("Seats before → after"),
                        header_cell("Notes"),
                        header_cell("Completed"),
                        header_cell("Next audit"),
                    )
                ),
                rx.table.body(rx.foreach(A.history, _history_row)),
                variant="surface",
                size="1",
                width="100%",
                data_testid="audit-history",
            ),
            rx.text(
                "No usage audit yet. Start one to reconcile the seats you pay for with the vendor's own count.",
                size="2",
                color=MUTED,
                data_testid="audit-history-empty",
            ),
        ),
        margin_top="28px",
    )
