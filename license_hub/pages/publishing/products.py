"""/publishing — products we publish, their policies and releases."""

from __future__ import annotations

import reflex as rx

from license_hub.components.shell import empty_state, error_callout, page_header, shell
from license_hub.pages import NavItem, page
from license_hub.state.publishing_products import EXPIRY_BEHAVIOURS, LICENSE_MODELS, OVERAGE_LABELS
from license_hub.state.publishing_products import PublishingProductsState as S

MUTED = rx.color("gray", 11)


def sub_nav(active: str) -> rx.Component:
    def tab(label: str, href: str, key: str) -> rx.Component:
        return rx.link(rx.button(label, variant=rx.cond(active == key, "solid", "soft"), size="1"), href=href)

    return rx.flex(
        tab("Products & policies", "/publishing", "products"),
        tab("Issued licenses", "/publishing/licenses", "licenses"),
        spacing="2",
        margin_bottom="16px",
    )


def field_error(errors, name: str) -> rx.Component:
    return rx.cond(
        errors.contains(name), rx.text(errors[name], size="1", color=rx.color("red", 11), data_testid=f"error-{name}")
    )


def _labelled(label: str, control: rx.Component, errors, name: str) -> rx.Component:
    return rx.flex(
        rx.text(label, size="1", weight="medium"), control, field_error(errors, name), direction="column", spacing="1"
    )


def _input(label: str, name: str, placeholder: str = "") -> rx.Component:
    return _labelled(
        label,
        rx.input(
            value=S.draft[name],
            on_change=lambda v: S.set_field(name, v),
            placeholder=placeholder,
            name=name,
            data_testid=f"policy-{name}",
        ),
        S.field_errors,
        name,
    )


def _select(label: str, name: str, options: dict[str, str]) -> rx.Component:
    return _labelled(
        label,
        rx.select.root(
            rx.select.trigger(data_testid=f"policy-{name}"),
            rx.select.content(*[rx.select.item(text, value=value) for value, text in options.items()]),
            value=S.draft[name],
            on_change=lambda v: S.set_field(name, v),
        ),
        S.field_errors,
        name,
    )


def policy_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.editing > 0, "Edit policy", "New policy")),
            rx.dialog.description(
                "How licenses under this policy behave. Changes reach licenses at their next "
                "validation or license-file refresh.",
                size="2",
                color=MUTED,
                margin_bottom="12px",
            ),
            rx.grid(
                _input("Name", "name", "Pro annual"),
                _select("License model", "license_model", LICENSE_MODELS),
                _input("Duration (days)", "duration_days", "empty: never expires"),
                _input("Maintenance (days)", "maintenance_days", "empty: until expiry"),
                _input("Maximum machines", "max_machines", "empty: unlimited"),
                _select("Overage", "overage", OVERAGE_LABELS),
                _select("At expiry", "expiry_behaviour", EXPIRY_BEHAVIOURS),
                _input("Grace days", "grace_days"),
                _input("Check-in interval (days)", "check_in_days", "empty: no check-in"),
                _input("Heartbeat (minutes)", "heartbeat_minutes", "empty: no heartbeat"),
                _input("Transfers allowed", "transfer_budget"),
                _input("Transfer window (days)", "transfer_window_days"),
                _input("Entitlements", "entitlements", "PRO EXPORT"),
                _input("Version constraint", "version_constraint", ">=2.0,<3"),
                _input("Price", "price", "199.00"),
                _input("Currency", "currency"),
                columns="2",
                spacing="3",
            ),
            rx.flex(
                rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.button("Save policy", on_click=S.save_policy, data_testid="save-policy"),
                spacing="3",
                justify="end",
                margin_top="16px",
            ),
            max_width="640px",
        ),
        open=S.policy_open,
        on_open_change=S.set_policy_open,
    )


def publish_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(
            rx.button(rx.icon("package_plus", size=14), "Publish a product", data_testid="publish-product")
        ),
        rx.dialog.content(
            rx.dialog.title("Publish a product"),
            rx.dialog.description(
                "Mark a catalog entry as a product we publish and license to customers.",
                size="2",
                color=MUTED,
                margin_bottom="12px",
            ),
            rx.form(
                rx.flex(
                    _labelled(
                        "Catalog entry",
                        rx.select.root(
                            rx.select.trigger(placeholder="Choose a catalog entry", data_testid="publish-entry"),
                            rx.select.content(
                                rx.foreach(S.entry_options, lambda c: rx.select.item(c.label, value=c.value))
                            ),
                            name="catalog_entry_id",
                        ),
                        S.publish_errors,
                        "catalog_entry_id",
                    ),
                    _labelled(
                        "Product code",
                        rx.input(name="code", placeholder="ACME-CAD", data_testid="publish-code"),
                        S.publish_errors,
                        "code",
                    ),
                    rx.flex(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Publish", type="submit", data_testid="publish-submit"),
                        spacing="3",
                        justify="end",
                    ),
                    direction="column",
                    spacing="3",
                ),
                on_submit=S.publish,
            ),
            max_width="440px",
        ),
        open=S.publish_open,
        on_open_change=S.set_publish_open,
    )


def release_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("tag", size=14), "Add a release", variant="soft")),
        rx.dialog.content(
            rx.dialog.title("Add a release"),
            rx.dialog.description(
                "Licenses may run a release published before their maintenance ends.",
                size="2",
                color=MUTED,
                margin_bottom="12px",
            ),
            rx.form(
                rx.flex(
                    _labelled(
                        "Product",
                        rx.select.root(
                            rx.select.trigger(placeholder="Choose a product"),
                            rx.select.content(
                                rx.foreach(S.products, lambda p: rx.select.item(p.code, value=p.id.to_string()))
                            ),
                            name="product_id",
                        ),
                        S.release_errors,
                        "product_id",
                    ),
                    _labelled("Version", rx.input(name="version", placeholder="2.1.0"), S.release_errors, "version"),
                    _labelled(
                        "Released on", rx.input(name="released_on", type="date"), S.release_errors, "released_on"
                    ),
                    rx.flex(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Add release", type="submit"),
                        spacing="3",
                        justify="end",
                    ),
                    direction="column",
                    spacing="3",
                ),
                on_submit=S.add_release,
            ),
            max_width="440px",
        ),
        open=S.release_open,
        on_open_change=S.set_release_open,
    )


def _product_card(p) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.box(
                rx.flex(
                    rx.text(p.name, weight="bold", size="3"),
                    rx.badge(p.code, variant="soft"),
                    spacing="2",
                    align="center",
                ),
                rx.text(p.publisher, size="1", color=MUTED),
                rx.text("Releases: ", p.releases, size="1", color=MUTED),
            ),
            rx.button(
                rx.icon("plus", size=14),
                "New policy",
                size="1",
                variant="soft",
                on_click=S.new_policy(p.id),
                data_testid="new-policy",
            ),
            justify="between",
            align="start",
        ),
        data_testid="product-card",
    )


def _policy_row(p) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(p.name, weight="medium", size="2")),
        rx.table.cell(rx.text(p.product, size="2", color=MUTED)),
        rx.table.cell(rx.badge(p.model, variant="soft", radius="full")),
        rx.table.cell(rx.text(p.duration, size="2")),
        rx.table.cell(rx.text(p.machines, size="2")),
        rx.table.cell(rx.text(p.expiry, size="2")),
        rx.table.cell(rx.text(p.grace, size="2")),
        rx.table.cell(rx.text(p.check_in, size="2")),
        rx.table.cell(rx.text(p.entitlements, size="1", font_family="var(--code-font-family)")),
        rx.table.cell(rx.text(p.versions, size="2")),
        rx.table.cell(rx.text(p.price, size="2")),
        rx.table.cell(rx.button("Edit", size="1", variant="ghost", on_click=S.edit_policy(p.id))),
        align="center",
        data_testid="policy-row",
    )


def _policies() -> rx.Component:
    heads = [
        "Policy",
        "Product",
        "Model",
        "Duration",
        "Machines",
        "At expiry",
        "Grace",
        "Check-in",
        "Entitlements",
        "Versions",
        "Price",
        "",
    ]
    return rx.cond(
        S.policies.length() > 0,
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in heads])),
            rx.table.body(rx.foreach(S.policies, _policy_row)),
            variant="surface",
            size="1",
            width="100%",
        ),
        empty_state(
            "scroll_text",
            "No policies yet",
            "Add a policy to a product: its license model, limits, expiry, grace and entitlements.",
            testid="policies-empty",
        ),
    )


@page(
    "/publishing",
    "Publishing · License Hub",
    on_load=S.load,
    nav=NavItem("publishing", "Publishing", "key_round", "publishing", order=90, section="Publishing"),
)
def publishing_products_page() -> rx.Component:
    return shell(
        page_header(
            "Publishing", "Our own products, their license policies and releases.", release_dialog(), publish_dialog()
        ),
        sub_nav("products"),
        error_callout(S.error),
        rx.cond(
            S.products.length() > 0,
            rx.grid(rx.foreach(S.products, _product_card), columns="3", spacing="3", margin_bottom="20px"),
            rx.cond(
                S.loaded,
                empty_state(
                    "package",
                    "No published products",
                    "Publish a catalog entry to issue signed license keys for it.",
                    testid="products-empty",
                ),
            ),
        ),
        rx.heading("Policies", size="4", as_="h2", margin_bottom="10px"),
        _policies(),
        policy_dialog(),
        active="publishing",
    )
