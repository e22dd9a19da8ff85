"""The license page's capacity panel: when the pool fills up, and what to renew with."""

from __future__ import annotations

import reflex as rx

from license_hub.state.capacity import CapacityPanelState as P

MUTED = rx.color("gray", 11)


def capacity_panel() -> rx.Component:
    return rx.cond(
        P.forecast != "",
        rx.card(
            rx.flex(
                rx.heading("Capacity forecast", as_="h2", size="3"),
                rx.badge(P.forecast, color_scheme=P.tone, data_testid="capacity-forecast"),
                rx.spacer(),
                rx.link("All licenses by days until full", href="/capacity", size="1"),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            rx.cond(P.basis != "", rx.text(P.basis, size="1", color=MUTED, margin_top="6px")),
            rx.cond(
                P.sizing != "",
                rx.flex(
                    rx.icon("scissors", size=14, color=MUTED),
                    rx.text(P.sizing, size="2", data_testid="capacity-sizing"),
                    rx.cond(
                        P.saving != "",
                        rx.badge(
                            P.saving,
                            color_scheme=rx.cond(P.saving.startswith("Saves"), "green", "amber"),
                            data_testid="capacity-saving",
                        ),
                    ),
                    align="center",
                    spacing="2",
                    margin_top="8px",
                    wrap="wrap",
                ),
            ),
            size="1",
            margin_bottom="16px",
            data_testid="capacity-panel",
        ),
    )
