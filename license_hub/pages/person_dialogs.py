"""The person dialogs: Add / Edit person (every directory field, errors under each
field), Merge (pick the duplicate, read the preview, confirm), and the person
picker they and the device form share."""

from __future__ import annotations

import reflex as rx

from license_hub.components.badges import brand_avatar
from license_hub.components.paging import form_field
from license_hub.components.shell import icon_button
from license_hub.state.person_edit import PersonEditState as E
from license_hub.state.person_merge import PersonMergeState as M

MUTED = rx.color("gray", 11)


def _option(p, on_pick, testid: str) -> rx.Component:
    return rx.flex(
        brand_avatar(p.initials, p.avatar_color, size="1"),
        rx.text(p.name, size="2", weight="medium"),
        rx.text(p.email, size="1", color=MUTED, truncate=True),
        align="center",
        spacing="2",
        padding="6px 10px",
        cursor="pointer",
        role="option",
        _hover={"background": rx.color("accent", 3)},
        on_click=on_pick(p.id),
        data_testid=testid,
    )


def person_picker(picked, query, options, on_search, on_pick, on_clear, name: str, placeholder: str) -> rx.Component:
    """Type-ahead over the directory; a picked person shows as a chip with a clear button."""
    return rx.cond(
        picked.id > 0,
        rx.flex(
            brand_avatar(picked.initials, picked.avatar_color, size="1"),
            rx.text(picked.name, size="2", weight="medium", truncate=True, data_testid=f"picked-{name}"),
            rx.spacer(),
            icon_button(
                "x",
                14,
                variant="ghost",
                color_scheme="gray",
                size="1",
                type="button",
                on_click=on_clear,
                aria_label="Clear",
            ),
            align="center",
            spacing="2",
            height="32px",
            padding_x="8px",
            border=f"1px solid {rx.color('accent', 6)}",
            border_radius="var(--radius-2)",
            background=rx.color("accent", 2),
        ),
        rx.box(
            rx.debounce_input(
                rx.input(
                    rx.input.slot(rx.icon("search", size=14)),
                    value=query,
                    on_change=on_search,
                    placeholder=placeholder,
                    auto_complete="off",
                    id=name,
                    name=f"{name}_search",
                    width="100%",
                ),
                debounce_timeout=250,
            ),
            rx.cond(
                options.length() > 0,
                rx.box(
                    rx.foreach(options, lambda p: _option(p, on_pick, f"{name}-option")),
                    role="listbox",
                    position="absolute",
                    z_index="5",
                    width="100%",
                    margin_top="4px",
                    background=rx.color("gray", 1),
                    border=f"1px solid {rx.color('gray', 5)}",
                    border_radius="var(--radius-2)",
                    box_shadow="var(--shadow-3)",
                ),
            ),
            position="relative",
        ),
    )


def text_field(state, label: str, name: str, limit: int, required: bool = False, **props) -> rx.Component:
    bad = state.errors.contains(name)
    return form_field(
        label,
        name,
        rx.input(
            name=name,
            id=name,
            default_value=state.values[name].to(str),
            max_length=limit + 1,
            width="100%",
            variant=rx.cond(bad, "soft", "surface"),
            color_scheme=rx.cond(bad, "red", "gray"),
            aria_invalid=rx.cond(bad, "true", "false"),
            **props,
        ),
        state.errors,
        required=required,
    )


def form_error(message) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("circle_alert", size=16)),
            rx.callout.text(message),
            color_scheme="red",
            size="1",
            role="alert",
            data_testid="form-error",
        ),
    )


def dialog_buttons(note) -> rx.Component:
    return rx.flex(
        rx.text(note, size="1", color=MUTED),
        rx.flex(
            rx.dialog.close(rx.button("Cancel", type="button", variant="soft", color_scheme="gray")),
            rx.button("Save", type="submit", data_testid="save"),
            spacing="3",
        ),
        justify="between",
        align="center",
        margin_top="8px",
    )


def person_form_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(E.title),
            rx.dialog.description("Fields marked * are required.", size="2", color=MUTED, margin_bottom="12px"),
            rx.form(
                rx.flex(
                    form_error(E.form_error),
                    text_field(E, "Name", "name", 200, required=True),
                    rx.grid(
                        text_field(E, "Email", "email", 254, type="email"),
                        text_field(E, "Username", "username", 100),
                        text_field(E, "Employee id", "employee_id", 50),
                        text_field(E, "Department", "department", 100),
                        text_field(E, "Location", "location", 100),
                        rx.cond(
                            E.status != "offboarded",
                            form_field(
                                "Status",
                                "status",
                                rx.select.root(
                                    rx.select.trigger(width="100%", id="status"),
                                    rx.select.content(
                                        rx.select.item("Active", value="active"),
                                        rx.select.item("Inactive", value="inactive"),
                                    ),
                                    name="status",
                                    default_value=E.status,
                                ),
                                E.errors,
                                hint="To offboard someone, use Offboard on their page.",
                            ),
                        ),
                        columns="2",
                        spacing="3",
                    ),
                    form_field(
                        "Manager",
                        "manager_id",
                        person_picker(
                            E.manager,
                            E.manager_query,
                            E.manager_options,
                            E.search_manager,
                            E.pick_manager,
                            E.clear_manager,
                            "manager",
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
                data_testid="person-form",
            ),
            max_width="560px",
        ),
        open=E.open,
        on_open_change=E.set_open,
    )


def _fact(label: str, value) -> rx.Component:
    return rx.flex(rx.text(label, size="2", color=MUTED), rx.text(value, size="2", weight="medium"), spacing="2")


def _merge_preview() -> rx.Component:
    p = M.preview
    return rx.box(
        rx.text(
            rx.text.strong(p.merge_name), " is merged into ", rx.text.strong(p.keep_name), " and removed.", size="2"
        ),
        rx.flex(
            _fact("Seats that move:", p.seats_moving),
            _fact("Reclaimed seats (history) that move:", p.history_moving),
            _fact("Devices:", p.devices),
            rx.cond(p.others != "", _fact("Also:", p.others)),
            rx.cond(p.filled != "", _fact("Fills in:", p.filled)),
            direction="column",
            spacing="1",
            margin_top="8px",
        ),
        rx.cond(
            M.conflicts.length() > 0,
            rx.box(
                rx.text(
                    "Both hold a seat of these licenses: one seat stays, the other is reclaimed",
                    size="2",
                    weight="bold",
                ),
                rx.foreach(
                    M.conflicts,
                    lambda c: rx.text(
                        c.license, " — reclaimed from ", c.reclaimed_from, size="2", data_testid="merge-conflict"
                    ),
                ),
                margin_top="8px",
            ),
        ),
        rx.cond(
            p.problems != "",
            rx.callout.root(
                rx.callout.text(p.problems), color_scheme="red", size="1", margin_top="8px", data_testid="merge-problem"
            ),
        ),
        padding="12px",
        margin_top="12px",
        border=f"1px solid {rx.color('gray', 5)}",
        border_radius="var(--radius-3)",
        data_testid="merge-preview",
    )


def merge_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Merge a duplicate into ", M.keep_name),
            rx.dialog.description(
                "Pick the other record of the same person. Their seats, devices and history move here.",
                size="2",
                color=MUTED,
                margin_bottom="12px",
            ),
            person_picker(
                M.picked, M.query, M.options, M.search, M.pick, M.clear_pick, "duplicate", "Search the duplicate"
            ),
            rx.cond(
                M.searched & (M.options.length() == 0),
                rx.text("No one else matches.", size="2", color=MUTED, margin_top="6px"),
            ),
            rx.cond(M.preview.merge_id > 0, _merge_preview()),
            rx.flex(
                rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.button(
                    "Merge",
                    color_scheme="red",
                    disabled=(M.preview.merge_id == 0) | (M.preview.problems != ""),
                    on_click=M.confirm,
                    data_testid="confirm-merge",
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="560px",
        ),
        open=M.open,
        on_open_change=M.set_open,
    )
