"""The app: theme, pages, the /api/v1 routes and the scheduler's lifespan.
Wiring only — layout lives in pages/, behaviour in state/, rules in services/."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import pkgutil

import reflex as rx

# Loaded before the workers fork: Reflex imports it (and Alembic with it) lazily on the
# first event that carries a dict, which cost that first user a second or more of CPU.
import reflex.model  # noqa: F401, E402

from license_hub import pages
from license_hub import settings as settings_mod
from license_hub.api import worker_tag
from license_hub.api.routes import build as build_api
from license_hub.jobs import scheduler
from license_hub.state.tab_reset import TabReset

# Every module in pages/ registers its routes with @page when imported.
for _module in pkgutil.iter_modules(pages.__path__):
    importlib.import_module(f"{pages.__name__}.{_module.name}")


def index() -> rx.Component:
    """ "/" has no page of its own: it forwards to the dashboard."""
    return rx.center(rx.spinner(size="3"), height="100vh")


app = rx.App(
    stylesheets=["/styles.css"],
    head_components=[
        rx.el.link(rel="icon", type="image/svg+xml", href="/favicon.svg"),
        rx.script(src="/keyboard.js"),  # arrow keys and Enter in the type-ahead pickers
    ],
    api_transformer=[build_api(), worker_tag.transformer],
)
app.add_middleware(TabReset())  # a tab whose session ended starts empty
app.add_page(index, route="/", title="License Hub", on_load=rx.redirect("/dashboard", replace=True))
for _spec in pages.PAGES:
    app.add_page(_spec.component, route=_spec.route, title=_spec.title, on_load=_spec.on_load)


@contextlib.asynccontextmanager
async def scheduler_lifespan():
    """Every worker starts a scheduler; a lease in the database lets one run the jobs."""
    handle = await asyncio.to_thread(scheduler.start, settings_mod.settings.db_url)
    try:
        yield
    finally:
        await asyncio.to_thread(scheduler.stop, handle)


app.register_lifespan_task(scheduler_lifespan)
