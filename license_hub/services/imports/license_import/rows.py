"""Reading rows: a CSV's cells into license form data and the seat each row names,
with the import's own parse rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from license_hub.models import License
from license_hub.services.core import bounds, secrets
from license_hub.services.core.csv_out import FORMULA_START
from license_hub.services.imports import formats as f
from license_hub.services.imports import values
from license_hub.services.imports.csv_source import CsvSource

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PLACEHOLDER_ENTRY = 1  # lets clean() check a row before its catalog entry exists


@dataclass
class Seat:
    row: int
    username: str
    email: str
    full_name: str
    device_name: str
    seat_key: str
    activated_on: date | None
    person_key: str = ""  # "e:<email>" or "u:<username>" once resolved
    person_id: int | None = None


@dataclass
class Group:
    key: tuple[str, str, str, str]
    first_row: int
    software: str
    publisher: str
    category: str
    data: dict[str, Any]  # license form data, already parsed
    label: str
    seats: list[Seat] = field(default_factory=list)
    existing: License | None = None
    changes: dict[str, Any] = field(default_factory=dict)


def unguard(text: str) -> str:
    """Undo the export's formula guard ("'=x" was written for "=x")."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def masked(key: str) -> bool:
    return secrets.MASK in key


def read_cells(source: CsvSource, mapping: tuple[str | None, ...], own: bool) -> list[tuple[int, dict[str, str]]]:
    out = []
    for row_no, record in source.rows:
        cells: dict[str, str] = {}
        for index, target in enumerate(mapping):
            if target and index < len(record):
                raw = record[index].strip()
                cells[target] = unguard(raw) if own else raw
        out.append((row_no, cells))
    return out


def license_data(cells: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The license form's data from one row's cells, with the import's parse rules."""
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    guessed_currency = ""
    for key in f.LICENSE_FIELDS:
        if key not in cells:
            continue
        raw = cells[key]
        try:
            if key in f.BOOL_FIELDS:
                data[key] = values.parse_bool(raw)
            elif key in f.DATE_FIELDS:
                data[key] = values.parse_date(raw)
            elif key in f.AMOUNT_FIELDS:
                data[key], currency = values.parse_amount(raw)
                guessed_currency = guessed_currency or currency
            elif key in f.COUNT_FIELDS:
                data[key] = values.parse_seats(raw)
            elif key == "product_key" and masked(raw):
                continue
            elif raw or key not in {
                "license_type",
                "status",
                "seat_type",
                "billing_cycle",
                "allocation_rule",
                "currency",
            }:
                data[key] = raw
        except ValueError as exc:
            errors[key] = str(exc)
    if guessed_currency and not data.get("currency"):
        data["currency"] = guessed_currency
    return data, errors


def row_seat(row_no: int, cells: dict[str, str]) -> tuple[Seat | None, str]:
    username, email = cells.get("username", "").lower(), cells.get("email", "").lower()
    full_name, device = cells.get("full_name", ""), cells.get("device_name", "")
    if not (username or email or full_name or device):
        return None, ""
    if email and not EMAIL.match(email):
        return None, f"“{email}” is not a valid email address"
    if len(username) > 100 or len(email) > 254 or len(full_name) > 200 or len(device) > 200:
        return None, "Usernames are limited to 100 characters, names to 200 and emails to 254"
    if "\x00" in username + full_name + device + cells.get("seat_key", ""):  # PostgreSQL refuses NUL
        return None, bounds.CONTROL
    try:
        activated = values.parse_date(cells.get("activated_on", ""))
    except ValueError as exc:
        return None, str(exc)
    seat_key = cells.get("seat_key", "")
    return Seat(row_no, username, email, full_name, device, "" if masked(seat_key) else seat_key, activated), ""


def form_errors(errors: dict[str, str]) -> str:
    return "; ".join(f"{f.FIELD_LABELS.get(k, k)}: {m}" for k, m in errors.items())
