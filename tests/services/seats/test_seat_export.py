"""CSV export of "View all users": the whole filtered set in page order, ISO dates,
masked keys unless revealed (and then audited), formula guards, streamed in chunks."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import insert
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent, Person
from license_hub.services.core import secrets
from license_hub.services.core.errors import ValidationError
from license_hub.services.seats.seat_directory import SeatQuery, list_seat_holders
from license_hub.services.seats.seat_export import HEADER, stream_csv
from tests.factories import make_license
from tests.services.seats.test_seat_directory import EXPECTED, KEY, NOW, lic  # noqa: F401 - the fixture

NOW_ISO = NOW.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(chunks) -> list[list[str]]:
    return list(csv.reader(io.StringIO("".join(chunks))))


def exported(lic_id: int, **kw) -> list[dict[str, str]]:
    reveal, actor = kw.pop("reveal_keys", False), kw.pop("actor", "")
    rows = parse(stream_csv(SeatQuery(lic_id, now=NOW, **kw), reveal_keys=reveal, actor=actor))
    assert rows[0] == list(HEADER)
    return [dict(zip(HEADER, r)) for r in rows[1:]]


def test_whole_active_set_with_iso_dates_and_plain_numbers(lic):  # noqa: F811 - the fixture imported above
    rows = exported(lic)
    assert {r["Holder"]: (r["Status"], r["Signal"]) for r in rows} == EXPECTED
    alice = next(r for r in rows if r["Holder"] == "Alice Active")
    assert alice["Seat ID"].isdigit()
    assert alice["Activated"] == "2025-01-01"
    assert alice["Last used"] == "2026-05-22T12:00:00Z" and alice["Assigned at"].endswith("T12:00:00Z")
    assert alice["Email"] == "alice@example.com" and alice["Department"] == "Engineering"
    kim = next(r for r in rows if r["Holder"] == "Contractor Kim")
    assert kim["Last used"] == "" and kim["Last sign-in"] == "" and kim["Device"] == "LAB-PC-07"


def test_export_follows_the_page_filter_and_order(lic):  # noqa: F811 - the fixture imported above
    query = dict(search="e", view="inactive", sort="last_used", descending=True)
    with read_session() as s:
        page = list_seat_holders(s, SeatQuery(lic, now=NOW, **query), limit=200)
    rows = exported(lic, **query)
    assert [int(r["Seat ID"]) for r in rows] == [r.id for r in page.rows]
    assert [r["Status"] for r in rows] == [r.status for r in page.rows]
    history = exported(lic, view="reclaimed")
    assert [(r["Holder"], r["Reclaimed by"]) for r in history] == [("Hank Past", "reclaimer")]
    assert history[0]["Reclaimed at"].endswith("Z")


def test_keys_masked_unless_revealed_and_every_reveal_is_recorded(lic):  # noqa: F811 - the fixture imported above
    masked = next(r for r in exported(lic) if r["Holder"] == "Alice Active")
    assert masked["Seat key"] == secrets.mask(True, secrets.hint(KEY)) == "••••-••••-7788"
    with pytest.raises(ValidationError):
        stream_csv(SeatQuery(lic, now=NOW), reveal_keys=True)  # refused before any byte, no actor
    revealed = exported(lic, reveal_keys=True, actor="auditor@example.com")
    by_name = {r["Holder"]: r["Seat key"] for r in revealed}
    assert by_name["Alice Active"] == KEY and by_name["Carol Login"] == ""
    with read_session() as s:
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "reveal_keys")).all()
    assert [(e.actor, e.object_id) for e in events] == [("auditor@example.com", lic)]


def test_spreadsheet_formulas_are_defused(database):
    lic_id = make_license(seats_total=5)
    with write_session() as s:
        s.add(Person(name='=HYPERLINK("http://evil")', email="x@example.com", department="+cmd"))
        s.flush()
        pid = s.exec(select(Person.id)).one()
        s.exec(
            insert(Assignment),
            params=[
                {
                    "license_id": lic_id,
                    "person_id": pid,
                    "assignee_name": "",
                    "device_name": "@SUM(A1)",
                    "seat_key_hint": "",
                    "assigned_by": "-admin",
                    "revoked_by": "",
                    "notes": "",
                }
            ],
        )
    (row,) = exported(lic_id)
    assert row["Holder"] == '\'=HYPERLINK("http://evil")'
    assert (row["Department"], row["Device"], row["Assigned by"]) == ("'+cmd", "'@SUM(A1)", "'-admin")


def test_streams_in_batches_from_its_own_session(database):
    lic_id = make_license(seats_total=1000)
    with write_session() as s:
        s.exec(
            insert(Assignment),
            params=[
                {
                    "license_id": lic_id,
                    "assignee_name": f"guest {i:04d}",
                    "device_name": "",
                    "seat_key_hint": "",
                    "assigned_by": "a",
                    "revoked_by": "",
                    "notes": "",
                }
                for i in range(750)
            ],
        )
    chunks = stream_csv(SeatQuery(lic_id), batch=100)
    first = next(chunks)
    assert first.startswith("Seat ID,Holder,")
    rest = list(chunks)
    assert len(rest) == 8  # 750 rows in batches of 100
    rows = parse([first, *rest])
    assert len(rows) == 751 and rows[1][1] == "guest 0000" and rows[-1][1] == "guest 0749"


def test_caller_session_and_early_close(lic):  # noqa: F811 - the fixture imported above
    with read_session() as s:
        gen = stream_csv(SeatQuery(lic, now=NOW), session=s, batch=100)
        assert next(gen).startswith("Seat ID")
        gen.close()  # a client that hangs up mid-download
        assert s.exec(select(Assignment.id).limit(1)).first() is not None
