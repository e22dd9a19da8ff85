"""/catalog/[entry_id] — the application page of seed 000: the product, its
Deployment Model at the top, and a Licenses tab with a card per license."""

from __future__ import annotations

import reflex as rx

from license_hub.components.badges import brand_avatar, grade_pill
from license_hub.components.license_card import license_card
from license_hub.components.license_form import license_form_dialog
from license_hub.components.permissions import when_can
from license_hub.components.security_grade import evaluate_button, security_grade_dialog
from license_hub.components.shell import empty_state, error_callout, not_found, shell
from license_hub.pages import page
from license_hub.pages.catalog_entry.dialogs import archive_confirm, edit_dialog
from license_hub.state.catalog_entry import CatalogEntryState as S
from license_hub.state.labels import DEPLOYMENT_MODELS
from license_hub.state.license_edit import LicenseEditState

E = S.entry


def _archived_banner() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("archive", size=16)),
        rx.flex(
            rx.callout.text(
                "This product is archived: it is hidden from the catalog and cannot take new licenses.",
            ),
            when_can(
                "catalog.manage",
                rx.button(
                    rx.icon("archive_restore", size=14),
                    "Restore",
                    size="1",
                    variant="soft",
                    on_click=S.restore_entry,
                    data_testid="restore-entry",
                ),
            ),
            justify="between",
            align="center",
            spacing="3",
            width="100%",
        ),
        color_scheme="amber",
        margin_bottom="16px",
        data_testid="archived-banner",
    )


def _header() -> rx.Component:
    return rx.flex(
        rx.link(
            rx.flex(rx.icon("arrow_left", size=14), rx.text("Catalog", size="2"), align="center", spacing="1"),
            href="/catalog",
            color=rx.color("gray", 11),
            underline="none",
        ),
        rx.flex(
            brand_avatar(E.initials, E.avatar_color, size="5"),
            rx.flex(
                rx.flex(
                    rx.heading(E.name, size="6", as_="h1", data_testid="page-title"),
                    grade_pill(E.grade, E.risk),
                    align="center",
                    spacing="2",
                ),
                rx.text(
                    rx.cond(E.publisher != "", E.publisher, "Unknown publisher"),
                    rx.cond(E.category != "", " · " + E.category.to(str), ""),
                    size="2",
                    color=rx.color("gray", 11),
                ),
                direction="column",
                spacing="1",
            ),
            rx.spacer(),
            rx.cond(
                E.archived,
                rx.badge("Archived", color_scheme="gray", variant="soft"),
                rx.flex(
                    evaluate_button(),
                    when_can("catalog.manage", rx.flex(edit_dialog(), archive_confirm(), spacing="2")),
                    spacing="2",
                    align="center",
                ),
            ),
            align="center",
            spacing="4",
        ),
        direction="column",
        spacing="3",
        margin_bottom="20px",
    )


def _deployment() -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.text("Deployment Model", size="2", weight="bold"),
            rx.text("Whether the application is cloud, installed, or hybrid.", size="1", color=rx.color("gray", 11)),
            direction="column",
        ),
        rx.cond(
            E.archived,
            rx.text(E.deployment_model, size="2", weight="medium", data_testid="deployment-model-archived"),
            rx.segmented_control.root(
                *[rx.segmented_control.item(m, value=m) for m in DEPLOYMENT_MODELS],
                value=E.deployment_model.to(str),
                on_change=S.set_deployment_model,
                size="2",
                data_testid="deployment-model",
            ),
        ),
        justify="between",
        align="center",
        spacing="4",
        wrap="wrap",
        padding="14px 16px",
        border=f"1px solid {rx.color('gray', 5)}",
        border_radius="var(--radius-3)",
        background=rx.color("gray", 2),
        margin_bottom="20px",
    )


def _licenses_tab() -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.text(
                rx.cond(S.license_total == 1, "1 license", S.license_total.to(str) + " licenses"),
                size="2",
                color=rx.color("gray", 11),
                data_testid="license-total",
            ),
            rx.cond(
                E.archived,
                rx.fragment(),
                when_can(
                    "license.manage",
                    rx.button(
                        rx.icon("plus", size=15),
                        "Add License",
                        on_click=LicenseEditState.open_create("catalog", E.id.to(str)),
                        data_testid="add-license",
                    ),
                ),
            ),
            justify="between",
            align="center",
        ),
        rx.cond(
            S.cards.length() > 0,
            rx.grid(
                rx.foreach(
                    S.cards,
                    lambda c: license_card(
                        c,
                        on_edit=lambda i: LicenseEditState.open_edit(i, "catalog"),
                        on_archive=lambda i: LicenseEditState.archive(i, "catalog"),
                        show_software=False,
                    ),
                ),
                columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                spacing="4",
                data_testid="license-grid",
            ),
            empty_state(
                "key_round",
                "No licenses for this application yet",
                rx.cond(
                    E.archived,
                    "Restore the product to record licenses for it.",
                    "Add a license to record its product key, seats, cost and renewal dates.",
                ),
                rx.cond(
                    E.archived,
                    rx.fragment(),
                    when_can(
                        "license.manage",
                        rx.button(
                            rx.icon("plus", size=14),
                            "Add License",
                            on_click=LicenseEditState.open_create("catalog", E.id.to(str)),
                        ),
                    ),
                ),
            ),
        ),
        rx.cond(
            S.more_licenses > 0,
            rx.link(f"View all {S.license_total} licenses", href="/licenses?software=" + E.id.to(str), size="2"),
        ),
        direction="column",
        spacing="4",
        padding_top="16px",
    )


def _overview_tab() -> rx.Component:
    return rx.flex(
        rx.data_list.root(
            rx.data_list.item(rx.data_list.label("Publisher"), rx.data_list.value(E.publisher)),
            rx.data_list.item(rx.data_list.label("Category"), rx.data_list.value(E.category)),
            rx.data_list.item(
                rx.data_list.label("Website"),
                rx.data_list.value(
                    rx.cond(E.website != "", rx.link(E.website, href=E.website_href, is_external=True), "—")
                ),
            ),
            rx.data_list.item(
                rx.data_list.label("Security grade"),
                rx.data_list.value(
                    rx.flex(
                        grade_pill(E.grade, E.risk),
                        rx.text(
                            rx.cond(E.rationale != "", E.rationale, "Not graded yet"),
                            size="2",
                            color=rx.color("gray", 11),
                        ),
                        spacing="2",
                        align="center",
                    )
                ),
            ),
            size="2",
        ),
        rx.cond(
            E.description != "", rx.text(E.description, size="2", color=rx.color("gray", 11), white_space="pre-wrap")
        ),
        direction="column",
        spacing="4",
        padding_top="16px",
    )


@page("/catalog/[entry_id]", "Application · License Hub", on_load=S.load)
def catalog_entry_page() -> rx.Component:
    return shell(
        rx.cond(
            S.not_found != "",
            not_found(S.not_found, "/catalog", "Back to the catalog"),
            rx.cond(
                S.entry.id > 0,
                rx.box(
                    _header(),
                    rx.cond(E.archived, _archived_banner()),
                    error_callout(S.error),
                    error_callout(LicenseEditState.error),
                    _deployment(),
                    rx.tabs.root(
                        rx.tabs.list(
                            rx.tabs.trigger("Licenses", value="licenses"), rx.tabs.trigger("Overview", value="overview")
                        ),
                        rx.tabs.content(_licenses_tab(), value="licenses"),
                        rx.tabs.content(_overview_tab(), value="overview"),
                        default_value="licenses",
                    ),
                    license_form_dialog(),
                    security_grade_dialog(),
                ),
            ),
        ),
        active="catalog",
    )
