"""The dashboard's first stage: what was last read while nothing changed is shown at
once, and said to be behind the clock when it is from an earlier minute."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import license_hub.license_hub  # noqa: F401 - imports every page, so every state exists
from license_hub.db import write_session
from license_hub.services.seats import assignments as seats
from license_hub.state import dashboard as page
from tests.factories import ACTOR, make_license, make_product

NOW = datetime(2026, 11, 30, 12, 0, 30, tzinfo=timezone.utc)


@pytest.mark.serial  # PostgreSQL's change token moves with any other database's commit
def test_recent_fields_are_the_overviews_own_and_know_their_minute(database, monkeypatch):
    lic = make_license(make_product("Figma"), seats_total=4)
    with write_session() as s:
        seats.assign(s, ACTOR, lic, assignee_name="Ann")
    clock = {"now": NOW}
    monkeypatch.setattr(page, "utcnow", lambda: clock["now"])
    assert page.recent() is None
    data, ov = page.compute()
    assert data["licenses"] == 1 and data["seats_used"] == 1
    assert page.recent() == (data, True)
    clock["now"] = NOW + timedelta(minutes=2)
    assert page.recent() == (data, False)
    assert page.chart_for_overview() == page.chart_of(ov)  # the chart comes from what was shown
    with write_session() as s:
        seats.assign(s, ACTOR, lic, assignee_name="Ben")
    assert page.recent() is None
    assert page.compute()[0]["seats_used"] == 2
