"""Demo data: after a load the seat counters, reminders and encryption obey the
same rules the services enforce, every filter has something to show, the same
seed gives the same estate; plus the CLI commands that sit beside it."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlmodel import Session, select

from license_hub import db, settings
from license_hub.cli import main
from license_hub.models import Assignment, AuditEvent, CatalogEntry, License, Person, Reminder
from license_hub.models.enums import BillingCycle, DeploymentModel, LicenseStatus, LicenseType, SeatType
from license_hub.services.core import key_rotation, secrets
from license_hub.services.core.errors import DomainError
from license_hub.services.demo import demo_data
from license_hub.services.licenses import license_list
from license_hub.services.notify import reminders

TODAY = date(2026, 3, 16)
SCALE = 0.05


@pytest.fixture
def loaded(database) -> demo_data.DemoSummary:
    return demo_data.load(database, seed=7, today=TODAY, scale=SCALE)


def _scalar(sql: str) -> int:
    with db.read_session() as s:
        return s.connection().execute(text(sql)).scalar_one()


def test_seats_used_is_the_count_of_active_assignments(loaded):
    with db.read_session() as s:
        active = Counter(s.exec(select(Assignment.license_id).where(Assignment.revoked_at.is_(None))))
        licenses = s.exec(select(License)).all()
    assert licenses and sum(active.values()) == loaded.active_assignments
    for lic in licenses:
        assert lic.seats_used == active[lic.id], lic.name
        if lic.seat_type != SeatType.UNLIMITED:
            assert lic.seats_used <= lic.seats_total, lic.name
    assert (
        _scalar("""SELECT count(*) FROM (SELECT license_id, person_id FROM assignment
                      WHERE revoked_at IS NULL AND person_id IS NOT NULL
                      GROUP BY license_id, person_id HAVING count(*) > 1) AS dup""")
        == 0
    )


def test_summary_counts_what_was_written(loaded):
    assert loaded.licenses == _scalar("SELECT count(*) FROM license") >= 24
    assert loaded.people == _scalar("SELECT count(*) FROM person") >= 60
    assert loaded.devices == _scalar("SELECT count(*) FROM device") >= 30
    assert loaded.assignments == _scalar("SELECT count(*) FROM assignment") > loaded.active_assignments > 0
    assert loaded.catalog_entries == _scalar("SELECT count(*) FROM catalog_entry") >= 40
    assert loaded.reminders == _scalar("SELECT count(*) FROM reminder") > 0


def test_every_status_seat_type_cycle_and_license_type_appears(loaded):
    with db.read_session() as s:
        licenses = s.exec(select(License)).all()
        entries = s.exec(select(CatalogEntry)).all()
    assert {lic.status for lic in licenses} == {v.value for v in LicenseStatus}
    assert {lic.seat_type for lic in licenses} == {v.value for v in SeatType}
    assert {lic.billing_cycle for lic in licenses} == {v.value for v in BillingCycle}
    assert {lic.license_type for lic in licenses} == {v.value for v in LicenseType}
    assert {e.deployment_model for e in entries} == {v.value for v in DeploymentModel}
    currencies = Counter(lic.currency for lic in licenses)
    assert currencies.most_common(1)[0][0] == "EUR" and len(currencies) >= 2
    graded = [e for e in entries if e.security_grade]
    assert graded and all(e.security_risk and e.security_rationale for e in graded)
    assert len({e.category for e in entries}) >= 8
    perpetual = [lic for lic in licenses if lic.perpetual]
    assert perpetual and all(lic.expiry_date is None for lic in perpetual)
    assert any(lic.maintenance_expiry_date for lic in licenses)


def test_every_saved_filter_and_status_chip_has_members(loaded):
    with db.read_session() as s:
        for key in license_list.SAVED_FILTERS:
            cards, total = license_list.list_cards(s, today=TODAY, saved_filter=key)
            assert total > 0, key
        assert all(n > 0 for n in license_list.status_counts(s).values())
        lapsed, _ = license_list.list_cards(s, today=TODAY, saved_filter="expired", status="active", limit=200)
    assert lapsed, "some licenses are past expiry while their status still says active"


def test_reminders_are_exactly_what_the_service_owes(loaded):
    with db.write_session() as s:
        licenses = s.exec(select(License)).all()
        for lic in licenses:
            rows = s.exec(select(Reminder).where(Reminder.license_id == lic.id)).all()
            assert all(r.cleared_at is None for r in rows)
            assert {r.kind: r.due_on for r in rows} == reminders.due_dates(lic), lic.name
            reminders.sync(s, lic)
        assert not s.new and not s.dirty  # syncing again changes nothing
        s.rollback()


def test_keys_are_encrypted_and_hinted(loaded):
    with db.read_session() as s:
        keyed = s.exec(select(License).where(License.product_key_cipher.is_not(None))).all()
        seats = s.exec(select(Assignment).where(Assignment.seat_key_cipher.is_not(None))).all()
    assert keyed and seats
    for cipher, hint in [(lic.product_key_cipher, lic.product_key_hint) for lic in keyed] + [
        (seat.seat_key_cipher, seat.seat_key_hint) for seat in seats
    ]:
        clear = secrets.decrypt(cipher)
        assert clear and clear.encode() not in bytes(cipher)
        assert hint == secrets.hint(clear)


def test_people_devices_and_seat_history_look_like_an_organization(loaded):
    with db.read_session() as s:
        people = s.exec(select(Person)).all()
        seats = s.exec(select(Assignment)).all()
        status_of = {p.id: p.status for p in people}
    assert len({p.email for p in people}) == len(people)
    statuses = Counter(p.status for p in people)
    assert statuses["inactive"] and statuses["offboarded"] and statuses["active"] > len(people) * 0.8
    assert all((p.archived_at is not None) == (p.status == "offboarded") for p in people)
    assert any(p.last_sign_in_at is None for p in people) and any(p.last_sign_in_at for p in people)
    active = [a for a in seats if a.revoked_at is None]
    revoked = [a for a in seats if a.revoked_at is not None]
    assert revoked and all(a.revoked_by and a.revoked_at > a.assigned_at for a in revoked)
    assert any(status_of.get(a.person_id) == "offboarded" for a in active), "Contact terminated seats"
    assert any(a.device_id for a in active) and any(a.assignee_name and not a.person_id for a in seats)
    assert any(a.last_used_at for a in seats) and any(a.last_used_at is None for a in seats)
    stamps = [a.assigned_at for a in seats] + [a.last_used_at for a in seats if a.last_used_at]
    assert all(t.tzinfo is not None and t.utcoffset().total_seconds() == 0 for t in stamps)
    assert max(stamps).date() < TODAY


def test_same_seed_gives_the_same_estate(loaded, sqlite_template, tmp_path):
    other = tmp_path / "again.db"
    shutil.copy(sqlite_template, other)
    url = f"sqlite:///{other}"
    try:
        again = demo_data.load(url, seed=7, today=TODAY, scale=SCALE)
        with db.read_session() as s:
            names = s.exec(select(License.name).order_by(License.id)).all()
        with Session(db.engine_for(url)) as s:
            names_again = s.exec(select(License.name).order_by(License.id)).all()
    finally:
        db.engine_for(url).dispose()
    assert again.counts() == loaded.counts()
    assert names == names_again and len(set(names)) == len(names)


def test_a_different_seed_gives_a_different_estate(database, sqlite_template, tmp_path):
    first = demo_data.load(database, seed=1, today=TODAY, scale=SCALE)
    other = tmp_path / "other.db"
    shutil.copy(sqlite_template, other)
    url = f"sqlite:///{other}"
    try:
        second = demo_data.load(url, seed=2, today=TODAY, scale=SCALE)
    finally:
        db.engine_for(url).dispose()
    assert first.counts() != second.counts()


def test_is_empty_flips_and_the_load_is_one_audit_event(database):
    with db.read_session() as s:
        assert demo_data.is_empty(s)
    demo_data.load(database, seed=3, today=TODAY, scale=0.02)
    with db.read_session() as s:
        assert not demo_data.is_empty(s)
        events = s.exec(select(AuditEvent)).all()
    assert [(e.actor, e.action, e.object_type) for e in events] == [("demo-data", "demo_data", "workspace")]
    assert '"licenses":' in events[0].diff


def test_cli_demo_data_if_empty_loads_once(database, capsys):
    assert main(["demo-data", "--if-empty", "--seed", "5", "--scale", "0.02"]) == 0
    out = capsys.readouterr().out
    assert "Loaded demo data" in out and "licenses" in out
    count = _scalar("SELECT count(*) FROM license")
    assert main(["demo-data", "--if-empty", "--scale", "0.02"]) == 0
    assert "already has data" in capsys.readouterr().out
    assert _scalar("SELECT count(*) FROM license") == count


def test_cli_rejects_a_bad_scale(database, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["demo-data", "--scale", "0"])
    assert exit_info.value.code == 2


def test_cli_verify_audit_log_names_the_altered_and_missing_event(database, capsys):
    assert main(["verify-audit-log"]) == 0
    assert "OK: 0 events" in capsys.readouterr().out
    demo_data.load(database, seed=3, today=TODAY, scale=0.02)
    with db.write_session() as s:
        key_rotation.rotate_all(s, "tester")  # a second and a third event
        key_rotation.rotate_all(s, "tester")
    assert main(["verify-audit-log"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: 3 events") and _scalar("SELECT hash FROM audit_event WHERE seq = 3") in out

    with db.engine_for(database).begin() as conn:
        conn.execute(text("UPDATE audit_event SET diff = :d WHERE seq = 2"), {"d": '{"product_keys":0}'})
    assert main(["verify-audit-log"]) == 1
    assert "event 2 was altered" in capsys.readouterr().out

    with db.engine_for(database).begin() as conn:
        conn.execute(text("DELETE FROM audit_event WHERE seq = 2"))
    assert main(["verify-audit-log"]) == 1
    assert "event 2 is missing" in capsys.readouterr().out


def _all_ciphers() -> list[bytes]:
    with db.read_session() as s:
        pairs = ((License, License.product_key_cipher), (Assignment, Assignment.seat_key_cipher))
        return [
            bytes(c)
            for model, column in pairs
            for c in s.exec(select(column).where(column.is_not(None)).order_by(model.id))
        ]


def _use_keys(monkeypatch, primary: str, old: str = "") -> None:
    monkeypatch.setenv("LICENSE_HUB_SECRET_KEY", primary)
    monkeypatch.setenv("LICENSE_HUB_OLD_SECRET_KEYS", old)
    settings.reload()
    secrets._cipher.cache_clear()


def test_rotate_keys_moves_every_key_to_the_new_secret(loaded, monkeypatch, capsys):
    old_key = settings.settings.secret_key
    before = _all_ciphers()
    clear = [secrets.decrypt(c) for c in before]
    new_key = Fernet.generate_key().decode()

    _use_keys(monkeypatch, new_key, old_key)
    assert main(["rotate-keys"]) == 0
    assert f"Re-encrypted {len(before)} keys" in capsys.readouterr().out

    _use_keys(monkeypatch, new_key)  # the old key is retired
    after = _all_ciphers()
    assert len(after) == len(before) and not set(after) & set(before)
    assert [secrets.decrypt(c) for c in after] == clear
    _use_keys(monkeypatch, old_key)
    with pytest.raises(ValueError):
        secrets.decrypt(after[0])
    assert main(["verify-audit-log"]) == 0


def test_rotate_keys_refuses_a_key_it_cannot_open_and_changes_nothing(loaded, monkeypatch, capsys):
    stranger = Fernet(Fernet.generate_key()).encrypt(b"ABCDE-FGHIJ-KLMNO-PQRST")
    with db.write_session() as s:
        lic = s.exec(select(License).order_by(License.id.desc())).first()
        lic.product_key_cipher = stranger
        s.add(lic)
    before = _all_ciphers()
    assert main(["rotate-keys"]) == 1
    assert f"license {lic.id}" in capsys.readouterr().err
    assert _all_ciphers() == before
    with db.write_session() as s, pytest.raises(DomainError):
        key_rotation.rotate_all(s, "tester")
