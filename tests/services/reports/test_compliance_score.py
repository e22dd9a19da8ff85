"""The compliance score: exact per-product and overall figures, each deduction with its
weight and a link to where it is fixed."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update

from license_hub.db import read_session, write_session
from license_hub.models import License, Person
from license_hub.services.directory import people
from license_hub.services.reports import compliance
from license_hub.services.reports import compliance_score as cs
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_people, make_product

TODAY = date(2026, 6, 1)


def _card() -> cs.Scorecard:
    with read_session() as s:
        return cs.scorecard(s, TODAY)


def test_score_and_overall_arithmetic():
    d = cs.Deduction("x", "", 60, "/")
    assert cs.score([d, d]) == 0
    assert cs.overall([]) == 100
    assert cs.overall([70, 77, 94, 100]) == 85  # 85.25
    assert cs.overall([70, 71]) == 71  # 70.5 rounds half up


def test_a_clean_product_scores_100(database):
    make_license(make_product("Zoom"), renewal_date="2027-01-01")
    card = _card()
    assert card.overall == 100
    assert [(p.product, p.score, p.deductions) for p in card.products] == [("Zoom", 100, ())]


def test_each_finding_lowers_its_product(database):
    visio = make_product("Visio")
    over = make_license(visio, seats_total=5, name="Visio Plan 2")  # no dates: -5 too
    with write_session() as s:
        s.exec(update(License).where(License.id == over).values(seats_used=6))

    autocad = make_product("AutoCAD")
    expired = make_license(
        autocad, seats_total=5, name="AutoCAD 2025", expiry_date=(TODAY - timedelta(days=1)).isoformat()
    )
    holder, leaver = make_people(2)
    with write_session() as s:
        seats.assign(s, ACTOR, expired, person_id=holder)
        seats.assign(s, ACTOR, expired, person_id=leaver)
        s.exec(update(Person).where(Person.id == leaver).values(status="offboarded"))

    slack = make_product("Slack")
    with write_session() as s:
        for n in range(3):
            device = people.create_device(s, ACTOR, name=f"PC-{n}").id
            compliance.record_installation(s, ACTOR, device_id=device, catalog_entry_id=slack)

    make_license(make_product("Zoom"), renewal_date="2027-01-01")
    card = _card()
    got = {p.product: (p.score, [(d.kind, d.points, d.href, d.text) for d in p.deductions]) for p in card.products}
    assert got == {
        "Visio": (
            70,
            [
                ("over_allocated", 25, f"/licenses/{over}/users", "Visio Plan 2: over-allocated, 6 seats in use of 5"),
                ("missing_renewal", 5, f"/licenses/{over}", "Visio Plan 2: no renewal or expiry date"),
            ],
        ),
        "AutoCAD": (
            77,
            [
                (
                    "expired_in_use",
                    20,
                    f"/licenses/{expired}",
                    "AutoCAD 2025: expired on 2026-05-31, 2 seats still in use",
                ),
                (
                    "terminated",
                    3,
                    f"/licenses/{expired}/users",
                    "AutoCAD 2025: 1 seat held by offboarded people (Contact terminated — reclaim)",
                ),
            ],
        ),
        "Slack": (94, [("unlicensed", 6, "/reconciliation", "3 installations without a license")]),
        "Zoom": (100, []),
    }
    assert [p.product for p in card.products] == ["Visio", "AutoCAD", "Slack", "Zoom"]
    assert card.overall == 85
    assert card.product(make_product("Unused")) is None


def test_caps_hold(database):
    product = make_product("Teams")
    lic = make_license(product, seats_total=10, renewal_date="2027-01-01", name="Teams")
    leavers = make_people(6, prefix="leaver")
    with write_session() as s:
        for p in leavers:
            seats.assign(s, ACTOR, lic, person_id=p)
        s.exec(update(Person).where(Person.id.in_(leavers)).values(status="offboarded"))
        for n in range(11):
            device = people.create_device(s, ACTOR, name=f"T-{n}").id
            compliance.record_installation(s, ACTOR, device_id=device, catalog_entry_id=product)
    (teams,) = _card().products
    assert [(d.kind, d.points) for d in teams.deductions] == [("unlicensed", 20), ("terminated", 15)]
    assert teams.score == 65
