"""The app: theme, pages and their on_load handlers. Wiring only — layout lives
in pages/, behaviour in state/, rules in services/."""
from __future__ import annotations

import reflex as rx

from license_hub.pages.catalog import catalog_page
from license_hub.pages.catalog_entry import catalog_entry_page
from license_hub.pages.license_detail import license_detail_page
from license_hub.pages.licenses import licenses_page
from license_hub.state.catalog import CatalogState
from license_hub.state.catalog_entry import CatalogEntryState
from license_hub.state.license_detail import LicenseDetailState
from license_hub.state.licenses import LicensesState


def index() -> rx.Component:
    """"/" has no page of its own: it forwards to the license list."""
    return rx.center(rx.spinner(size="3"), height="100vh")


app = rx.App(
    theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium", scaling="100%",
                   panel_background="solid"),
    stylesheets=["/styles.css"],
    head_components=[rx.el.link(rel="icon", type="image/svg+xml", href="/favicon.svg")],
)
app.add_page(index, route="/", title="License Hub", on_load=rx.redirect("/licenses", replace=True))
app.add_page(catalog_entry_page, route="/catalog/[entry_id]", title="Application · License Hub",
             on_load=CatalogEntryState.load)
app.add_page(catalog_page, route="/catalog", title="Catalog · License Hub", on_load=CatalogState.load)
app.add_page(license_detail_page, route="/licenses/[license_id]", title="License · License Hub",
             on_load=LicenseDetailState.load)
app.add_page(licenses_page, route="/licenses", title="Licenses · License Hub", on_load=LicensesState.load)
