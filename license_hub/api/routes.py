"""Router wiring: every API router and mount, beside the UI (Reflex mounts itself
behind these through `api_transformer`, so nothing here may claim /_event, /ping
or /_upload). Adding a resource is one line in V1_ROUTERS; another API (such as
SCIM) is one line in MOUNTS."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount

from license_hub.api import documents as document_routes
from license_hub.api import floating as floating_routes
from license_hub.api import health as health_routes
from license_hub.api import publishing as publishing_routes
from license_hub.api import scim
from license_hub.api.origin import OriginCheck
from license_hub.api.v1 import app as v1
from license_hub.api.v1 import (
    audit_events,
    catalog,
    directory,
    floating,
    inventory,
    licenses,
    renewals,
    reports,
    seats,
    usage_audits,
)
from license_hub.api.v1 import imports as v1_imports

V1_ROUTERS: list[APIRouter] = [
    catalog.router,
    licenses.router,
    seats.router,
    floating.router,
    directory.router,
    renewals.router,
    v1_imports.router,
    inventory.router,
    reports.router,
    usage_audits.router,
    audit_events.router,
]

MOUNTS: list[tuple[str, Starlette]] = [("/scim/v2", scim.build())]


# Starlette routes with their own paths under /api/v1, matched before the v1 app's
# mount: the load balancer's health check, what a customer's program calls with
# its license key (publishing, floating leases), and the documents' streamed uploads and downloads.
PATH_ROUTES = [
    *health_routes.ROUTES,
    *publishing_routes.ROUTES,
    *floating_routes.ROUTES,
    *document_routes.ROUTES,
]


def build() -> Starlette:
    routes = [*PATH_ROUTES, Mount("/api/v1", app=v1.build(V1_ROUTERS))]
    routes += [Mount(path, app=app) for path, app in MOUNTS]
    return Starlette(routes=routes, middleware=[Middleware(OriginCheck)])
