"""Reflex configuration: telemetry off, explicit CORS origins, one accent colour."""
import os

import reflex as rx

_app_url = os.environ.get("LICENSE_HUB_APP_URL", "http://localhost:3000")

config = rx.Config(
    app_name="license_hub",
    telemetry_enabled=False,
    cors_allowed_origins=sorted({_app_url, "http://localhost:3000", "http://127.0.0.1:3000"}),
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium", scaling="100%",
                           panel_background="solid"),
        ),
        rx.plugins.SitemapPlugin(),
    ],
    disable_plugins=[],
)
