"""The Documents section of a license page: contracts, order forms and quotes with
type, size, uploader and date; upload, download, delete (confirmed); and the
review of the terms found in one, field by field."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import header_cell
from license_hub.components.permissions import when_can
from license_hub.components.shell import error_callout, icon_button
from license_hub.state.license_documents import LicenseDocumentsState as D

MUTED = rx.color("gray", 11)
FORM_ID = "lh-document-upload"


def _upload_form() -> rx.Component:
    return rx.el.form(
        rx.flex(
            rx.el.input(
                type="file",
                name="file",
                accept=".pdf,.docx,.txt,application/pdf,text/plain",
                required=True,
                aria_label="Document file",
                data_testid="document-file",
                style={"fontSize": "13px"},
            ),
            rx.button(
                rx.icon("upload", size=14),
                "Upload",
                type="submit",
                size="2",
                variant="soft",
                data_testid="document-upload",
            ),
            align="center",
            spacing="2",
        ),
        action="/api/v1/licenses/" + D.for_license.to(str) + "/documents",
        method="post",
        enc_type="multipart/form-data",
        id=FORM_ID,
        # A plain POST: the route counts the body as it streams and refuses it above 20 MB.
        on_submit=rx.call_script(f"document.getElementById('{FORM_ID}').submit()"),
    )


def _delete_confirm() -> rx.Component:
    """One confirmation for the section, opened by a row's delete button."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this document?"),
            rx.alert_dialog.description(
                rx.text(
                    "“",
                    D.confirm_name,
                    "” is removed from this license. Values already saved to the license stay.",
                    size="2",
                )
            ),
            rx.flex(
                rx.button("Cancel", variant="soft", color_scheme="gray", on_click=D.cancel_delete),
                rx.button(
                    "Delete document",
                    color_scheme="red",
                    on_click=D.remove_document,
                    data_testid="document-delete-confirm",
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="440px",
        ),
        open=D.confirm_id > 0,
    )


def _doc_row(doc) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.flex(
                rx.icon("file_text", size=15, color=MUTED),
                rx.text(doc.filename, size="2", weight="medium", truncate=True, max_width="280px"),
                align="center",
                spacing="2",
            )
        ),
        rx.table.cell(rx.badge(doc.kind, variant="soft", color_scheme="gray")),
        rx.table.cell(rx.text(doc.size, size="2", color=MUTED)),
        rx.table.cell(rx.text(doc.uploaded_by, size="2", color=MUTED)),
        rx.table.cell(rx.text(doc.uploaded_on, size="2", color=MUTED, white_space="nowrap")),
        rx.table.cell(rx.badge(doc.terms, color_scheme=rx.cond(doc.needs_ocr, "amber", "blue"), variant="soft")),
        rx.table.cell(
            rx.flex(
                rx.button(
                    "Review", size="1", variant="soft", on_click=D.open_review(doc.id), data_testid="document-review"
                ),
                rx.link(
                    icon_button(
                        "download", 14, size="1", variant="ghost", color_scheme="gray", aria_label="Download document"
                    ),
                    href=doc.download_href,
                    is_external=False,
                ),
                when_can(
                    "license.manage",
                    icon_button(
                        "trash_2",
                        14,
                        size="1",
                        variant="ghost",
                        color_scheme="red",
                        on_click=D.ask_delete(doc.id),
                        aria_label="Delete document",
                        data_testid="document-delete",
                    ),
                ),
                spacing="3",
                align="center",
                justify="end",
            )
        ),
        data_testid="document-row",
    )


def _decision_buttons(field) -> rx.Component:
    decision = rx.cond(D.decisions.contains(field.name), D.decisions[field.name], "")
    return rx.cond(
        field.saved != "pending",
        rx.badge(
            rx.cond(field.saved == "accepted", "Saved", "Rejected"),
            color_scheme=rx.cond(field.saved == "accepted", "green", "gray"),
            variant="soft",
        ),
        rx.flex(
            rx.cond(
                field.can_accept,
                rx.button(
                    rx.icon("check", size=13),
                    "Accept",
                    size="1",
                    variant=rx.cond(decision == "accepted", "solid", "outline"),
                    color_scheme="green",
                    on_click=D.decide(field.name, rx.cond(decision == "accepted", "pending", "accepted")),
                    data_testid="accept-" + field.name,
                ),
            ),
            rx.cond(
                field.can_accept,
                rx.button(
                    rx.icon("x", size=13),
                    "Reject",
                    size="1",
                    variant=rx.cond(decision == "rejected", "solid", "outline"),
                    color_scheme="gray",
                    on_click=D.decide(field.name, rx.cond(decision == "rejected", "pending", "rejected")),
                    data_testid="reject-" + field.name,
                ),
                rx.text("For reference", size="1", color=MUTED),
            ),
            spacing="2",
            wrap="nowrap",
        ),
    )


def _field_row(field) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(field.label, size="2", weight="medium", white_space="nowrap")),
        rx.table.cell(
            rx.flex(
                rx.text(field.found, size="2", weight="bold", data_testid="found-" + field.name),
                rx.cond(
                    field.flags != "",
                    rx.tooltip(
                        rx.badge(rx.icon("triangle_alert", size=12), "Check", color_scheme="amber", variant="soft"),
                        content=field.flags,
                    ),
                ),
                align="center",
                spacing="2",
            )
        ),
        rx.table.cell(rx.text(field.current, size="2", color=MUTED)),
        rx.table.cell(rx.text(field.confidence, size="1", color=MUTED)),
        rx.table.cell(
            rx.flex(
                rx.text(
                    "p. ",
                    field.page,
                    " · “",
                    field.snippet,
                    "”",
                    size="1",
                    color=MUTED,
                    max_width="340px",
                    truncate=True,
                    title=field.snippet,
                ),
                rx.cond(field.flags != "", rx.text(field.flags, size="1", color=rx.color("amber", 11))),
                direction="column",
            )
        ),
        rx.table.cell(_decision_buttons(field)),
        data_testid="review-row",
    )


def _review() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.flex(
                rx.heading("Review: ", D.review_name, size="3", as_="h3"),
                rx.text("Found by ", D.review_source, ". Nothing is saved until you accept it.", size="1", color=MUTED),
                direction="column",
                spacing="1",
            ),
            icon_button(
                "x",
                15,
                size="1",
                variant="ghost",
                color_scheme="gray",
                on_click=D.close_review,
                aria_label="Close review",
            ),
            justify="between",
            align="start",
        ),
        rx.cond(
            D.review_note != "",
            rx.callout(
                D.review_note,
                icon="scan_text",
                color_scheme="amber",
                size="1",
                margin_top="10px",
                data_testid="review-note",
            ),
        ),
        rx.cond(
            D.fields.length() > 0,
            rx.fragment(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            header_cell("Field"),
                            header_cell("Found in document"),
                            header_cell("Current value"),
                            header_cell("Confidence"),
                            header_cell("Source"),
                            header_cell("Decision"),
                        )
                    ),
                    rx.table.body(rx.foreach(D.fields, _field_row)),
                    variant="ghost",
                    size="1",
                    width="100%",
                    margin_top="10px",
                    data_testid="review-table",
                ),
                rx.flex(
                    rx.cond(
                        D.deadline != "",
                        rx.text(
                            "Cancellation deadline: ",
                            rx.text.strong(D.deadline),
                            " (end date minus the notice period;"
                            " set when both are accepted on an auto-renewing license)",
                            size="1",
                            color=MUTED,
                            data_testid="review-deadline",
                        ),
                        rx.box(),
                    ),
                    when_can(
                        "license.manage",
                        rx.button(
                            "Save decisions",
                            size="2",
                            disabled=D.chosen == 0,
                            on_click=D.save_review,
                            data_testid="review-save",
                        ),
                    ),
                    justify="between",
                    align="center",
                    margin_top="12px",
                    spacing="3",
                    wrap="wrap",
                ),
            ),
        ),
        margin_top="12px",
        data_testid="document-review-panel",
    )


def documents_section() -> rx.Component:
    return rx.box(
        rx.flex(
            rx.flex(
                rx.heading("Documents", size="4", as_="h2"),
                rx.text("Contracts, order forms and quotes · PDF, DOCX or text up to 20 MB", size="1", color=MUTED),
                direction="column",
                spacing="1",
            ),
            when_can("license.manage", _upload_form()),
            justify="between",
            align="center",
            wrap="wrap",
            spacing="3",
            margin_bottom="10px",
        ),
        error_callout(D.error),
        rx.cond(
            D.docs.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        header_cell("Document"),
                        header_cell("Type"),
                        header_cell("Size"),
                        header_cell("Uploaded by"),
                        header_cell("Date"),
                        header_cell("Terms"),
                        header_cell(""),
                    )
                ),
                rx.table.body(rx.foreach(D.docs, _doc_row)),
                variant="surface",
                size="1",
                width="100%",
                data_testid="documents-table",
            ),
            rx.text(
                "No documents yet. Upload the contract, order form or quote: its terms are found for you to "
                "review, and nothing is saved until you accept it.",
                size="2",
                color=MUTED,
                data_testid="documents-empty",
            ),
        ),
        rx.cond(D.review_id > 0, _review()),
        _delete_confirm(),
        margin_top="28px",
        on_mount=D.load,
        data_testid="documents-section",
    )
