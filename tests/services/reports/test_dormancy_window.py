"""The workspace dormancy window: any whole number of days from 1 to 3,650, kept in
the database, audited, and the default for the dashboard's dormancy figures."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent
from license_hub.services.core.errors import ValidationError
from license_hub.services.reports import dashboard, dormancy_window
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_product

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


def test_ninety_days_until_an_admin_sets_it(database):
    with read_session() as s:
        assert dormancy_window.get(s) == 90


def test_any_number_of_days_is_kept_and_audited(database):
    with write_session() as s:
        assert dormancy_window.set_window(s, ACTOR, "45") == 45
    with write_session() as s:
        dormancy_window.set_window(s, ACTOR, 45)  # the same again: no second event
        dormancy_window.set_window(s, ACTOR, "3650")
    with read_session() as s:
        assert dormancy_window.get(s) == 3650
        events = s.exec(select(AuditEvent).where(AuditEvent.object_type == "workspace_setting")).all()
    assert [json.loads(e.diff) for e in events] == [
        {"dormancy_window_days": [90, 45]},
        {"dormancy_window_days": [45, 3650]},
    ]


@pytest.mark.parametrize("bad", ["0", "3651", "-5", "4.5", "ninety", "", True, None, "99999999"])
def test_out_of_bounds_is_a_field_message(database, bad):
    with write_session() as s, pytest.raises(ValidationError) as refused:
        dormancy_window.set_window(s, ACTOR, bad)
    assert refused.value.errors == {"dormancy_window": "The dormancy window is 1 to 3,650 days"}
    with read_session() as s:
        assert dormancy_window.get(s) == 90


def test_the_dashboard_counts_dormant_seats_by_the_workspace_window(database):
    lic = make_license(make_product("Visio"), seats_total=5)
    with write_session() as s:
        aid = seats.assign(s, ACTOR, lic, assignee_name="Plotter room", device_name="PLOT-1").id
        s.exec(
            update(Assignment)
            .where(Assignment.id == aid)
            .values(assigned_at=NOW - timedelta(days=200), last_used_at=NOW - timedelta(days=60))
        )

    def dormant() -> int:
        with read_session() as s:
            return dashboard.overview(s, now=NOW).headline.dormant_seats

    assert dormant() == 0  # used 60 days ago: fine by 90 days
    with write_session() as s:
        dormancy_window.set_window(s, ACTOR, "45")
    assert dormant() == 1
