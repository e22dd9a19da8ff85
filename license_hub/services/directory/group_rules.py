"""Group rules: "members of group X hold a seat of license Y".

A member who joins the group gets a seat; a full license refuses with the usual
message, and the refusal stays on the group rules page and reaches the admins as a
notification. A member who leaves gives the seat back, unless another of their
groups has a rule for the same license (or the license is not reassignable: then
the seat stays and the usual refusal applies to a manual reclaim). A dry run
shows what a new rule would do before it is saved.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, func
from sqlmodel import Session, select

from license_hub.models import Assignment, CatalogEntry, DirectoryGroup, GroupMember, GroupRule, License, Person
from license_hub.models.enums import PersonStatus, SeatType
from license_hub.models.scim import GroupRuleRefusal
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import NO_SEATS_REMAINING, DomainError, NotFound, ValidationError
from license_hub.services.notify import notifications
from license_hub.services.seats import assignments as seats
from license_hub.services.seats.bulk_seats import lock_licenses, reclaim_locked

PAGE_LINK = "/group-rules"
RULE_EXISTS = "This group already has a rule for this license"
MAX_RULES = 500


@dataclass(frozen=True)
class Refused:
    person_id: int
    name: str
    reason: str


@dataclass(frozen=True)
class RuleOutcome:
    rule_id: int | None
    assigned: tuple[int, ...] = ()  # person ids who got a seat
    already: int = 0  # members who already held one
    refused: tuple[Refused, ...] = ()
    skipped_offboarded: int = 0


@dataclass(frozen=True)
class RuleRow:
    id: int
    group_id: int
    group: str
    license_id: int
    license: str
    software: str
    members: int
    holders: int
    refused: tuple[Refused, ...]


def _rules_of(session: Session, group_id: int) -> list[GroupRule]:
    return list(session.exec(select(GroupRule).where(GroupRule.group_id == group_id).order_by(GroupRule.license_id)))


def _holders(session: Session, license_id: int, person_ids: list[int]) -> set[int]:
    held: set[int] = set()
    for start in range(0, len(person_ids), 1000):
        part = person_ids[start : start + 1000]
        held.update(
            session.exec(
                select(Assignment.person_id).where(
                    Assignment.license_id == license_id, Assignment.revoked_at.is_(None), Assignment.person_id.in_(part)
                )
            ).all()
        )
    return held


def _people(session: Session, person_ids: list[int]) -> dict[int, Person]:
    out: dict[int, Person] = {}
    for start in range(0, len(person_ids), 1000):
        part = person_ids[start : start + 1000]
        out.update({p.id: p for p in session.exec(select(Person).where(Person.id.in_(part)))})
    return out


def _apply(session: Session, actor: str, rule: GroupRule, person_ids: list[int]) -> RuleOutcome:
    people = _people(session, person_ids)
    held = _holders(session, rule.license_id, person_ids)
    assigned, refused, gone = [], [], 0
    for pid in person_ids:
        person = people.get(pid)
        if person is None or pid in held:
            continue
        if person.status == PersonStatus.OFFBOARDED.value:
            gone += 1
            continue
        try:
            seats.assign(session, actor, rule.license_id, person_id=pid)
        except DomainError as exc:
            refused.append(Refused(pid, person.name, exc.message))
            continue
        assigned.append(pid)
    if assigned:
        session.exec(
            delete(GroupRuleRefusal).where(
                GroupRuleRefusal.rule_id == rule.id, GroupRuleRefusal.person_id.in_(assigned)
            )
        )
    if refused:
        _record_refusals(session, actor, rule, refused)
    return RuleOutcome(rule.id, tuple(assigned), len(held), tuple(refused), gone)


def _record_refusals(session: Session, actor: str, rule: GroupRule, refused: list[Refused]) -> None:
    known = set(
        session.exec(
            select(GroupRuleRefusal.person_id).where(
                GroupRuleRefusal.rule_id == rule.id, GroupRuleRefusal.person_id.in_([r.person_id for r in refused])
            )
        ).all()
    )
    for item in refused:
        if item.person_id not in known:
            session.add(GroupRuleRefusal(rule_id=rule.id, person_id=item.person_id, reason=item.reason[:300]))
    session.flush()
    group = session.get(DirectoryGroup, rule.group_id)
    lic = session.get(License, rule.license_id)
    names = ", ".join(r.name for r in refused[:5]) + (f" and {len(refused) - 5} more" if len(refused) > 5 else "")
    title = f"{refused[0].reason}: {lic.name if lic else 'license'} for {group.display_name if group else 'group'}"
    for admin in notifications.admins(session):
        notifications.add(
            session,
            admin.user_id,
            kind="group_rule_refused",
            title=title,
            body=f"No seat for {names}",
            link=PAGE_LINK,
            license_id=rule.license_id,
        )
    audit_log.record(
        session,
        actor,
        "group_rule_refused",
        "license",
        rule.license_id,
        {"rule_id": rule.id, "person_ids": [r.person_id for r in refused], "reason": refused[0].reason},
    )


def on_join(session: Session, actor: str, group_id: int, person_ids: list[int]) -> list[RuleOutcome]:
    """Members joined: each rule of the group gives them a seat, or records why not."""
    return [_apply(session, actor, rule, list(person_ids)) for rule in _rules_of(session, group_id)]


def on_leave(session: Session, actor: str, group_id: int, person_ids: list[int]) -> dict[int, int]:
    """Members left: reclaim the seats this group's rules gave them (seats freed per license)."""
    rules = _rules_of(session, group_id)
    if not rules or not person_ids:
        return {}
    session.exec(
        delete(GroupRuleRefusal).where(
            GroupRuleRefusal.rule_id.in_([r.id for r in rules]), GroupRuleRefusal.person_id.in_(person_ids)
        )
    )
    licenses = lock_licenses(session, [r.license_id for r in rules])
    to_free: list[tuple[int, int]] = []
    for rule in rules:
        lic = licenses.get(rule.license_id)
        if lic is None or not lic.reassignable:
            continue
        still = set(  # members still covered by another group's rule for this license
            session.exec(
                select(GroupMember.person_id)
                .join(GroupRule, GroupRule.group_id == GroupMember.group_id)
                .where(
                    GroupRule.license_id == rule.license_id,
                    GroupMember.group_id != group_id,
                    GroupMember.person_id.in_(person_ids),
                )
            ).all()
        )
        leaving = [p for p in person_ids if p not in still]
        if not leaving:
            continue
        rows = session.exec(
            select(Assignment.id).where(
                Assignment.license_id == rule.license_id,
                Assignment.revoked_at.is_(None),
                Assignment.person_id.in_(leaving),
            )
        ).all()
        to_free.extend((aid, rule.license_id) for aid in rows)
    if not to_free:
        return {}
    return reclaim_locked(session, actor, to_free, licenses, "group_rule_reclaim", {"group_id": group_id})


def _check(session: Session, group_id: int, license_id: int) -> tuple[DirectoryGroup, License]:
    group = session.get(DirectoryGroup, group_id) if 0 < group_id < 2**31 else None
    lic = session.get(License, license_id) if 0 < license_id < 2**31 else None
    errors = {}
    if group is None:
        errors["group"] = "Choose a group"
    if lic is None or lic.archived_at is not None:
        errors["license"] = "Choose a license"
    if errors:
        raise ValidationError(errors)
    assert group is not None and lic is not None
    return group, lic


def _member_ids(session: Session, group_id: int) -> list[int]:
    stmt = select(GroupMember.person_id).where(GroupMember.group_id == group_id).order_by(GroupMember.person_id)
    return list(session.exec(stmt).all())


def dry_run(session: Session, group_id: int, license_id: int) -> RuleOutcome:
    """What saving the rule would do now, without writing anything."""
    group, lic = _check(session, group_id, license_id)
    members = _member_ids(session, group.id)
    people = _people(session, members)
    held = _holders(session, lic.id, members)
    free = None if lic.seat_type == SeatType.UNLIMITED.value else max(lic.seats_total - seats.in_use(session, lic), 0)
    assigned, refused, gone = [], [], 0
    for pid in members:
        person = people[pid]
        if pid in held:
            continue
        if person.status == PersonStatus.OFFBOARDED.value:
            gone += 1
        elif free is not None and len(assigned) >= free:
            refused.append(Refused(pid, person.name, NO_SEATS_REMAINING))
        else:
            assigned.append(pid)
    return RuleOutcome(None, tuple(assigned), len(held), tuple(refused), gone)


def create_rule(session: Session, actor: str, group_id: int, license_id: int) -> RuleOutcome:
    group, lic = _check(session, group_id, license_id)
    if session.exec(select(GroupRule.id).where(GroupRule.group_id == group.id, GroupRule.license_id == lic.id)).first():
        raise ValidationError({"license": RULE_EXISTS})
    if session.exec(select(func.count()).select_from(GroupRule)).one() >= MAX_RULES:
        raise ValidationError({"license": f"At most {MAX_RULES} group rules"})
    rule = GroupRule(group_id=group.id, license_id=lic.id, created_by=actor[:200])
    session.add(rule)
    session.flush()
    audit_log.record(session, actor, "create", "group_rule", rule.id, {"group_id": group.id, "license_id": lic.id})
    return _apply(session, actor, rule, _member_ids(session, group.id))


def delete_rule(session: Session, actor: str, rule_id: int) -> None:
    """The rule goes; the seats it gave stay with their holders."""
    rule = session.get(GroupRule, rule_id) if 0 < rule_id < 2**31 else None
    if rule is None:
        raise NotFound("This rule does not exist")
    session.exec(delete(GroupRuleRefusal).where(GroupRuleRefusal.rule_id == rule_id))
    session.delete(rule)
    session.flush()
    audit_log.record(
        session, actor, "delete", "group_rule", rule_id, {"group_id": rule.group_id, "license_id": rule.license_id}
    )


def list_rules(session: Session) -> list[RuleRow]:
    stmt = (
        select(GroupRule, DirectoryGroup.display_name, License.name, CatalogEntry.name)
        .join(DirectoryGroup, DirectoryGroup.id == GroupRule.group_id)
        .join(License, License.id == GroupRule.license_id)
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .order_by(func.lower(DirectoryGroup.display_name), GroupRule.id)
        .limit(MAX_RULES)
    )
    rows = session.exec(stmt).all()
    refusals: dict[int, list[Refused]] = defaultdict(list)
    ids = [r.id for r, *_ in rows]
    if ids:
        for rid, pid, name, reason in session.exec(
            select(GroupRuleRefusal.rule_id, Person.id, Person.name, GroupRuleRefusal.reason)
            .join(Person, Person.id == GroupRuleRefusal.person_id)
            .where(GroupRuleRefusal.rule_id.in_(ids))
            .order_by(func.lower(Person.name))
        ):
            refusals[rid].append(Refused(pid, name, reason))
    out = []
    for rule, group, lic_name, software in rows:
        members = _member_ids(session, rule.group_id)
        out.append(
            RuleRow(
                rule.id,
                rule.group_id,
                group,
                rule.license_id,
                lic_name,
                software,
                len(members),
                len(_holders(session, rule.license_id, members)),
                tuple(refusals[rule.id]),
            )
        )
    return out


def group_options(session: Session) -> list[tuple[int, str]]:
    stmt = select(DirectoryGroup.id, DirectoryGroup.display_name).order_by(func.lower(DirectoryGroup.display_name))
    return [(gid, name) for gid, name in session.exec(stmt.limit(1000))]


def license_options(session: Session) -> list[tuple[int, str]]:
    stmt = (
        select(License.id, License.name, CatalogEntry.name)
        .join(CatalogEntry, CatalogEntry.id == License.catalog_entry_id)
        .where(License.archived_at.is_(None))
        .order_by(func.lower(CatalogEntry.name), func.lower(License.name))
    )
    return [(lid, f"{software} — {name}") for lid, name, software in session.exec(stmt.limit(1000))]
