"""License page pieces for usage audits (seed 003) and the compliance status
(seed 001): the in-progress banner, "Start audit", the completion wizard, "Cancel
audit", the history with its before → after deltas, the seats-used drift, and the
compliance badge with "Mark Review Required" / "Clear"."""

from __future__ import annotations

import reflex as rx

from license_hub.components.permissions import when_can
from license_hub.pages.usage_audit.dialogs import cancel_confirm, complete_dialog
from license_hub.pages.usage_audit.history import audit_history
from license_hub.state.usage_audit import UsageAuditState as A

C = A.compliance
# What the license page puts together; the dialogs and the history live in their modules.
__all__ = ["audit_banner", "audit_history", "complete_dialog", "compliance_badge", "start_audit_button"]


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
                        cancel_confirm(),
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
