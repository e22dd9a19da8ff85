"""/compliance — the compliance score per product and overall, with what lowers it."""

from __future__ import annotations

import reflex as rx

from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.compliance_score import WEIGHTS
from license_hub.state.compliance_score import ComplianceScoreState as S

MUTED = rx.color("gray", 11)


def _overall() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.box(
                rx.text("Overall score", size="2", color=MUTED),
                rx.text(
                    S.overall, size="8", weight="bold", color=rx.color(S.overall_tone, 11), data_testid="overall-score"
                ),
            ),
            rx.text(
                "Each product starts at 100. ",
                WEIGHTS,
                " The overall score is the mean of the product scores.",
                size="1",
                color=MUTED,
                max_width="640px",
            ),
            spacing="5",
            align="center",
            wrap="wrap",
        ),
        size="2",
        margin_bottom="20px",
    )


def _products() -> rx.Component:
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("Product", "Score", "Findings")])),
        rx.table.body(
            rx.foreach(
                S.products,
                lambda p: rx.table.row(
                    rx.table.cell(
                        rx.link(
                            p.product, href="/compliance?product=" + p.catalog_entry_id.to_string(), weight="medium"
                        )
                    ),
                    rx.table.cell(rx.badge(p.score, color_scheme=p.tone, data_testid="product-score")),
                    rx.table.cell(rx.cond(p.findings > 0, p.findings, rx.text("None", color=MUTED))),
                    align="center",
                    data_testid="score-row",
                ),
            )
        ),
        variant="surface",
        size="1",
        width="100%",
    )


def _deductions() -> rx.Component:
    return rx.box(
        rx.flex(
            rx.heading(
                rx.cond(S.product_name != "", "What lowers " + S.product_name, "What lowers the score"),
                as_="h2",
                size="4",
            ),
            rx.cond(S.product_id > 0, rx.link("Show every product", href="/compliance", size="2")),
            justify="between",
            align="center",
            margin="24px 0 10px",
        ),
        rx.cond(
            S.deductions.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(*[rx.table.column_header_cell(h) for h in ("Product", "Finding", "Weight", "")])
                ),
                rx.table.body(
                    rx.foreach(
                        S.deductions,
                        lambda d: rx.table.row(
                            rx.table.cell(d.product),
                            rx.table.cell(d.text),
                            rx.table.cell(rx.text("−", d.points, color=rx.color("red", 11), weight="medium")),
                            rx.table.cell(rx.link("Fix", href=d.href), text_align="right"),
                            align="center",
                            data_testid="deduction-row",
                        ),
                    )
                ),
                variant="surface",
                size="1",
                width="100%",
            ),
            rx.text("Nothing lowers the score.", size="2", color=MUTED, data_testid="no-deductions"),
        ),
    )


@page(
    "/compliance",
    "Compliance score · License Hub",
    on_load=S.load,
    nav=NavItem("compliance", "Compliance", "shield_check", "reports", order=37),
)
def compliance_page() -> rx.Component:
    return shell(
        page_header(
            "Compliance score", "Per product and overall, with each finding that lowers it and where to fix it."
        ),
        error_callout(S.error),
        rx.cond(
            S.products.length() > 0,
            rx.box(_overall(), _products(), _deductions()),
            empty_state(
                "shield_check",
                "Nothing to score yet",
                "Add a license or let the agent report installations: each product then gets a score.",
                testid="compliance-empty",
            ),
        ),
        active="compliance",
    )
