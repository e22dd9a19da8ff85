"""The background scheduler each app worker starts from its lifespan.

Every worker runs an APScheduler BackgroundScheduler with one local job: the
lease heartbeat (see lease.py). Only the worker holding the lease attaches the
shared job store — an SQLAlchemyJobStore on the app database, table
`apscheduler_jobs` (created by the migration) — and so only it runs the reminder
scan and the email digest. A job also re-checks the lease before it starts.

The job store keeps each job's next run time in the database: after downtime,
or when another worker takes the lease over, the missed runs are coalesced
into one run that starts at once (coalesce=True, misfire_grace_time=None). The
scan itself sends what is owed, not what was scheduled, so even a lost job
store costs at most one interval of delay — and its delivery ledger keeps a
run that does happen twice from sending anything twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import timedelta, timezone

from apscheduler.jobstores.base import ConflictingIdError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from license_hub import db
from license_hub import settings as settings_mod
from license_hub.jobs import auto_renew, lease, outbox, reminder_scan
from license_hub.models.types import utcnow
from license_hub.services.notify import notify_settings
from license_hub.services.notify.notify_settings import NotifySettings

log = logging.getLogger(__name__)

SHARED = "shared"
HEARTBEAT_JOB = "lease_heartbeat"
SCAN_JOB = "reminder_scan"
DIGEST_JOB = "email_digest"
AUTO_RENEW_JOB = "auto_renew"
JOB_FUNC = "license_hub.jobs.scheduler:run_job"


class AppJobStore(SQLAlchemyJobStore):
    """The job store on the app's own engine. APScheduler disposes its engine on
    shutdown; this one belongs to the app, so it is left alone."""

    def shutdown(self) -> None:
        pass


@dataclass
class SchedulerHandle:
    scheduler: BackgroundScheduler
    db_url: str
    holder: str
    config: NotifySettings
    persistent: bool = True
    leading: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def engine(self):
        return db.engine_for(self.db_url)

    def holds_lease(self) -> bool:
        return lease.holder_of(self.engine) == self.holder


_handles: list[SchedulerHandle] = []
_handles_lock = threading.Lock()


def start(
    app_db_url: str, *, holder: str | None = None, config: NotifySettings | None = None, persistent: bool = True
) -> SchedulerHandle | None:
    """Start this worker's scheduler; returns the handle for `stop`, or None when
    LICENSE_HUB_SCHEDULER is off. Every worker may call it: the lease decides."""
    cfg = config or notify_settings.load()
    if not cfg.scheduler_enabled:
        log.info("scheduler disabled (LICENSE_HUB_SCHEDULER=0)")
        return None
    if app_db_url != settings_mod.settings.db_url:
        raise ValueError("the scheduler's jobs run on the app database: pass settings.db_url")
    scheduler = BackgroundScheduler(
        timezone=timezone.utc,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    handle = SchedulerHandle(scheduler, app_db_url, holder or _default_holder(), cfg, persistent)
    heartbeat = max(cfg.scheduler_lease_seconds / 4, 1)
    scheduler.add_job(
        _heartbeat,
        "interval",
        seconds=heartbeat,
        args=[handle],
        id=HEARTBEAT_JOB,
        next_run_time=utcnow(),
        misfire_grace_time=int(heartbeat) + 1,
    )
    with _handles_lock:
        _handles.append(handle)
    scheduler.start()
    log.info("scheduler started as %s", handle.holder)
    return handle


def stop(handle: SchedulerHandle | None) -> None:
    """Stop the scheduler (waiting for a running job) and give the lease up."""
    if handle is None:
        return
    with _handles_lock:
        if handle in _handles:
            _handles.remove(handle)
    if handle.scheduler.running:
        handle.scheduler.shutdown(wait=True)
    with handle.lock:
        was_leading, handle.leading = handle.leading, False
    if was_leading:
        _release(handle)
    log.info("scheduler %s stopped", handle.holder)


def _release(handle: SchedulerHandle) -> None:
    try:
        lease.release(handle.engine, handle.holder)
    except Exception:  # the database may be gone already; the lease then simply expires
        log.exception("could not release the scheduler lease")


def _default_holder() -> str:
    return f"{socket.gethostname()[:120]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _heartbeat(handle: SchedulerHandle) -> None:
    try:
        held = lease.acquire(handle.engine, handle.holder, handle.config.scheduler_lease_seconds)
    except Exception:
        log.exception("scheduler lease check failed")
        held = False
    with handle.lock:
        if held and not handle.leading:
            try:
                _lead(handle)
            except Exception:
                log.exception("could not start the jobs; giving the lease up")
                _follow(handle)
                _release(handle)
        elif not held and handle.leading:
            _follow(handle)


def _lead(handle: SchedulerHandle) -> None:
    sched, cfg = handle.scheduler, handle.config
    store = "default"
    if handle.persistent:
        sched.add_jobstore(AppJobStore(engine=handle.engine), SHARED)
        store = SHARED
    handle.leading = True
    interval = timedelta(minutes=cfg.scan_interval_minutes)
    scan = sched.get_job(SCAN_JOB, jobstore=store)
    if scan is None:
        _add(sched, SCAN_JOB, store, "interval", minutes=cfg.scan_interval_minutes, next_run_time=utcnow())
    elif getattr(scan.trigger, "interval", interval) != interval:
        scan.reschedule("interval", minutes=cfg.scan_interval_minutes)
    if sched.get_job(AUTO_RENEW_JOB, jobstore=store) is None:
        _add(sched, AUTO_RENEW_JOB, store, "interval", days=1, next_run_time=utcnow())
    digest = sched.get_job(DIGEST_JOB, jobstore=store)
    if cfg.email_digest and digest is None:
        _add(sched, DIGEST_JOB, store, "cron", hour=cfg.digest_hour, minute=0)
    elif cfg.email_digest and str(digest.trigger) != str(CronTrigger(hour=cfg.digest_hour, minute=0)):
        digest.reschedule("cron", hour=cfg.digest_hour, minute=0)
    elif digest is not None:
        digest.remove()
    log.info("scheduler %s holds the lease and runs the jobs", handle.holder)


def _add(sched: BackgroundScheduler, job_id: str, store: str, trigger: str, **kw) -> None:
    try:
        sched.add_job(JOB_FUNC, trigger, args=[job_id], id=job_id, jobstore=store, name=job_id, **kw)
    except ConflictingIdError:  # another worker added it a moment ago
        pass


def _follow(handle: SchedulerHandle) -> None:
    was_leading, handle.leading = handle.leading, False
    if handle.persistent:
        try:
            handle.scheduler.remove_jobstore(SHARED)
        except KeyError:
            pass
    else:
        for job_id in (SCAN_JOB, DIGEST_JOB, AUTO_RENEW_JOB):
            if handle.scheduler.get_job(job_id):
                handle.scheduler.remove_job(job_id)
    if was_leading:
        log.info("scheduler %s lost the lease", handle.holder)


def _leader() -> SchedulerHandle | None:
    with _handles_lock:
        candidates = [h for h in _handles if h.leading]
    return next((h for h in candidates if h.holds_lease()), None)


def _process_reclaim_requests() -> None:
    """Seats whose holders gave them up, or did not answer a keep-or-give-up
    request in time, are reclaimed on the same cadence as the reminder scan."""
    from license_hub.db import write_session
    from license_hub.services.seats import reclaim

    with write_session() as session:
        result = reclaim.process_due(session, "scheduler")
    log.info("reclaim requests processed: %s", result)


def _cull_dead_machines() -> None:
    """Published licenses' machines whose heartbeat stopped free their slots on the
    scan's cadence, so a crashed install does not hold a machine forever."""
    from license_hub.services.publishing import machines

    log.info("dead machines released: %s", machines.cull_dead())


def _settle_floating_pools() -> None:
    """Floating pools settle on every check-out; this sweep also reclaims expired
    leases and drops silent waiters in pools nobody has touched since."""
    from license_hub.services.floating import leases

    log.info("floating pools settled: %s", leases.reclaim())


def _send_scheduled_reports(config: NotifySettings) -> None:
    """Reports people scheduled (weekly or monthly CSV by email) go out on the scan's
    cadence; each due run is claimed by a row update, so it is sent once."""
    from license_hub.services.reports import schedules

    log.info("scheduled reports: %s", schedules.run_due(config))


def run_job(job_id: str) -> None:
    """What the shared job store calls: runs the job if this worker holds the lease."""
    handle = _leader()
    if handle is None:
        log.info("skipping %s: this worker does not hold the scheduler lease", job_id)
        return
    if job_id == SCAN_JOB:
        reminder_scan.run(config=handle.config, worker=handle.holder)
        _process_reclaim_requests()
        _cull_dead_machines()
        _settle_floating_pools()
        _send_scheduled_reports(handle.config)
    elif job_id == AUTO_RENEW_JOB:
        auto_renew.run()
    elif job_id == DIGEST_JOB:
        outbox.send_pending(config=handle.config, worker=handle.holder, digest=True)
    else:
        log.warning("unknown job %s", job_id)
