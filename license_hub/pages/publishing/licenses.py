"""/publishing/licenses — the licenses we issued, and issuing a new one."""

from __future__ import annotations

import reflex as rx

from license_hub.components.paging import pager
from license_hub.components.search_box import search_box
from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import page
from license_hub.pages.publishing.products import field_error, sub_nav
from license_hub.state.publishing_licenses import ALL, CUSTOMER_KINDS, EXPIRING_DAYS, STATUSES
from license_hub.state.publishing_licenses import PublishingLicensesState as S

MUTED = rx.color("gray", 11)
STATUS_COLORS = {"active": "green", "suspended": "amber", "revoked": "gray", "expired": "red"}


def status_pill(status) -> rx.Component:
    return rx.badge(
        status,
        color_scheme=rx.match(status, *STATUS_COLORS.items(), "gray"),
        variant="soft",
        radius="full",
        data_testid="license-status",
    )


def _labelled(label: str, control: rx.Component, name: str) -> rx.Component:
    return rx.flex(
        rx.text(label, size="1", weight="medium"),
        control,
        field_error(S.issue_errors, name),
        direction="column",
        spacing="1",
    )


def issue_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("key_round", size=14), "Issue license", data_testid="issue-license")),
        rx.dialog.content(
            rx.dialog.title("Issue a license"),
            rx.dialog.description(
                "A signed key is generated under the policy. Reveal it on the license's page.",
                size="2",
                color=MUTED,
                margin_bottom="12px",
            ),
            rx.form(
                rx.flex(
                    _labelled(
                        "Policy",
                        rx.select.root(
                            rx.select.trigger(placeholder="Choose a policy", data_testid="issue-policy"),
                            rx.select.content(
                                rx.foreach(S.policy_options, lambda c: rx.select.item(c.label, value=c.value))
                            ),
                            value=S.issue_policy,
                            on_change=S.set_issue_policy,
                        ),
                        "policy_id",
                    ),
                    _labelled(
                        "Customer",
                        rx.select.root(
                            rx.select.trigger(placeholder="New customer", data_testid="issue-customer"),
                            rx.select.content(
                                rx.select.item("New customer…", value="new"),
                                rx.foreach(S.customer_options, lambda c: rx.select.item(c.label, value=c.value)),
                            ),
                            value=S.issue_customer,
                            on_change=S.set_issue_customer,
                        ),
                        "customer_id",
                    ),
                    rx.text("New customer", size="1", color=MUTED),
                    rx.grid(
                        _labelled(
                            "Kind",
                            rx.select.root(
                                rx.select.trigger(),
                                rx.select.content(
                                    *[rx.select.item(label, value=value) for value, label in CUSTOMER_KINDS.items()]
                                ),
                                name="kind",
                                default_value="organization",
                            ),
                            "kind",
                        ),
                        _labelled(
                            "Name", rx.input(name="name", placeholder="Acme Corp", data_testid="issue-name"), "name"
                        ),
                        _labelled(
                            "Email",
                            rx.input(name="email", placeholder="licensing@acme.example", data_testid="issue-email"),
                            "email",
                        ),
                        _labelled(
                            "Extra entitlements", rx.input(name="entitlements", placeholder="EXPORT"), "entitlements"
                        ),
                        columns="2",
                        spacing="3",
                    ),
                    rx.flex(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Issue license", type="submit", data_testid="issue-submit"),
                        spacing="3",
                        justify="end",
                    ),
                    direction="column",
                    spacing="3",
                ),
                on_submit=S.issue,
            ),
            max_width="520px",
        ),
        open=S.issue_open,
        on_open_change=S.set_issue_open,
    )


def _row(r) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(f"#{r.id}", href=r.href, weight="medium", data_testid="license-link")),
        rx.table.cell(rx.text(r.customer, size="2", weight="medium")),
        rx.table.cell(rx.text(r.product, size="2", color=MUTED)),
        rx.table.cell(rx.text(r.policy, size="2")),
        rx.table.cell(status_pill(r.status)),
        rx.table.cell(rx.text(r.key, size="1", font_family="var(--code-font-family)", color=MUTED)),
        rx.table.cell(rx.text(r.machines, size="2")),
        rx.table.cell(rx.text(r.issued, size="2", white_space="nowrap")),
        rx.table.cell(rx.text(r.expires, size="2", white_space="nowrap")),
        align="center",
        data_testid="published-license-row",
    )


def _filters() -> rx.Component:
    return rx.flex(
        search_box(S.search, S.set_search, "Search customer, email, product, #id…", "Search licenses"),
        rx.select.root(
            rx.select.trigger(aria_label="Status", data_testid="filter-status"),
            rx.select.content(
                rx.select.item("Any status", value=ALL),
                *[rx.select.item(s.capitalize(), value=s) for s in STATUSES],
            ),
            value=S.status_value,
            on_change=S.set_status,
        ),
        rx.select.root(
            rx.select.trigger(aria_label="Policy", data_testid="filter-policy"),
            rx.select.content(
                rx.select.item("Any policy", value=ALL),
                rx.foreach(S.policy_options, lambda c: rx.select.item(c.label, value=c.value)),
            ),
            value=S.policy_value,
            on_change=S.set_policy,
        ),
        rx.flex(
            rx.switch(
                checked=S.soon,
                on_change=S.set_soon,
                aria_label=f"Expiring soon ({EXPIRING_DAYS} days)",
                data_testid="filter-soon",
            ),
            rx.text(f"Expiring soon ({EXPIRING_DAYS} days)", size="2"),
            align="center",
            spacing="2",
        ),
        rx.cond(S.filtered, rx.button("Clear filters", variant="ghost", size="1", on_click=S.clear_filters)),
        spacing="3",
        align="center",
        wrap="wrap",
        margin_bottom="14px",
    )


def _table() -> rx.Component:
    heads = ["License", "Customer", "Product", "Policy", "Status", "Key", "Machines", "Issued", "Expires"]
    return rx.cond(
        S.rows.length() > 0,
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
                rx.table.body(rx.foreach(S.rows, _row)),
                variant="surface",
                size="1",
                width="100%",
                data_testid="published-licenses-table",
            ),
            pager(S.range_label, S.page, S.page_count, S.go_page),
        ),
        rx.cond(
            S.loaded,
            rx.cond(
                S.filtered,
                empty_state(
                    "search_x",
                    "No license matches these filters",
                    "Change or clear the filters.",
                    rx.button("Clear filters", variant="soft", on_click=S.clear_filters),
                ),
                empty_state(
                    "key_round",
                    "No licenses issued yet",
                    "Issue a license under one of your policies "
                    "(Issue license, top right): the customer gets a signed key.",
                    testid="licenses-empty",
                ),
            ),
        ),
    )


@page("/publishing/licenses", "Issued licenses · License Hub", on_load=S.load)
def publishing_licenses_page() -> rx.Component:
    return shell(
        page_header("Issued licenses", "Keys we issued to our customers.", issue_dialog()),
        sub_nav("licenses"),
        error_callout(S.error),
        _filters(),
        _table(),
        active="publishing",
    )
