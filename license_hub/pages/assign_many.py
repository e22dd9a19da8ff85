"""Seed 002's "Assign persons" / "Assign assets" dialog of the license page: pick
from the directory, Save; all or nothing on the seat count, holders kept."""

from __future__ import annotations

import reflex as rx

from license_hub.components.holder_picker import DEVICE, PERSON, holder_picker
from license_hub.components.permissions import when_can
from license_hub.components.refusal_report import refusal_report
from license_hub.components.seat_dialog import seat_dialog
from license_hub.components.shell import error_callout
from license_hub.state.assign_many import AssignManyState as S


def assign_persons_button() -> rx.Component:
    return when_can(
        "license.assign",
        rx.button(
            rx.icon("user_plus", size=15),
            "Assign persons",
            variant="soft",
            on_click=S.open_for("persons"),
            data_testid="open-assign-persons",
        ),
    )


def assign_assets_button() -> rx.Component:
    return when_can(
        "license.assign",
        rx.button(
            rx.icon("monitor", size=15),
            "Assign assets",
            variant="soft",
            on_click=S.open_for("assets"),
            data_testid="open-assign-assets",
        ),
    )


def _persons() -> rx.Component:
    return holder_picker(
        kind=PERSON,
        label="Persons",
        listbox_id="assign-persons-options",
        listbox_label="Matching people",
        query=S.query,
        options=S.person_options,
        on_search=S.search,
        on_pick=S.add,
        option_testid="assign-many-option",
        placeholder="Type a name or email to add people",
        searched=S.searched,
        empty_text="No one else in the directory matches.",
        chosen=S.chosen_people,
        on_remove=S.remove,
        chip_testid="assign-many-chip",
    )


def _assets() -> rx.Component:
    return holder_picker(
        kind=DEVICE,
        label="Assets",
        listbox_id="assign-assets-options",
        listbox_label="Matching devices",
        query=S.query,
        options=S.device_options,
        on_search=S.search,
        on_pick=S.add,
        option_testid="assign-many-option",
        placeholder="Type a device name, hostname or owner",
        searched=S.searched,
        empty_text="No other device in the directory matches.",
        chosen=S.chosen_devices,
        on_remove=S.remove,
        chip_testid="assign-many-chip",
    )


def _report() -> rx.Component:
    return refusal_report(
        S.report,
        S.shortage,
        holder_header="Selected",
        advice="Remove some from the selection or free seats, then save again.",
        testid="assign-many",
    )


def assign_many_dialog() -> rx.Component:
    """Opened by the Assign persons / Assign assets buttons; the state checks again."""
    return when_can(
        "license.assign",
        seat_dialog(
            S.title,
            rx.cond(
                S.kind == "assets",
                "Select the devices from the list and click Save: each gets one seat. "
                "A device that already holds a seat keeps it.",
                "Select people from the list and click Save: each gets one seat. "
                "Anyone who already holds a seat keeps it.",
            ),
            error_callout(S.error),
            rx.cond(S.kind == "assets", _assets(), _persons()),
            _report(),
            action=rx.button(
                "Save",
                on_click=[S.start, S.save],
                loading=S.busy,
                disabled=S.picked_count == 0,
                data_testid="assign-many-save",
            ),
            open=S.open,
            on_open_change=S.set_open,
            on_mount=S.close,
            title_attrs={"as": "h2"},
        ),
    )
