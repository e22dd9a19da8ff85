"""SCIM Users and Groups: list with filter and paging, create, read, PUT, PATCH, DELETE.

PATCH applies the operations to the resource as it stands and saves the result as
a replacement, in one transaction with the read, so concurrent PATCHes of one
user queue on its row instead of losing each other's changes.
"""

from __future__ import annotations

from typing import Any

from fastapi import Body, FastAPI, Request
from scim2_models import Context
from starlette.responses import Response

from license_hub.api.scim import _dump, _group, _id, _list, _paging, _respond, _user
from license_hub.db import read_session, write_session
from license_hub.services.access.tokens import ApiPrincipal
from license_hub.services.directory import provisioning, scim_groups, scim_patch
from license_hub.services.directory.provisioning import ScimUser

BODY = Body(None)
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def _user_body(session, request: Request, u: ScimUser) -> dict:
    ids = provisioning.member_ids(session, u.id)
    groups = [(g.id, g.display_name) for g in (scim_groups.get_group(session, gid, False) for gid in ids)]
    return _dump(_user(u, request, groups), request)


def _operations(payload: Any) -> Any:
    if not isinstance(payload, dict):
        raise scim_patch.PatchError("invalidSyntax", "The request body must be a PatchOp message")
    schemas = next((v for k, v in payload.items() if k.lower() == "schemas"), None)
    if isinstance(schemas, list) and schemas and PATCH_OP not in schemas:
        raise scim_patch.PatchError("invalidSyntax", f"schemas must be [{PATCH_OP}]")
    return next((v for k, v in payload.items() if k.lower() == "operations"), None)


def add(app: FastAPI, caller: Any) -> None:
    # ------------------------------------------------------------------ Users

    @app.get("/Users")
    def list_users(request: Request, who: ApiPrincipal = caller) -> Response:
        text, start, count = _paging(request)
        with read_session() as s:
            rows, total = provisioning.list_users(s, text, start, count)
            items = [_user_body(s, request, u) for u in rows]
        return _respond(_list(items, total, start))

    @app.post("/Users")
    def create_user(request: Request, payload: Any = BODY, who: ApiPrincipal = caller) -> Response:
        data = provisioning.read_user(payload, active_default=True)
        with write_session() as s:
            u = provisioning.create_user(s, who.actor, data)
            body = _user_body(s, request, u)
        return _respond(body, 201, {"Location": body["meta"]["location"]})

    @app.get("/Users/{user_id}")
    def get_user(user_id: str, request: Request, who: ApiPrincipal = caller) -> Response:
        with read_session() as s:
            return _respond(_user_body(s, request, provisioning.get_user(s, _id(user_id))))

    @app.put("/Users/{user_id}")
    def replace_user(user_id: str, request: Request, payload: Any = BODY, who: ApiPrincipal = caller) -> Response:
        pid = _id(user_id)
        data = provisioning.read_user(payload, active_default=False)  # a missing active deactivates
        with write_session() as s:
            return _respond(_user_body(s, request, provisioning.replace_user(s, who.actor, pid, data)))

    @app.patch("/Users/{user_id}")
    def patch_user(user_id: str, request: Request, payload: Any = BODY, who: ApiPrincipal = caller) -> Response:
        pid = _id(user_id)
        operations = _operations(payload)
        with write_session() as s:
            current = _user_body(s, request, provisioning.get_user(s, pid))
            data = provisioning.read_user(scim_patch.apply(current, operations), active_default=True)
            return _respond(_user_body(s, request, provisioning.replace_user(s, who.actor, pid, data)))

    @app.delete("/Users/{user_id}")
    def delete_user(user_id: str, who: ApiPrincipal = caller) -> Response:
        pid = _id(user_id)
        with write_session() as s:
            provisioning.delete_user(s, who.actor, pid)
        return Response(status_code=204)

    # ----------------------------------------------------------------- Groups

    def _members_wanted(request: Request) -> bool:
        excluded = request.query_params.get("excludedAttributes", "").lower()
        return "members" not in {n.strip() for n in excluded.split(",")}

    @app.get("/Groups")
    def list_groups(request: Request, who: ApiPrincipal = caller) -> Response:
        text, start, count = _paging(request)
        with read_session() as s:
            rows, total = scim_groups.list_groups(s, text, start, count, _members_wanted(request))
        return _respond(_list([_dump(_group(g, request), request) for g in rows], total, start))

    @app.post("/Groups")
    def create_group(request: Request, payload: Any = BODY, who: ApiPrincipal = caller) -> Response:
        data = scim_groups.read_group(payload)
        with write_session() as s:
            g = scim_groups.create_group(s, who.actor, data)
        body = _dump(_group(g, request), request)
        return _respond(body, 201, {"Location": body["meta"]["location"]})

    @app.get("/Groups/{group_id}")
    def get_group(group_id: str, request: Request, who: ApiPrincipal = caller) -> Response:
        with read_session() as s:
            g = scim_groups.get_group(s, _id(group_id), _members_wanted(request))
        return _respond(_dump(_group(g, request), request))

    @app.put("/Groups/{group_id}")
    def replace_group(group_id: str, request: Request, payload: Any = BODY, who: ApiPrincipal = caller) -> Response:
        gid = _id(group_id)
        data = scim_groups.read_group(payload)
        with write_session() as s:
            g = scim_groups.replace_group(s, who.actor, gid, data)
        return _respond(_dump(_group(g, request), request))

    @app.patch("/Groups/{group_id}")
    def patch_group(group_id: str, request: Request, payload: Any = BODY, who: ApiPrincipal = caller) -> Response:
        gid = _id(group_id)
        operations = _operations(payload)
        with write_session() as s:
            current = _group(scim_groups.get_group(s, gid), request).model_dump(
                scim_ctx=Context.RESOURCE_QUERY_RESPONSE
            )
            data = scim_groups.read_group(scim_patch.apply(current, operations))
            g = scim_groups.replace_group(s, who.actor, gid, data)
        return _respond(_dump(_group(g, request), request))

    @app.delete("/Groups/{group_id}")
    def delete_group(group_id: str, who: ApiPrincipal = caller) -> Response:
        gid = _id(group_id)
        with write_session() as s:
            scim_groups.delete_group(s, who.actor, gid)
        return Response(status_code=204)
