"""Settings → Users: listing users and roles, inviting with a temporary password,
the self-lockout rules, and the reads behind the audit log and Activity tab."""

from __future__ import annotations

import json

import pytest

from license_hub.db import read_session, write_session
from license_hub.models import AppUser
from license_hub.services.access import accounts as access
from license_hub.services.access import user_admin
from license_hub.services.audit import audit_query
from license_hub.services.core.errors import DomainError, ValidationError
from license_hub.services.directory import people
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.seats import assignments as seats
from tests.factories import make_license

PW = "correct horse battery"


def _admin(email: str = "root@example.com") -> access.Principal:
    with write_session() as s:
        access.create_user(s, "system", email=email, password=PW, role="Admin", name="Root")
    with write_session() as s:
        return access.principal(s, access.sign_in(email, PW))


def _user(email: str, role: str = "Viewer", name: str = "") -> int:
    with write_session() as s:
        return access.create_user(s, "system", email=email, password=PW, role=role, name=name).id


def test_list_users_shows_role_status_and_last_sign_in(database):
    admin = _admin()
    bea = _user("bea@example.com", "Finance", "Bea")
    _user("al@example.com", "Viewer", "Al")
    with write_session() as s:
        user_admin.set_active(s, admin, bea, False)
    with read_session() as s:
        rows = user_admin.list_users(s)
    assert [r.email for r in rows] == ["al@example.com", "root@example.com", "bea@example.com"]
    by_email = {r.email: r for r in rows}
    assert by_email["bea@example.com"].role == "Finance" and not by_email["bea@example.com"].active
    assert by_email["root@example.com"].last_sign_in_at is not None
    assert by_email["al@example.com"].last_sign_in_at is None


def test_list_roles_built_in_first_with_permissions_and_user_counts(database):
    admin = _admin()
    _user("v1@example.com")
    _user("v2@example.com")
    with write_session() as s:
        access.create_role(s, admin.email, "Auditor", ["audits", "license.view"])
    with read_session() as s:
        roles = user_admin.list_roles(s)
    assert [r.name for r in roles] == [*access.BUILT_IN_ROLES, "Auditor"]
    by_name = {r.name: r for r in roles}
    assert by_name["Viewer"].users == 2 and by_name["Admin"].users == 1 and by_name["Auditor"].users == 0
    assert by_name["Auditor"].permissions == ("license.view", "audits") and not by_name["Auditor"].built_in
    assert by_name["Admin"].built_in and set(by_name["Admin"].permissions) == set(access.PERMISSIONS)


def test_invite_gives_a_strong_one_time_password_that_must_be_changed(database):
    admin = _admin()
    with write_session() as s:
        user, password = user_admin.invite_user(s, admin, email="New@Example.com ", name="Nia", role="Seat assigner")
        uid = user.id
    assert len(password) >= 16 and password not in {"", PW}
    assert user_admin.temporary_password() != user_admin.temporary_password()
    with read_session() as s:
        row = s.get(AppUser, uid)
        assert row.email == "new@example.com" and row.must_change_password and password not in row.password_hash
    token = access.sign_in("new@example.com", password)
    with read_session() as s:
        assert access.principal(s, token).role == "Seat assigner"
    with write_session() as s, pytest.raises(ValidationError):
        user_admin.invite_user(s, admin, email="new@example.com", name="Again", role="Viewer")


def test_an_admin_cannot_deactivate_themselves_or_drop_their_own_admin_role(database):
    admin = _admin()
    with write_session() as s, pytest.raises(DomainError) as err:
        user_admin.set_active(s, admin, admin.user_id, False)
    assert err.value.message == user_admin.OWN_ACCOUNT
    with write_session() as s, pytest.raises(DomainError) as err:
        user_admin.change_role(s, admin, admin.user_id, "Viewer")
    assert err.value.message == user_admin.OWN_ADMIN_ROLE
    with write_session() as s:  # a custom role that keeps "admin" is fine
        access.create_role(s, admin.email, "Super", ["admin", "license.view"])
    with write_session() as s:
        user_admin.change_role(s, admin, admin.user_id, "Super")
    with read_session() as s:
        assert {r.email: r.role for r in user_admin.list_users(s)}["root@example.com"] == "Super"


def test_role_change_and_reactivation_of_someone_else_are_recorded(database):
    admin = _admin()
    uid = _user("ann@example.com")
    with write_session() as s:
        user_admin.change_role(s, admin, uid, "License manager")
        user_admin.set_active(s, admin, uid, False)
    with write_session() as s:
        user_admin.set_active(s, admin, uid, True)
    with read_session() as s:
        acts = [e.action for e in audit_query.activity(s, "user", uid)]
    assert acts == ["activate", "deactivate", "role_change", "create"]
    with write_session() as s, pytest.raises(DomainError):
        user_admin.set_active(s, admin, 999_999, False)


def test_license_activity_includes_its_seats_and_names_their_holders(database):
    lid = make_license(seats_total=3)
    other = make_license(seats_total=3, product_name="Slack")
    with write_session() as s:
        pid = people.create_person(s, "ops@example.com", name="Grace Hopper", email="grace@example.com").id
    with write_session() as s:
        seat = seats.assign(s, "ops@example.com", lid, person_id=pid).id
        seats.assign(s, "ops@example.com", other, assignee_name="Not this one")
        licenses.update(s, "ops@example.com", lid, {"seats_total": 4})
    with write_session() as s:
        seats.reclaim(s, "ops@example.com", seat)
    with read_session() as s:
        rows, total = user_admin.license_activity(s, lid, detailed=True)
    assert total == 4
    assert [r.event.action for r in rows] == ["reclaim", "update", "assign", "create"]
    assert rows[0].subject == "Grace Hopper" and rows[1].subject == ""
    assert json.loads(rows[1].event.diff) == {"seats_total": [3, 4]}


def test_object_names_actors_and_types_for_the_audit_log(database):
    admin = _admin()
    lid = make_license(name="Design team")
    uid = _user("ann@example.com")
    with read_session() as s:
        names = user_admin.object_names(s, {("license", lid), ("user", uid), ("license", 999), ("role", 1)})
        types, who = user_admin.object_types(s), user_admin.actors(s)
    assert names[("license", lid)] == "Design team" and names[("user", uid)] == "ann@example.com"
    assert ("license", 999) not in names and names[("role", 1)]
    assert {"license", "user", "catalog_entry"} <= set(types)
    assert "system" in who and admin.email in who
