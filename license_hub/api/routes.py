"""Router wiring: every API router and mount, beside the UI (Reflex mounts itself
behind these through `api_transformer`, so nothing here may claim /_event, /ping
or /_upload). Adding a resource is one line in V1_ROUTERS; another API (such as
SCIM) is one line in MOUNTS."""
from __future__ import annotations

from fastapi import APIRouter
from starlette.applications import Starlette
from starlette.routing import Mount

from license_hub.api.v1 import app as v1
from license_hub.api.v1 import inventory

V1_ROUTERS: list[APIRouter] = [
    inventory.router,
]

MOUNTS: list[tuple[str, Starlette]] = [
]


def build() -> Starlette:
    routes = [Mount("/api/v1", app=v1.build(V1_ROUTERS))]
    routes += [Mount(path, app=app) for path, app in MOUNTS]
    return Starlette(routes=routes)
