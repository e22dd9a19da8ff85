"""The application page's own dialogs: Edit product (every catalog field, the
grade by hand too) and the confirmation before archiving it."""

from __future__ import annotations

import reflex as rx

from license_hub.components.confirm_dialog import confirm_dialog
from license_hub.components.form_dialog import form_dialog
from license_hub.components.paging import form_field
from license_hub.components.product_fields import deployment_field
from license_hub.state.catalog_entry import NO_GRADE
from license_hub.state.catalog_entry import CatalogEntryState as S

E = S.entry
GRADES = ("A", "B", "C", "D", "E", "F")
RISKS = ("Low", "Medium", "High", "Critical")


def edit_dialog() -> rx.Component:
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
        deployment_field(e, E.deployment_model),
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


def archive_confirm() -> rx.Component:
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
