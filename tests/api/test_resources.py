"""Each resource through the API: happy paths, refusals with stable codes and the
seeds' messages, the product key write-only, and the token named in the audit trail."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from license_hub.db import read_session
from license_hub.models import AuditEvent
from tests.api.helpers import bearer, make_token
from tests.factories import make_license, make_people, make_product

V1 = "/api/v1"


def _events(action: str) -> list[AuditEvent]:
    with read_session() as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)))


def test_license_round_trip_keeps_the_key_write_only(api):
    admin = bearer(make_token("Admin", name="CI sync"))
    product = make_product("Figma")
    body = {
        "catalog_entry_id": product,
        "name": "Design team",
        "product_key": "ABCD-EFGH-1234",
        "seats_total": 10,
        "cost_per_seat": "12.50",
        "billing_cycle": "monthly",
        "expiry_date": "2027-03-31",
        "vendor": "Figma Inc.",
        "auto_renew": True,
    }
    res = api.post(f"{V1}/licenses", json=body, headers=admin)
    assert res.status_code == 201, res.text
    lic = res.json()
    assert "product_key" not in lic and "ABCD-EFGH-1234" not in res.text
    assert lic["product_key_masked"].endswith("1234") and lic["seats_total"] == 10 and lic["auto_renew"] is True
    assert lic["cost_per_seat"] == "12.50" and lic["expiry_date"] == "2027-03-31"
    got = api.get(f"{V1}/licenses/{lic['id']}", headers=admin).json()
    assert got["name"] == "Design team" and "ABCD" not in str(got)
    assert _events("create")[-1].actor == "admin@example.com via token 'CI sync'"
    res = api.patch(f"{V1}/licenses/{lic['id']}", json={"seats_total": 12}, headers=admin)
    assert res.status_code == 200 and res.json()["seats_total"] == 12
    assert res.json()["product_key_masked"] == lic["product_key_masked"]  # a PATCH without the key keeps it
    res = api.post(f"{V1}/licenses/{lic['id']}/reveal-key", headers=admin)
    assert res.json() == {"product_key": "ABCD-EFGH-1234"}
    reveal = _events("reveal_key")[-1]
    assert reveal.actor == "admin@example.com via token 'CI sync'" and reveal.object_id == lic["id"]


def test_reveal_needs_the_keys_scope(api):
    lic = make_license(product_key="SECRET-KEY-9999")
    token = bearer(make_token("Admin", ["licenses:read", "licenses:write"]))
    res = api.post(f"{V1}/licenses/{lic}/reveal-key", headers=token)
    assert res.status_code == 403 and res.json()["error"]["code"] == "missing_scope"
    viewer = bearer(make_token("Viewer", name="viewer"))
    assert api.post(f"{V1}/licenses/{lic}/reveal-key", headers=viewer).status_code == 403
    assert _events("reveal_key") == []


def test_bad_license_input_gets_field_messages(api):
    admin = bearer(make_token("Admin"))
    res = api.post(f"{V1}/licenses", json={"name": "No product"}, headers=admin)
    assert res.status_code == 422
    err = res.json()["error"]
    assert err["code"] == "invalid" and err["fields"]["catalog_entry_id"] == "Software is required"
    res = api.post(f"{V1}/licenses", json={"catalog_entry_id": 1, "unknown_field": 1}, headers=admin)
    assert res.status_code == 422 and res.json()["error"]["code"] == "invalid_request"
    assert api.get(f"{V1}/licenses/999999", headers=admin).json()["error"]["code"] == "not_found"


def test_license_list_filters_sorts_and_pages(api):
    figma, slack = make_product("Figma"), make_product("Slack")
    for i in range(3):
        make_license(figma, name=f"Figma {i}", seats_total=10 + i)
    make_license(slack, name="Slack", status="trial")
    token = bearer(make_token("Viewer"))
    page = api.get(f"{V1}/licenses?limit=2&sort=seats&desc=true", headers=token).json()
    assert page["total"] == 4 and [c["seats_total"] for c in page["items"]] == [12, 11]
    assert api.get(f"{V1}/licenses?status=trial", headers=token).json()["items"][0]["name"] == "Slack"
    assert api.get(f"{V1}/licenses?q=slack", headers=token).json()["total"] == 1
    assert api.get(f"{V1}/licenses?catalog_entry_id={figma}", headers=token).json()["total"] == 3
    assert api.get(f"{V1}/licenses?sort=password", headers=token).status_code == 422
    assert api.get(f"{V1}/licenses?limit=201", headers=token).status_code == 422
    assert "product_key" not in str(page["items"][0].keys() - {"product_key_masked"})


def test_archive_and_restore(api):
    lic = make_license()
    admin = bearer(make_token("Admin"))
    assert api.delete(f"{V1}/licenses/{lic}", headers=admin).json()["archived_at"]
    assert api.get(f"{V1}/licenses", headers=admin).json()["total"] == 0
    assert api.get(f"{V1}/licenses?archived=true", headers=admin).json()["total"] == 1
    res = api.delete(f"{V1}/licenses/{lic}", headers=admin)
    assert res.status_code == 409 and res.json()["error"]["code"] == "refused"
    assert api.post(f"{V1}/licenses/{lic}/restore", headers=admin).json()["archived_at"] is None


def test_seat_rules_answer_in_the_seeds_words(api):
    lic = make_license(seats_total=2)
    ada, bob, cy = make_people(3)
    token = bearer(make_token("Seat assigner", name="HR sync"))
    first = api.post(f"{V1}/licenses/{lic}/seats", json={"person_id": ada}, headers=token)
    assert first.status_code == 201 and first.json()["holder"] == "person 0"
    dup = api.post(f"{V1}/licenses/{lic}/seats", json={"person_id": ada}, headers=token)
    assert dup.status_code == 409 and dup.json()["error"] == {
        "code": "already_assigned",
        "message": "This user already has an active assignment for this license",
    }
    assert api.post(f"{V1}/licenses/{lic}/seats", json={"person_id": bob}, headers=token).status_code == 201
    full = api.post(f"{V1}/licenses/{lic}/seats", json={"person_id": cy}, headers=token)
    assert full.status_code == 409 and full.json()["error"] == {
        "code": "no_seats_remaining",
        "message": "No seats remaining on this license",
    }
    seats = api.get(f"{V1}/licenses/{lic}/seats", headers=token).json()
    assert seats["total"] == 2
    assert _events("assign")[-1].actor == "seatassigner@example.com via token 'HR sync'"
    seat_id = first.json()["id"]
    assert api.post(f"{V1}/seats/{seat_id}/reclaim", headers=token).json()["revoked_at"]
    again = api.post(f"{V1}/seats/{seat_id}/reclaim", headers=token)
    assert again.status_code == 409 and again.json()["error"]["message"] == "This seat was already reclaimed"


def test_transfer_moves_a_seat_in_one_step_and_keeps_both_in_history(api):
    lic = make_license(seats_total=1)
    ada, bob = make_people(2)
    token = bearer(make_token("Seat assigner"))
    seat = api.post(f"{V1}/licenses/{lic}/seats", json={"person_id": ada, "seat_key": "SEAT-1"}, headers=token).json()
    res = api.post(f"{V1}/seats/{seat['id']}/transfer", json={"person_id": bob}, headers=token)
    assert res.status_code == 201, res.text
    moved = res.json()
    assert moved["holder"] == "person 1" and moved["seat_key_masked"] == seat["seat_key_masked"]
    history = api.get(f"{V1}/licenses/{lic}/seats?include_revoked=true", headers=token).json()["items"]
    assert sorted((r["holder"], r["revoked_at"] is None) for r in history) == [("person 0", False), ("person 1", True)]
    admin = bearer(make_token("Admin", name="admin"))
    assert api.get(f"{V1}/licenses/{lic}", headers=admin).json()["seats_used"] == 1
    assert _events("transfer")[-1].object_id == moved["id"]


def test_transfer_of_a_non_transferable_license_is_refused(api):
    lic = make_license(seats_total=2, transferable=False)
    ada, bob = make_people(2)
    token = bearer(make_token("Seat assigner"))
    seat = api.post(f"{V1}/licenses/{lic}/seats", json={"person_id": ada}, headers=token).json()
    res = api.post(f"{V1}/seats/{seat['id']}/transfer", json={"person_id": bob}, headers=token)
    assert res.status_code == 409 and "not transferable" in res.json()["error"]["message"]
    rows = api.get(f"{V1}/licenses/{lic}/seats?include_revoked=true", headers=token).json()["items"]
    assert [(r["holder"], r["revoked_at"]) for r in rows] == [("person 0", None)]  # nothing half-written


def test_seat_key_reveal_is_audited(api):
    lic = make_license()
    (ada,) = make_people(1)
    token = bearer(make_token("Admin", name="vault"))
    seat = api.post(f"{V1}/licenses/{lic}/seats", json={"person_id": ada, "seat_key": "SEAT-KEY-7"}, headers=token)
    assert "SEAT-KEY-7" not in seat.text
    res = api.post(f"{V1}/seats/{seat.json()['id']}/reveal-key", headers=token)
    assert res.json() == {"seat_key": "SEAT-KEY-7"}
    assert _events("reveal_key")[-1].actor == "admin@example.com via token 'vault'"


def test_people_devices_and_catalog(api):
    token = bearer(make_token("License manager", name="directory"))
    res = api.post(f"{V1}/people", json={"name": "Ada Lovelace", "email": "ada@example.com"}, headers=token)
    assert res.status_code == 201 and res.json()["email"] == "ada@example.com"
    dup = api.post(f"{V1}/people", json={"name": "Ada", "email": "ada@example.com"}, headers=token)
    assert dup.status_code == 422 and "already in the directory" in dup.json()["error"]["message"]
    person = res.json()["id"]
    dev = api.post(f"{V1}/devices", json={"name": "ADA-LAPTOP", "owner_id": person}, headers=token)
    assert dev.status_code == 201 and dev.json()["owner"] == "Ada Lovelace"
    assert api.post(f"{V1}/devices", json={"name": "X", "owner_id": 999999}, headers=token).status_code == 404
    assert api.get(f"{V1}/people?q=lovelace", headers=token).json()["total"] == 1
    assert api.get(f"{V1}/devices?sort=owner", headers=token).json()["items"][0]["name"] == "ADA-LAPTOP"
    assert api.get(f"{V1}/people/999999", headers=token).status_code == 404
    entry = api.post(
        f"{V1}/catalog", json={"name": "Miro", "publisher": "Miro", "deployment_model": "Cloud"}, headers=token
    )
    assert entry.status_code == 201 and entry.json()["license_count"] == 0
    assert api.get(f"{V1}/catalog?q=mir", headers=token).json()["items"][0]["name"] == "Miro"
    assert _events("create")[-1].actor == "licensemanager@example.com via token 'directory'"
    viewer = bearer(make_token("Viewer", name="v"))
    assert api.post(f"{V1}/people", json={"name": "Eve"}, headers=viewer).status_code == 403


def test_renewals_list(api):
    soon = (date.today() + timedelta(days=20)).isoformat()
    product = make_product("Figma")
    make_license(product, name="Due soon", expiry_date=soon)
    make_license(product, name="Far away", expiry_date="2099-01-01")
    token = bearer(make_token("Viewer"))
    res = api.get(f"{V1}/renewals?window=30&kind=expiry", headers=token)
    assert res.status_code == 200
    assert [(r["license_name"], r["due_on"]) for r in res.json()["items"]] == [("Due soon", soon)]
    assert api.get(f"{V1}/renewals?kind=nonsense", headers=token).status_code == 422


def test_existing_exports_still_answer_with_the_session_cookie(api):
    from license_hub.services.access import accounts as access
    from tests.api.helpers import PASSWORD, make_user

    make_user("Admin")
    api.cookies.set("lh_session", access.sign_in("admin@example.com", PASSWORD))
    assert api.get(f"{V1}/audit-log.json").status_code == 200
    assert api.get(f"{V1}/renewals.csv").status_code == 200
    assert api.get(f"{V1}/licenses").status_code == 200  # reading the API with the session works too


def test_transfer_takes_a_new_seat_key_and_marks_the_old_row_transferred(api):
    lic = make_license(seats_total=1)
    ada, bob = make_people(2)
    token = bearer(make_token("Seat assigner"))
    seat = api.post(f"{V1}/licenses/{lic}/seats", json={"person_id": ada, "seat_key": "SEAT-AAAA-1111"}, headers=token)
    res = api.post(
        f"{V1}/seats/{seat.json()['id']}/transfer",
        json={"person_id": bob, "seat_key": "SEAT-BBBB-2222", "activated_on": "2026-04-01"},
        headers=token,
    )
    assert res.status_code == 201, res.text
    moved = res.json()
    assert moved["seat_key_masked"].endswith("2222") and moved["activated_on"] == "2026-04-01"
    history = api.get(f"{V1}/licenses/{lic}/seats?include_revoked=true", headers=token).json()["items"]
    assert {(r["holder"], r["revoke_reason"]) for r in history} == {("person 0", "transferred"), ("person 1", "")}
    again = api.post(f"{V1}/seats/{seat.json()['id']}/transfer", json={"person_id": bob}, headers=token)
    assert again.status_code == 409 and again.json()["error"]["message"] == "This seat was already reclaimed"
