"""Dormancy (seed 003): when a seat counts as unused, and by which signal.

One definition, because two pages show it: the Utilization report (and its
reclaim preview) and a license's "View all users" table must call the same seats
dormant, or an admin sees a seat flagged on one page and fine on the other.

Each active seat is judged by the best signal it has, in this order:
- User status: the holder is inactive or offboarded. Always reclaimable, whatever
  the seat's usage or age.
- Real usage: the agent reported a last use. Dormant when that is older than the window.
- Login proxy: a person's seat with no usage. Dormant when the holder has not signed
  in within the window (or never). A weaker signal.
- No signal: a device or free-text seat with no usage reported. Never dormant.
A seat held for less than the window is not dormant by usage or login: nobody can
be idle for 90 days on a seat they got yesterday.

The rules are SQL expressions over Assignment outer-joined to Person, so pages,
counts, exports and reclaims filter with them in the database.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, literal_column, or_
from sqlalchemy.sql.elements import ColumnElement

from license_hub.models import Assignment, Person
from license_hub.models.enums import PersonStatus
from license_hub.models.types import utcnow
from license_hub.services.core.errors import ValidationError

DEFAULT_WINDOW_DAYS = 90
MIN_WINDOW_DAYS, MAX_WINDOW_DAYS = 1, 3650
GONE = (PersonStatus.INACTIVE.value, PersonStatus.OFFBOARDED.value)

SIGNAL_STATUS = "User status"
SIGNAL_USAGE = "Real usage"
SIGNAL_LOGIN = "Login proxy"
SIGNAL_NONE = "No signal"
SIGNALS = (SIGNAL_STATUS, SIGNAL_USAGE, SIGNAL_LOGIN, SIGNAL_NONE)  # precedence order; a signal's code is its index
WEAK_SIGNALS = frozenset({SIGNAL_LOGIN})
WINDOW_MESSAGE = "The dormancy window is 1 to 3,650 days"


def check_window(window_days: object, field: str = "window_days") -> int:
    """The window in days, or a ValidationError naming `field`."""
    if (
        isinstance(window_days, bool)
        or not isinstance(window_days, int)
        or not MIN_WINDOW_DAYS <= window_days <= MAX_WINDOW_DAYS
    ):
        raise ValidationError({field: WINDOW_MESSAGE})
    return window_days


def cutoff_for(now: datetime | None, window_days: int) -> datetime:
    """The instant before which a use, a sign-in or an assignment is outside the window."""
    return (now or utcnow()) - timedelta(days=check_window(window_days))


# ------------------------------------------------------------ building blocks


class SeatCopy:
    """The holder's columns as copied onto the seat by triggers (migration 0022): a
    search judges its matching seats by these without looking each holder up."""

    status = Assignment.holder_status
    last_sign_in_at = Assignment.holder_signed_in_at


Holder = type[Person] | type[SeatCopy]  # where the holder's status and last sign-in are read


def holder_gone(holder: Holder = Person) -> ColumnElement:
    """The holder is inactive or offboarded (NULL for a seat without a person)."""
    return holder.status.in_(GONE)


def held_past(cutoff: datetime) -> ColumnElement:
    """The seat was assigned before the window began."""
    return Assignment.assigned_at < cutoff


def judged_by_login() -> ColumnElement:
    """No usage reported, but a person holds the seat: their sign-in is the proxy."""
    return and_(Assignment.last_used_at.is_(None), Assignment.person_id.is_not(None))


def signed_in_before(cutoff: datetime, holder: Holder = Person) -> ColumnElement:
    """The holder has not signed in within the window (or never has)."""
    return or_(holder.last_sign_in_at.is_(None), holder.last_sign_in_at < cutoff)


def _signal_rules() -> tuple[tuple[ColumnElement, str], ...]:
    """(condition, signal) in precedence order; SIGNAL_NONE when none holds."""
    return (
        (holder_gone(), SIGNAL_STATUS),
        (Assignment.last_used_at.is_not(None), SIGNAL_USAGE),
        (Assignment.person_id.is_not(None), SIGNAL_LOGIN),
    )


# ------------------------------------------------------------------ the rules


def signal_code_expr() -> ColumnElement:
    """The seat's signal as an index into SIGNALS (integer literals: no bound parameters)."""
    return case(
        *((cond, literal_column(str(SIGNALS.index(signal)))) for cond, signal in _signal_rules()),
        else_=literal_column(str(SIGNALS.index(SIGNAL_NONE))),
    )


def signal_label_expr(*before: tuple[ColumnElement, str]) -> ColumnElement:
    """The seat's signal as its label; `before` are (condition, label) cases a caller
    wants checked first (a reclaimed seat shows no signal, say)."""
    return case(*before, *_signal_rules(), else_=SIGNAL_NONE)


def idle_expr(cutoff: datetime, holder: Holder = Person) -> ColumnElement:
    """Dormant by usage or by login: held past the window and not used (or, with no
    usage, not signed in) within it. A seat with no signal is never idle."""
    used = Assignment.last_used_at
    return and_(
        held_past(cutoff),
        or_(and_(used.is_not(None), used < cutoff), and_(judged_by_login(), signed_in_before(cutoff, holder))),
    )


def dormant_expr(cutoff: datetime, holder: Holder = Person) -> ColumnElement:
    """Reclaimable: the holder is gone (always), or the seat is idle."""
    return or_(holder_gone(holder), idle_expr(cutoff, holder))


def last_seen_expr() -> ColumnElement:
    """The timestamp the signal judged by (None for "never" and for no signal)."""
    return func.coalesce(Assignment.last_used_at, Person.last_sign_in_at)
