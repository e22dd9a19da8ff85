"""SCIM 2.0: discovery, the RFC 7644 list and error shapes, filters, and the token's scope."""

from __future__ import annotations

import pytest

from tests.api.helpers import bearer, make_token

SCIM = "/scim/v2"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


@pytest.fixture
def scim(api):
    api.headers.update(bearer(make_token(scopes=["scim"], name="Okta")))
    return api


def new_user(scim, user_name: str, **extra) -> dict:
    body = {
        "schemas": [USER, ENTERPRISE],
        "userName": user_name,
        "name": {"givenName": "Barbara", "familyName": "Jensen"},
        "emails": [{"value": user_name, "type": "work", "primary": True}],
        "active": True,
        **extra,
    }
    response = scim.post(f"{SCIM}/Users", json=body, headers={"Content-Type": "application/scim+json"})
    assert response.status_code == 201, response.text
    return response.json()


def test_discovery_documents(scim):
    spc = scim.get(f"{SCIM}/ServiceProviderConfig")
    assert spc.status_code == 200 and spc.headers["content-type"].startswith("application/scim+json")
    assert spc.json()["patch"]["supported"] is True and spc.json()["filter"]["supported"] is True
    types = scim.get(f"{SCIM}/ResourceTypes").json()
    assert types["schemas"] == [LIST] and {r["id"] for r in types["Resources"]} == {"User", "Group"}
    user_type = scim.get(f"{SCIM}/ResourceTypes/User").json()
    assert user_type["schemaExtensions"][0]["schema"] == ENTERPRISE
    schemas = {s["id"] for s in scim.get(f"{SCIM}/Schemas").json()["Resources"]}
    assert {USER, ENTERPRISE, "urn:ietf:params:scim:schemas:core:2.0:Group"} <= schemas
    attrs = {a["name"] for a in scim.get(f"{SCIM}/Schemas/{ENTERPRISE}").json()["attributes"]}
    assert {"department", "manager", "employeeNumber"} <= attrs


def test_okta_connection_test_and_list_shape(scim):
    for n in range(3):
        new_user(scim, f"user{n}@example.com")
    page = scim.get(f"{SCIM}/Users", params={"startIndex": 1, "count": 2})
    assert page.status_code == 200
    body = page.json()
    assert body["schemas"] == [LIST]
    assert (body["totalResults"], body["startIndex"], body["itemsPerPage"]) == (3, 1, 2)
    assert [r["userName"] for r in body["Resources"]] == ["user0@example.com", "user1@example.com"]
    assert scim.get(f"{SCIM}/Users", params={"startIndex": 3, "count": 2}).json()["itemsPerPage"] == 1


def test_filters(scim):
    made = new_user(scim, "Bjensen@Example.com", externalId="00u1", **{ENTERPRISE: {"department": "Design"}})
    new_user(scim, "other@example.com", externalId="00u2")

    def found(expr: str) -> list[str]:
        response = scim.get(f"{SCIM}/Users", params={"filter": expr})
        assert response.status_code == 200, response.text
        return [r["id"] for r in response.json()["Resources"]]

    assert found('userName eq "bjensen@example.com"') == [made["id"]]  # userName is not case-sensitive
    assert found('externalId eq "00u1"') == [made["id"]]
    assert found('externalId eq "00U1"') == []  # externalId is case-exact
    assert found('emails[type eq "work"].value eq "bjensen@example.com"') == [made["id"]]
    assert found('emails.value eq "BJENSEN@example.com"') == [made["id"]]
    assert found(f'{ENTERPRISE}:department eq "Design"') == [made["id"]]
    assert found('userName sw "bjen" and active eq true') == [made["id"]]
    assert len(found('not (userName eq "x@example.com")')) == 2
    assert found('userName eq "50%_off@example.com"') == []

    for bad in ('nickName eq "x"', "userName eq", "userName zz 1", "x" * 1200):
        response = scim.get(f"{SCIM}/Users", params={"filter": bad})
        assert response.status_code == 400, bad
        assert response.json()["schemas"] == [ERROR] and response.json()["scimType"] == "invalidFilter"
        assert response.json()["status"] == "400"


def test_duplicate_user_name_is_409_uniqueness(scim):
    new_user(scim, "dup@example.com")
    again = scim.post(f"{SCIM}/Users", json={"schemas": [USER], "userName": "DUP@example.com"})
    assert again.status_code == 409
    assert again.json() == {
        "schemas": [ERROR],
        "status": "409",
        "scimType": "uniqueness",
        "detail": "userName DUP@example.com is already taken",
    }


def test_bounds_and_bad_input_are_400(scim):
    long = scim.post(f"{SCIM}/Users", json={"schemas": [USER], "userName": "x" * 255})
    assert long.status_code == 400 and long.json()["scimType"] == "invalidValue"
    assert "userName is at most 254 characters" in long.json()["detail"]
    dept = scim.post(
        f"{SCIM}/Users", json={"schemas": [USER], "userName": "a@example.com", ENTERPRISE: {"department": "d" * 101}}
    )
    assert dept.status_code == 400
    assert scim.post(f"{SCIM}/Users", json=["not", "an", "object"]).status_code == 400
    assert scim.post(f"{SCIM}/Users", json={"schemas": [USER], "userName": "a@b", "active": "maybe"}).status_code == 400
    assert scim.get(f"{SCIM}/Users/99999999999").status_code == 404
    assert scim.get(f"{SCIM}/Users/abc").json()["schemas"] == [ERROR]
    bad_patch = scim.patch(f"{SCIM}/Users/1", json={"Operations": [{"op": "explode"}]})
    assert bad_patch.status_code in (400, 404)


def test_the_scim_scope_is_required(api):
    api.headers.update(bearer(make_token(scopes=["licenses:read"])))
    refused = api.get(f"{SCIM}/Users")
    assert refused.status_code == 403 and refused.json()["schemas"] == [ERROR]
    api.headers.pop("Authorization")
    anonymous = api.get(f"{SCIM}/Users")
    assert anonymous.status_code == 401 and anonymous.json()["schemas"] == [ERROR]


def test_group_bounds_and_unknown_members(scim):
    group = "urn:ietf:params:scim:schemas:core:2.0:Group"
    too_long = scim.post(f"{SCIM}/Groups", json={"schemas": [group], "displayName": "g" * 201})
    assert too_long.status_code == 400 and too_long.json()["scimType"] == "invalidValue"
    ext = scim.post(f"{SCIM}/Groups", json={"schemas": [group], "displayName": "G", "externalId": "e" * 256})
    assert ext.status_code == 400
    ghost = scim.post(f"{SCIM}/Groups", json={"schemas": [group], "displayName": "G", "members": [{"value": "424242"}]})
    assert ghost.status_code == 400 and "Unknown member 424242" in ghost.json()["detail"]
    made = scim.post(f"{SCIM}/Groups", json={"schemas": [group], "displayName": "Design"})
    assert made.status_code == 201
    dup = scim.post(f"{SCIM}/Groups", json={"schemas": [group], "displayName": "design"})
    assert dup.status_code == 409 and dup.json()["scimType"] == "uniqueness"
    bad_member_filter = scim.get(f"{SCIM}/Groups", params={"filter": 'members.value co "1"'})
    assert bad_member_filter.status_code == 400 and bad_member_filter.json()["scimType"] == "invalidFilter"
    user = new_user(scim, "long@example.com")
    for op in (
        {"op": "replace", "path": "title", "value": "t" * 101},
        {"op": "replace", "path": "name.givenName", "value": "n" * 101},
        {"op": "replace", "path": f"{ENTERPRISE}:employeeNumber", "value": "9" * 65},
        {"op": "replace", "path": "externalId", "value": "x" * 256},
    ):
        response = scim.patch(f"{SCIM}/Users/{user['id']}", json={"Operations": [op]})
        assert response.status_code == 400, op
