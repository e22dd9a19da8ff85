"""The audit trail is hash-chained: an edited, deleted or reordered row is named."""

from __future__ import annotations

from sqlalchemy import text

from license_hub.db import read_session, write_session
from license_hub.services.audit import audit_log
from tests.factories import make_license


def _events(n: int) -> None:
    for i in range(n):
        make_license(name=f"chain {i}", product_name=f"Chain Product {i}")


def _verify():
    with read_session() as s:
        return audit_log.verify(s)


def test_untouched_chain_verifies(database):
    _events(3)
    report = _verify()
    assert report.ok and report.checked == 6 and len(report.head_hash) == 64


def test_edited_row_is_named(database):
    _events(3)
    with write_session() as s:
        s.exec(text('UPDATE audit_event SET diff = \'{"name":"forged"}\' WHERE seq = 3'))
    report = _verify()
    assert not report.ok and report.first_bad_seq == 3 and "altered" in report.problem


def test_deleted_row_is_named(database):
    _events(3)
    with write_session() as s:
        s.exec(text("DELETE FROM audit_event WHERE seq = 4"))
    report = _verify()
    assert not report.ok and report.first_bad_seq == 4 and "missing" in report.problem


def test_deleted_last_row_is_named(database):
    _events(2)
    with write_session() as s:
        s.exec(text("DELETE FROM audit_event WHERE seq = 4"))
    report = _verify()
    assert not report.ok and report.first_bad_seq == 4


def test_reordered_rows_are_named(database):
    _events(3)
    with write_session() as s:
        s.exec(text("UPDATE audit_event SET seq = -1 WHERE seq = 2"))
        s.exec(text("UPDATE audit_event SET seq = 2 WHERE seq = 3"))
        s.exec(text("UPDATE audit_event SET seq = 3 WHERE seq = -1"))
    report = _verify()
    assert not report.ok and report.first_bad_seq == 2
