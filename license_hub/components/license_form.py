"""The license form (add and edit share it): every field of the seeds in seed
001's panels, in one scrolling dialog with a panel index on the left so it stays
usable on a laptop screen. Errors appear next to their field, the panel index
marks the panels that need attention, and nothing is saved until every field is
clean."""

from __future__ import annotations

import reflex as rx

from license_hub.components.license_form_panels import PANELS, panels
from license_hub.components.shell import icon_button
from license_hub.state.license_edit import LicenseEditState as S


def _scroll_js(key: str) -> str:
    """Scroll the form's body (not the dialog) to a panel."""
    return (
        "(() => { const body = document.querySelector('[data-testid=\"license-form-body\"]');"
        f" const panel = document.getElementById('lf-{key}'); if (!body || !panel) return;"
        " body.scrollTo({top: panel.getBoundingClientRect().top - body.getBoundingClientRect().top"
        " + body.scrollTop - 8, behavior: 'smooth'}); })()"
    )


def _index_item(key: str, title: str, icon: str) -> rx.Component:
    bad = S.panel_errors.contains(key)
    return rx.button(
        rx.icon(icon, size=14),
        rx.text(title, size="2"),
        rx.spacer(),
        rx.cond(
            bad,
            rx.box(
                width="7px",
                height="7px",
                border_radius="9999px",
                background=rx.color("red", 9),
                data_testid=f"panel-error-{key}",
            ),
        ),
        type="button",
        variant="ghost",
        color_scheme=rx.cond(bad, "red", "gray"),
        size="2",
        width="100%",
        justify="start",
        on_click=rx.call_script(_scroll_js(key)),
        style={"margin": "0"},
    )


def _index() -> rx.Component:
    return rx.flex(
        *[_index_item(key, title, icon) for key, title, icon, _ in PANELS],
        direction="column",
        spacing="1",
        width="180px",
        flex_shrink="0",
        padding="16px 12px",
        border_right=f"1px solid {rx.color('gray', 4)}",
        background=rx.color("gray", 2),
        as_="nav",
        aria_label="Form panels",
    )


def license_form_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.flex(
                rx.flex(
                    rx.dialog.title(S.title, margin="0", size="5"),
                    rx.dialog.description(
                        rx.text(
                            "Fields marked * are required; everything else can be filled in later.",
                            size="2",
                            color=rx.color("gray", 11),
                        )
                    ),
                    direction="column",
                    spacing="1",
                ),
                rx.dialog.close(icon_button("x", 16, variant="ghost", color_scheme="gray", aria_label="Close")),
                justify="between",
                align="start",
                padding="18px 24px 14px",
                border_bottom=f"1px solid {rx.color('gray', 4)}",
                flex_shrink="0",
            ),
            rx.form(
                rx.flex(
                    _index(),
                    rx.box(
                        rx.cond(
                            S.form_error != "",
                            rx.callout.root(
                                rx.callout.icon(rx.icon("circle_alert", size=16)),
                                rx.callout.text(S.form_error),
                                color_scheme="red",
                                size="1",
                                margin_bottom="16px",
                                role="alert",
                                data_testid="form-error",
                            ),
                        ),
                        *panels(),
                        flex="1",
                        min_width="0",
                        overflow_y="auto",
                        # Contains the hidden inputs selects and switches position absolutely,
                        # which would otherwise stretch (and scroll) the dialog itself.
                        position="relative",
                        padding="20px 24px 4px",
                        data_testid="license-form-body",
                    ),
                    flex="1",
                    min_height="0",
                ),
                rx.flex(
                    rx.text(
                        rx.cond(
                            S.editing_id > 0,
                            "Changes are recorded in the audit trail.",
                            "The license appears on the list as soon as it is saved.",
                        ),
                        size="1",
                        color=rx.color("gray", 11),
                    ),
                    rx.flex(
                        rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
                        rx.button("Save", type="submit"),
                        spacing="3",
                    ),
                    justify="between",
                    align="center",
                    padding="12px 24px",
                    border_top=f"1px solid {rx.color('gray', 4)}",
                    background=rx.color("gray", 2),
                    flex_shrink="0",
                ),
                on_submit=S.save,
                no_validate=True,
                key=S.form_key,
                data_testid="license-form",
                style={"flex": "1", "min_height": "0", "display": "flex", "flex_direction": "column"},
            ),
            # A fixed frame: only the panels scroll, so the title and Save stay put.
            max_width="1040px",
            width="calc(100vw - 48px)",
            height="min(800px, calc(100vh - 64px))",
            max_height="calc(100vh - 64px)",
            padding="0",
            overflow="hidden",
            display="flex",
            flex_direction="column",
        ),
        open=S.open,
        on_open_change=S.set_open,
    )
