"""The device form dialog (Add device on the list, Edit device on its page)."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import form_field
from license_hub.pages.person_dialogs import dialog_buttons, form_error, person_picker, text_field
from license_hub.state.device_edit import DeviceEditState as E

MUTED = rx.color("gray", 11)


def device_form_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(E.title),
            rx.dialog.description("Fields marked * are required.", size="2", color=MUTED, margin_bottom="12px"),
            rx.form(
                rx.flex(
                    form_error(E.form_error),
                    text_field(E, "Name", "name", 200, required=True),
                    rx.grid(
                        text_field(E, "Hostname", "hostname", 200),
                        text_field(E, "Serial number", "serial", 100),
                        text_field(E, "OS", "os", 100),
                        text_field(E, "Location", "location", 100),
                        columns="2",
                        spacing="3",
                    ),
                    form_field(
                        "Owner",
                        "owner_id",
                        person_picker(
                            E.owner,
                            E.owner_query,
                            E.owner_options,
                            E.search_owner,
                            E.pick_owner,
                            E.clear_owner,
                            "owner",
                            "Search people",
                        ),
                        E.errors,
                    ),
                    dialog_buttons(rx.cond(E.editing_id > 0, "Changes are recorded in the audit trail.", "")),
                    direction="column",
                    spacing="3",
                ),
                on_submit=E.save,
                no_validate=True,
                key=E.form_key,
                data_testid="device-form",
            ),
            max_width="560px",
        ),
        open=E.open,
        on_open_change=E.set_open,
    )
