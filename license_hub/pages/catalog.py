"""/catalog — the products the organization knows about, with search, a
category filter and the "Add product" dialog."""

from __future__ import annotations

import reflex as rx

from license_hub.components.badges import brand_avatar, grade_pill
from license_hub.components.form_dialog import form_dialog
from license_hub.components.paging import form_field, header_cell, pager
from license_hub.components.permissions import when_can
from license_hub.components.product_fields import deployment_field
from license_hub.components.search_box import search_box
from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.catalog import CatalogState as S

DEPLOYMENT_ICONS = {"Cloud": "cloud", "On-Premise": "server", "Hybrid": "layers"}


def deployment_label(model) -> rx.Component:
    return rx.flex(
        rx.match(model, *[(m, rx.icon(i, size=14)) for m, i in DEPLOYMENT_ICONS.items()], rx.icon("box", size=14)),
        rx.text(model, size="2"),
        align="center",
        spacing="1",
        color=rx.color("gray", 11),
    )


def _row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.flex(
                brand_avatar(row.initials, row.avatar_color, size="2"),
                rx.link(
                    row.name,
                    href=row.href,
                    weight="medium",
                    color=rx.color("gray", 12),
                    underline="hover",
                    data_testid="catalog-name",
                ),
                rx.cond(row.archived, rx.badge("Archived", color_scheme="gray", variant="soft", size="1")),
                align="center",
                spacing="3",
            ),
        ),
        rx.table.cell(rx.text(row.publisher, size="2", color=rx.color("gray", 11))),
        rx.table.cell(rx.text(row.category, size="2", color=rx.color("gray", 11))),
        rx.table.cell(deployment_label(row.deployment_model)),
        rx.table.cell(grade_pill(row.grade, row.risk)),
        rx.table.cell(rx.text(row.licenses, size="2", weight="medium"), text_align="right"),
        on_click=rx.redirect(row.href),
        cursor="pointer",
        align="center",
        _hover={"background": rx.color("gray", 2)},
        data_testid="catalog-row",
    )


def _table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                header_cell("Product"),
                header_cell("Publisher"),
                header_cell("Category"),
                header_cell("Deployment"),
                header_cell("Grade"),
                header_cell("Licenses", text_align="right"),
            ),
        ),
        rx.table.body(rx.foreach(S.rows, _row)),
        variant="surface",
        size="2",
        width="100%",
        data_testid="catalog-table",
    )


def _add_dialog() -> rx.Component:
    e = S.add_errors
    return form_dialog(
        "Add product",
        "A catalog entry is the product itself. Adding one creates no license and costs nothing.",
        form_field(
            "Name",
            "name",
            rx.input(
                name="name",
                id="name",
                placeholder="e.g. Adobe Creative Cloud",
                max_length=200,
                auto_focus=True,
            ),
            e,
            required=True,
        ),
        rx.grid(
            form_field(
                "Publisher",
                "publisher",
                rx.input(name="publisher", id="publisher", placeholder="e.g. Adobe", max_length=200),
                e,
            ),
            form_field(
                "Category",
                "category",
                rx.input(
                    name="category",
                    id="category",
                    placeholder="e.g. Design",
                    max_length=100,
                    list="catalog-categories",
                ),
                e,
            ),
            columns="2",
            spacing="3",
        ),
        rx.el.datalist(rx.foreach(S.categories, lambda c: rx.el.option(value=c)), id="catalog-categories"),
        deployment_field(e, "Cloud"),
        form_field(
            "Description",
            "description",
            rx.text_area(name="description", id="description", rows="3", max_length=5000),
            e,
        ),
        form_field(
            "Website",
            "website",
            rx.input(name="website", id="website", placeholder="https://", max_length=300),
            e,
        ),
        submit="Add product",
        submit_testid="add-product-submit",
        on_submit=S.add_product,
        form_key=S.add_form_key,
        open=S.add_open,
        on_open_change=S.set_add_open,
        trigger=rx.button(rx.icon("plus", size=15), "Add product", data_testid="add-product"),
        max_width="520px",
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        search_box(S.search, S.set_search, "Search name or publisher…", "Search the catalog"),
        rx.select.root(
            rx.select.trigger(placeholder="All categories", min_width="180px", aria_label="Category"),
            rx.select.content(
                rx.select.item("All categories", value="all"),
                rx.foreach(S.categories, lambda c: rx.select.item(c, value=c)),
            ),
            value=rx.cond(S.category != "", S.category, "all"),
            on_change=S.set_category,
        ),
        rx.el.label(
            rx.flex(
                rx.checkbox(
                    checked=S.archived,
                    on_change=S.set_archived,
                    aria_label="Show archived products only",
                    data_testid="show-archived",
                ),
                rx.text("Show archived products only", size="2", as_="span"),
                align="center",
                spacing="2",
            ),
        ),
        spacing="3",
        align="center",
        margin_bottom="16px",
        wrap="wrap",
    )


@page(
    "/catalog",
    "Catalog · License Hub",
    on_load=S.load,
    nav=NavItem("catalog", "Catalog", "library", "license.view", order=10),
)
def catalog_page() -> rx.Component:
    return shell(
        page_header(
            "Catalog",
            "The products your organization knows about. Licenses point at them.",
            when_can("catalog.manage", _add_dialog()),
        ),
        error_callout(S.error),
        _toolbar(),
        rx.cond(
            S.rows.length() > 0,
            rx.box(_table(), rx.cond(S.page_count > 1, pager(S.range_label, S.page, S.page_count, S.go_page))),
            rx.cond(
                S.loaded,
                rx.cond(
                    S.filtered,
                    empty_state(
                        "search",
                        "No products match",
                        "Try a different search or category.",
                        rx.link(rx.button("Clear filters", variant="soft"), href="/catalog"),
                    ),
                    empty_state(
                        "library",
                        "The catalog is empty",
                        "Add the software your organization uses — then record its licenses and seats.",
                        when_can(
                            "catalog.manage",
                            rx.button(rx.icon("plus", size=14), "Add product", on_click=S.set_add_open(True)),
                        ),
                    ),
                ),
            ),
        ),
        active="catalog",
    )
