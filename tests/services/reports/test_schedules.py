"""Scheduled reports: validation with field messages, the calendar, audited changes,
and the run — the CSV attached through a real local SMTP server, each due run sent
once even when the job runs twice or on two workers, a failed send recorded and
retried on the next run."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent, ReportSchedule
from license_hub.services.core.errors import NotFound, ValidationError
from license_hub.services.reports import schedules
from tests.factories import ACTOR, make_license, make_product
from tests.services.notify.test_mailer import _cfg, _free_port, smtp_server  # noqa: F401

UTC = dt.timezone.utc
MON = dt.datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # a Monday


def _data(**kw):
    return {
        "name": "Weekly spend",
        "report_kind": "spend",
        "recipients": "cfo@example.com, Buyer@Example.com",
        "cadence": "weekly",
        "weekday": "2",
        **kw,
    }


def test_next_run_weekly_and_monthly():
    nr = schedules.next_run
    assert nr("weekly", 2, 1, MON) == dt.datetime(2026, 6, 3, 6, tzinfo=UTC)  # Wednesday
    assert nr("weekly", 0, 1, MON) == dt.datetime(2026, 6, 8, 6, tzinfo=UTC)  # today's 06:00 has passed
    assert nr("weekly", 0, 1, MON.replace(hour=5)) == dt.datetime(2026, 6, 1, 6, tzinfo=UTC)
    assert nr("monthly", 0, 1, MON) == dt.datetime(2026, 7, 1, 6, tzinfo=UTC)
    assert nr("monthly", 0, 28, dt.datetime(2026, 2, 28, 7, tzinfo=UTC)) == dt.datetime(2026, 3, 28, 6, tzinfo=UTC)


@pytest.mark.parametrize(
    "change, field",
    [
        ({"name": " "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"report_kind": "payroll"}, "report_kind"),
        ({"cadence": "daily"}, "cadence"),
        ({"weekday": "7"}, "weekday"),
        ({"weekday": "soon"}, "weekday"),
        ({"cadence": "monthly", "day_of_month": "29"}, "day_of_month"),
        ({"cadence": "monthly", "day_of_month": "0"}, "day_of_month"),
        ({"recipients": ""}, "recipients"),
        ({"recipients": "cfo@example.com, not-an-email"}, "recipients"),
        ({"recipients": ",".join(f"p{i}@example.com" for i in range(21))}, "recipients"),
    ],
)
def test_bad_input_gets_a_field_message(change, field):
    with pytest.raises(ValidationError) as err:
        schedules.clean(_data(**change))
    assert field in err.value.errors


def test_recipients_are_normalized_and_deduplicated():
    assert schedules.parse_recipients("a@example.com; A@example.com\nb@example.com") == [
        "a@example.com",
        "b@example.com",
    ]


def test_changes_are_audited(database):
    with write_session() as s:
        row = schedules.create(s, ACTOR, _data(), now=MON)
    assert row.next_run_at == dt.datetime(2026, 6, 3, 6, tzinfo=UTC)
    assert row.recipients == ("cfo@example.com", "buyer@example.com") and row.owner == ACTOR
    with write_session() as s:
        edited = schedules.update_schedule(
            s, ACTOR, row.id, _data(cadence="monthly", day_of_month="15", report_kind="compliance"), now=MON
        )
        schedules.set_active(s, ACTOR, row.id, False)
        schedules.set_active(s, ACTOR, row.id, True, now=MON)
    assert (edited.report_kind, edited.next_run_at) == ("compliance", dt.datetime(2026, 6, 15, 6, tzinfo=UTC))
    with write_session() as s:
        schedules.delete(s, ACTOR, row.id)
    with read_session() as s:
        assert s.exec(select(ReportSchedule)).all() == []
        actions = [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.object_type == "report_schedule"))]
    assert actions == ["create", "update", "pause", "resume", "delete"]
    with write_session() as s, pytest.raises(NotFound):
        schedules.delete(s, ACTOR, row.id)


def _due_schedule(kind: str = "spend") -> int:
    with write_session() as s:
        row = schedules.create(s, ACTOR, _data(report_kind=kind), now=MON)
    return row.id


def test_due_report_is_emailed_once_as_csv(database, smtp_server):  # noqa: F811
    sink, port = smtp_server
    make_license(make_product("=cmd|calc"), seats_total=3, cost_per_seat="10", name="+Design")
    sid = _due_schedule()
    wednesday = dt.datetime(2026, 6, 3, 6, 5, tzinfo=UTC)
    cfg = _cfg(port)
    assert schedules.run_due(cfg, now=MON) == schedules.RunResult(0, 0)  # not due yet
    assert schedules.run_due(cfg, now=wednesday) == schedules.RunResult(1, 0)
    assert schedules.run_due(cfg, now=wednesday + dt.timedelta(minutes=5)) == schedules.RunResult(0, 0)
    messages = sink.messages()
    assert sorted(m["To"] for m in messages) == ["buyer@example.com", "cfo@example.com"]
    (attachment,) = list(messages[0].iter_attachments())
    assert attachment.get_filename() == "spend-2026-06-03.csv"
    text = attachment.get_content()
    text = text.decode() if isinstance(text, bytes) else text
    assert "'+Design" in text and "'=cmd|calc" in text  # the formula guard
    with read_session() as s:
        row = s.get(ReportSchedule, sid)
    assert (row.last_status, row.failures) == ("sent", 0)
    assert row.next_run_at == dt.datetime(2026, 6, 10, 6, tzinfo=UTC)


def test_two_workers_at_once_send_each_run_once(database, smtp_server):  # noqa: F811
    sink, port = smtp_server
    _due_schedule("compliance")
    cfg, when = _cfg(port), dt.datetime(2026, 6, 3, 7, tzinfo=UTC)
    results: list[schedules.RunResult] = []
    workers = [threading.Thread(target=lambda: results.append(schedules.run_due(cfg, now=when))) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert sorted(r.sent for r in results) == [0, 1]
    assert len(sink.received) == 2  # two recipients, one email each


def test_failed_send_is_recorded_and_retried_next_run(database, smtp_server):  # noqa: F811
    sink, port = smtp_server
    sid = _due_schedule("renewals")
    when = dt.datetime(2026, 6, 3, 6, 30, tzinfo=UTC)
    assert schedules.run_due(_cfg(_free_port()), now=when) == schedules.RunResult(0, 1)  # nothing listens
    with read_session() as s:
        row = s.get(ReportSchedule, sid)
    assert (row.last_status, row.failures) == ("failed", 1)
    assert "connection or sign-in failed" in row.last_error
    assert row.next_run_at == dt.datetime(2026, 6, 3, 6, tzinfo=UTC)  # due again
    assert schedules.run_due(_cfg(port), now=when + dt.timedelta(minutes=15)) == schedules.RunResult(1, 0)
    assert len(sink.received) == 2
    with read_session() as s:
        row = s.get(ReportSchedule, sid)
        actions = [
            e.action
            for e in s.exec(
                select(AuditEvent).where(AuditEvent.object_type == "report_schedule", AuditEvent.object_id == sid)
            )
        ]
    assert (row.last_status, row.failures, row.last_error) == ("sent", 0, "")
    assert "report_failed" in actions and "report_sent" in actions


def test_a_paused_schedule_is_not_sent(database, smtp_server):  # noqa: F811
    sink, port = smtp_server
    sid = _due_schedule()
    with write_session() as s:
        schedules.set_active(s, ACTOR, sid, False)
    assert schedules.run_due(_cfg(port), now=dt.datetime(2026, 6, 3, 7, tzinfo=UTC)) == schedules.RunResult(0, 0)
    assert sink.received == []


@pytest.mark.parametrize("kind", sorted(schedules.KINDS))
def test_every_report_kind_builds_a_csv(database, kind):
    make_license(make_product("Figma"), seats_total=3, cost_per_seat="10", renewal_date="2026-06-20")
    with read_session() as s:
        text = schedules.build_csv(s, kind, dt.date(2026, 6, 1))
    header = text.splitlines()[0]
    assert len(text.splitlines()) >= 2 and "," in header
