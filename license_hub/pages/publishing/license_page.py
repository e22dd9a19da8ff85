"""/publishing/licenses/[license_id] — one issued license, its machines and validation history."""

from __future__ import annotations

import reflex as rx

from license_hub.components.permissions import forbidden_state, when_can
from license_hub.components.shell import empty_state, error_callout, icon_button, not_found, shell
from license_hub.pages import page
from license_hub.pages.publishing.licenses import status_pill
from license_hub.state.key_reveal import HIDE_ALL
from license_hub.state.publishing_license import KEY_BOX
from license_hub.state.publishing_license import PublishingLicenseState as S

MUTED = rx.color("gray", 11)


def confirm(
    label: str, title: str, text: str, action_label: str, on_confirm, color: str = "red", testid: str = ""
) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(label, size="2", variant="soft", color_scheme=color, data_testid=testid or None)
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(rx.text(text, size="2")),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        action_label,
                        color_scheme=color,
                        on_click=on_confirm,
                        data_testid=f"{testid}-confirm" if testid else None,
                    )
                ),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="440px",
        ),
    )


def _key() -> rx.Component:
    box = rx.flex(
        rx.el.code(
            data_reveal_text="1",
            data_testid="published-key",
            style={
                "font_family": "var(--code-font-family)",
                "font_size": "12px",
                "user_select": "all",
                "word_break": "break-all",
            },
        ),
        icon_button(
            "eye_off",
            12,
            size="1",
            variant="ghost",
            color_scheme="amber",
            type="button",
            on_click=rx.call_script(HIDE_ALL),
            aria_label="Hide key",
        ),
        id=KEY_BOX,
        key=S.lic.id,
        display="none",
        align="center",
        spacing="2",
        padding="4px 8px",
        background=rx.color("amber", 3),
        border_radius="var(--radius-2)",
        data_reveal_box="1",
    )
    return rx.flex(
        rx.text(S.lic.key, font_family="var(--code-font-family)", size="2"),
        when_can(
            "key.reveal",
            rx.button(
                rx.icon("eye", size=13),
                "Reveal",
                size="1",
                variant="soft",
                on_click=S.reveal_key,
                data_testid="reveal-key",
            ),
        ),
        box,
        spacing="2",
        align="center",
        wrap="wrap",
    )


def _fact(label: str, value) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(label, min_width="120px"), rx.data_list.value(value))


def _actions() -> rx.Component:
    status = S.lic.status
    return rx.flex(
        rx.cond(
            status == "suspended",
            confirm(
                "Reinstate",
                "Reinstate this license?",
                "Validations succeed again.",
                "Reinstate",
                S.reinstate,
                "green",
                "reinstate",
            ),
            rx.cond(
                status != "revoked",
                confirm(
                    "Suspend",
                    "Suspend this license?",
                    "Validations answer SUSPENDED until it is reinstated.",
                    "Suspend",
                    S.suspend,
                    "amber",
                    "suspend",
                ),
            ),
        ),
        rx.cond(
            status != "revoked",
            rx.fragment(
                confirm(
                    "Renew from expiry",
                    "Renew from the current expiry?",
                    "One more term is added after the current expiry (from today if it already lapsed).",
                    "Renew",
                    S.renew(False),
                    "green",
                    "renew",
                ),
                confirm(
                    "Renew from today",
                    "Renew from today?",
                    "A new term starts today.",
                    "Renew",
                    S.renew(True),
                    "green",
                    "renew-now",
                ),
                confirm(
                    "Revoke",
                    "Revoke this license?",
                    "The key stops working for good: validations answer REVOKED.",
                    "Revoke",
                    S.revoke,
                    "red",
                    "revoke",
                ),
            ),
        ),
        spacing="2",
        wrap="wrap",
        margin_bottom="16px",
    )


def _change_policy() -> rx.Component:
    return rx.card(
        rx.heading("Move to another policy", size="3", as_="h2", margin_bottom="6px"),
        rx.text("Same key, same machines: this is how a trial converts to paid.", size="2", color=MUTED),
        rx.cond(
            S.other_policies.length() > 0,
            rx.flex(
                rx.select.root(
                    rx.select.trigger(
                        placeholder="Choose a policy", aria_label="Policy to move to", data_testid="target-policy"
                    ),
                    rx.select.content(rx.foreach(S.other_policies, lambda c: rx.select.item(c.label, value=c.value))),
                    value=S.target_policy,
                    on_change=S.choose_policy,
                ),
                rx.flex(
                    rx.checkbox(
                        checked=S.reset_expiry,
                        on_change=S.set_reset_expiry,
                        aria_label="Start a new term today",
                        data_testid="reset-expiry",
                    ),
                    rx.text("Start a new term today (otherwise keep the expiry)", size="2"),
                    spacing="2",
                    align="center",
                ),
                rx.cond(
                    S.proration_text != "",
                    rx.callout(S.proration_text, icon="calculator", size="1", data_testid="proration"),
                ),
                rx.cond(
                    S.target_policy != "",
                    confirm(
                        "Change policy",
                        "Move this license to the chosen policy?",
                        "Limits, entitlements and expiry follow the new policy at the next validation.",
                        "Change policy",
                        S.change_policy,
                        "indigo",
                        "change-policy",
                    ),
                ),
                direction="column",
                spacing="3",
                margin_top="10px",
            ),
            rx.text("This product has no other policy.", size="2", color=MUTED, margin_top="8px"),
        ),
        margin_bottom="20px",
    )


def _entitlements() -> rx.Component:
    return rx.card(
        rx.heading("This license's own entitlements", size="3", as_="h2", margin_bottom="6px"),
        rx.text(
            "Feature codes on top of the policy's. The customer's program gets them at its next validation "
            "or file refresh, with no reinstall.",
            size="2",
            color=MUTED,
        ),
        rx.form(
            rx.flex(
                rx.input(
                    name="entitlements",
                    default_value=S.own_entitlements,
                    key=S.own_entitlements,
                    placeholder="EXPORT CLOUD",
                    width="320px",
                    data_testid="own-entitlements",
                ),
                rx.button("Save entitlements", type="submit", variant="soft", data_testid="save-entitlements"),
                spacing="2",
                align="center",
                margin_top="10px",
            ),
            on_submit=S.save_entitlements,
        ),
        rx.cond(
            S.entitlements_error != "",
            rx.text(S.entitlements_error, size="1", color=rx.color("red", 11), data_testid="error-entitlements"),
        ),
        margin_bottom="20px",
    )


def _machine_row(m) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(m.fingerprint, size="1", font_family="var(--code-font-family)")),
        rx.table.cell(rx.text(m.name, size="2")),
        rx.table.cell(rx.text(m.platform, size="2", color=MUTED)),
        rx.table.cell(rx.text(m.activated, size="2")),
        rx.table.cell(rx.text(m.last_seen, size="2", color=MUTED)),
        rx.table.cell(rx.badge(m.state, variant="soft", color_scheme=rx.cond(m.state == "Active", "green", "gray"))),
        rx.table.cell(
            rx.cond(
                m.state == "Active",
                confirm(
                    "Deactivate",
                    "Deactivate this machine?",
                    "The fingerprint is released; the customer can activate another machine.",
                    "Deactivate",
                    S.deactivate(m.fingerprint),
                    "red",
                    "deactivate",
                ),
            )
        ),
        align="center",
        data_testid="machine-row",
    )


def _check_row(c) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(c.at, size="2", white_space="nowrap")),
        rx.table.cell(rx.badge(c.code, variant="soft", color_scheme=rx.cond(c.valid, "green", "red"))),
        rx.table.cell(rx.text(c.fingerprint, size="1", font_family="var(--code-font-family)")),
        rx.table.cell(rx.text(c.version, size="2")),
        align="center",
        data_testid="check-row",
    )


def _table(heads: list[str], rows, render, icon: str, title: str, text: str, testid: str) -> rx.Component:
    return rx.cond(
        rows.length() > 0,
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
            rx.table.body(rx.foreach(rows, render)),
            variant="surface",
            size="1",
            width="100%",
            margin_bottom="20px",
        ),
        empty_state(icon, title, text, testid=testid),
    )


def _detail() -> rx.Component:
    lic = S.lic
    return rx.box(
        rx.link(
            rx.flex(rx.icon("arrow_left", size=14), rx.text("Issued licenses", size="2"), align="center", spacing="1"),
            href="/publishing/licenses",
            color=MUTED,
            underline="none",
        ),
        rx.flex(
            rx.heading(
                "License #", lic.id.to_string(), " · ", lic.customer, size="6", as_="h1", data_testid="page-title"
            ),
            status_pill(lic.status),
            align="center",
            spacing="3",
            margin="12px 0 16px",
        ),
        error_callout(S.error),
        rx.card(
            rx.data_list.root(
                _fact("Key", _key()),
                _fact("Product", lic.product),
                _fact("Policy", rx.text(lic.policy, data_testid="policy-name")),
                _fact("Model", lic.model),
                _fact("Issued", lic.issued),
                _fact("Expires", rx.text(lic.expires, data_testid="expires")),
                _fact("Maintenance until", S.maintenance),
                _fact("Entitlements", S.entitlements),
                _fact("Machines", lic.machines),
                rx.cond(
                    lic.model == "Floating",
                    _fact(
                        "Floating",
                        rx.link(
                            "Leases, queue and peak use",
                            href="/publishing/licenses/" + lic.id.to_string() + "/leases",
                            data_testid="leases-link",
                        ),
                    ),
                ),
                size="2",
            ),
            size="2",
            margin_bottom="16px",
        ),
        _actions(),
        _change_policy(),
        rx.cond(S.lic.status != "revoked", _entitlements()),
        rx.heading("Machines", size="4", as_="h2", margin_bottom="10px"),
        _table(
            ["Fingerprint", "Name", "Platform", "Activated", "Last heartbeat", "State", ""],
            S.machines,
            _machine_row,
            "monitor",
            "No machines yet",
            "The customer's program activates machines with the license key (POST /api/v1/machines).",
            "machines-empty",
        ),
        rx.heading("Validation history", size="4", as_="h2", margin_bottom="10px"),
        _table(
            ["When", "Answer", "Fingerprint", "Version"],
            S.checks,
            _check_row,
            "shield_check",
            "No validations yet",
            "Each validation of this key appears here with its answer.",
            "checks-empty",
        ),
    )


@page("/publishing/licenses/[license_id]", "Issued license · License Hub", on_load=S.load)
def publishing_license_page() -> rx.Component:
    return shell(
        rx.cond(
            S.not_found != "",
            not_found(S.not_found, "/publishing/licenses", "Back to issued licenses"),
            rx.cond(S.lic.id > 0, _detail(), rx.cond(S.error != "", forbidden_state(S.error))),
        ),
        active="publishing",
    )
