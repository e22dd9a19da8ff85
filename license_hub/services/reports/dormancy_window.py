"""The workspace dormancy window (seed 003: "a configurable window, default 90
days"): any whole number of days from 1 to 3,650, set by an admin and kept in the
database, so the Utilization report, View all users "inactive", the reclaim
previews and the dashboard all judge dormancy by the same window. A page may still
look at another window for itself; that changes nothing for anyone else."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from license_hub.models import WorkspaceSetting
from license_hub.models.types import utcnow
from license_hub.services.audit import audit_log
from license_hub.services.core.errors import ValidationError
from license_hub.services.reports.dormancy import DEFAULT_WINDOW_DAYS, WINDOW_MESSAGE, check_window

KEY = "dormancy_window_days"
FIELD = "dormancy_window"


def parse(value: Any, field: str = FIELD) -> int:
    """Days from a form field or a query string; a ValidationError naming `field`."""
    if isinstance(value, bool):
        raise ValidationError({field: WINDOW_MESSAGE})
    text = str(value).strip() if value is not None else ""
    if not text.isdigit() or len(text) > 5:
        raise ValidationError({field: WINDOW_MESSAGE})
    return check_window(int(text), field)


def get(session: Session) -> int:
    row = session.get(WorkspaceSetting, KEY)
    if row is None:
        return DEFAULT_WINDOW_DAYS
    try:
        return parse(row.value)
    except ValidationError:  # a hand-edited row: fall back rather than break every report
        return DEFAULT_WINDOW_DAYS


def set_window(session: Session, actor: str, value: Any) -> int:
    """Save the workspace window; audited with its before and after."""
    days = parse(value)
    stmt = select(WorkspaceSetting).where(WorkspaceSetting.key == KEY)
    if session.get_bind().dialect.name != "sqlite":
        stmt = stmt.with_for_update()  # two admins saving at once leave one trail each, in order
    row = session.exec(stmt).first()
    before = get(session)
    if row is None:
        row = WorkspaceSetting(key=KEY)
    elif row.value == str(days):
        return days
    row.value, row.updated_at, row.updated_by = str(days), utcnow(), actor
    session.add(row)
    audit_log.record(session, actor, "update", "workspace_setting", None, {KEY: [before, days]})
    return days
