"""SCIM PATCH (RFC 7644 §3.5.2) applied to a resource's JSON form.

Identity providers differ in what they send: Okta uses `path` with lower-case
`op`s; Entra ID writes "Replace", sends `active` as "True"/"False", puts whole
attribute maps in `value` with no `path` (keys such as "name.givenName" or the
enterprise URN plus attribute), and removes group members with the member list in
`value` instead of a filter in `path`. All of these land on the same dictionary,
which the caller then reads as a full replacement, so PATCH and PUT share one
validation. Attributes we do not keep are accepted and dropped by that reading.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from license_hub.services.directory.scim_filter import ENTERPRISE

MAX_OPERATIONS = 1000
OPS = ("add", "replace", "remove")
_VALUE_FILTER = re.compile(r'^\s*(\w+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)
_BRACKET = re.compile(r"^([\w$]+)\[(.*)\](?:\.(\w+))?$", re.DOTALL)


class PatchError(Exception):
    def __init__(self, scim_type: str, detail: str) -> None:
        super().__init__(detail)
        self.scim_type, self.detail = scim_type, detail


def _key(container: dict, name: str) -> str:
    """The existing key matching `name` case-insensitively (attribute names are), else `name`."""
    lower = name.lower()
    for key in container:
        if key.lower() == lower:
            return key
    return name


def _split(path: str) -> tuple[dict | None, list[str]]:
    """(None for the core schema or the extension marker, attribute parts) of a path."""
    if path.lower().startswith(ENTERPRISE.lower() + ":"):
        return {"ext": True}, path[len(ENTERPRISE) + 1 :].split(".")
    if path.lower().startswith("urn:ietf:params:scim:schemas:core:2.0:"):
        path = path.split(":", 7)[-1].split(":", 1)[-1]
    return None, path.split(".")


def _matches(item: Any, expr: str) -> bool:
    parts = re.split(r"\s+and\s+", expr.strip(), flags=re.IGNORECASE)
    for part in parts:
        match = _VALUE_FILTER.match(part)
        if match is None:
            raise PatchError("invalidFilter", f"Unsupported value filter: {expr}")
        attr, want = match.group(1), match.group(2).replace('\\"', '"')
        if not isinstance(item, dict):
            return False
        have = item.get(_key(item, attr))
        if isinstance(have, bool):
            have = "true" if have else "false"
        if str(have if have is not None else "").lower() != want.lower():
            return False
    return True


def _member_values(value: Any) -> list[dict]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict) and item.get(_key(item, "value")) is not None:
            out.append({"value": str(item[_key(item, "value")])})
        elif isinstance(item, (str, int)) and not isinstance(item, bool):
            out.append({"value": str(item)})
        else:
            raise PatchError("invalidValue", "Each member needs a value")
    return out


def _apply_multi(resource: dict, attr: str, op: str, value: Any, expr: str | None, sub: str | None) -> None:
    key = _key(resource, attr)
    current = resource.get(key)
    items: list = list(current) if isinstance(current, list) else []
    if expr is None:
        if op == "remove":
            if value is None:
                resource.pop(key, None)
                return
            gone = {m["value"] for m in _member_values(value)}
            resource[key] = [i for i in items if not (isinstance(i, dict) and str(i.get("value")) in gone)]
            return
        new = _member_values(value) if attr.lower() == "members" else (value if isinstance(value, list) else [value])
        if op == "replace":
            resource[key] = new
            return
        seen = {str(i.get("value")) for i in items if isinstance(i, dict)}
        for item in new:
            if not (isinstance(item, dict) and str(item.get("value")) in seen and attr.lower() == "members"):
                items.append(item)
        resource[key] = items
        return
    hits = [i for i in items if _matches(i, expr)]
    if op == "remove":
        if sub is None:
            resource[key] = [i for i in items if i not in hits]
        else:
            for item in hits:
                item.pop(_key(item, sub), None)
            resource[key] = items
        return
    if not hits:  # add or replace on emails[type eq "work"].value: create the element
        seed: dict = {}
        for part in re.split(r"\s+and\s+", expr.strip(), flags=re.IGNORECASE):
            match = _VALUE_FILTER.match(part)
            if match:
                seed[match.group(1)] = match.group(2)
        items.append(seed)
        hits = [seed]
    for item in hits:
        if sub is None:
            if isinstance(value, dict):
                item.update(value)
            else:
                raise PatchError("invalidValue", f"{attr} needs an object value")
        else:
            item[_key(item, sub)] = value
    resource[key] = items


def _set(resource: dict, path: str, op: str, value: Any) -> None:
    if path.lower() == ENTERPRISE.lower():  # the whole extension
        key = _key(resource, ENTERPRISE)
        if op == "remove":
            resource.pop(key, None)
        elif not isinstance(value, dict):
            raise PatchError("invalidValue", "The enterprise extension must be an object")
        elif op == "add" and isinstance(resource.get(key), dict):
            resource[key].update(value)
        else:
            resource[key] = dict(value)
        return
    bracket = _BRACKET.match(path)
    if bracket:
        _apply_multi(resource, bracket.group(1), op, value, bracket.group(2), bracket.group(3))
        return
    ext, parts = _split(path)
    target = resource
    if ext is not None:
        target = resource.setdefault(_key(resource, ENTERPRISE), {})
        if not isinstance(target, dict):
            raise PatchError("invalidValue", "The enterprise extension must be an object")
    if not parts or not all(parts):
        raise PatchError("invalidPath", f"Invalid path: {path}")
    if ext is None and len(parts) == 1 and parts[0].lower() in ("members", "emails") and op != "replace":
        _apply_multi(resource, parts[0], op, value, None, None)
        return
    for part in parts[:-1]:
        child = target.get(_key(target, part))
        if not isinstance(child, dict):
            child = {}
            target[_key(target, part)] = child
        target = child
    last = _key(target, parts[-1])
    if op == "remove":
        target.pop(last, None)
    elif op == "add" and isinstance(value, dict) and isinstance(target.get(last), dict):
        target[last].update(value)
    else:
        target[last] = value


def apply(resource: dict, operations: Any) -> dict:
    """A copy of `resource` with the operations applied in order."""
    if not isinstance(operations, list) or not operations:
        raise PatchError("invalidSyntax", "Operations must be a non-empty list")
    if len(operations) > MAX_OPERATIONS:
        raise PatchError("tooMany", f"At most {MAX_OPERATIONS} operations per request")
    out = copy.deepcopy(resource)
    for raw in operations:
        if not isinstance(raw, dict):
            raise PatchError("invalidSyntax", "Each operation must be an object")
        op = str(raw.get(_key(raw, "op"), "")).lower()
        if op not in OPS:
            raise PatchError("invalidSyntax", f"Unknown op {raw.get(_key(raw, 'op'))!r}: use add, replace or remove")
        path, value = raw.get(_key(raw, "path")), raw.get(_key(raw, "value"))
        if path is not None and (not isinstance(path, str) or not path.strip() or len(path) > 1000):
            raise PatchError("invalidPath", "path must be a non-empty string")
        if path:
            _set(out, path.strip(), op, value)
            continue
        if op == "remove" and value is None:
            raise PatchError("noTarget", "remove needs a path")
        if not isinstance(value, dict):
            raise PatchError("invalidValue", f"{op} without a path needs an object value")
        for name, item in value.items():
            if isinstance(name, str) and name.lower() == ENTERPRISE.lower() and isinstance(item, dict):
                ext = out.setdefault(_key(out, ENTERPRISE), {})
                for sub, sub_value in item.items():
                    _set(ext, sub, op, sub_value)
            elif isinstance(name, str) and name:
                _set(out, name, op, item)
    return out
