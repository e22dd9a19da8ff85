"""Auto-renew: at expiry an auto-renewing license rolls its dates forward by its
term, once per term however often (and by however many workers) the job runs,
recorded in its history; the next cancellation deadline is reminded."""

from __future__ import annotations

import json
import time
from datetime import date, timedelta

import pytest
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.jobs import auto_renew as job
from license_hub.jobs import reminder_scan, scheduler
from license_hub.models import AuditEvent, License, Notification, Reminder
from license_hub.models.types import utcnow
from license_hub.services.licenses import auto_renew, lifecycle
from license_hub.services.notify.notify_settings import NotifySettings
from tests.factories import ACTOR, make_license, make_product
from tests.jobs.test_scheduler_lease import CFG, _admins, _in_threads, _wait_for

EXPIRY = date(2027, 1, 31)


def _lic(lid: int) -> License:
    with read_session() as s:
        return s.get(License, lid)


def _events(lid: int) -> list[dict]:
    with read_session() as s:
        rows = s.exec(select(AuditEvent).where(AuditEvent.action == "auto_renew", AuditEvent.object_id == lid)).all()
    return [json.loads(e.diff) for e in rows]


@pytest.mark.parametrize(
    "cycle, custom, after",
    [
        ("monthly", None, date(2027, 2, 28)),
        ("quarterly", None, date(2027, 4, 30)),
        ("annual", None, date(2028, 1, 31)),
        ("biennial", None, date(2029, 1, 31)),
        ("custom", 18, date(2028, 7, 31)),
    ],
)
def test_expiry_rolls_forward_by_the_term(database, cycle, custom, after):
    lid = make_license(auto_renew=True, billing_cycle=cycle, custom_cycle_months=custom, expiry_date=EXPIRY.isoformat())
    assert job.run(today=EXPIRY - timedelta(days=1)) == []  # not yet
    (done,) = job.run(today=EXPIRY)
    assert (done.license_id, done.terms, done.expiry_after) == (lid, 1, after)
    assert _lic(lid).expiry_date == after
    assert _events(lid) == [
        {
            "expiry_date": [EXPIRY.isoformat(), after.isoformat()],
            "terms": 1,
            "term_months": auto_renew.term_months(cycle, custom),
        }
    ]


def test_running_twice_renews_once_per_term(database):
    lid = make_license(auto_renew=True, billing_cycle="monthly", expiry_date=EXPIRY.isoformat())
    assert len(job.run(today=EXPIRY)) == 1
    assert job.run(today=EXPIRY) == []
    assert job.run(today=date(2027, 2, 27)) == []
    assert len(job.run(today=date(2027, 2, 28))) == 1  # the next term, once
    assert _lic(lid).expiry_date == date(2027, 3, 31)  # month-end stays month-end
    assert len(_events(lid)) == 2


def test_missed_terms_roll_in_one_step(database):
    lid = make_license(auto_renew=True, billing_cycle="monthly", expiry_date=EXPIRY.isoformat())
    (done,) = job.run(today=date(2027, 5, 2))
    assert (done.terms, _lic(lid).expiry_date) == (4, date(2027, 5, 31))


def test_what_does_not_renew(database):
    entry = make_product("Vendor tool")
    plain = make_license(entry, name="plain", expiry_date=EXPIRY.isoformat())
    one_time = make_license(
        entry, name="one-time", auto_renew=True, billing_cycle="one_time", expiry_date=EXPIRY.isoformat()
    )
    cancelled = make_license(
        entry, name="cancelled", auto_renew=True, status="cancelled", expiry_date=EXPIRY.isoformat()
    )
    archived = make_license(entry, name="archived", auto_renew=True, expiry_date=EXPIRY.isoformat())
    with write_session() as s:
        lifecycle.archive(s, ACTOR, archived)
    assert job.run(today=EXPIRY + timedelta(days=3)) == []
    assert {_lic(x).expiry_date for x in (plain, one_time, cancelled, archived)} == {EXPIRY}


def test_several_workers_renew_each_license_once(database):
    entry = make_product("Slack")
    lids = [make_license(entry, name=f"Team {n}", auto_renew=True, expiry_date=EXPIRY.isoformat()) for n in range(3)]
    results = _in_threads(4, lambda i: job.run(today=EXPIRY))
    assert sum(len(r) for r in results) == 3
    assert all(_lic(lid).expiry_date == date(2028, 1, 31) for lid in lids)
    assert all(len(_events(lid)) == 1 for lid in lids)


def test_the_renewal_moves_the_cancellation_deadline_and_it_is_reminded(database):
    (admin,) = _admins(1)
    lid = make_license(
        name="Sales",
        auto_renew=True,
        billing_cycle="annual",
        cancellation_notice_days=30,
        expiry_date=EXPIRY.isoformat(),
    )
    job.run(today=EXPIRY)
    with read_session() as s:
        deadline = s.exec(
            select(Reminder).where(Reminder.license_id == lid, Reminder.kind == "cancellation_deadline")
        ).one()
    assert deadline.due_on == date(2028, 1, 1) and deadline.cleared_at is None
    now = utcnow().replace(year=2028, month=1, day=1)
    reminder_scan.run(today=date(2028, 1, 1), now=now, config=NotifySettings(reminder_lead_days=(7,)))
    with read_session() as s:
        titles = s.exec(select(Notification.title).where(Notification.user_id == admin)).all()
    assert "Last day to cancel Figma — Sales before it auto-renews on 2028-01-31" in titles


def test_the_scheduler_runs_it_on_the_leader(database, monkeypatch):
    runs = []
    monkeypatch.setattr(reminder_scan, "run", lambda **kw: None)
    monkeypatch.setattr(job, "run", lambda **kw: runs.append(kw))
    handle = scheduler.start(database, holder="renewer", config=CFG)
    try:
        assert _wait_for(lambda: len(runs) == 1)
        time.sleep(1)
        assert len(runs) == 1
        stored = handle.scheduler.get_job(scheduler.AUTO_RENEW_JOB, jobstore=scheduler.SHARED)
        assert stored.next_run_time > utcnow() + timedelta(hours=23)
    finally:
        scheduler.stop(handle)
