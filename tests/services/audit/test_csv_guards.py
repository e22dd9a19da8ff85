"""Every CSV the app writes goes through the formula guard: the audit log's actor
and data columns (a failed sign-in's email is typed by a stranger) and revealed
seat keys."""

from __future__ import annotations

import csv
import io

from license_hub.db import read_session, write_session
from license_hub.services.audit import audit_log, audit_query
from license_hub.services.seats import assignments as seats
from license_hub.services.seats.seat_directory import SeatQuery
from license_hub.services.seats.seat_export import stream_csv
from tests.factories import ACTOR, make_license, make_people

EVIL = '=HYPERLINK("http://evil.example","x")'


def test_audit_log_csv_defuses_actor_and_data(database):
    with write_session() as s:
        audit_log.record(s, EVIL, "sign_in_failed", "user", None, {"email": EVIL})
        audit_log.record(s, "@SUM(A1)", "note", "user", None, {})
    with read_session() as s:
        text = "".join(audit_query.export_csv(s))
    rows = list(csv.DictReader(io.StringIO(text.split("\r\n", 1)[1])))
    assert rows[0]["actor"] == "'" + EVIL and rows[1]["actor"] == "'@SUM(A1)"
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def test_revealed_seat_keys_are_defused(database):
    lic = make_license(seats_total=2)
    (pid,) = make_people(1)
    with write_session() as s:
        seats.assign(s, ACTOR, lic, person_id=pid, seat_key="=cmd|' /C calc'!A0")
    text = "".join(stream_csv(SeatQuery(lic), reveal_keys=True, actor="auditor@example.com"))
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["Seat key"] == "'=cmd|' /C calc'!A0"
