"""/settings/reports — scheduled reports (seed 004): a report emailed as CSV to chosen
people weekly or monthly; add, edit, pause and delete."""

from __future__ import annotations

import reflex as rx

from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.report_schedules import ReportSchedulesState as S

MUTED = rx.color("gray", 11)
KINDS = (("utilization", "Utilization"), ("renewals", "Renewals"), ("spend", "Spend"), ("compliance", "Compliance"))
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _error(name: str) -> rx.Component:
    return rx.cond(
        S.field_errors.contains(name),
        rx.text(S.field_errors[name], size="1", color=rx.color("red", 11), data_testid=f"error-{name}"),
    )


def _label(text: str, *children: rx.Component) -> rx.Component:
    return rx.flex(rx.text(text, size="1", weight="medium"), *children, direction="column", spacing="1")


def _select(label: str, field: str, value, options: list[tuple[str, str]]) -> rx.Component:
    return _label(
        label,
        rx.select.root(
            rx.select.trigger(aria_label=label, data_testid=f"schedule-{field}"),
            rx.select.content(*[rx.select.item(text, value=key) for key, text in options]),
            value=value,
            on_change=lambda v: S.set_field(field, v),
        ),
        _error(field),
    )


def _dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing_id > 0, "Edit scheduled report", "New scheduled report")),
            rx.dialog.description(
                "The report is emailed as a CSV attachment at 06:00 UTC on the chosen day.", size="2", color=MUTED
            ),
            rx.flex(
                _label(
                    "Name",
                    rx.input(
                        value=S.name,
                        on_change=lambda v: S.set_field("name", v),
                        max_length=200,
                        aria_label="Name",
                        placeholder="e.g. Monthly spend for finance",
                        data_testid="schedule-name",
                    ),
                    _error("name"),
                ),
                _select("Report", "report_kind", S.report_kind, list(KINDS)),
                _label(
                    "Recipients",
                    rx.text_area(
                        value=S.recipients,
                        on_change=lambda v: S.set_field("recipients", v),
                        aria_label="Recipients",
                        placeholder="cfo@example.com, it@example.com",
                        rows="3",
                        data_testid="schedule-recipients",
                    ),
                    rx.text("Up to 20 email addresses, separated by commas or lines.", size="1", color=MUTED),
                    _error("recipients"),
                ),
                rx.flex(
                    _select("Cadence", "cadence", S.cadence, [("weekly", "Weekly"), ("monthly", "Monthly")]),
                    rx.cond(
                        S.cadence == "weekly",
                        _select("Weekday", "weekday", S.weekday, [(str(i), d) for i, d in enumerate(WEEKDAYS)]),
                        _select(
                            "Day of the month", "day_of_month", S.day_of_month, [(str(d), str(d)) for d in range(1, 29)]
                        ),
                    ),
                    spacing="3",
                ),
                direction="column",
                spacing="3",
                margin_top="12px",
            ),
            rx.flex(
                rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.button("Save schedule", on_click=S.save, data_testid="schedule-save"),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="480px",
        ),
        open=S.dialog_open,
        on_open_change=S.set_open,
    )


def _delete(r) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.icon_button(
                rx.icon("trash_2", size=14),
                size="1",
                variant="ghost",
                color_scheme="red",
                aria_label="Delete schedule",
                data_testid="schedule-delete",
            )
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this schedule?"),
            rx.alert_dialog.description("Its recipients no longer receive the report.", size="2"),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Delete schedule",
                        color_scheme="red",
                        on_click=S.delete(r.id),
                        data_testid="schedule-confirm-delete",
                    )
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="400px",
        ),
    )


def _status(r) -> rx.Component:
    return rx.cond(
        r.last_status == "failed",
        rx.tooltip(rx.badge("Failed, retrying", color_scheme="red"), content=r.last_error),
        rx.cond(r.last_status == "sent", rx.badge("Sent", color_scheme="green"), rx.fragment()),
    )


def _table() -> rx.Component:
    return rx.cond(
        S.rows.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h)
                        for h in ("Name", "Report", "Recipients", "When", "Next run", "Last run", "")
                    ]
                )
            ),
            rx.table.body(
                rx.foreach(
                    S.rows,
                    lambda r: rx.table.row(
                        rx.table.cell(rx.text(r.name, weight="medium")),
                        rx.table.cell(r.report),
                        rx.table.cell(rx.text(r.recipients, size="1", max_width="260px", trim="both")),
                        rx.table.cell(r.cadence),
                        rx.table.cell(rx.cond(r.active, r.next_run, rx.badge("Paused", color_scheme="gray"))),
                        rx.table.cell(rx.flex(rx.text(r.last_run, size="1", color=MUTED), _status(r), spacing="2")),
                        rx.table.cell(
                            rx.flex(
                                rx.button(
                                    "Edit",
                                    size="1",
                                    variant="soft",
                                    on_click=S.open_edit(r.id),
                                    data_testid="schedule-edit",
                                ),
                                rx.button(
                                    rx.cond(r.active, "Pause", "Resume"),
                                    size="1",
                                    variant="soft",
                                    color_scheme="gray",
                                    on_click=S.toggle(r.id),
                                    data_testid="schedule-toggle",
                                ),
                                _delete(r),
                                spacing="2",
                                align="center",
                                justify="end",
                            )
                        ),
                        align="center",
                        data_testid="schedule-row",
                    ),
                )
            ),
            variant="surface",
            size="1",
            width="100%",
        ),
        empty_state(
            "calendar_clock",
            "No scheduled reports yet",
            "Click New schedule to email a utilization, renewals, spend or compliance report every week or month.",
            testid="schedules-empty",
        ),
    )


@page(
    "/settings/reports",
    "Scheduled reports · License Hub",
    on_load=S.load,
    nav=NavItem("scheduled-reports", "Scheduled reports", "mail", "reports", order=38),
)
def report_schedules_page() -> rx.Component:
    return shell(
        page_header(
            "Scheduled reports",
            "Reports emailed as CSV to chosen people, weekly or monthly.",
            rx.button(rx.icon("plus", size=14), "New schedule", on_click=S.open_new, data_testid="schedule-new"),
        ),
        error_callout(S.error),
        _table(),
        _dialog(),
        active="scheduled-reports",
    )
