"""The dormant seats one by one, with the signal that judged each: the list the
bulk reclaim starts from."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell, pager
from license_hub.components.report_cards import MUTED, NUMERIC, section_title
from license_hub.components.shell import empty_state
from license_hub.state.utilization import UtilizationState as S

LOGIN_PROXY_TIP = (
    "Weaker signal: no usage was reported for this seat, so the holder's last sign-in to "
    "License Hub stands in for it. Check before reclaiming."
)


def _signal_badge(d) -> rx.Component:
    badge = rx.badge(
        rx.cond(d.weak, rx.icon("triangle_alert", size=11), rx.fragment()),
        d.signal,
        color_scheme=d.color,
        variant=rx.cond(d.weak, "outline", "soft"),
        size="1",
        data_testid="signal-badge",
    )
    return rx.cond(d.weak, rx.tooltip(badge, content=LOGIN_PROXY_TIP), badge)


def _dormant_row(d) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.flex(
                rx.text(d.holder, size="2", weight="medium"),
                rx.cond(d.email != "", rx.text(d.email, size="1", color=MUTED)),
                direction="column",
                spacing="0",
            )
        ),
        rx.table.cell(rx.link(d.license, href=d.users_href, size="2", data_testid="dormant-license")),
        rx.table.cell(_signal_badge(d)),
        rx.table.cell(
            rx.flex(
                rx.text(d.seen, size="2"),
                rx.cond(d.ago != "", rx.text(d.ago, size="1", color=MUTED)),
                direction="column",
                spacing="0",
            )
        ),
        rx.table.cell(rx.text(d.cost, size="2", style=NUMERIC, white_space="nowrap"), text_align="right"),
        align="center",
        data_testid="dormant-row",
    )


def dormant_seats() -> rx.Component:
    return rx.box(
        section_title(
            "Dormant seats",
            "Seats whose holder has not used the software within the window — by the best signal each seat has.",
        ),
        rx.cond(
            S.dormant_rows.length() > 0,
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            header_cell("Holder"),
                            header_cell("License"),
                            header_cell("Signal"),
                            header_cell("Last used / last sign-in"),
                            header_cell("Annual cost per seat", text_align="right"),
                        )
                    ),
                    rx.table.body(rx.foreach(S.dormant_rows, _dormant_row)),
                    variant="surface",
                    size="1",
                    width="100%",
                    data_testid="dormant-table",
                ),
                pager(S.drange_label, S.dpage, S.dpage_count, S.go_dormant_page, testid="dormant-pager"),
                overflow_x="auto",
            ),
            rx.cond(
                S.loaded,
                empty_state(
                    "party_popper",
                    "No dormant seats in this window",
                    "Every seat was used (or its holder signed in) within the last " + S.window + " days. "
                    "Try a shorter window to look for lighter use.",
                    testid="dormant-empty",
                ),
            ),
        ),
    )
