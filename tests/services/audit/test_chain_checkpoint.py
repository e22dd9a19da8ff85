"""The audit log page verifies the chain from a stored checkpoint, not from its
first event on every visit."""

from __future__ import annotations

from sqlalchemy import event, text

from license_hub import db
from license_hub.db import read_session, write_session
from license_hub.services.audit import audit_log


def _record(n: int, start: int = 0) -> None:
    with write_session() as s:
        for i in range(start, start + n):
            audit_log.record(s, "ops@example.com", "note", "license", i, {"i": i})


def _check() -> audit_log.ChainReport:
    with read_session() as s:
        report = audit_log.verify_from_checkpoint(s)
    with write_session() as s:
        audit_log.save_checkpoint(s, report)
    return report


def test_a_visit_reads_only_the_events_after_the_checkpoint(database):
    _record(50)
    assert _check().ok
    _record(3, 50)
    scans: list[tuple] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "FROM audit_event" in statement and "ORDER BY audit_event.seq" in statement:
            scans.append(tuple(parameters) if isinstance(parameters, (list, tuple)) else tuple(parameters.values()))

    eng = db.engine()
    event.listen(eng, "before_cursor_execute", capture)
    try:
        with read_session() as s:
            report = audit_log.verify_from_checkpoint(s)
    finally:
        event.remove(eng, "before_cursor_execute", capture)
    assert report.ok and report.checked == 53
    assert scans and all(50 in params for params in scans), "the chain was walked from its first event"


def test_tampering_after_or_at_the_checkpoint_is_still_named(database):
    _record(10)
    assert _check().ok
    _record(5, 10)
    with write_session() as s:
        s.exec(text("UPDATE audit_event SET actor = 'forged' WHERE seq = 12"))
    report = _check()
    assert not report.ok and report.first_bad_seq == 12
    with write_session() as s:
        s.exec(text("UPDATE audit_event SET actor = 'forged' WHERE seq = 10"))
    with read_session() as s:
        report = audit_log.verify_from_checkpoint(s)
    assert not report.ok and report.first_bad_seq == 10
