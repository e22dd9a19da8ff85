"""Recorded Okta and Entra ID request sequences replayed against /scim/v2: after each
step the directory, the seats and the audit trail say what the provider meant."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent, License, Person
from license_hub.services.audit import audit_log
from license_hub.services.directory import group_rules
from license_hub.services.seats import assignments as seats
from tests.api.helpers import bearer, make_token
from tests.factories import make_license, make_product

SCIM = "/scim/v2"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture
def world(api):
    """Figma (5 seats) for the Designers group; CAD Pro (3 seats, not reassignable) assigned by hand."""
    figma = make_license(make_product("Figma"), seats_total=5, name="Figma Org")
    cad = make_license(make_product("CAD Pro"), seats_total=3, reassignable=False, name="CAD Plant")
    api.headers.update(bearer(make_token(scopes=["scim"], name="IdP")))
    api.headers["Content-Type"] = "application/scim+json"
    return {"api": api, "figma": figma, "cad": cad, "actor": "admin@example.com via token 'IdP'"}


def seats_of(w) -> dict[str, tuple[int, int]]:
    with read_session() as s:
        return {k: (s.get(License, w[k]).seats_used, s.get(License, w[k]).seats_total) for k in ("figma", "cad")}


def holds(person_id: int) -> set[int]:
    with read_session() as s:
        return set(
            s.exec(
                select(Assignment.license_id).where(Assignment.person_id == person_id, Assignment.revoked_at.is_(None))
            ).all()
        )


def person(person_id: int) -> Person:
    with read_session() as s:
        return s.get(Person, person_id)


def events_since(seq: int) -> list[tuple[str, str]]:
    with read_session() as s:
        rows = s.exec(select(AuditEvent).where(AuditEvent.seq > seq).order_by(AuditEvent.seq)).all()
        assert audit_log.verify(s).ok
        return [(e.action, e.actor) for e in rows]


def head() -> int:
    with read_session() as s:
        return s.exec(select(func.coalesce(func.max(AuditEvent.seq), 0))).one()


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    return response.json() if response.content else {}


def give_cad(w, person_id: int) -> None:
    with write_session() as s:
        seats.assign(s, "it@example.com", w["cad"], person_id=person_id)


def designers_rule(w, group_id: str) -> None:
    with write_session() as s:
        group_rules.create_rule(s, "it@example.com", int(group_id), w["figma"])


def test_okta_sequence(world):
    api, actor = world["api"], world["actor"]
    # Okta looks the user up before creating them.
    lookup = ok(api.get(f"{SCIM}/Users", params={"filter": 'userName eq "alice@example.com"', "count": 100}))
    assert lookup["totalResults"] == 0 and lookup["Resources"] == []
    alice = ok(
        api.post(
            f"{SCIM}/Users",
            json={
                "schemas": [USER],
                "userName": "alice@example.com",
                "name": {"givenName": "Alice", "familyName": "Smith"},
                "emails": [{"primary": True, "value": "alice@example.com", "type": "work"}],
                "displayName": "Alice Smith",
                "locale": "en-US",
                "externalId": "00u1a2b3c4",
                "groups": [],
                "password": "ignored-Secret1",
                "active": True,
            },
        ),
        201,
    )
    aid = int(alice["id"])
    assert "password" not in alice and person(aid).name == "Alice Smith" and person(aid).status == "active"
    bob = ok(api.post(f"{SCIM}/Users", json={"schemas": [USER], "userName": "bob@example.com", "active": True}), 201)
    bid = int(bob["id"])
    give_cad(world, aid)

    # Group push: the group, then its members; the rule gives each a Figma seat.
    group = ok(api.post(f"{SCIM}/Groups", json={"schemas": [GROUP], "displayName": "Designers", "members": []}), 201)
    designers_rule(world, group["id"])
    mark = head()
    add = {"op": "add", "path": "members", "value": [{"value": str(aid), "display": "alice"}, {"value": str(bid)}]}
    ok(api.patch(f"{SCIM}/Groups/{group['id']}", json={"schemas": [PATCH], "Operations": [add]}))
    assert world["figma"] in holds(aid) and world["figma"] in holds(bid)
    assert seats_of(world) == {"figma": (2, 5), "cad": (1, 3)}
    assert [a for a, _ in events_since(mark)] == ["group_join", "assign", "assign"]

    # Profile update by PUT.
    mark = head()
    alice["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = {"department": "Design"}
    alice["title"] = "Designer"
    ok(api.put(f"{SCIM}/Users/{aid}", json=alice))
    assert person(aid).department == "Design" and person(aid).status == "active"
    assert events_since(mark) == [("scim_update", actor)]

    # Group remove by filter path: Bob's Figma seat comes back.
    mark = head()
    remove = {"op": "remove", "path": f'members[value eq "{bid}"]'}
    ok(api.patch(f"{SCIM}/Groups/{group['id']}", json={"schemas": [PATCH], "Operations": [remove]}))
    assert holds(bid) == set() and seats_of(world)["figma"] == (1, 5)
    assert [a for a, _ in events_since(mark)] == ["group_leave", "group_rule_reclaim"]

    # Deactivate by PATCH: Figma reclaimed, CAD retired, all by the token.
    mark = head()
    deactivate = {"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": False}}]}
    body = ok(api.patch(f"{SCIM}/Users/{aid}", json=deactivate))
    assert body["active"] is False and person(aid).status == "offboarded"
    assert holds(aid) == set() and seats_of(world) == {"figma": (0, 5), "cad": (0, 2)}
    trail = events_since(mark)
    assert [a for a, _ in trail] == ["offboard_reclaim", "retire_seat", "offboard"]
    assert {who for _, who in trail} == {actor}

    # Okta retries: nothing changes.
    mark = head()
    ok(api.patch(f"{SCIM}/Users/{aid}", json=deactivate))
    assert events_since(mark) == [] and seats_of(world) == {"figma": (0, 5), "cad": (0, 2)}

    # Reactivate: active again, no seat comes back by itself.
    reactivate = {"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": True}}]}
    assert ok(api.patch(f"{SCIM}/Users/{aid}", json=reactivate))["active"] is True
    assert person(aid).status == "active" and holds(aid) == set()
    assert [a for a, _ in events_since(mark)] == ["reactivate"]

    # Deprovision: DELETE is soft.
    ok(api.delete(f"{SCIM}/Users/{aid}"), 204)
    assert api.get(f"{SCIM}/Users/{aid}").status_code == 404
    assert person(aid).status == "offboarded"  # the person and their history stay
    members = ok(api.get(f"{SCIM}/Groups/{group['id']}")).get("members")
    assert not members


def test_entra_id_sequence(world):
    api, actor = world["api"], world["actor"]
    manager = ok(
        api.post(f"{SCIM}/Users", json={"schemas": [USER], "userName": "mia@contoso.com", "active": True}), 201
    )
    assert ok(api.get(f"{SCIM}/Users", params={"filter": 'userName eq "carol@contoso.com"'}))["totalResults"] == 0
    carol = ok(
        api.post(
            f"{SCIM}/Users",
            json={
                "schemas": [USER, ENTERPRISE],
                "externalId": "8f2a4c1e-77aa-4f5b-9d0e-1b2c3d4e5f60",
                "userName": "carol@contoso.com",
                "active": True,
                "displayName": "Carol Diaz",
                "emails": [{"primary": True, "type": "work", "value": "carol@contoso.com"}],
                "meta": {"resourceType": "User"},
                "name": {"formatted": "Carol Diaz", "familyName": "Diaz", "givenName": "Carol"},
                "title": "Designer",
                ENTERPRISE: {"department": "Design", "employeeNumber": "E100"},
            },
        ),
        201,
    )
    cid = int(carol["id"])
    assert carol[ENTERPRISE] == {"department": "Design", "employeeNumber": "E100"}
    by_ext = ok(api.get(f"{SCIM}/Users", params={"filter": f'externalId eq "{carol["externalId"]}"'}))
    assert [r["id"] for r in by_ext["Resources"]] == [carol["id"]]
    give_cad(world, cid)

    # Entra's update: capitalised ops, enterprise URN paths, manager as a bare id.
    mark = head()
    update = {
        "schemas": [PATCH],
        "Operations": [
            {"op": "Replace", "path": "title", "value": "Lead Designer"},
            {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": manager["id"]},
            {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "carol.diaz@contoso.com"},
            {"op": "Replace", "path": "name.givenName", "value": "Caro"},
            {"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "Product Design"},
        ],
    }
    body = ok(api.patch(f"{SCIM}/Users/{cid}", json=update))
    assert body["title"] == "Lead Designer" and body["emails"][0]["value"] == "carol.diaz@contoso.com"
    assert body[ENTERPRISE]["manager"]["value"] == manager["id"] and body["name"]["givenName"] == "Caro"
    p = person(cid)
    assert (p.email, p.department, p.manager_id) == ("carol.diaz@contoso.com", "Product Design", int(manager["id"]))
    assert events_since(mark) == [("scim_update", actor)]
    found = ok(api.get(f"{SCIM}/Users", params={"filter": 'emails[type eq "work"].value eq "carol.diaz@contoso.com"'}))
    assert found["totalResults"] == 1

    # Group with members added, then removed with the member list in the body.
    group = ok(
        api.post(f"{SCIM}/Groups", json={"schemas": [GROUP], "externalId": "g-1", "displayName": "Designers"}), 201
    )
    designers_rule(world, group["id"])
    assert ok(api.get(f"{SCIM}/Groups", params={"filter": 'displayName eq "Designers"'}))["totalResults"] == 1
    add = {"op": "Add", "path": "members", "value": [{"value": carol["id"]}]}
    ok(api.patch(f"{SCIM}/Groups/{group['id']}", json={"schemas": [PATCH], "Operations": [add]}))
    assert world["figma"] in holds(cid) and seats_of(world)["figma"] == (1, 5)
    mark = head()
    remove = {"op": "Remove", "path": "members", "value": [{"value": carol["id"]}]}
    ok(api.patch(f"{SCIM}/Groups/{group['id']}", json={"schemas": [PATCH], "Operations": [remove]}))
    assert world["figma"] not in holds(cid) and seats_of(world)["figma"] == (0, 5)
    assert [a for a, _ in events_since(mark)] == ["group_leave", "group_rule_reclaim"]

    # Deactivate with active as the string "False"; reactivate with "True".
    mark = head()
    off = {"schemas": [PATCH], "Operations": [{"op": "Replace", "path": "active", "value": "False"}]}
    assert ok(api.patch(f"{SCIM}/Users/{cid}", json=off))["active"] is False
    assert person(cid).status == "offboarded" and seats_of(world)["cad"] == (0, 2)
    assert [a for a, _ in events_since(mark)] == ["retire_seat", "offboard"]
    on = {"schemas": [PATCH], "Operations": [{"op": "Replace", "path": "active", "value": "True"}]}
    assert ok(api.patch(f"{SCIM}/Users/{cid}", json=on))["active"] is True
    assert person(cid).status == "active" and holds(cid) == set()

    # A full PUT that leaves active out deactivates.
    give_cad(world, cid)
    current = ok(api.get(f"{SCIM}/Users/{cid}"))
    current.pop("active")
    mark = head()
    assert ok(api.put(f"{SCIM}/Users/{cid}", json=current))["active"] is False
    assert person(cid).status == "offboarded" and seats_of(world)["cad"] == (0, 1)
    assert [a for a, _ in events_since(mark)] == ["retire_seat", "offboard"]
