"""SCIM filters (RFC 7644 §3.4.2.2) as SQL conditions, parsed by scim2-filter-parser.

Each resource names the attributes it can be filtered on and the column each one
reads; anything else is an InvalidFilter (the API answers 400 invalidFilter), so
an identity provider learns at once that we cannot answer, instead of getting an
empty list that looks like "no such user". Strings compare case-insensitively
unless the attribute is case-exact (id, externalId).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from scim2_filter_parser import ast
from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser
from sqlalchemy import and_, false, func, not_, or_, true
from sqlalchemy.sql.elements import ColumnElement

MAX_FILTER = 1000
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
CORE_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"


class InvalidFilter(Exception):
    """The filter cannot be parsed, or names an attribute or operator we do not support."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Attr:
    """How one filterable attribute reads: a column (or expression), or a whole
    condition built from the operator and value (for multi-valued attributes)."""

    column: Any = None
    case_exact: bool = False
    kind: str = "string"  # string | boolean | integer
    condition: Callable[[str, str | None], ColumnElement[bool]] | None = None


OPS = {"eq", "ne", "co", "sw", "ew", "pr", "gt", "ge", "lt", "le"}


def _name(path: ast.AttrPath, namespace: str = "", with_sub: bool = True) -> str:
    """The attribute's full dotted name, lower-cased, without the core schema URN."""
    base = path.attr_name
    if not isinstance(base, str):
        raise InvalidFilter("Nested value filters are not supported here")
    uri = (path.uri or "").rstrip(":")
    if uri and uri not in (CORE_USER, CORE_GROUP):
        if uri != ENTERPRISE:
            raise InvalidFilter(f"Unknown schema {uri}")
        base = f"{ENTERPRISE}:{base}"
    name = f"{namespace}.{base}" if namespace else base
    if with_sub and path.sub_attr is not None:
        name = f"{name}.{path.sub_attr.value}"
    return name.lower()


def _compare(attr: Attr, op: str, raw: str | None) -> ColumnElement[bool]:
    if attr.condition is not None:
        return attr.condition(op, raw)
    col = attr.column
    if op == "pr":
        return col.is_not(None) if attr.kind != "string" else and_(col.is_not(None), col != "")
    if raw is None:
        raise InvalidFilter(f"The {op} operator needs a value")
    if attr.kind == "boolean":
        value = raw.strip().lower()
        if value not in ("true", "false") or op not in ("eq", "ne"):
            raise InvalidFilter("Compare a boolean attribute with eq or ne and true or false")
        return (col == (value == "true")) if op == "eq" else (col != (value == "true"))
    if attr.kind == "integer":
        try:
            number = int(raw)
        except ValueError:
            raise InvalidFilter(f"{raw!r} is not a number") from None
        if not 0 < number < 2**31:
            return false() if op in ("eq", "sw", "ew", "co") else true()
        return _ordered(col, op, number)
    value = raw if attr.case_exact else raw.lower()
    target = col if attr.case_exact else func.lower(col)
    if op == "co":
        return target.contains(value, autoescape=True)
    if op == "sw":
        return target.startswith(value, autoescape=True)
    if op == "ew":
        return target.endswith(value, autoescape=True)
    return _ordered(target, op, value)


def _ordered(col: Any, op: str, value: Any) -> ColumnElement[bool]:
    return {
        "eq": lambda: col == value,
        "ne": lambda: col != value,
        "gt": lambda: col > value,
        "ge": lambda: col >= value,
        "lt": lambda: col < value,
        "le": lambda: col <= value,
    }[op]()


def _convert(node: Any, attrs: dict[str, Attr], namespace: str = "") -> ColumnElement[bool]:
    if isinstance(node, ast.Filter):
        if node.namespace is not None:  # emails[type eq "work"]: attributes inside are relative
            inner = _convert(node.expr, attrs, _name(node.namespace, namespace, with_sub=False))
        else:
            inner = _convert(node.expr, attrs, namespace)
        return not_(inner) if node.negated else inner
    if isinstance(node, ast.LogExpr):
        left, right = _convert(node.expr1, attrs, namespace), _convert(node.expr2, attrs, namespace)
        return and_(left, right) if node.op.lower() == "and" else or_(left, right)
    if isinstance(node, ast.AttrExpr):
        op = str(node.value).lower()
        if op not in OPS:
            raise InvalidFilter(f"Unknown operator {node.value}")
        path = node.attr_path
        if isinstance(path.attr_name, ast.Filter):  # emails[type eq "work"].value eq "..."
            scope = _convert(path.attr_name, attrs, namespace)
            name = _name(path.attr_name.namespace, namespace)
            attr = attrs.get(name)
            if attr is None:
                raise InvalidFilter(f"Filtering on {name} is not supported")
            raw = node.comp_value.value if node.comp_value is not None else None
            return and_(scope, _compare(attr, op, None if raw is None else str(raw)))
        name = _name(path, namespace)
        attr = attrs.get(name)
        if attr is None:
            raise InvalidFilter(f"Filtering on {name} is not supported")
        raw = node.comp_value.value if node.comp_value is not None else None
        return _compare(attr, op, None if raw is None else str(raw))
    raise InvalidFilter("This filter is not supported")


def parse(text: str, attrs: dict[str, Attr]) -> ColumnElement[bool]:
    """The condition for a filter string; InvalidFilter when it cannot be answered."""
    text = (text or "").strip()
    if len(text) > MAX_FILTER:
        raise InvalidFilter(f"A filter is at most {MAX_FILTER} characters")
    if "\x00" in text:
        raise InvalidFilter("The filter contains a NUL character")
    try:
        tree = SCIMParser().parse(SCIMLexer().tokenize(text))
    except InvalidFilter:
        raise
    except Exception as exc:  # the parser raises its own error types, and IndexError on some input
        raise InvalidFilter(f"The filter could not be parsed: {exc}") from None
    if tree is None:
        raise InvalidFilter("The filter is empty")
    return _convert(tree, attrs)
