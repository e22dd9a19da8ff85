"""/catalog/[entry_id] — the application page of seed 000: the product, its
Deployment Model at the top, and a Licenses tab with a card per license."""

from __future__ import annotations

import reflex as rx

from license_hub.components.badges import brand_avatar, grade_pill
from license_hub.components.confirm_dialog import confirm_dialog
from license_hub.components.form_dialog import form_dialog
from license_hub.components.license_card import license_card
from license_hub.components.license_form import license_form_dialog
from license_hub.components.paging import form_field
from license_hub.components.permissions import when_can
from license_hub.components.security_grade import evaluate_button, security_grade_dialog
from license_hub.components.shell import empty_state, error_callout, not_found, shell
from license_hub.pages import page
from license_hub.state.catalog_entry import NO_GRADE
from license_hub.state.catalog_entry import CatalogEntryState as S
from license_hub.state.labels import DEPLOYMENT_MODELS
from license_hub.state.license_edit import LicenseEditState

E = S.entry
MUTED = rx.color("gray", 11)
GRADES = ("A", "B", "C", "D", "E", "F")
RISKS = ("Low", "Medium", "High", "Critical")


def _edit_dialog() -> rx.Component:
    """Every catalog field, with the same rules as Add product; the grade can be set
    by hand as well as by the evaluation."""
    e = S.edit_errors
    return form_dialog(
        "Edit product",
        "Every license for this product shows these details.",
        form_field(
            "Name",
            "name",
            rx.input(name="name", id="name", default_value=E.name, max_length=200, auto_focus=True),
            e,
            required=True,
        ),
        rx.grid(
            form_field(
                "Publisher",
                "publisher",
                rx.input(name="publisher", id="publisher", default_value=E.publisher, max_length=200),
                e,
            ),
            form_field(
                "Category",
                "category",
                rx.input(name="category", id="category", default_value=E.category, max_length=100),
                e,
            ),
            columns="2",
            spacing="3",
        ),
        form_field(
            "Deployment Model",
            "deployment_model",
            rx.select.root(
                rx.select.trigger(width="100%", id="deployment_model", aria_label="Deployment Model"),
                rx.select.content(*[rx.select.item(m, value=m) for m in DEPLOYMENT_MODELS]),
                name="deployment_model",
                default_value=E.deployment_model,
            ),
            e,
        ),
        rx.grid(
            form_field(
                "Security grade",
                "security_grade",
                rx.select.root(
                    rx.select.trigger(width="100%", id="security_grade", aria_label="Security grade"),
                    rx.select.content(
                        rx.select.item("Not graded", value=NO_GRADE),
                        *[rx.select.item(g, value=g) for g in GRADES],
                    ),
                    name="security_grade",
                    default_value=rx.cond(E.grade != "", E.grade, NO_GRADE),
                ),
                e,
            ),
            form_field(
                "Risk level",
                "security_risk",
                rx.select.root(
                    rx.select.trigger(width="100%", id="security_risk", aria_label="Risk level"),
                    rx.select.content(
                        rx.select.item("None", value=NO_GRADE),
                        *[rx.select.item(r, value=r) for r in RISKS],
                    ),
                    name="security_risk",
                    default_value=rx.cond(E.risk != "", E.risk, NO_GRADE),
                ),
                e,
            ),
            columns="2",
            spacing="3",
        ),
        form_field(
            "Rationale",
            "security_rationale",
            rx.text_area(
                name="security_rationale",
                id="security_rationale",
                default_value=E.rationale,
                rows="3",
                max_length=5000,
            ),
            e,
        ),
        form_field(
            "Description",
            "description",
            rx.text_area(name="description", id="description", default_value=E.description, rows="3", max_length=5000),
            e,
        ),
        form_field(
            "Website",
            "website",
            rx.input(name="website", id="website", default_value=E.website, max_length=300),
            e,
        ),
        submit="Save",
        submit_testid="edit-entry-submit",
        on_submit=S.save_entry,
        form_key=S.edit_form_key,
        open=S.edit_open,
        on_open_change=S.set_edit_open,
        trigger=rx.button(rx.icon("pencil", size=14), "Edit", variant="soft", data_testid="edit-entry"),
    )


def _archive_confirm() -> rx.Component:
    return confirm_dialog(
        "Archive this product?",
        "“",
        E.name,
        "” leaves the catalog and the Software picker. Expired and cancelled licenses keep pointing"
        " at it; a product with licenses still in force cannot be archived. You can restore it later.",
        action=rx.button(
            "Archive product", color_scheme="red", on_click=S.archive_entry, data_testid="archive-confirm"
        ),
        trigger=rx.button(
            rx.icon("archive", size=14), "Archive", variant="soft", color_scheme="red", data_testid="archive-entry"
        ),
        max_width="460px",
        open=S.archive_open,
        on_open_change=S.set_archive_open,
    )


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
                    when_can("catalog.manage", rx.flex(_edit_dialog(), _archive_confirm(), spacing="2")),
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
