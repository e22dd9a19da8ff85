"""Several workers, one database: only one scheduler holds the lease and runs the
jobs, concurrent scans still deliver each reminder exactly once, and a run
missed while every worker was down is caught up once. Threads here use their
own connections, as separate workers would."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func
from sqlmodel import select

from license_hub import db
from license_hub.db import read_session, write_session
from license_hub.jobs import lease, reminder_scan, scheduler
from license_hub.models import License, Notification, ReminderDelivery, UsageAudit
from license_hub.models.types import utcnow
from license_hub.services.access import accounts as access
from license_hub.services.notify.notify_settings import NotifySettings
from tests.factories import ACTOR, make_license, make_product

CFG = NotifySettings(reminder_lead_days=(90, 30, 7), scheduler_lease_seconds=4, app_url="https://lh.example.com")
T0 = datetime(2027, 1, 1, 12, 0, tzinfo=timezone.utc)


def _admins(n: int) -> list[int]:
    with write_session() as s:
        return [
            access.create_user(
                s, ACTOR, email=f"admin{i}@example.com", password="correct horse battery", role="Admin"
            ).id
            for i in range(n)
        ]


def _in_threads(n: int, target) -> list:
    barrier, results, errors = threading.Barrier(n), [None] * n, []

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = target(i)
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    return results


def _wait_for(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_only_one_worker_takes_the_lease(database):
    eng = db.engine()
    for round_no in range(3):
        now = T0 + timedelta(seconds=10 * round_no)  # each round, the previous lease has expired
        won = _in_threads(8, lambda i, r=round_no, t=now: lease.acquire(eng, f"worker-{r}-{i}", 5, now=t))
        assert won.count(True) == 1
        holder = lease.holder_of(eng, now=now)
        assert holder == f"worker-{round_no}-{won.index(True)}"
        # The holder renews; the others still cannot take it before it expires.
        assert lease.acquire(eng, holder, 5, now=now + timedelta(seconds=2))
        assert not lease.acquire(eng, "intruder", 5, now=now + timedelta(seconds=6))
    assert lease.release(eng, holder, now=now + timedelta(seconds=7))
    assert lease.acquire(eng, "next", 5, now=now + timedelta(seconds=7))


def test_concurrent_scans_deliver_each_reminder_exactly_once(database):
    admins = _admins(2)
    day = date(2027, 3, 24)
    product = make_product()
    ids = [make_license(product, name=f"L{i}", expiry_date="2027-03-31", seats_total=10) for i in range(12)]
    with write_session() as s:
        for license_id in ids[:4]:  # four at capacity, four with an audit due today
            s.get(License, license_id).seats_used = 10
        for license_id in ids[4:8]:
            s.add(
                UsageAudit(
                    license_id=license_id, status="completed", next_audit_on=day, completed_by=ACTOR, completed_at=T0
                )
            )
    now = datetime(2027, 3, 24, 6, tzinfo=timezone.utc)
    results = _in_threads(6, lambda i: reminder_scan.run(today=day, now=now, config=CFG, worker=f"w{i}"))
    assert sum(len(r.stages) for r in results) == 12 + 4 + 4
    with read_session() as s:
        keys = Counter(
            (d.reminder_id, d.occurrence, d.lead_days)
            for d in s.exec(select(ReminderDelivery).where(ReminderDelivery.channel == "in_app"))
        )
        per_user = dict(s.exec(select(Notification.user_id, func.count()).group_by(Notification.user_id)).all())
    assert len(keys) == 20 and set(keys.values()) == {1}
    assert per_user == {admins[0]: 20, admins[1]: 20}
    assert all(not r.stages for r in _in_threads(3, lambda i: reminder_scan.run(today=day, now=now, config=CFG)))


def test_two_schedulers_one_leader_each_reminder_once(database, monkeypatch):
    (admin,) = _admins(1)
    today = utcnow().date()
    make_license(expiry_date=(today + timedelta(days=7)).isoformat())
    runs = Counter()
    real_run = reminder_scan.run

    def counted(**kw):
        runs[kw.get("worker")] += 1
        return real_run(**kw)

    monkeypatch.setattr(reminder_scan, "run", counted)
    a = scheduler.start(database, holder="worker-a", config=CFG)
    b = scheduler.start(database, holder="worker-b", config=CFG)
    try:
        assert _wait_for(lambda: sum(runs.values()) >= 1)
        time.sleep(2.5)  # a few more heartbeats: nobody else starts leading, nothing runs again
        assert [a.leading, b.leading].count(True) == 1
        leader, other = (a, b) if a.leading else (b, a)
        assert lease.holder_of(db.engine()) == leader.holder
        assert runs == Counter({leader.holder: 1})
        with read_session() as s:
            assert s.exec(select(func.count(Notification.id)).where(Notification.user_id == admin)).one() == 1
            assert s.exec(select(func.count(ReminderDelivery.id))).one() == 1
        # The leader stops (a deploy, a crash): the other worker takes over.
        scheduler.stop(leader)
        assert _wait_for(lambda: other.leading, timeout=10)
        assert lease.holder_of(db.engine()) == other.holder
        # The job store kept the scan's schedule: the next run is an interval away, not now.
        job = other.scheduler.get_job(scheduler.SCAN_JOB, jobstore=scheduler.SHARED)
        assert job.next_run_time > utcnow() + timedelta(minutes=CFG.scan_interval_minutes - 1)
        time.sleep(1.5)
        assert sum(runs.values()) == 1
    finally:
        scheduler.stop(a)
        scheduler.stop(b)
    assert lease.holder_of(db.engine()) is None


def test_a_run_missed_while_down_is_caught_up_once(database, monkeypatch):
    _admins(1)
    runs = []
    monkeypatch.setattr(reminder_scan, "run", lambda **kw: runs.append(kw.get("worker")))
    first = scheduler.start(database, holder="before", config=CFG)
    try:
        assert _wait_for(lambda: len(runs) == 1)
    finally:
        scheduler.stop(first)
    # Everything was down for three scan intervals: put the stored next run in the past.
    store = scheduler.AppJobStore(engine=db.engine())
    job = store.lookup_job(scheduler.SCAN_JOB)
    job.next_run_time = utcnow() - timedelta(minutes=3 * CFG.scan_interval_minutes)
    store.update_job(job)
    second = scheduler.start(database, holder="after", config=CFG)
    try:
        assert _wait_for(lambda: len(runs) == 2)
        time.sleep(2)
        assert runs == ["before", "after"]  # three missed runs, coalesced into one
        job = second.scheduler.get_job(scheduler.SCAN_JOB, jobstore=scheduler.SHARED)
        assert job.next_run_time > utcnow()
    finally:
        scheduler.stop(second)


def test_a_job_fired_without_the_lease_does_nothing(database, monkeypatch):
    runs = []
    monkeypatch.setattr(reminder_scan, "run", lambda **kw: runs.append(kw))
    assert lease.acquire(db.engine(), "another-worker", 60)
    scheduler.run_job(scheduler.SCAN_JOB)  # e.g. a stale worker whose job store still fired
    assert runs == []


def test_the_scan_releases_dead_published_machines(database, monkeypatch):
    from license_hub.models import PublishedLicense, PublishedMachine
    from license_hub.services.publishing import machines
    from tests.services.publishing.builders import make_issued, make_policy, make_published

    monkeypatch.setattr(reminder_scan, "run", lambda **kw: None)
    lid = make_issued(make_policy(make_published(), max_machines=3, heartbeat_minutes=60)).license_id
    machines.activate(ACTOR, lid, "scan-machine-silent", now=utcnow() - timedelta(hours=2))
    machines.activate(ACTOR, lid, "scan-machine-alive", now=utcnow())
    handle = scheduler.start(database, holder="culler", config=CFG)
    try:

        def culled() -> bool:
            with read_session() as s:
                return s.get(PublishedLicense, lid).machines_count == 1

        assert _wait_for(culled)
    finally:
        scheduler.stop(handle)
    with read_session() as s:
        live = s.exec(
            select(PublishedMachine.fingerprint).where(
                PublishedMachine.license_id == lid, PublishedMachine.deactivated_at.is_(None)
            )
        ).all()
    assert live == ["scan-machine-alive"]
