"""The license page's "Bulk assign" dialog: people as chips, or a whole department;
one seat each or none, with a report of who could not get one and why."""

from __future__ import annotations

import reflex as rx

from license_hub.components.holder_picker import PERSON, holder_picker
from license_hub.components.permissions import when_can
from license_hub.components.refusal_report import refusal_report
from license_hub.components.seat_dialog import seat_dialog
from license_hub.components.shell import error_callout
from license_hub.state.bulk_assign import BulkAssignState as S

MUTED = rx.color("gray", 11)


def _people_picker() -> rx.Component:
    return holder_picker(
        kind=PERSON,
        label="Add people",
        listbox_id="bulk-options",
        listbox_label="Matching people",
        query=S.query,
        options=S.options,
        on_search=S.search,
        on_pick=S.add,
        option_testid="bulk-option",
        placeholder="Type a name or email to add people",
        searched=S.searched,
        empty_text="No one else in the directory matches.",
        chosen=S.chosen,
        on_remove=S.remove,
        chip_testid="bulk-chip",
        chips_testid="bulk-chips",
    )


def _department_picker() -> rx.Component:
    return rx.cond(
        S.departments.length() > 0,
        rx.flex(
            rx.select.root(
                rx.select.trigger(placeholder="Choose a department", aria_label="Department", width="100%"),
                rx.select.content(rx.foreach(S.departments, lambda d: rx.select.item(d.label, value=d.name))),
                value=S.department,
                on_change=S.set_department,
            ),
            rx.text("Every current member gets a seat; members who already hold one keep it.", size="1", color=MUTED),
            direction="column",
            spacing="1",
        ),
        rx.text(
            "No one in the directory has a department yet. Import people with a department column first.",
            size="2",
            color=MUTED,
        ),
    )


def _report() -> rx.Component:
    return refusal_report(
        S.report,
        S.shortage,
        holder_header="Person",
        advice="Fix the selection (remove these people or free seats) and try again.",
        testid="bulk",
    )


def bulk_assign_dialog() -> rx.Component:
    """Shown only to roles that may assign seats; the state checks again."""
    return when_can(
        "license.assign",
        seat_dialog(
            "Bulk assign",
            "Give one seat to each of several people, or to a whole department. "
            "All or nothing: if anyone cannot get a seat, no one does.",
            rx.segmented_control.root(
                rx.segmented_control.item("People", value="people"),
                rx.segmented_control.item("Department", value="department"),
                value=S.mode,
                on_change=S.set_mode,
                size="2",
            ),
            error_callout(S.error),
            rx.cond(S.mode == "department", _department_picker(), _people_picker()),
            _report(),
            action=rx.button(
                S.assign_label,
                on_click=[S.start, S.assign],
                loading=S.busy,
                disabled=S.seat_count == 0,
                data_testid="bulk-submit",
            ),
            open=S.open,
            on_open_change=S.set_open,
            on_mount=S.close,
            trigger=rx.button(rx.icon("users", size=15), "Bulk assign", variant="soft", data_testid="open-bulk-assign"),
        ),
    )
