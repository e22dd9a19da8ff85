"""Agent reports: idempotent on the report id, snapshots mark what disappeared,
last-opened times feed the seats' real usage."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.models import AgentReport, Assignment, Device, HostSoftware
from license_hub.models.utilization import Installation
from license_hub.services.core.errors import ValidationError
from license_hub.services.inventory import ingestion, installations
from license_hub.services.inventory.ingestion import HostInfo, Report
from tests.services.inventory.fleet import ACTOR, HOSTS, NOW, app, build_fleet, days_ago


def _report(report_id: str, software, snapshot=True, who="alice"):
    return Report(
        report_id=report_id,
        host=HostInfo(hardware_id=f"hw-{who}", hostname=f"{who}-laptop"),
        primary_user=f"{who}@example.com",
        snapshot=snapshot,
        software=software,
    )


def test_same_report_twice_changes_nothing(database):
    build_fleet()
    with write_session() as s:
        again = ingestion.ingest(s, ACTOR, _report("r-alice-1", []), now=NOW)
    assert again.duplicate and again.received == 5
    with read_session() as s:
        assert len(s.exec(select(HostSoftware).where(HostSoftware.uninstalled_at.is_not(None))).all()) == 0
        assert len(s.exec(select(AgentReport)).all()) == 3


def test_snapshot_marks_missing_software_uninstalled_and_keeps_it(database):
    ids = build_fleet()
    later = days_ago(-1)
    with write_session() as s:
        result = ingestion.ingest(s, ACTOR, _report("r-alice-2", HOSTS["alice"][:3]), now=later)
    assert (result.duplicate, result.added, result.uninstalled) == (False, 0, 2)
    with read_session() as s:
        gone = s.exec(
            select(HostSoftware.name, HostSoftware.uninstalled_at).where(HostSoftware.uninstalled_at.is_not(None))
        ).all()
        assert sorted(n for n, _ in gone) == ["IntelliJ IDEA Ultimate", "zoom.us"]
        assert all(at == later for _, at in gone)
        products = {i.product for i in installations.for_device(s, ids["device:alice"])}
    assert products == {"Adobe Acrobat", "Microsoft Visio", "AutoCAD"}
    with write_session() as s:  # it comes back: installed again
        ingestion.ingest(s, ACTOR, _report("r-alice-3", HOSTS["alice"]), now=later)
    with read_session() as s:
        assert s.exec(select(HostSoftware).where(HostSoftware.uninstalled_at.is_not(None))).all() == []


def test_a_partial_report_uninstalls_nothing(database):
    build_fleet()
    with write_session() as s:
        result = ingestion.ingest(s, ACTOR, _report("r-alice-2", [app("Slack", opened=NOW)], snapshot=False), now=NOW)
    assert (result.added, result.uninstalled, result.unmatched) == (1, 0, 1)


def test_host_becomes_a_device_owned_by_its_primary_user(database):
    ids = build_fleet()
    with read_session() as s:
        device = s.get(Device, ids["device:bob"])
    assert (device.name, device.hostname, device.owner_id, device.os) == (
        "bob-laptop",
        "bob-laptop",
        ids["bob"],
        "linux 12",
    )


def test_last_opened_moves_seats_last_used_forward_only(database):
    ids = build_fleet()
    with read_session() as s:
        seat = s.exec(
            select(Assignment).where(
                Assignment.person_id == ids["alice"], Assignment.license_id == ids["license:Adobe Acrobat"]
            )
        ).one()
    assert seat.last_used_at == days_ago(2)
    older = [app("Adobe Acrobat", opened=days_ago(30))]
    with write_session() as s:
        ingestion.ingest(s, ACTOR, _report("r-alice-2", older, snapshot=False), now=NOW)
    with read_session() as s:
        assert s.get(Assignment, seat.id).last_used_at == days_ago(2)
        row = s.exec(select(HostSoftware).where(HostSoftware.name == "Adobe Acrobat")).one()
        assert row.last_opened_at == days_ago(2)


def test_installations_link_to_the_held_license(database):
    ids = build_fleet()
    with read_session() as s:
        rows = installations.for_license(s, ids["license:Microsoft Visio"])
    assert sorted(r.device for r in rows) == ["alice-laptop", "bob-laptop", "carol-laptop"]
    alice = next(r for r in rows if r.device == "alice-laptop")
    assert (alice.holder, alice.usage_state, alice.last_opened_at) == ("Alice", "known", days_ago(200))
    assert next(r for r in rows if r.device == "bob-laptop").usage_state == "never"


@pytest.mark.parametrize(
    "bad, field",
    [
        (Report(report_id="", host=HostInfo("hw", "h")), "report_id"),
        (Report(report_id="x", host=HostInfo("", "h")), "host.hardware_id"),
        (Report(report_id="x", host=HostInfo("hw", "h"), software=[app("A", state="maybe")]), "software.0.usage_state"),
    ],
)
def test_bad_reports_are_refused_with_a_message(database, bad, field):
    with write_session() as s, pytest.raises(ValidationError) as err:
        ingestion.ingest(s, ACTOR, bad)
    assert field in err.value.errors


def test_the_same_report_racing_on_two_connections_is_taken_once(database):
    build_fleet()
    results, errors = [], []

    def send():
        try:
            with write_session() as s:
                results.append(
                    ingestion.ingest(s, ACTOR, _report("r-race", [app("Slack", opened=NOW)], snapshot=False), now=NOW)
                )
        except Exception as exc:  # noqa: BLE001 - the loser may see the unique index
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with read_session() as s:
        assert len(s.exec(select(AgentReport).where(AgentReport.report_id == "r-race")).all()) == 1
        assert len(s.exec(select(HostSoftware).where(HostSoftware.name == "Slack")).all()) == 1
        assert len(s.exec(select(Installation)).all()) == 14
    assert len(results) + len(errors) == 2 and any(not r.duplicate for r in results)
