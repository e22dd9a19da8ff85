"""SCIM 2.0 at /scim/v2 (RFC 7643/7644) for Okta, Entra ID and any other provider.

Authenticated by an API token with the `scim` scope; every change is audited with
that token as the actor. Resources, list responses, errors and the discovery
documents are built with scim2-models, so their shapes are the RFC's; reading a
request is tolerant of what the real providers send (see scim_patch), and the
services do the rest. Errors are SCIM errors, never the REST API's shape.
"""

from __future__ import annotations

from typing import Any, Callable

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from scim2_models import (
    AuthenticationScheme,
    Bulk,
    ChangePassword,
    Context,
    Email,
    EnterpriseUser,
    Error,
    ETag,
    Filter,
    Group,
    GroupMember,
    Manager,
    Meta,
    Mutability,
    Name,
    Patch,
    Required,
    ResourceType,
    Schema,
    ServiceProviderConfig,
    Sort,
    User,
)
from scim2_models import GroupMembership as UserGroup
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from license_hub.api.auth import require_scope
from license_hub.api.errors import ApiError
from license_hub.db import read_session, write_session
from license_hub.services.access.tokens import ApiPrincipal
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.directory import provisioning, scim_filter, scim_patch
from license_hub.services.directory.provisioning import Conflict, ScimUser
from license_hub.services.directory.scim_groups import ScimGroup

MEDIA = "application/scim+json"
FullUser = User[EnterpriseUser]
scim_caller = require_scope("scim")


class ScimError(Exception):
    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type


def _respond(body: dict, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, media_type=MEDIA, headers=headers)


def _error(status: int, detail: str, scim_type: str | None = None, headers: dict | None = None) -> JSONResponse:
    body = Error(status=status, scim_type=scim_type, detail=detail).model_dump(scim_ctx=Context.DEFAULT)
    return _respond(body, status, headers)


def _base(request: Request) -> str:
    """The absolute URL of /scim/v2 as the caller reached it (resource locations start with it)."""
    url = str(request.url.replace(query=None, fragment=None))
    mark = url.find("/scim/v2")
    return url[: mark + len("/scim/v2")] if mark >= 0 else str(request.base_url).rstrip("/")


def _user(u: ScimUser, request: Request, groups: list[tuple[int, str]] | None = None) -> FullUser:
    user = FullUser(
        id=str(u.id),
        external_id=u.external_id,
        user_name=u.user_name,
        display_name=u.display_name or None,
        name=Name(
            given_name=u.given_name or None,
            family_name=u.family_name or None,
        )
        if u.given_name or u.family_name
        else None,
        title=u.title or None,
        active=u.active,
        emails=[Email(value=u.email)] if u.email else None,
        groups=[UserGroup(value=str(gid), display=name) for gid, name in groups] if groups else None,
        meta=Meta(
            resource_type="User",
            created=u.created_at,
            last_modified=u.updated_at,
            location=f"{_base(request)}/Users/{u.id}",
        ),
    )
    if u.department or u.employee_number or u.manager_id:
        user[EnterpriseUser] = EnterpriseUser(
            department=u.department or None,
            employee_number=u.employee_number or None,
            manager=Manager(value=str(u.manager_id), ref=f"{_base(request)}/Users/{u.manager_id}")
            if u.manager_id
            else None,
        )
    return user


def _group(g: ScimGroup, request: Request) -> Group:
    return Group(
        id=str(g.id),
        external_id=g.external_id,
        display_name=g.display_name,
        members=[
            GroupMember(value=str(m.person_id), ref=f"{_base(request)}/Users/{m.person_id}", type="User")
            for m in g.members
        ]
        or None,
        meta=Meta(
            resource_type="Group",
            created=g.created_at,
            last_modified=g.updated_at,
            location=f"{_base(request)}/Groups/{g.id}",
        ),
    )


def _dump(resource: Any, request: Request) -> dict:
    attrs = _names(request.query_params.get("attributes"))
    excluded = _names(request.query_params.get("excludedAttributes"))
    out = resource.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE)
    if attrs:
        keep = {"schemas", "id", "meta", *attrs}
        out = {k: v for k, v in out.items() if k.lower() in keep or k.startswith("urn:")}
    for name in excluded:
        out = {k: v for k, v in out.items() if k.lower() != name or name in ("id", "schemas")}
    return out


def _names(raw: str | None) -> set[str]:
    return {n.strip().lower() for n in (raw or "").split(",")[:50] if n.strip()}


def _paging(request: Request) -> tuple[str, int, int]:
    params = request.query_params
    try:
        start = int(params.get("startIndex", "1") or 1)
        count = int(params.get("count", str(provisioning.MAX_PAGE)) or provisioning.MAX_PAGE)
    except ValueError:
        raise ScimError(400, "startIndex and count must be integers", "invalidValue") from None
    start = min(max(start, 1), 2**31 - 1)
    count = min(max(count, 0), provisioning.MAX_PAGE)
    return params.get("filter", ""), start, count


def _list(items: list[dict], total: int, start: int) -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": len(items),
        "Resources": items,
    }


def _id(raw: str) -> int:
    if not raw.isdigit() or not 0 < int(raw) < 2**31:
        raise NotFound("This resource does not exist")
    return int(raw)


def _in_session(fn: Callable[..., Any], *args: Any, write: bool = True) -> Any:
    opener = write_session if write else read_session
    with opener() as s:
        return fn(s, *args)


# ------------------------------------------------------------------ the app


def build() -> FastAPI:
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    _handlers(app)
    caller = Depends(scim_caller)

    @app.get("/ServiceProviderConfig")
    def service_provider_config(request: Request, who: ApiPrincipal = caller) -> Response:
        return _respond(_spc(request).model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))

    @app.get("/ResourceTypes")
    def resource_types(request: Request, who: ApiPrincipal = caller) -> Response:
        items = [t.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE) for t in _types(request)]
        return _respond(_list(items, len(items), 1))

    @app.get("/ResourceTypes/{name}")
    def resource_type(name: str, request: Request, who: ApiPrincipal = caller) -> Response:
        for t in _types(request):
            if t.id == name:
                return _respond(t.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
        raise NotFound("This resource type does not exist")

    @app.get("/Schemas")
    def schemas(request: Request, who: ApiPrincipal = caller) -> Response:
        items = [s.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE) for s in _schemas(request)]
        return _respond(_list(items, len(items), 1))

    @app.get("/Schemas/{urn}")
    def schema(urn: str, request: Request, who: ApiPrincipal = caller) -> Response:
        for s in _schemas(request):
            if s.id == urn:
                return _respond(s.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
        raise NotFound("This schema does not exist")

    @app.post("/.search")
    def search_everything(who: ApiPrincipal = caller) -> Response:
        return _error(501, "Search one resource type at a time: GET /Users or /Groups with a filter")

    from license_hub.api import scim_routes

    scim_routes.add(app, caller)
    return app


def _spc(request: Request) -> ServiceProviderConfig:
    return ServiceProviderConfig(
        documentation_uri=None,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=provisioning.MAX_PAGE),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        authentication_schemes=[
            AuthenticationScheme(
                type="oauthbearertoken",
                name="API token",
                description="An API token with the scim scope: Authorization: Bearer lh_...",
                primary=True,
            )
        ],
        meta=Meta(resource_type="ServiceProviderConfig", location=f"{_base(request)}/ServiceProviderConfig"),
    )


def _types(request: Request) -> list[ResourceType]:
    out = []
    for model, name in ((FullUser, "User"), (Group, "Group")):
        rt = ResourceType.from_resource(model)
        rt.meta = Meta(resource_type="ResourceType", location=f"{_base(request)}/ResourceTypes/{name}")
        out.append(rt)
    return out


# What the directory keeps, so the published schemas promise no more: attribute ->
# its writable sub-attributes (None: a simple attribute), and those we fill ourselves.
KEPT: dict[str, dict[str, set[str] | None]] = {
    "User": {
        "userName": None,
        "name": {"givenName", "familyName"},
        "displayName": None,
        "title": None,
        "active": None,
        "emails": {"value"},
        "groups": set(),
    },
    "EnterpriseUser": {"employeeNumber": None, "department": None, "manager": {"value", "$ref"}},
    "Group": {"displayName": None, "members": {"value", "$ref"}},
}
READ_ONLY_SUBS = {"groups": {"value", "display"}, "members": {"display", "type"}}


def _trim(schema: Schema, kept: dict[str, set[str] | None]) -> Schema:
    attributes = []
    for attr in schema.attributes or []:
        if attr.name not in kept:
            continue
        subs = kept[attr.name]
        if subs is not None and attr.sub_attributes:
            ro = READ_ONLY_SUBS.get(attr.name, set())
            attr.sub_attributes = [s for s in attr.sub_attributes if s.name in subs | ro]
            for sub in attr.sub_attributes:
                if sub.name in ro:
                    sub.mutability = Mutability.read_only
        if attr.name == "active":
            attr.required = Required.true  # it always has a value: a PUT without it deactivates
        attributes.append(attr)
    schema.attributes = attributes
    return schema


def _schemas(request: Request) -> list[Schema]:
    out = []
    for model in (User, EnterpriseUser, Group):
        schema = _trim(model.to_schema(), KEPT[model.__name__])
        schema.meta = Meta(resource_type="Schema", location=f"{_base(request)}/Schemas/{schema.id}")
        out.append(schema)
    return out


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ScimError)
    async def scim_error(request: Request, exc: ScimError) -> Response:
        return _error(exc.status, exc.detail, exc.scim_type)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error(exc.status, exc.message, None, exc.headers)

    @app.exception_handler(scim_filter.InvalidFilter)
    async def invalid_filter(request: Request, exc: scim_filter.InvalidFilter) -> Response:
        return _error(400, exc.detail, "invalidFilter")

    @app.exception_handler(scim_patch.PatchError)
    async def patch_error(request: Request, exc: scim_patch.PatchError) -> Response:
        return _error(400, exc.detail, exc.scim_type)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError) -> Response:
        if isinstance(exc, NotFound):
            return _error(404, exc.message)
        if isinstance(exc, Conflict):
            return _error(409, exc.message, "uniqueness")
        if isinstance(exc, ValidationError):
            return _error(400, exc.message, "invalidValue")
        return _error(400, exc.message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return _error(400, "The request is not valid", "invalidValue")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(exc.status_code, str(exc.detail))
