"""What a fleet-wide "Reclaim dormant seats" would do, and the pieces to do it one
license at a time so the page can show progress.

The plan comes from the utilization report's counts: per license, the dormant seats
that can be reclaimed (the license is reassignable, and the holder has not already
been asked to keep or give up the seat: a pending question is respected) and the
money they tie up, per currency. The seats themselves are listed per license only
when the reclaim runs, and reclaim.reclaim_dormant re-checks each under the license
lock. The people whose seats go (or who are asked) get an in-app notification when
they use this app: the person is linked to the user, or shares its email address.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Iterable, Mapping, Sequence

from sqlalchemy import func, or_, select
from sqlmodel import Session

from license_hub.models import AppUser, Assignment, CatalogEntry, License, Person
from license_hub.models.utilization import ReclaimRequest
from license_hub.services.notify import notifications, notify_settings
from license_hub.services.notify.notify_settings import NotifySettings
from license_hub.services.reports import dormant_seats, utilization
from license_hub.services.reports.savings import CENT, cents, convert, from_cents, per_seat_costs
from license_hub.services.seats import seat_request_mail

CHUNK = 1000
KIND_RECLAIMED = "seat_reclaimed"
KIND_ASKED = "seat_request"


@dataclass(frozen=True)
class PlanLine:
    license_id: int
    name: str
    product: str
    currency: str
    seats: int  # dormant seats that will be reclaimed
    awaiting: int  # dormant seats whose holder was asked and has not answered yet
    annual_cost_per_seat: Decimal | None
    savings: Decimal


@dataclass(frozen=True)
class ReclaimPlan:
    lines: tuple[PlanLine, ...]
    seats: int
    by_currency: dict[str, Decimal]
    workspace_currency: str
    converted_total: Decimal
    not_converted: tuple[str, ...]
    held_back: int  # dormant seats on licenses whose seats may not be reassigned
    awaiting: int
    window_days: int

    @property
    def license_ids(self) -> list[int]:
        return [line.license_id for line in self.lines if line.seats]


def _open_request_seats():
    return select(ReclaimRequest.assignment_id).where(ReclaimRequest.closed_at.is_(None))


def awaiting_answer(session: Session, *, window_days: int, now: datetime | None = None) -> dict[int, int]:
    """Per license, dormant seats with an open keep-or-give-up request."""
    cutoff = utilization.cutoff_for(now, window_days)
    stmt = (
        dormant_seats.dormant_seats_statement(cutoff)
        .with_only_columns(Assignment.license_id, func.count())
        .where(Assignment.id.in_(_open_request_seats()))
        .group_by(Assignment.license_id)
    )
    return {int(lid): int(n) for lid, n in session.execute(stmt)}


def plan(
    session: Session,
    *,
    window_days: int = utilization.DEFAULT_WINDOW_DAYS,
    now: datetime | None = None,
    rates: Mapping[str, Any] | None = None,
    workspace_currency: str = "EUR",
) -> ReclaimPlan:
    """The preview: seats and savings per license, biggest savings first."""
    report = utilization.utilization_report(
        session, window_days=window_days, now=now, rates=rates, workspace_currency=workspace_currency
    )
    asked = awaiting_answer(session, window_days=window_days, now=now)
    frame = report.licenses[report.licenses["dormant_seats"] > 0]
    lines, held_back = [], 0
    for r, exact in zip(frame.itertuples(index=False), per_seat_costs(frame)):
        if not r.reassignable:
            held_back += int(r.dormant_seats)
            continue
        waiting = min(asked.get(int(r.license_id), 0), int(r.dormant_seats))
        seats = int(r.dormant_seats) - waiting
        per_seat = r.annual_cost_per_seat if isinstance(r.annual_cost_per_seat, Decimal) else None
        amount = from_cents(cents(exact * seats)) if exact is not None else Decimal("0.00")
        lines.append(PlanLine(int(r.license_id), r.name or "", r.product, r.currency, seats, waiting, per_seat, amount))
    lines.sort(key=lambda ln: (-float(ln.savings), -ln.seats, ln.product.lower(), ln.license_id))
    totals: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for line in lines:
        if line.seats and line.annual_cost_per_seat is not None:
            totals[line.currency] += line.savings
    by_currency = {k: v.quantize(CENT) for k, v in sorted(totals.items())}
    total, missing = convert(by_currency, rates, workspace_currency)
    return ReclaimPlan(
        tuple(lines),
        sum(ln.seats for ln in lines),
        by_currency,
        workspace_currency,
        total,
        missing,
        held_back,
        sum(ln.awaiting for ln in lines),
        window_days,
    )


def dormant_seat_ids(
    session: Session,
    license_id: int,
    *,
    window_days: int = utilization.DEFAULT_WINDOW_DAYS,
    now: datetime | None = None,
    include_asked: bool = False,
) -> list[int]:
    """The dormant seats of one active license, in id order; seats whose holder was
    asked and has not answered are left out unless `include_asked`."""
    cutoff = utilization.cutoff_for(now, window_days)
    stmt = dormant_seats.dormant_seats_statement(cutoff, [int(license_id)]).with_only_columns(Assignment.id)
    if not include_asked:
        stmt = stmt.where(Assignment.id.not_in(_open_request_seats()))
    return [int(i) for i in session.execute(stmt.order_by(Assignment.id)).scalars()]


# -------------------------------------------------------------- notifications


def users_of(session: Session, person_ids: Iterable[int]) -> dict[int, list[int]]:
    """Active app users behind each person (linked to it, or signed in with its email)."""
    ids = sorted({int(p) for p in person_ids})
    found: dict[int, set[int]] = defaultdict(set)
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        stmt = (
            select(Person.id, AppUser.id)
            .join(
                AppUser,
                or_(
                    AppUser.person_id == Person.id,
                    (Person.email != "") & (func.lower(AppUser.email) == func.lower(Person.email)),
                ),
            )
            .where(Person.id.in_(part), Person.archived_at.is_(None), AppUser.active)
        )
        for pid, uid in session.execute(stmt):
            found[int(pid)].add(int(uid))
    return {pid: sorted(uids) for pid, uids in found.items()}


def _label(session: Session, license_id: int) -> str:
    row = session.execute(
        select(CatalogEntry.name, License.name)
        .join(License, License.catalog_entry_id == CatalogEntry.id)
        .where(License.id == license_id)
    ).first()
    if row is None:
        return "a license"
    product, name = row
    return f"{product} ({name})" if name and name != product else product


def _notify(
    session: Session, license_id: int, person_ids: Sequence[int], kind: str, title: str, body: str, now: datetime | None
) -> int:
    sent = 0
    for uids in users_of(session, person_ids).values():
        for uid in uids:
            notifications.add(
                session,
                uid,
                kind=kind,
                title=title,
                body=body,
                link=notifications.license_link(license_id),
                license_id=license_id,
                now=now,
            )
            sent += 1
    return sent


def notify_reclaimed(
    session: Session, license_id: int, person_ids: Sequence[int], *, window_days: int, now: datetime | None = None
) -> int:
    """Tell each holder whose seat was reclaimed; returns the notifications written."""
    label = _label(session, license_id)
    return _notify(
        session,
        license_id,
        person_ids,
        KIND_RECLAIMED,
        f"Your {label} seat was reclaimed",
        f"It had not been used in the last {window_days} days, so it went back to the pool. "
        "Ask your IT team if you still need it.",
        now,
    )


def notify_asked(
    session: Session,
    license_id: int,
    person_ids: Sequence[int],
    respond_by: datetime,
    *,
    request_ids: Sequence[int] = (),
    now: datetime | None = None,
    config: NotifySettings | None = None,
) -> int:
    """Ask each holder to keep or give up their seat before the deadline; with the
    requests, each notice and each holder's email link to their own answer page.
    Returns the in-app notices written."""
    from license_hub.services.seats import seat_request  # it builds on reclaim, which builds on this module

    label = _label(session, license_id)
    title = f"Do you still need your {label} seat?"
    body = (
        f"It looks unused. Answer by {respond_by:%d %b %Y} whether to keep it or give it up; "
        "without an answer it is reclaimed then, unless you use it meanwhile."
    )
    links: dict[int, str] = {}
    for start in range(0, len(request_ids), CHUNK):
        stmt = (
            select(ReclaimRequest, Assignment.person_id)
            .join(Assignment, Assignment.id == ReclaimRequest.assignment_id)
            .where(ReclaimRequest.id.in_(list(request_ids)[start : start + CHUNK]))
        )
        links.update({pid: seat_request.link_for(req) for req, pid in session.execute(stmt) if pid is not None})
    sent = 0
    for pid in sorted(set(person_ids)):
        if pid not in links:
            sent += _notify(session, license_id, [pid], KIND_ASKED, title, body, now)
            continue
        for uid in users_of(session, [pid]).get(pid, []):
            notifications.add(
                session, uid, kind=KIND_ASKED, title=title, body=body, link=links[pid], license_id=license_id, now=now
            )
            sent += 1
    cfg = config or notify_settings.load()
    seat_request_mail.queue(
        session, license_id, list(request_ids), links, subject=title, body=body, config=cfg, now=now
    )
    return sent
