"""Seed 000's expiry reminder lifecycle: created with an expiry date, none for a
perpetual license, moved with the date, cleared by archiving."""

from __future__ import annotations

from datetime import date, timedelta

from license_hub.db import read_session, write_session
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.notify import reminders
from tests.factories import ACTOR, make_license

EXPIRY = date(2027, 3, 31)


def _due(license_id: int) -> dict[str, date]:
    with read_session() as s:
        return {r.kind: r.due_on for r in reminders.active_for(s, license_id)}


def test_expiry_date_creates_reminder_and_renewal_notice(database):
    lic = make_license(expiry_date=EXPIRY.isoformat(), license_type="Subscription", renewal_notice_days=45)
    assert _due(lic) == {"expiry": EXPIRY, "renewal_notice": EXPIRY - timedelta(days=45)}


def test_perpetual_without_expiry_creates_none(database):
    lic = make_license(license_type="Perpetual", perpetual=True)
    assert _due(lic) == {}


def test_changing_the_date_moves_it(database):
    lic = make_license(expiry_date=EXPIRY.isoformat())
    later = EXPIRY + timedelta(days=365)
    with write_session() as s:
        licenses.update(s, ACTOR, lic, {"expiry_date": later.isoformat()})
    assert _due(lic)["expiry"] == later


def test_removing_the_date_clears_it(database):
    lic = make_license(expiry_date=EXPIRY.isoformat())
    with write_session() as s:
        licenses.update(s, ACTOR, lic, {"expiry_date": ""})
    assert _due(lic) == {}


def test_archiving_clears_and_restoring_brings_back(database):
    lic = make_license(expiry_date=EXPIRY.isoformat(), maintenance_expiry_date="2027-01-15")
    with write_session() as s:
        licenses.archive(s, ACTOR, lic)
    assert _due(lic) == {}
    with write_session() as s:
        licenses.restore(s, ACTOR, lic)
    assert _due(lic)["expiry"] == EXPIRY and _due(lic)["maintenance_expiry"] == date(2027, 1, 15)


def test_cancelled_license_keeps_no_reminder(database):
    lic = make_license(expiry_date=EXPIRY.isoformat())
    with write_session() as s:
        licenses.update(s, ACTOR, lic, {"status": "cancelled"})
    assert _due(lic) == {}


def test_cancellation_deadline_for_auto_renewing_license(database):
    lic = make_license(expiry_date=EXPIRY.isoformat(), auto_renew=True, cancellation_notice_days=60)
    assert _due(lic)["cancellation_deadline"] == EXPIRY - timedelta(days=60)
