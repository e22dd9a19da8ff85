"""/group-rules — directory groups that hold seats, the dry run of a new rule, and
the members a full license refused."""

from __future__ import annotations

import reflex as rx

from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.group_rules import GroupRulesState as S

MUTED = rx.color("gray", 11)


def _field_error(name: str) -> rx.Component:
    return rx.cond(S.field_errors.contains(name), rx.text(S.field_errors[name], size="1", color=rx.color("red", 11)))


def _picker(label: str, field: str, value, options, placeholder: str, error: str) -> rx.Component:
    return rx.flex(
        rx.text(label, size="1", weight="medium"),
        rx.select.root(
            rx.select.trigger(placeholder=placeholder, aria_label=label, data_testid=f"pick-{field}"),
            rx.select.content(rx.foreach(options, lambda o: rx.select.item(o.name, value=o.id))),
            value=value,
            on_change=lambda v: S.set_choice(field, v),
        ),
        _field_error(error),
        direction="column",
        spacing="1",
        flex="1",
        min_width="240px",
    )


def _preview() -> rx.Component:
    return rx.cond(
        S.previewed,
        rx.box(
            rx.text("Saving this rule now would:", size="2", weight="medium", margin="12px 0 6px"),
            rx.flex(
                rx.badge(S.would_assign, " seats assigned", color_scheme="green", data_testid="dry-assign"),
                rx.badge(S.would_keep, " members already hold one", color_scheme="gray", data_testid="dry-keep"),
                rx.cond(S.would_skip > 0, rx.badge(S.would_skip, " offboarded, skipped", color_scheme="gray")),
                rx.badge(S.would_refuse.length(), " refused", color_scheme="red", data_testid="dry-refuse"),
                spacing="2",
                wrap="wrap",
            ),
            rx.foreach(
                S.would_refuse,
                lambda r: rx.text(r.name, ": ", r.reason, size="1", color=rx.color("red", 11), data_testid="dry-row"),
            ),
            data_testid="dry-run",
        ),
    )


def _form() -> rx.Component:
    return rx.card(
        rx.heading("New rule", as_="h2", size="3", margin_bottom="4px"),
        rx.text(
            "Members of the group hold a seat of the license: joiners get one, leavers give it back. "
            "Groups come from your identity provider over SCIM.",
            size="1",
            color=MUTED,
        ),
        rx.flex(
            _picker("Group", "group_id", S.group_id, S.groups, "Choose a group", "group"),
            _picker("License", "license_id", S.license_id, S.licenses, "Choose a license", "license"),
            spacing="3",
            margin_top="12px",
            wrap="wrap",
        ),
        rx.flex(
            rx.button(
                rx.icon("eye", size=14), "Dry run", variant="soft", on_click=S.dry_run, data_testid="dry-run-btn"
            ),
            rx.button(
                rx.icon("check", size=14),
                "Save rule",
                on_click=S.save,
                disabled=~S.previewed,
                data_testid="rule-save",
            ),
            spacing="2",
            justify="end",
            margin_top="12px",
        ),
        _preview(),
        size="2",
        margin_bottom="20px",
    )


def _delete(r) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.icon_button(
                rx.icon("trash_2", size=14), size="1", variant="ghost", color_scheme="red", aria_label="Delete rule"
            )
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this rule?"),
            rx.alert_dialog.description(
                "Seats it gave stay with their holders; new members no longer get one.", size="2"
            ),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button("Delete rule", color_scheme="red", on_click=S.delete(r.id))),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="400px",
        ),
    )


def _rules() -> rx.Component:
    return rx.cond(
        S.rules.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h)
                        for h in ("Group", "License", "Members", "Hold a seat", "Refused", "")
                    ]
                )
            ),
            rx.table.body(
                rx.foreach(
                    S.rules,
                    lambda r: rx.table.row(
                        rx.table.cell(rx.text(r.group, weight="medium")),
                        rx.table.cell(rx.link(r.license, href="/licenses/" + r.license_id.to_string())),
                        rx.table.cell(r.members),
                        rx.table.cell(r.holders),
                        rx.table.cell(
                            rx.cond(r.refused > 0, rx.badge(r.refused, color_scheme="red"), rx.text("0", color=MUTED))
                        ),
                        rx.table.cell(_delete(r), text_align="right"),
                        align="center",
                        data_testid="group-rule-row",
                    ),
                )
            ),
            variant="surface",
            size="1",
            width="100%",
        ),
        empty_state(
            "users_round",
            "No group rules yet",
            "Pick a group and a license above, run the dry run, then save.",
            testid="group-rules-empty",
        ),
    )


def _refusals() -> rx.Component:
    return rx.cond(
        S.refusals.length() > 0,
        rx.box(
            rx.heading("Waiting for a seat", as_="h2", size="4", margin="24px 0 10px"),
            rx.table.root(
                rx.table.header(
                    rx.table.row(*[rx.table.column_header_cell(h) for h in ("Member", "Group", "License", "Why")])
                ),
                rx.table.body(
                    rx.foreach(
                        S.refusals,
                        lambda f: rx.table.row(
                            rx.table.cell(rx.text(f.name, weight="medium")),
                            rx.table.cell(f.group),
                            rx.table.cell(f.license),
                            rx.table.cell(rx.text(f.reason, color=rx.color("red", 11))),
                            data_testid="refusal-row",
                        ),
                    )
                ),
                variant="surface",
                size="1",
                width="100%",
            ),
        ),
    )


@page(
    "/group-rules",
    "Group rules · License Hub",
    on_load=S.load,
    nav=NavItem("group-rules", "Group rules", "users_round", "license.assign", order=47),
)
def group_rules_page() -> rx.Component:
    return shell(
        page_header("Group rules", "Directory groups whose members hold a seat of a license."),
        error_callout(S.error),
        _form(),
        _rules(),
        _refusals(),
        active="group-rules",
    )
