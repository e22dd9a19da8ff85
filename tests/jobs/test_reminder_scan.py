"""The reminder scan on a controlled clock: each kind fires on its lead days and
its due day, once; dates moving move it; archiving stops it; a day of downtime
delays the missed reminder to the next run, which sends it once."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from sqlmodel import select

from license_hub.db import read_session, write_session
from license_hub.jobs import reminder_scan
from license_hub.models import License, Notification, ReminderDelivery, UsageAudit
from license_hub.services.access import accounts as access
from license_hub.services.directory import people
from license_hub.services.licenses import lifecycle as licenses
from license_hub.services.notify.notify_settings import NotifySettings
from tests.factories import ACTOR, make_license

CFG = NotifySettings(reminder_lead_days=(90, 30, 7), reminder_grace_days=7, app_url="https://licenses.example.com")
EXPIRY = date(2027, 3, 31)


def _scan(day: date, cfg: NotifySettings = CFG) -> reminder_scan.ScanResult:
    return reminder_scan.run(today=day, now=datetime.combine(day, time(6), tzinfo=timezone.utc), config=cfg)


def _user(email: str, role: str = "Admin") -> int:
    with write_session() as s:
        return access.create_user(s, ACTOR, email=email, password="correct horse battery", role=role).id


def _titles(user_id: int) -> list[str]:
    with read_session() as s:
        stmt = select(Notification.title).where(Notification.user_id == user_id).order_by(Notification.id)
        return list(s.exec(stmt))


def _days(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def _run_days(start: date, end: date, user_id: int, twice: bool = True) -> dict[date, list[str]]:
    """Scan every day (twice, to prove a rerun sends nothing); what arrived on which day."""
    fired: dict[date, list[str]] = {}
    for day in _days(start, end):
        before = len(_titles(user_id))
        _scan(day)
        if twice:
            _scan(day)
        new = _titles(user_id)[before:]
        if new:
            fired[day] = new
    return fired


def test_expiry_fires_on_each_lead_day_and_the_due_day_once(database):
    admin = _user("admin@example.com")
    make_license(expiry_date=EXPIRY.isoformat(), name="Team")
    fired = _run_days(EXPIRY - timedelta(days=120), EXPIRY + timedelta(days=20), admin)
    assert fired == {
        EXPIRY - timedelta(days=90): ["Figma — Team expires in 90 days"],
        EXPIRY - timedelta(days=30): ["Renewal notice: Figma — Team expires in 30 days"],
        EXPIRY - timedelta(days=7): ["Figma — Team expires in 7 days"],
        EXPIRY: ["Figma — Team expires today"],
    }


def test_each_kind_fires_on_its_own_day(database):
    admin = _user("admin@example.com")
    make_license(
        expiry_date=EXPIRY.isoformat(),
        renewal_notice_days=45,
        maintenance_expiry_date="2027-02-15",
        auto_renew=True,
        cancellation_notice_days=60,
    )
    cfg = NotifySettings(reminder_lead_days=(), app_url="https://licenses.example.com")  # due days only
    fired = {}
    for day in _days(date(2026, 12, 1), EXPIRY):
        before = len(_titles(admin))
        _scan(day, cfg)
        _scan(day, cfg)
        if len(_titles(admin)) > before:
            fired[day] = _titles(admin)[before:]
    assert fired == {
        date(2027, 1, 30): ["Last day to cancel Figma before it auto-renews on 2027-03-31"],
        date(2027, 2, 14): ["Renewal notice: Figma expires in 45 days"],
        date(2027, 2, 15): ["Maintenance for Figma ends today"],
        EXPIRY: ["Figma expires today"],
    }


def test_changing_the_date_moves_the_reminders(database):
    admin = _user("admin@example.com")
    lic = make_license(expiry_date=EXPIRY.isoformat())
    day90 = EXPIRY - timedelta(days=90)
    _scan(day90)
    assert _titles(admin) == ["Figma expires in 90 days"]
    later = EXPIRY + timedelta(days=365)
    with write_session() as s:
        licenses.update(s, ACTOR, lic, {"expiry_date": later.isoformat()})
    fired = _run_days(day90 + timedelta(days=1), later, admin, twice=False)
    assert sorted(fired) == [later - timedelta(days=90), later - timedelta(days=30), later - timedelta(days=7), later]
    assert "Figma expires in 90 days" in fired[later - timedelta(days=90)]
    # Pulled in to three days away: the 7-day reminder of the new date is owed at once.
    today = later + timedelta(days=30)
    with write_session() as s:
        licenses.update(s, ACTOR, lic, {"expiry_date": (today + timedelta(days=3)).isoformat()})
    _scan(today)
    _scan(today)
    assert _titles(admin)[-1] == "Figma expires in 3 days"
    assert _titles(admin).count("Figma expires in 3 days") == 1


def test_archiving_stops_the_reminders_and_restoring_repeats_nothing(database):
    admin = _user("admin@example.com")
    lic = make_license(expiry_date=EXPIRY.isoformat())
    _scan(EXPIRY - timedelta(days=90))
    with write_session() as s:
        licenses.archive(s, ACTOR, lic)
    assert _run_days(EXPIRY - timedelta(days=89), EXPIRY + timedelta(days=10), admin) == {}
    with write_session() as s:
        licenses.restore(s, ACTOR, lic)
    # Back in force before the 30-day notice: nothing repeats, the rest arrive on their days.
    with write_session() as s:
        licenses.update(s, ACTOR, lic, {"expiry_date": (EXPIRY + timedelta(days=365)).isoformat()})
    with write_session() as s:
        licenses.update(s, ACTOR, lic, {"expiry_date": EXPIRY.isoformat()})
    fired = _run_days(EXPIRY - timedelta(days=89), EXPIRY, admin)
    assert sorted(fired) == [EXPIRY - timedelta(days=30), EXPIRY - timedelta(days=7), EXPIRY]


def test_cancelled_license_falls_silent(database):
    admin = _user("admin@example.com")
    lic = make_license(expiry_date=EXPIRY.isoformat())
    with write_session() as s:
        licenses.update(s, ACTOR, lic, {"status": "cancelled"})
    assert _run_days(EXPIRY - timedelta(days=95), EXPIRY, admin) == {}


def test_a_day_of_downtime_sends_the_missed_reminder_once(database):
    admin = _user("admin@example.com")
    make_license(expiry_date=EXPIRY.isoformat())
    _scan(EXPIRY - timedelta(days=8))
    assert _titles(admin) == ["Renewal notice: Figma expires in 8 days"]  # first run: the stage owed now
    before = len(_titles(admin))
    # Down on the 7-day mark; the next run, a day late, sends it once.
    result = _scan(EXPIRY - timedelta(days=6))
    assert [s.lead_days for s in result.stages] == [7]
    assert _titles(admin)[before:] == ["Figma expires in 6 days"]
    for day in _days(EXPIRY - timedelta(days=6), EXPIRY - timedelta(days=1)):
        _scan(day)
    assert _titles(admin)[before:] == ["Figma expires in 6 days"]


def test_long_downtime_sends_only_the_latest_stage(database):
    admin = _user("admin@example.com")
    make_license(expiry_date=EXPIRY.isoformat())
    _scan(EXPIRY - timedelta(days=100))
    _scan(EXPIRY - timedelta(days=3))  # 90-, 30- and 7-day marks all passed while down
    assert _titles(admin) == ["Figma expires in 3 days"]
    _scan(EXPIRY + timedelta(days=2))  # down over the due day too: the expiry is announced once, late
    assert _titles(admin) == ["Figma expires in 3 days", "Figma expired 2 days ago"]
    _scan(EXPIRY + timedelta(days=40))  # past the grace days: nothing more
    assert len(_titles(admin)) == 2


def test_business_owner_and_admins_receive_others_do_not(database):
    admin = _user("admin@example.com")
    with write_session() as s:
        owner = people.create_person(s, ACTOR, name="Olivia Owner", email="olivia@example.com").id
    olivia = _user("olivia@example.com", role="Viewer")  # the owner's account, linked by email
    bystander = _user("bob@example.com", role="License manager")
    make_license(expiry_date=EXPIRY.isoformat(), business_owner_id=owner)
    _scan(EXPIRY)
    assert _titles(admin) == _titles(olivia) == ["Figma expires today"]
    assert _titles(bystander) == []
    with read_session() as s:
        body = s.exec(select(Notification.body).where(Notification.user_id == olivia)).one()
    assert "Business owner: Olivia Owner" in body


def test_audit_due_goes_to_every_admin_on_its_day(database):
    admins = [_user("admin@example.com"), _user("second-admin@example.com")]
    with write_session() as s:
        owner = people.create_person(s, ACTOR, name="Olivia Owner", email="olivia@example.com").id
    olivia = _user("olivia@example.com", role="Viewer")
    lic = make_license(business_owner_id=owner, seats_total=20)
    due = date(2027, 6, 1)
    with write_session() as s:
        s.add(
            UsageAudit(
                license_id=lic,
                status="completed",
                seats_before=12,
                seats_after=9,
                next_audit_on=due,
                completed_at=datetime(2027, 3, 1, tzinfo=timezone.utc),
                completed_by=ACTOR,
            )
        )
    for admin in admins:
        assert _run_days(due - timedelta(days=40), due + timedelta(days=10), admin, twice=False) == (
            {due: ["Usage audit due for Figma"]} if admin == admins[0] else {}
        )
    assert _titles(admins[1]) == ["Usage audit due for Figma"]
    assert _titles(olivia) == []


def _set_used(license_id: int, used: int) -> None:
    with write_session() as s:
        lic = s.get(License, license_id)
        lic.seats_used = used
        s.add(lic)


def test_capacity_alert_when_crossing_the_threshold_once_per_crossing(database):
    admin = _user("admin@example.com")
    lic = make_license(seats_total=10)  # capacity_threshold_pct defaults to 90
    day = date(2027, 5, 3)
    _set_used(lic, 8)
    _scan(day)
    assert _titles(admin) == []
    _set_used(lic, 9)
    _scan(day)
    _scan(day + timedelta(days=1))
    _set_used(lic, 10)
    _scan(day + timedelta(days=2))
    assert _titles(admin) == ["Figma is at 90% of its seats"]
    _set_used(lic, 5)  # drops below: the next crossing is a new alert
    _scan(day + timedelta(days=3))
    _set_used(lic, 10)
    _scan(day + timedelta(days=4))
    _scan(day + timedelta(days=5))
    assert _titles(admin) == ["Figma is at 90% of its seats", "Figma is at 100% of its seats"]


def test_unlimited_license_never_raises_a_capacity_alert(database):
    admin = _user("admin@example.com")
    lic = make_license(seat_type="unlimited", seats_total=1)
    _set_used(lic, 50)
    _scan(date(2027, 5, 3))
    assert _titles(admin) == []


def test_nobody_to_tell_keeps_the_reminder_owed(database):
    make_license(expiry_date=EXPIRY.isoformat())
    _scan(EXPIRY - timedelta(days=7))
    with read_session() as s:
        assert s.exec(select(ReminderDelivery)).all() == []
    admin = _user("admin@example.com")
    _scan(EXPIRY - timedelta(days=6))
    assert _titles(admin) == ["Figma expires in 6 days"]
