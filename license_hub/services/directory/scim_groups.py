"""SCIM groups: the identity provider's groups and who is in them.

A membership change is a joiner or leaver event for the group rules: members who
join get the seats the group's rules name, members who leave give them back (see
group_rules). Members are SCIM users (people with a linked identity).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, func
from sqlmodel import Session, select

from license_hub.db import lock_row
from license_hub.models import DirectoryGroup, GroupMember, GroupRule, Person, ScimIdentity
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import NotFound, ValidationError
from license_hub.services.directory import group_rules, scim_filter
from license_hub.services.directory.provisioning import MAX_PAGE, Conflict
from license_hub.services.directory.scim_filter import Attr

GROUP_NOT_FOUND = "This group does not exist"
MAX_MEMBERS = 100_000


@dataclass(frozen=True)
class GroupData:
    display_name: str
    external_id: str | None
    member_ids: tuple[int, ...]


@dataclass(frozen=True)
class ScimGroupMember:
    person_id: int
    display: str


@dataclass(frozen=True)
class ScimGroup:
    id: int
    display_name: str
    external_id: str | None
    members: tuple[ScimGroupMember, ...]
    created_at: datetime
    updated_at: datetime


def _get(data: dict, name: str) -> Any:
    for key, value in data.items():
        if isinstance(key, str) and key.lower() == name.lower():
            return value
    return None


def read_group(data: Any) -> GroupData:
    """A group's attributes from its JSON form, checked against the column bounds."""
    if not isinstance(data, dict):
        raise ValidationError({"body": "The request body must be a JSON object"})
    errors: dict[str, str] = {}
    name = _get(data, "displayName")
    name = name.strip() if isinstance(name, str) else ""
    if not name or len(name) > 200 or "\x00" in name:
        errors["displayName"] = "displayName is required, at most 200 characters"
    ext = _get(data, "externalId")
    ext = ext.strip() if isinstance(ext, str) else None
    if ext and (len(ext) > 255 or "\x00" in ext):
        errors["externalId"] = "externalId is at most 255 characters"
    members = _get(data, "members") or []
    ids: list[int] = []
    if not isinstance(members, list) or len(members) > MAX_MEMBERS:
        errors["members"] = f"members must be a list of at most {MAX_MEMBERS:,}"
        members = []
    for item in members:
        value = _get(item, "value") if isinstance(item, dict) else item
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if not text.isdigit() or not 0 < int(text) < 2**31:
            errors["members"] = f"Unknown member {value!r}"
            break
        ids.append(int(text))
    if errors:
        raise ValidationError(errors)
    return GroupData(name, ext or None, tuple(dict.fromkeys(ids)))


GROUP_ATTRS: dict[str, Attr] = {
    "id": Attr(DirectoryGroup.id, kind="integer"),
    "displayname": Attr(DirectoryGroup.display_name),
    "externalid": Attr(DirectoryGroup.external_id, case_exact=True),
    "members.value": Attr(
        condition=lambda op, raw: _member_condition(op, raw),
    ),
    "members": Attr(condition=lambda op, raw: _member_condition(op, raw)),
    "meta.created": Attr(DirectoryGroup.created_at, case_exact=True),
    "meta.lastmodified": Attr(DirectoryGroup.updated_at, case_exact=True),
}


def _member_condition(op: str, raw: str | None):
    if op != "eq" or raw is None or not raw.strip().isdigit() or not 0 < int(raw) < 2**31:
        raise scim_filter.InvalidFilter('Filter members with value eq "<user id>"')
    return exists().where(GroupMember.group_id == DirectoryGroup.id, GroupMember.person_id == int(raw))


def _members(session: Session, group_id: int) -> tuple[ScimGroupMember, ...]:
    stmt = (
        select(Person.id, Person.name)
        .join(GroupMember, GroupMember.person_id == Person.id)
        .where(GroupMember.group_id == group_id)
        .order_by(Person.id)
    )
    return tuple(ScimGroupMember(pid, name) for pid, name in session.exec(stmt))


def _view(session: Session, group: DirectoryGroup, with_members: bool = True) -> ScimGroup:
    members = _members(session, group.id) if with_members else ()
    return ScimGroup(group.id, group.display_name, group.external_id, members, group.created_at, group.updated_at)


def get_group(session: Session, group_id: int, with_members: bool = True) -> ScimGroup:
    group = session.get(DirectoryGroup, group_id) if 0 < group_id < 2**31 else None
    if group is None:
        raise NotFound(GROUP_NOT_FOUND)
    return _view(session, group, with_members)


def list_groups(
    session: Session, filter_text: str = "", start_index: int = 1, count: int = 100, with_members: bool = True
) -> tuple[list[ScimGroup], int]:
    stmt = select(DirectoryGroup)
    if filter_text and filter_text.strip():
        stmt = stmt.where(scim_filter.parse(filter_text, GROUP_ATTRS))
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    count = max(0, min(count, MAX_PAGE))
    if count == 0:
        return [], int(total)
    rows = session.exec(stmt.order_by(DirectoryGroup.id).offset(max(start_index, 1) - 1).limit(count)).all()
    return [_view(session, g, with_members) for g in rows], int(total)


def _check_name(session: Session, name: str, group_id: int | None) -> None:
    other = session.exec(
        select(DirectoryGroup.id).where(func.lower(DirectoryGroup.display_name) == name.lower())
    ).first()
    if other is not None and other != group_id:
        raise Conflict(f"A group named {name} already exists")


def _check_members(session: Session, ids: tuple[int, ...]) -> None:
    known: set[int] = set()
    for start in range(0, len(ids), 1000):
        part = list(ids[start : start + 1000])
        known.update(session.exec(select(ScimIdentity.person_id).where(ScimIdentity.person_id.in_(part))).all())
    missing = [i for i in ids if i not in known]
    if missing:
        raise ValidationError({"members": f"Unknown member {missing[0]}"})


def _set_members(session: Session, actor: str, group: DirectoryGroup, wanted: set[int]) -> None:
    current = set(session.exec(select(GroupMember.person_id).where(GroupMember.group_id == group.id)).all())
    joined, left = sorted(wanted - current), sorted(current - wanted)
    for pid in joined:
        session.add(GroupMember(group_id=group.id, person_id=pid))
    if left:
        session.exec(delete(GroupMember).where(GroupMember.group_id == group.id, GroupMember.person_id.in_(left)))
    session.flush()
    if joined:
        audit_log.record(session, actor, "group_join", "directory_group", group.id, {"person_ids": joined})
        group_rules.on_join(session, actor, group.id, joined)
    if left:
        audit_log.record(session, actor, "group_leave", "directory_group", group.id, {"person_ids": left})
        group_rules.on_leave(session, actor, group.id, left)


def create_group(session: Session, actor: str, data: GroupData) -> ScimGroup:
    _check_name(session, data.display_name, None)
    _check_members(session, data.member_ids)
    group = DirectoryGroup(display_name=data.display_name, external_id=data.external_id)
    session.add(group)
    session.flush()
    audit_log.record(
        session, actor, "create", "directory_group", group.id, {"displayName": group.display_name, "via": "scim"}
    )
    _set_members(session, actor, group, set(data.member_ids))
    return _view(session, group)


def replace_group(session: Session, actor: str, group_id: int, data: GroupData) -> ScimGroup:
    group = lock_row(session, DirectoryGroup, group_id) if 0 < group_id < 2**31 else None
    if group is None:
        raise NotFound(GROUP_NOT_FOUND)
    _check_name(session, data.display_name, group_id)
    _check_members(session, data.member_ids)
    changes = {}
    for field, value in (("display_name", data.display_name), ("external_id", data.external_id)):
        if getattr(group, field) != value:
            changes[field] = [getattr(group, field), value]
            setattr(group, field, value)
    group.updated_at = utcnow()
    session.add(group)
    if changes:
        audit_log.record(session, actor, "update", "directory_group", group_id, changes)
    _set_members(session, actor, group, set(data.member_ids))
    return _view(session, group)


def delete_group(session: Session, actor: str, group_id: int) -> None:
    """Everyone leaves (the rules reclaim their seats), then the group and its rules go."""
    group = lock_row(session, DirectoryGroup, group_id) if 0 < group_id < 2**31 else None
    if group is None:
        raise NotFound(GROUP_NOT_FOUND)
    _set_members(session, actor, group, set())
    session.exec(delete(GroupRule).where(GroupRule.group_id == group_id))
    session.delete(group)
    session.flush()
    audit_log.record(session, actor, "delete", "directory_group", group_id, {"displayName": group.display_name})


def leave_all(session: Session, actor: str, person_id: int) -> None:
    """A deprovisioned user leaves every group."""
    for gid in session.exec(select(GroupMember.group_id).where(GroupMember.person_id == person_id)).all():
        group = lock_row(session, DirectoryGroup, gid)
        if group is None:
            continue
        current = set(session.exec(select(GroupMember.person_id).where(GroupMember.group_id == gid)).all())
        _set_members(session, actor, group, current - {person_id})
