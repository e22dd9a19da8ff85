"""Pieces the reporting pages share: a figure card, money per currency (never
added up across currencies) with its converted line, a chart card, and the plain
document link an export needs to download instead of routing client-side."""

from __future__ import annotations

import reflex as rx

MUTED = rx.color("gray", 11)
NUMERIC = {"fontVariantNumeric": "tabular-nums"}


def stat_card(label: str, icon: str, *body: rx.Component, testid: str, tone: str = "accent") -> rx.Component:
    return rx.card(
        rx.flex(
            rx.flex(
                rx.center(
                    rx.icon(icon, size=15, color=rx.color(tone, 11)),
                    width="28px",
                    height="28px",
                    border_radius="var(--radius-2)",
                    background=rx.color(tone, 3),
                    flex_shrink="0",
                ),
                rx.text(label, size="2", weight="medium", color=rx.color("gray", 11)),
                align="center",
                spacing="2",
            ),
            *body,
            direction="column",
            spacing="2",
        ),
        size="2",
        data_testid=testid,
    )


def big_number(value, testid: str = "") -> rx.Component:
    return rx.text(value, size="6", weight="bold", style=NUMERIC, **({"data_testid": testid} if testid else {}))


def money_block(lines, converted, empty_text: str, testid: str) -> rx.Component:
    """One bold line per currency, then the converted total when several are involved."""
    return rx.flex(
        rx.cond(
            lines.length() > 0,
            rx.foreach(
                lines,
                lambda m: rx.text(
                    m.text, size="6", weight="bold", style=NUMERIC, data_testid=f"{testid}-{m['currency']}"
                ),
            ),
            rx.text(empty_text, size="6", weight="bold", color=rx.color("gray", 11), data_testid=f"{testid}-none"),
        ),
        rx.cond(converted != "", rx.text(converted, size="1", color=MUTED, data_testid=f"{testid}-converted")),
        direction="column",
        spacing="0",
        data_testid=testid,
    )


def chart_data(text, testid: str) -> rx.Component:
    """A chart's text alternative: its summary in words and, one click away, the
    plotted values as a table (what a screen reader or keyboard user reads instead)."""
    return rx.box(
        rx.text(text.summary, size="1", color=MUTED, data_testid=f"{testid}-summary"),
        rx.el.details(
            rx.el.summary(
                rx.text("Show the data as a table", size="1", as_="span"),
                cursor="pointer",
                color=rx.color("accent", 11),
                width="fit-content",
            ),
            rx.table.root(
                rx.table.header(
                    rx.table.row(rx.foreach(text.headers, lambda h: rx.table.column_header_cell(h, scope="col")))
                ),
                rx.table.body(
                    rx.foreach(text.rows, lambda row: rx.table.row(rx.foreach(row, lambda v: rx.table.cell(v))))
                ),
                size="1",
                margin_top="6px",
            ),
            data_testid=f"{testid}-table",
        ),
        margin_top="6px",
    )


def chart_card(title: str, figure, testid: str, subtitle="", on_click=None, text=None, **props) -> rx.Component:
    """`text` is the chart's ChartText (its summary and rows); the drawing itself is
    an image named by that summary."""
    chart_props = {"on_click": on_click} if on_click is not None else {}
    alt = {"role": "img", "aria_label": title + ": " + text.summary} if text is not None else {}
    return rx.card(
        rx.flex(
            rx.heading(title, size="3", weight="bold", as_="h2"),
            rx.fragment() if isinstance(subtitle, str) and not subtitle else rx.text(subtitle, size="1", color=MUTED),
            direction="column",
            spacing="0",
        ),
        rx.box(
            rx.plotly.basic(
                data=figure, config={"displayModeBar": False, "responsive": True}, width="100%", **chart_props
            ),
            width="100%",
            margin_top="4px",
            cursor="pointer" if on_click is not None else "default",
            data_testid=testid,
            **alt,
        ),
        chart_data(text, testid) if text is not None else rx.fragment(),
        size="2",
        **props,
    )


def download_button(
    label: str, href, testid: str, title: str = "", variant: str = "soft", color_scheme: str = "gray"
) -> rx.Component:
    """A plain document link styled as a button: the browser downloads the stream."""
    return rx.button(
        rx.el.a(
            rx.icon("download", size=14),
            label,
            href=href,
            download="",
            reload_document=True,
            data_testid=testid,
            title=title,
        ),
        as_child=True,
        variant=variant,
        color_scheme=color_scheme,
    )


def section_title(title: str, subtitle=None, *actions: rx.Component) -> rx.Component:
    return rx.flex(
        rx.box(
            rx.heading(title, size="4", as_="h2"),
            rx.text(subtitle, size="2", color=MUTED) if subtitle is not None else rx.fragment(),
        ),
        rx.flex(*actions, spacing="2", align="center"),
        justify="between",
        align="end",
        spacing="3",
        wrap="wrap",
        margin_bottom="10px",
        margin_top="28px",
    )


def loading_placeholder(cards: int = 4, testid: str = "report-loading") -> rx.Component:
    """What a report page shows until its first figures arrive (they are computed off the event loop)."""
    return rx.flex(
        rx.grid(
            *[rx.skeleton(rx.box(height="112px"), loading=True) for _ in range(cards)],
            columns=rx.breakpoints(initial="1", sm="2", lg=str(cards)),
            spacing="3",
        ),
        rx.skeleton(rx.box(height="300px"), loading=True),
        rx.skeleton(rx.box(height="200px"), loading=True),
        direction="column",
        spacing="3",
        data_testid=testid,
        aria_busy="true",
    )
