"""Seed 002: a license's Name is unique — per product, among active licenses,
case-insensitively — in the service, the import, the API and the database."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from license_hub.db import read_session, write_session
from license_hub.services.core.errors import Conflict, DomainError
from license_hub.services.imports import license_import as li
from license_hub.services.licenses import license_names, lifecycle
from tests.api.helpers import bearer, make_token
from tests.factories import ACTOR, make_license, make_product

TAKEN = "Another active license of this software is already named “M365 E3 — Sales”: choose another name"


def test_a_second_active_license_with_the_same_name_is_refused(database):
    entry = make_product("Microsoft 365")
    make_license(entry, name="M365 E3 — Sales")
    with pytest.raises(Conflict) as refused:
        make_license(entry, name="m365 e3 — SALES")
    assert refused.value.code == "duplicate_license_name"
    assert refused.value.errors == {"name": TAKEN.replace("M365 E3 — Sales", "m365 e3 — SALES")}


def test_other_products_archived_licenses_and_blank_names_do_not_clash(database):
    entry, other = make_product("Microsoft 365"), make_product("Slack")
    first = make_license(entry, name="M365 E3 — Sales")
    make_license(other, name="M365 E3 — Sales")
    make_license(entry, name="")
    make_license(entry, name="")
    with write_session() as s:
        lifecycle.archive(s, ACTOR, first)
    make_license(entry, name="M365 E3 — Sales")
    with write_session() as s, pytest.raises(DomainError, match="already named"):
        lifecycle.restore(s, ACTOR, first)


def test_renaming_onto_a_taken_name_is_refused_and_keeping_ones_own_is_not(database):
    entry = make_product("Microsoft 365")
    make_license(entry, name="M365 E3 — Sales")
    second = make_license(entry, name="M365 E3 — Ops")
    with write_session() as s:
        lifecycle.update(s, ACTOR, second, {"name": "M365 E3 — OPS", "seats_total": "7"})
    with write_session() as s, pytest.raises(Conflict) as refused:
        lifecycle.update(s, ACTOR, second, {"name": "M365 E3 — Sales"})
    assert refused.value.errors == {"name": TAKEN}


def test_the_database_refuses_what_slips_past_the_service(database):
    entry = make_product("Microsoft 365")
    make_license(entry, name="Sales")
    with pytest.raises(IntegrityError, match=license_names.INDEX), write_session() as s:
        s.execute(
            text(
                "INSERT INTO license (catalog_entry_id, name, seats_total, created_at) "
                "VALUES (:e, 'SALES', 1, CURRENT_TIMESTAMP)"
            ),
            {"e": entry},
        )


def test_the_race_the_check_cannot_see_is_still_a_field_message(database, monkeypatch):
    entry = make_product("Microsoft 365")
    make_license(entry, name="Sales")
    monkeypatch.setattr(license_names, "check", lambda *a, **k: None)  # as if the other writer committed just now
    with pytest.raises(Conflict) as refused:
        make_license(entry, name="Sales")
    assert refused.value.errors["name"].startswith("Another active license")


def test_the_import_dry_run_refuses_a_taken_name_per_row(database):
    entry = make_product("Figma")
    make_license(entry, name="Design team", serial_number="S-1")
    data = (
        "\ufeffLicense name,Software,Seats total,Serial number\r\n"
        "Design team,Figma,2,S-2\r\n"
        "Marketing,Figma,2,\r\n"
        "MARKETING,Figma,2,S-9\r\n"
        "Design team,Figma,2,S-1\r\n"
    ).encode()
    with read_session() as s:
        report = li.dry_run(s, data)
    by_row = {r.row: r for r in report.rows}
    assert by_row[2].status == li.ERROR and "already named “Design team”" in by_row[2].message
    assert by_row[3].status == li.CREATED
    assert by_row[4].status == li.ERROR and "already named “MARKETING”" in by_row[4].message
    assert by_row[5].status == li.UPDATED  # the same license (name and serial) again, not a second one
    with write_session() as s, pytest.raises(li.ImportBlocked):
        li.commit(s, ACTOR, data)


def test_the_api_answers_409_with_a_stable_code(database):
    from starlette.testclient import TestClient

    from license_hub.api.routes import build

    api = TestClient(build(), base_url="http://testserver")
    entry = make_product("Microsoft 365")
    make_license(entry, name="Sales")
    res = api.post(
        "/api/v1/licenses", json={"catalog_entry_id": entry, "name": "sales"}, headers=bearer(make_token("Admin"))
    )
    assert res.status_code == 409
    assert res.json()["error"]["code"] == "duplicate_license_name"
    assert res.json()["error"]["fields"]["name"].startswith("Another active license of this software")
