"""Group rules: joiners get the seat, leavers give it back, a full license refuses
with the usual message (kept on the page and sent as a notification), and the
dry run writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent, License, Notification
from license_hub.services.core.errors import NO_SEATS_REMAINING, ValidationError
from license_hub.services.directory import group_rules, provisioning, scim_groups
from tests.api.helpers import make_user
from tests.factories import ACTOR, make_license, make_product


def user(name: str) -> int:
    with write_session() as s:
        data = provisioning.read_user({"userName": f"{name}@example.com", "displayName": name}, active_default=True)
        return provisioning.create_user(s, ACTOR, data).id


def group(name: str, members: list[int]) -> int:
    with write_session() as s:
        return scim_groups.create_group(s, ACTOR, scim_groups.GroupData(name, None, tuple(members))).id


def set_members(group_id: int, name: str, members: list[int]) -> None:
    with write_session() as s:
        scim_groups.replace_group(s, ACTOR, group_id, scim_groups.GroupData(name, None, tuple(members)))


def holders(license_id: int) -> set[int]:
    with read_session() as s:
        return set(
            s.exec(
                select(Assignment.person_id).where(Assignment.license_id == license_id, Assignment.revoked_at.is_(None))
            ).all()
        )


def used(license_id: int) -> int:
    with read_session() as s:
        return s.get(License, license_id).seats_used


@pytest.fixture
def world(database):
    make_user("Admin", "it@example.com")
    people = [user(n) for n in ("ann", "ben", "cai")]
    figma = make_license(make_product("Figma"), seats_total=2, name="Figma Org")
    return {"people": people, "figma": figma, "design": group("Design", people)}


def test_dry_run_shows_the_outcome_and_writes_nothing(world):
    with read_session() as s:
        before = s.exec(select(func.count()).select_from(AuditEvent)).one()
        preview = group_rules.dry_run(s, world["design"], world["figma"])
    assert len(preview.assigned) == 2 and preview.already == 0
    assert [(r.name, r.reason) for r in preview.refused] == [("cai", NO_SEATS_REMAINING)]
    with read_session() as s:
        assert s.exec(select(func.count()).select_from(AuditEvent)).one() == before
    assert holders(world["figma"]) == set()


def test_saving_a_rule_assigns_and_records_refusals(world):
    with write_session() as s:
        outcome = group_rules.create_rule(s, ACTOR, world["design"], world["figma"])
    ann, ben, cai = world["people"]
    assert set(outcome.assigned) == {ann, ben} and [r.person_id for r in outcome.refused] == [cai]
    assert holders(world["figma"]) == {ann, ben} and used(world["figma"]) == 2
    with read_session() as s:
        rows = group_rules.list_rules(s)
        notes = s.exec(select(Notification).where(Notification.kind == "group_rule_refused")).all()
    assert [(r.group, r.members, r.holders) for r in rows] == [("Design", 3, 2)]
    assert [(r.name, r.reason) for r in rows[0].refused] == [("cai", NO_SEATS_REMAINING)]
    assert len(notes) == 1 and notes[0].title.startswith(NO_SEATS_REMAINING) and "cai" in notes[0].body
    with pytest.raises(ValidationError) as err, write_session() as s:
        group_rules.create_rule(s, ACTOR, world["design"], world["figma"])
    assert err.value.errors == {"license": group_rules.RULE_EXISTS}


def test_leaving_reclaims_and_a_free_seat_goes_to_the_next_joiner(world):
    ann, ben, cai = world["people"]
    with write_session() as s:
        group_rules.create_rule(s, ACTOR, world["design"], world["figma"])
    set_members(world["design"], "Design", [ben, cai])  # ann leaves: her seat comes back
    assert ann not in holders(world["figma"]) and used(world["figma"]) == 1
    set_members(world["design"], "Design", [ann, ben, cai])  # ann rejoins; cai still waits for a seat
    assert holders(world["figma"]) == {ann, ben}


def test_another_groups_rule_keeps_the_seat(world):
    ann, ben, _ = world["people"]
    other = group("Marketing", [ann])
    with write_session() as s:
        group_rules.create_rule(s, ACTOR, world["design"], world["figma"])
        group_rules.create_rule(s, ACTOR, other, world["figma"])
    set_members(world["design"], "Design", [ben])
    assert ann in holders(world["figma"])  # Marketing's rule still covers her
    set_members(other, "Marketing", [])
    assert ann not in holders(world["figma"])


def test_deleting_a_rule_keeps_the_seats(world):
    with write_session() as s:
        rule_id = group_rules.create_rule(s, ACTOR, world["design"], world["figma"]).rule_id
    with write_session() as s:
        group_rules.delete_rule(s, ACTOR, rule_id)
    assert used(world["figma"]) == 2
    with read_session() as s:
        assert group_rules.list_rules(s) == []
    with pytest.raises(ValidationError), read_session() as s:
        group_rules.dry_run(s, 987654, world["figma"])
