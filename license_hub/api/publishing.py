"""Publishing routes a customer's program calls, authenticated with the license key
itself (`Authorization: License <key>`), so the program needs no API token:
validation (answers signed over the Date header and the body, echoing a nonce),
machine activation, deactivation, transfer and heartbeat, check-in, license and
machine files, and the public keyring the verifier ships with.

    POST /api/v1/licenses/actions/validate-key            {"key", "nonce"?, "scope"?}
    POST /api/v1/publishing/licenses/{id}/actions/validate (publishing permission, or that license's key)
    POST /api/v1/machines                                  {"fingerprint", "name"?, "platform"?}
    POST /api/v1/machines/actions/deactivate               {"fingerprint"}
    POST /api/v1/machines/actions/transfer                 {"from", "to"}
    POST /api/v1/machines/actions/heartbeat                {"fingerprint"}
    POST /api/v1/machines/actions/machine-file             {"fingerprint", "encrypt"?}
    POST /api/v1/licenses/actions/check-in
    GET  /api/v1/licenses/actions/license-file?encrypt=1
    GET  /api/v1/publishing/keyring
scope: {"fingerprint": str, "entitlements": [str], "version": str}.
"""

from __future__ import annotations

import base64
import json
from email.utils import format_datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from license_hub.api.auth import require
from license_hub.db import read_session, write_session
from license_hub.models.types import utcnow
from license_hub.services.core.errors import DomainError, NotFound, ValidationError
from license_hub.services.publishing import files, issuing, keys, machines, signing, validation

MAX_BODY = 16_384


def _error(message: str, code: str, status: int, fields: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "code": code, **({"fields": fields} if fields else {})}, status_code=status)


async def _json(request: Request) -> dict:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise ValidationError({"body": "The request is too large"})
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        raise ValidationError({"body": "Send a JSON object"}) from None
    if not isinstance(data, dict):
        raise ValidationError({"body": "Send a JSON object"})
    return data


def _text(data: dict, key: str, limit: int) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > limit:
        raise ValidationError({key: f"{key} must be text of at most {limit} characters"})
    return value


def _scope(data: dict) -> validation.Scope:
    scope = data.get("scope") or {}
    if not isinstance(scope, dict):
        raise ValidationError({"scope": "scope must be an object"})
    ents = scope.get("entitlements") or []
    if not isinstance(ents, list) or len(ents) > 50 or not all(isinstance(e, str) and len(e) <= 40 for e in ents):
        raise ValidationError({"scope.entitlements": "entitlements must be a list of feature codes"})
    return validation.Scope(
        fingerprint=_text(scope, "fingerprint", 128),
        version=_text(scope, "version", 60),
        entitlements=tuple(e.strip().upper() for e in ents),
    )


def _signed(payload: dict, status: int = 200) -> Response:
    """JSON body with a Date header and an Ed25519 signature over both."""
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()
    date = format_datetime(utcnow(), usegmt=True)
    with write_session() as s:
        kid, signature = signing.sign(s, signing.response_message(date, body))
    header = f'keyid="{kid}", algorithm="ed25519", signature="{base64.b64encode(signature).decode()}"'
    return Response(
        body, status_code=status, media_type="application/json", headers={"Date": date, "X-Signature": header}
    )


def _answer(result: validation.Result, nonce: str, scope: validation.Scope) -> Response:
    return _signed(
        {
            "valid": result.valid,
            "code": result.code,
            "detail": result.detail,
            "nonce": nonce,
            "timestamp": utcnow().isoformat(),
            "scope": {
                "fingerprint": scope.fingerprint,
                "entitlements": list(scope.entitlements),
                "version": scope.version,
            },
            "license": None
            if result.license_id is None
            else {
                "id": result.license_id,
                "entitlements": list(result.entitlements),
                "expires_at": result.expires_at.isoformat() if result.expires_at else None,
            },
        }
    )


def _guarded(handler):
    """Bad input answers 400 with the field messages, refusals 422/404: never a 500."""

    async def run(request: Request):
        try:
            return await handler(request)
        except machines.Refused as exc:
            return _error(exc.message, exc.action.upper(), 422)
        except ValidationError as exc:
            return _error(exc.message, "INVALID", 400, exc.errors)
        except NotFound as exc:
            return _error(exc.message, "NOT_FOUND", 404)
        except DomainError as exc:
            return _error(exc.message, "REFUSED", 422)

    run.__doc__ = handler.__doc__
    return run


def _license_key(request: Request) -> str:
    header = request.headers.get("authorization", "")
    return header[8:].strip() if header.lower().startswith("license ") else ""


def _key_license(request: Request) -> tuple[int | None, JSONResponse | None]:
    """The license whose key authenticates this call."""
    key = _license_key(request)
    with read_session() as s:
        lic = issuing.find_by_key(s, key) if key else None
        if lic is None or not keys.signature_holds(s, key):
            return None, _error("Authenticate with a valid license key", "LICENSE_KEY_INVALID", 401)
        return lic.id, None


@_guarded
async def validate_key(request: Request) -> Response:
    data = await _json(request)
    key, nonce, scope = _text(data, "key", 1000), _text(data, "nonce", 128), _scope(data)
    with write_session() as s:
        result = validation.validate_key(s, "program", key, scope, source=request.client.host if request.client else "")
    return _answer(result, nonce, scope)


@_guarded
async def validate_by_id(request: Request) -> Response:
    raw = request.path_params["license_id"]
    license_id = int(raw) if raw.isdigit() and len(raw) < 10 else 0
    if _license_key(request):
        lid, refusal = _key_license(request)
        if refusal or lid != license_id:
            return refusal or _error("This key belongs to another license", "LICENSE_KEY_INVALID", 403)
        actor = f"license:{lid}"
    else:
        who, refusal = require(request, "publishing")
        if refusal:
            return refusal
        actor = who.email
    data = await _json(request)
    nonce, scope = _text(data, "nonce", 128), _scope(data)
    with write_session() as s:
        result = validation.validate_license(s, actor, license_id, scope)
    return _answer(result, nonce, scope)


def _with_license(handler):
    async def run(request: Request):
        lid, refusal = _key_license(request)
        if refusal:
            return refusal
        return await handler(request, lid)

    return _guarded(run)


@_with_license
async def activate(request: Request, lid: int) -> Response:
    data = await _json(request)
    machine_id = machines.activate(
        f"license:{lid}", lid, _text(data, "fingerprint", 128), _text(data, "name", 200), _text(data, "platform", 100)
    )
    return JSONResponse({"id": machine_id, "license_id": lid, "fingerprint": data["fingerprint"]}, status_code=201)


@_with_license
async def deactivate(request: Request, lid: int) -> Response:
    data = await _json(request)
    with write_session() as s:
        machines.deactivate(s, f"license:{lid}", lid, _text(data, "fingerprint", 128))
    return JSONResponse({"deactivated": True})


@_with_license
async def transfer(request: Request, lid: int) -> Response:
    data = await _json(request)
    machine_id = machines.transfer(f"license:{lid}", lid, _text(data, "from", 128), _text(data, "to", 128))
    return JSONResponse({"id": machine_id, "fingerprint": data["to"]})


@_with_license
async def heartbeat(request: Request, lid: int) -> Response:
    data = await _json(request)
    with write_session() as s:
        machines.heartbeat(s, lid, _text(data, "fingerprint", 128))
    return JSONResponse({"alive": True})


@_with_license
async def check_in(request: Request, lid: int) -> Response:
    with write_session() as s:
        at = validation.check_in(s, lid)
    return JSONResponse({"checked_in_at": at.isoformat()})


@_with_license
async def license_file(request: Request, lid: int) -> Response:
    with write_session() as s:
        text = files.license_file(s, f"license:{lid}", lid, encrypt=request.query_params.get("encrypt") == "1")
    return PlainTextResponse(text, media_type="application/json")


@_with_license
async def machine_file(request: Request, lid: int) -> Response:
    data = await _json(request)
    with write_session() as s:
        text = files.machine_file(
            s, f"license:{lid}", lid, _text(data, "fingerprint", 128), encrypt=data.get("encrypt") is True
        )
    return PlainTextResponse(text, media_type="application/json")


async def keyring(_: Request) -> Response:
    with write_session() as s:
        signing.active_key(s)
        text = signing.keyring_json(s)
    return PlainTextResponse(text, media_type="application/json")


ROUTES = [
    Route("/api/v1/licenses/actions/validate-key", validate_key, methods=["POST"]),
    Route("/api/v1/licenses/actions/check-in", check_in, methods=["POST"]),
    Route("/api/v1/licenses/actions/license-file", license_file, methods=["GET"]),
    Route("/api/v1/publishing/licenses/{license_id}/actions/validate", validate_by_id, methods=["POST"]),
    Route("/api/v1/publishing/keyring", keyring, methods=["GET"]),
    Route("/api/v1/machines", activate, methods=["POST"]),
    Route("/api/v1/machines/actions/deactivate", deactivate, methods=["POST"]),
    Route("/api/v1/machines/actions/transfer", transfer, methods=["POST"]),
    Route("/api/v1/machines/actions/heartbeat", heartbeat, methods=["POST"]),
    Route("/api/v1/machines/actions/machine-file", machine_file, methods=["POST"]),
]
