"""Reflex configuration: telemetry off, explicit CORS origins, one accent colour."""

import os

import reflex as rx

_app_url = os.environ.get("LICENSE_HUB_APP_URL", "http://localhost:3000")
# One worker without Redis keeps each tab's UI state in its own memory: the default
# (disk) also pickles every changed state to a file after each event, which only a
# restart would read back. A restart loses no data, only open tabs' UI state, which
# their next page load rebuilds; idle tabs' states expire as with disk. With
# REFLEX_REDIS_URL set, Reflex keeps choosing Redis on its own (naming a mode here
# would override that), as several workers need.
_state_manager = {} if os.environ.get("REFLEX_REDIS_URL") else {"state_manager_mode": "memory"}

config = rx.Config(
    app_name="license_hub",
    telemetry_enabled=False,
    cors_allowed_origins=sorted({_app_url, "http://localhost:3000", "http://127.0.0.1:3000"}),
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(
                accent_color="indigo", gray_color="slate", radius="medium", scaling="100%", panel_background="solid"
            ),
        ),
        rx.plugins.SitemapPlugin(),
    ],
    disable_plugins=[],
    **_state_manager,
)
