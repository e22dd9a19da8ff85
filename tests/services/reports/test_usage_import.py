"""CSV usage import: seats matched by license id or software name and by email or
device, timestamps parsed as UTC, last use only moves forward, every bad row
reported with its line, and a file with any error changes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent
from license_hub.services.directory import people
from license_hub.services.reports import usage_import
from license_hub.services.reports.usage_import import UsageImportError
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_people, make_product

NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)


@pytest.fixture
def world(database):
    figma = make_product("Figma")
    lic = make_license(figma, seats_total=10)
    ana, ben, cy = make_people(3)  # person0@example.com, person1@…, person2@…
    with write_session() as s:
        dev = people.create_device(s, ACTOR, name="LAB-PC-07", hostname="lab-pc-07.corp").id
        ids = {
            "ana": seats.assign(s, ACTOR, lic, person_id=ana).id,
            "ben": seats.assign(s, ACTOR, lic, person_id=ben).id,
            "dev": seats.assign(s, ACTOR, lic, device_id=dev).id,
            "kiosk": seats.assign(s, ACTOR, lic, device_name="Kiosk 3").id,
        }
    return {"license": lic, "product": figma, "seats": ids, "people": (ana, ben, cy)}


def _used(aid: int) -> datetime | None:
    with read_session() as s:
        return s.get(Assignment, aid).last_used_at


def _import(text: str):
    with write_session() as s:
        return usage_import.import_usage(s, ACTOR, text, now=NOW)


def test_matches_by_license_id_software_email_and_device(world):
    lic, ids = world["license"], world["seats"]
    result = _import(
        "license_id,software,email,device,last_used\n"
        f"{lic},,PERSON0@example.com,,2026-11-01T10:00:00Z\n"
        ",Figma,person1@example.com,,2026-11-02T10:00:00+02:00\n"
        ",figma,,lab-pc-07.corp,2026-11-03\n"
        f"{lic},,,Kiosk 3,2026-11-04T08:30:00\n"
        "\n"
    )
    assert (result.rows, result.seats_updated, result.unchanged) == (4, 4, 0)
    assert _used(ids["ana"]) == datetime(2026, 11, 1, 10, tzinfo=timezone.utc)
    assert _used(ids["ben"]) == datetime(2026, 11, 2, 8, tzinfo=timezone.utc)  # offset converted to UTC
    assert _used(ids["dev"]) == datetime(2026, 11, 3, tzinfo=timezone.utc)  # a date is midnight UTC
    assert _used(ids["kiosk"]) == datetime(2026, 11, 4, 8, 30, tzinfo=timezone.utc)  # no offset: UTC
    with read_session() as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == "usage_import")).one()
    assert '"seats_updated":4' in event.diff


def test_header_aliases_and_bom(world):
    data = "\ufeffSoftware Name,Person Email,Last Used At\nFigma,person0@example.com,2026-10-01T00:00:00Z\n"
    assert _import(data).seats_updated == 1
    assert _import(data.encode("utf-8-sig")).unchanged == 1


def test_last_use_only_moves_forward(world):
    aid = world["seats"]["ana"]
    _import("software,email,last_used\nFigma,person0@example.com,2026-11-10T00:00:00Z\n")
    result = _import(
        "software,email,last_used\n"
        "Figma,person0@example.com,2026-10-01T00:00:00Z\n"
        "Figma,person0@example.com,2026-11-05T00:00:00Z\n"
    )
    assert (result.seats_updated, result.unchanged) == (0, 1)
    assert _used(aid) == datetime(2026, 11, 10, tzinfo=timezone.utc)
    _import(
        "software,email,last_used\nFigma,person0@example.com,2026-11-20T00:00:00Z\n"
        "Figma,person0@example.com,2026-11-12T00:00:00Z\n"
    )
    assert _used(aid) == datetime(2026, 11, 20, tzinfo=timezone.utc)  # the latest row of the file wins


def test_every_bad_row_is_reported_and_nothing_changes(world):
    other = make_license(world["product"], seats_total=5)
    with write_session() as s:  # person1 now holds seats on two Figma licenses
        seats.assign(s, ACTOR, other, person_id=world["people"][1])
    future = (NOW + timedelta(days=3)).isoformat()
    data = (
        "license_id,software,email,device,last_used\n"
        f"{world['license']},,person0@example.com,,2026-11-01T00:00:00Z\n"  # 2: fine on its own
        ",Figma,nobody@example.com,,2026-11-01\n"  # 3
        ",Sketch,person0@example.com,,2026-11-01\n"  # 4
        ",Figma,person2@example.com,,2026-11-01\n"  # 5: holds no seat
        ",Figma,person1@example.com,,2026-11-01\n"  # 6: two licenses
        f"{world['license']},,person0@example.com,,yesterday\n"  # 7
        f"{world['license']},,person0@example.com,,{future}\n"  # 8
        "abc,,,,\n"  # 9: three problems
        "99999,,person0@example.com,,2026-11-01\n"  # 10
        ",Figma,,NO-SUCH-PC,2026-11-01\n"
    )  # 11
    with pytest.raises(UsageImportError) as err:
        _import(data)
    errors = err.value.errors
    assert [e.row for e in errors] == [3, 4, 5, 6, 7, 8, 9, 9, 9, 10, 11]
    messages = {e.row: e.message for e in errors}
    assert messages[3] == "No person with email nobody@example.com"
    assert messages[4] == "“Sketch” is not in the catalog"
    assert messages[5] == "person2@example.com holds no active seat of Figma"
    assert messages[6] == "person1@example.com holds seats on several licenses of Figma: give the license ID"
    assert messages[7] == "“yesterday” is not an ISO 8601 date or timestamp"
    assert "is in the future" in messages[8]
    assert messages[10] == "License 99999 does not exist or was archived"
    assert messages[11] == "NO-SUCH-PC holds no active seat of Figma"
    assert {e.message for e in errors if e.row == 9} == {
        "License ID “abc” is not a number",
        "Give the person's email or the device name",
        "Last used is required",
    }
    assert err.value.message == "9 rows with errors: nothing was imported"
    assert _used(world["seats"]["ana"]) is None  # row 2 was not applied


@pytest.mark.parametrize(
    "data, message",
    [
        ("", "The file is empty"),
        ("email,last_used\n", "The header needs a license_id or software column"),
        ("software,last_used\n", "The header needs an email or device column"),
        ("software,email\n", "The header needs a last_used column"),
    ],
)
def test_header_problems(world, data, message):
    with pytest.raises(UsageImportError) as err:
        _import(data)
    assert [(e.row, e.message) for e in err.value.errors] == [(1, message)]


def test_revoked_seats_are_not_matched(world):
    with write_session() as s:
        seats.reclaim(s, ACTOR, world["seats"]["ana"])
    with pytest.raises(UsageImportError) as err:
        _import("software,email,last_used\nFigma,person0@example.com,2026-11-01\n")
    assert err.value.errors[0].message == "person0@example.com holds no active seat of Figma"


def test_row_limit(world):
    with pytest.raises(UsageImportError) as err, write_session() as s:
        usage_import.import_usage(
            s, ACTOR, "software,email,last_used\n" + "Figma,a@b.c,2026-01-01\n" * 3, now=NOW, max_rows=2
        )
    assert err.value.errors[0].message == "Import at most 2 rows at a time"
