"""The Installations list shown on a license and on a device."""

from __future__ import annotations

import reflex as rx

from license_hub.components.shell import empty_state
from license_hub.state.device_installations import DeviceInstallationsState as D
from license_hub.state.license_installations import LicenseInstallationsState as L

MUTED = rx.color("gray", 11)
STATE_COLORS = {"known": "green", "never": "amber", "unsupported": "gray"}


def _row(r, first_column: str) -> rx.Component:
    lead = (
        rx.link(r.device, href=r.device_href, size="2", weight="medium")
        if first_column == "device"
        else rx.text(r.product, size="2", weight="medium")
    )
    return rx.table.row(
        rx.table.cell(lead),
        rx.table.cell(rx.text(r.holder if first_column == "device" else r.device, size="2")),
        rx.table.cell(rx.text(r.version, size="2", color=MUTED, font_family="var(--code-font-family)")),
        rx.table.cell(
            rx.match(
                r.usage_state,
                *[(k, rx.badge(r.last_opened, color_scheme=c, variant="soft")) for k, c in STATE_COLORS.items()],
                rx.badge(r.last_opened, variant="soft"),
            )
        ),
        rx.table.cell(rx.text(r.detected, size="2", color=MUTED, white_space="nowrap")),
        align="center",
        data_testid="installation-row",
    )


def _table(rows, first_column: str) -> rx.Component:
    heads = ("Device", "Holder") if first_column == "device" else ("Product", "Device")
    return rx.table.root(
        rx.table.header(
            rx.table.row(*[rx.table.column_header_cell(h) for h in (*heads, "Version", "Last opened", "Detected")])
        ),
        rx.table.body(rx.foreach(rows, lambda r: _row(r, first_column))),
        variant="surface",
        size="1",
        width="100%",
        data_testid="installations-table",
    )


def _title(count) -> rx.Component:
    return rx.flex(
        rx.heading("Installations", size="4", as_="h2"),
        rx.badge(count, radius="full", variant="soft"),
        align="center",
        spacing="2",
    )


def license_installations() -> rx.Component:
    """Seed 001's Installations related list, with Used Quantity as allocated and installed."""
    return rx.box(
        rx.flex(
            _title(L.installed),
            rx.spacer(),
            rx.text(
                "Used Quantity: ",
                rx.text.strong(L.allocated),
                " allocated · ",
                rx.text.strong(L.installed),
                " installed",
                size="2",
                color=MUTED,
                data_testid="used-quantity",
            ),
            align="center",
            margin="24px 0 10px",
        ),
        rx.cond(
            L.rows.length() > 0,
            _table(L.rows, "device"),
            empty_state(
                "hard_drive",
                "No installations",
                "The endpoint agent has not found this product on any "
                "device yet. Install the agent on your machines to see where it is installed.",
                testid="installations-empty",
            ),
        ),
        on_mount=L.load,
        data_testid="license-installations",
    )


def device_installations() -> rx.Component:
    return rx.box(
        rx.flex(_title(D.rows.length()), align="center", margin="24px 0 10px"),
        rx.cond(
            D.rows.length() > 0,
            _table(D.rows, "product"),
            empty_state(
                "hard_drive",
                "No installations",
                "No agent report names a catalog product on this device yet.",
                testid="installations-empty",
            ),
        ),
        on_mount=D.load,
        data_testid="device-installations",
    )
