"""One dormancy rule everywhere: the Utilization report and its reclaim preview,
a license's "View all users" page (table, inactive view, counts) and the dormant
reclaim classify every seat of a mixed set identically, for several windows."""

from __future__ import annotations

from collections import Counter

import pytest

from license_hub.db import read_session, write_session
from license_hub.models import Person
from license_hub.services.directory import people
from license_hub.services.reports import dormancy, dormant_seats, utilization
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import reclaim, seat_directory
from license_hub.services.seats.seat_directory import SeatQuery, list_seat_holders, view_counts
from tests.factories import ACTOR, make_license, make_product
from tests.services.reports.test_utilization import NOW, _person, _seat, _set

USAGE, LOGIN, STATUS, NONE = dormancy.SIGNAL_USAGE, dormancy.SIGNAL_LOGIN, dormancy.SIGNAL_STATUS, dormancy.SIGNAL_NONE

# seat -> (signal, dormant in the default 90-day window); how each is built is in the fixture
EXPECTED = {
    "usage_recent": (USAGE, False),
    "usage_old": (USAGE, True),
    "usage_old_new_seat": (USAGE, False),  # held 10 days: not dormant by usage
    "login_recent": (LOGIN, False),
    "login_stale": (LOGIN, True),
    "login_never": (LOGIN, True),
    "login_new_seat": (LOGIN, False),  # assigned yesterday, last sign-in long ago: not dormant
    "person_on_device": (LOGIN, True),  # a person's seat on a device is judged by the person
    "device_no_usage": (NONE, False),  # no signal: never dormant
    "device_old_usage": (USAGE, True),
    "free_text_no_usage": (NONE, False),
    "free_text_old_usage": (USAGE, True),
    "inactive_new_seat_in_use": (STATUS, True),  # the holder's status comes first, always
    "offboarded": (STATUS, True),
}
REPORT_COLUMNS = {
    STATUS: ("status_seats", "dormant_status"),
    USAGE: ("usage_seats", "dormant_usage"),
    LOGIN: ("login_seats", "dormant_login"),
    NONE: ("no_signal_seats", None),
}


@pytest.fixture
def mixed(database):
    lic = make_license(seats_total=30, cost_per_seat="10.00", currency="EUR")
    with write_session() as s:
        laptop = people.create_device(s, ACTOR, name="LAPTOP-1").id
        lab = people.create_device(s, ACTOR, name="LAB-2").id
    holders = {
        k: _person(signin=signin)
        for k, signin in (
            ("usage_recent", 1),
            ("usage_old", 1),
            ("usage_old_new_seat", 1),
            ("login_recent", 5),
            ("login_stale", 200),
            ("login_never", None),
            ("login_new_seat", 200),
            ("person_on_device", 200),
            ("inactive_new_seat_in_use", 1),
            ("offboarded", None),
            ("revoked", 200),
        )
    }
    ids = {
        "usage_recent": _seat(lic, person=holders["usage_recent"], used=10),
        "usage_old": _seat(lic, person=holders["usage_old"], used=100),
        "usage_old_new_seat": _seat(lic, person=holders["usage_old_new_seat"], assigned=10, used=200),
        "login_recent": _seat(lic, person=holders["login_recent"]),
        "login_stale": _seat(lic, person=holders["login_stale"]),
        "login_never": _seat(lic, person=holders["login_never"]),
        "login_new_seat": _seat(lic, person=holders["login_new_seat"], assigned=1),
        "person_on_device": _seat(lic, person=holders["person_on_device"], device_id=laptop),
        "device_no_usage": _seat(lic, device_id=lab, assigned=300),
        "device_old_usage": _seat(lic, device_id=laptop, assigned=300, used=200),
        "free_text_no_usage": _seat(lic, assignee_name="Kiosk", device_name="LAB-PC", assigned=300),
        "free_text_old_usage": _seat(lic, assignee_name="Contractor", used=150),
        "inactive_new_seat_in_use": _seat(lic, person=holders["inactive_new_seat_in_use"], assigned=5, used=1),
        "offboarded": _seat(lic, person=holders["offboarded"]),
        "revoked": _seat(lic, person=holders["revoked"]),
    }
    _set(Person, holders["inactive_new_seat_in_use"], status="inactive")
    _set(Person, holders["offboarded"], status="offboarded")
    with write_session() as s:
        seats.reclaim(s, ACTOR, ids["revoked"])
    other = make_license(make_product("Other"), seats_total=5)  # its dormant seat must stay out of the license's lists
    _seat(other, person=_person(signin=300))
    return lic, ids


def _directory(lic: int, window: int, view: str = "active") -> dict[int, tuple[str, bool]]:
    with read_session() as s:
        page = list_seat_holders(s, SeatQuery(lic, view=view, dormant_days=window, now=NOW), limit=200)
    assert page.total == len(page.rows)
    return {r.id: (r.signal, r.inactive) for r in page.rows}


def test_the_rule_itself(mixed):
    lic, ids = mixed
    assert _directory(lic, 90) == {ids[k]: v for k, v in EXPECTED.items()}
    with read_session() as s:
        rows, total = dormant_seats.list_dormant_seats(s, now=NOW, license_id=lic, limit=1000)
    assert {r.assignment_id: r.signal for r in rows} == {
        ids[k]: sig for k, (sig, dormant) in EXPECTED.items() if dormant
    }
    assert total == sum(dormant for _, dormant in EXPECTED.values())


@pytest.mark.parametrize("window", [90, 30, 7, 365])
def test_utilization_and_view_all_users_classify_every_seat_identically(mixed, window):
    lic, ids = mixed
    table = _directory(lic, window)
    flagged = {aid for aid, (_, inactive) in table.items() if inactive}
    assert set(table) == {aid for key, aid in ids.items() if key != "revoked"}
    assert set(_directory(lic, window, view="inactive")) == flagged

    with read_session() as s:
        preview, total = dormant_seats.list_dormant_seats(s, window_days=window, now=NOW, license_id=lic, limit=1000)
        counted = dormant_seats.count_dormant_seats(s, window_days=window, now=NOW, license_id=lic)
        chips = view_counts(s, SeatQuery(lic, dormant_days=window, now=NOW))
        report = utilization.utilization_report(s, window_days=window, now=NOW)
    # Per seat: the same dormant seats, each with the same signal.
    assert {r.assignment_id: r.signal for r in preview} == {aid: table[aid][0] for aid in flagged}
    assert total == counted == chips["inactive"] == len(flagged)
    # Per signal: the report's aggregates count what the table shows.
    row = report.licenses.set_index("license_id").loc[lic]
    shown = Counter(signal for signal, _ in table.values())
    dormant = Counter(signal for signal, inactive in table.values() if inactive)
    for signal, (seats_col, dormant_col) in REPORT_COLUMNS.items():
        assert row[seats_col] == shown[signal], signal
        assert (row[dormant_col] if dormant_col else 0) == dormant[signal], signal
    assert (row["seats_active"], row["dormant_seats"]) == (len(table), len(flagged))


def test_dormant_reclaim_takes_exactly_the_flagged_seats(mixed):
    lic, ids = mixed
    flagged = {aid for aid, (_, inactive) in _directory(lic, 90).items() if inactive}
    active = [aid for key, aid in ids.items() if key != "revoked"]
    with write_session() as s:
        result = reclaim.reclaim_dormant(s, ACTOR, active, now=NOW)
    assert result.by_license == {lic: len(flagged)}
    assert {aid for aid in active if aid not in dict(result.skipped)} == flagged
    assert set(dict(result.skipped).values()) == {reclaim.NO_LONGER_DORMANT}


def test_one_definition_behind_both_services():
    assert utilization.dormant_expr is dormancy.dormant_expr
    assert utilization.signal_code_expr is dormancy.signal_code_expr
    assert utilization.SIGNALS == dormancy.SIGNALS and utilization.DEFAULT_WINDOW_DAYS == dormancy.DEFAULT_WINDOW_DAYS
    assert seat_directory.DEFAULT_DORMANT_DAYS == dormancy.DEFAULT_WINDOW_DAYS
    assert {
        seat_directory.SIGNAL_STATUS,
        seat_directory.SIGNAL_USAGE,
        seat_directory.SIGNAL_LOGIN,
        seat_directory.SIGNAL_NONE,
    } == set(dormancy.SIGNALS)
