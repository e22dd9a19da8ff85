"""In-app notifications: who receives a license's reminders, the bell's unread
count, the list, mark-read. Every read and write is scoped to one user, so a
handler passing the signed-in user's id can never see or touch another's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, update
from sqlmodel import Session, select

from license_hub.models import AppUser, License, Notification, Person
from license_hub.models.enums import ReminderKind
from license_hub.models.types import utcnow
from license_hub.services.access import accounts as access
from license_hub.services.core.errors import NotFound

PAGE_MAX = 200


@dataclass(frozen=True)
class Recipient:
    user_id: int
    email: str
    name: str


@dataclass(frozen=True)
class NotificationItem:
    id: int
    kind: str
    title: str
    body: str
    link: str
    license_id: int | None
    created_at: datetime
    read: bool


def license_link(license_id: int) -> str:
    """The in-app path of a license's detail page."""
    return f"/licenses/{license_id}"


def admins(session: Session) -> list[Recipient]:
    """Every active user whose role carries the admin permission, whatever its name."""
    roles = access.admin_role_ids(session)
    stmt = select(AppUser).where(AppUser.role_id.in_(roles), AppUser.active).order_by(AppUser.id)
    return [Recipient(u.id, u.email, u.name) for u in session.exec(stmt)]


def owner_users(session: Session, person_id: int | None) -> list[Recipient]:
    """The active app users behind a business owner: linked to the Person, or
    signed in with the Person's email address."""
    if not person_id:
        return []
    person = session.get(Person, person_id)
    if person is None or person.archived_at is not None:
        return []
    match = AppUser.person_id == person.id
    if person.email:
        match = or_(match, func.lower(AppUser.email) == person.email.lower())
    stmt = select(AppUser).where(match, AppUser.active).order_by(AppUser.id)
    return [Recipient(u.id, u.email, u.name) for u in session.exec(stmt)]


def recipients_for(session: Session, lic: License, kind: str) -> list[Recipient]:
    """Seed 003: audits due go to every admin; the other reminders go to the
    license's business owner (when they use this app) and every admin."""
    found = (
        {} if kind == ReminderKind.AUDIT_DUE else {r.user_id: r for r in owner_users(session, lic.business_owner_id)}
    )
    for r in admins(session):
        found.setdefault(r.user_id, r)
    return sorted(found.values(), key=lambda r: r.user_id)


def add(
    session: Session,
    user_id: int,
    *,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    license_id: int | None = None,
    now: datetime | None = None,
) -> Notification:
    row = Notification(
        user_id=user_id,
        kind=kind,
        title=title[:300],
        body=body,
        link=link[:300],
        license_id=license_id,
        created_at=now or utcnow(),
    )
    session.add(row)
    return row


def unread_count(session: Session, user_id: int) -> int:
    stmt = select(func.count(Notification.id)).where(Notification.user_id == user_id, Notification.read_at.is_(None))
    return int(session.exec(stmt).one())


def list_for(
    session: Session, user_id: int, *, unread_only: bool = False, offset: int = 0, limit: int = 20
) -> tuple[list[NotificationItem], int]:
    """Newest first, one page, plus the total for the pager."""
    stmt = select(Notification).where(Notification.user_id == user_id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    stmt = (
        stmt.order_by(Notification.created_at.desc(), Notification.id.desc())
        .offset(max(int(offset), 0))
        .limit(max(1, min(int(limit), PAGE_MAX)))
    )
    items = [
        NotificationItem(n.id, n.kind, n.title, n.body, n.link, n.license_id, n.created_at, n.read_at is not None)
        for n in session.exec(stmt)
    ]
    return items, int(total)


def mark_read(session: Session, user_id: int, notification_id: int, now: datetime | None = None) -> NotificationItem:
    """Mark one of the user's own notifications read; another user's is 'not found'."""
    row = session.get(Notification, notification_id)
    if row is None or row.user_id != user_id:
        raise NotFound("This notification does not exist")
    if row.read_at is None:
        row.read_at = now or utcnow()
        session.add(row)
    return NotificationItem(row.id, row.kind, row.title, row.body, row.link, row.license_id, row.created_at, True)


def mark_all_read(session: Session, user_id: int, now: datetime | None = None) -> int:
    stmt = (
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
    )
    return int(session.execute(stmt).rowcount or 0)
