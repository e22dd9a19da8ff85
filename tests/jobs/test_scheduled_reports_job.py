"""The scheduler's scan sends due scheduled reports: two workers, one lease, each
recipient gets the report once."""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import update

from license_hub.db import read_session, write_session
from license_hub.jobs import reminder_scan, scheduler
from license_hub.models import ReportSchedule
from license_hub.models.types import utcnow
from license_hub.services.notify.notify_settings import NotifySettings
from license_hub.services.reports import schedules
from tests.factories import ACTOR
from tests.jobs.test_scheduler_lease import _wait_for
from tests.services.notify.test_mailer import smtp_server  # noqa: F401


def test_two_workers_send_a_due_report_once(database, monkeypatch, smtp_server):  # noqa: F811
    sink, port = smtp_server
    monkeypatch.setattr(reminder_scan, "run", lambda **kw: None)
    cfg = NotifySettings(
        scheduler_lease_seconds=4,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_from="License Hub <licenses@example.com>",
        smtp_starttls=False,
        app_url="https://lh.example.com",
    )
    with write_session() as s:
        sid = schedules.create(
            s,
            ACTOR,
            {
                "name": "Monthly compliance",
                "report_kind": "compliance",
                "recipients": "cfo@example.com, it@example.com",
                "cadence": "monthly",
                "day_of_month": "1",
            },
        ).id
        s.exec(update(ReportSchedule).values(next_run_at=utcnow() - timedelta(minutes=1)))
    a = scheduler.start(database, holder="worker-a", config=cfg)
    b = scheduler.start(database, holder="worker-b", config=cfg)
    try:

        def sent() -> bool:
            with read_session() as s:
                return s.get(ReportSchedule, sid).last_status == "sent"

        assert _wait_for(sent)
        time.sleep(2)
    finally:
        scheduler.stop(a)
        scheduler.stop(b)
    assert sorted(m["To"] for m in sink.messages()) == ["cfo@example.com", "it@example.com"]
    with read_session() as s:
        assert s.get(ReportSchedule, sid).next_run_at > utcnow()
