"""The ranking: active licenses by seat fill, each with its fill bar and the
dormant seats and savings it holds."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell, pager
from license_hub.components.report_cards import MUTED, NUMERIC, section_title
from license_hub.components.shell import empty_state
from license_hub.components.sorting import sort_header
from license_hub.state.utilization import UtilizationState as S


def _fill_bar(r) -> rx.Component:
    return rx.flex(
        rx.box(
            rx.box(width=r.fill.to(str) + "%", height="100%", background=rx.color(r.color, 9), border_radius="9999px"),
            width="120px",
            height="8px",
            background=rx.color("gray", 4),
            border_radius="9999px",
            overflow="hidden",
            flex_shrink="0",
        ),
        rx.text(r.fill_text, size="2", style=NUMERIC, min_width="48px", text_align="right", data_testid="fill-pct"),
        align="center",
        spacing="2",
    )


def _rank_row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(r.rank, size="2", color=MUTED, style=NUMERIC)),
        rx.table.cell(
            rx.flex(
                rx.link(r.software, href=r.href, size="2", weight="medium", data_testid="ranking-license"),
                rx.cond(r.name != "", rx.text(r.name, size="1", color=MUTED)),
                direction="column",
                spacing="0",
            )
        ),
        rx.table.cell(rx.text(r.seat_type, size="2", color=MUTED)),
        rx.table.cell(_fill_bar(r)),
        rx.table.cell(rx.text(r.used, " / ", r.total, size="2", style=NUMERIC), text_align="right"),
        rx.table.cell(
            rx.cond(
                r.dormant > 0,
                rx.link(
                    r.dormant,
                    href=r.users_href,
                    size="2",
                    weight="medium",
                    data_testid="ranking-dormant",
                    title="See these seats",
                ),
                rx.text("0", size="2", color=MUTED),
            ),
            text_align="right",
        ),
        rx.table.cell(rx.text(r.savings, size="2", style=NUMERIC, white_space="nowrap"), text_align="right"),
        rx.table.cell(
            rx.tooltip(
                rx.link(
                    rx.icon("users", size=15),
                    href=r.users_href,
                    color=MUTED,
                    aria_label="View all users",
                    data_testid="ranking-users",
                ),
                content="View all users",
            ),
            text_align="right",
        ),
        align="center",
        data_testid="ranking-row",
    )


def ranking() -> rx.Component:
    head = lambda label, key, **p: sort_header(label, key, S.sort, S.descending, S.set_sort, **p)  # noqa: E731
    return rx.box(
        section_title(
            "Seat fill ranking", "Active licenses by how full their seats are. Unlimited licenses are skipped."
        ),
        rx.cond(
            S.ranking.length() > 0,
            rx.box(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            head("#", "rank"),
                            head("Software", "software"),
                            header_cell("Seat type"),
                            head("Fill", "fill"),
                            header_cell("Used / total", text_align="right"),
                            head("Dormant", "dormant", text_align="right"),
                            head("Potential savings", "savings", text_align="right"),
                            header_cell(""),
                        )
                    ),
                    rx.table.body(rx.foreach(S.ranking, _rank_row)),
                    variant="surface",
                    size="1",
                    width="100%",
                    data_testid="ranking-table",
                ),
                rx.cond(S.page_count > 1, pager(S.range_label, S.page, S.page_count, S.go_page)),
                overflow_x="auto",
            ),
            rx.cond(
                S.loaded,
                empty_state(
                    "gauge",
                    "No license to rank yet",
                    "Active licenses with a seat count appear here with how full they are. Add a license, or set a "
                    "seat count on an existing one.",
                    rx.link(rx.button("Open licenses", variant="soft"), href="/licenses"),
                    testid="ranking-empty",
                ),
            ),
        ),
    )
