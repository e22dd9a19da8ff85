"""The finance exports: utilization, potential and realized savings, spend — CSV
streamed to the "reports" permission only, each recorded in the audit trail."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import select
from starlette.testclient import TestClient

from license_hub.api.routes import build
from license_hub.db import read_session, write_session
from license_hub.models import Assignment, AuditEvent, Person
from license_hub.models.types import utcnow
from license_hub.services.access import accounts as access
from license_hub.services.seats import assignments as seats
from license_hub.services.seats import reclaim
from tests.factories import ACTOR, make_license, make_people, make_product

PW = "correct horse battery"


def _token(role: str) -> str:
    email = f"{role.replace(' ', '').lower()}@example.com"
    with write_session() as s:
        access.create_user(s, ACTOR, email=email, password=PW, role=role)
    return access.sign_in(email, PW)


def _fleet() -> tuple[int, list[int]]:
    lic = make_license(make_product("Figma"), name="=cmd()", seats_total=4, cost_per_seat="120.00")
    make_license(make_product("Zoom"), seat_type="unlimited", total_cost="500.00", currency="USD")
    people = make_people(3)
    old = utcnow() - timedelta(days=200)
    ids = []
    with write_session() as s:
        for pid in people:
            ids.append(seats.assign(s, ACTOR, lic, person_id=pid).id)
        s.exec(update(Assignment).where(Assignment.id.in_(ids)).values(assigned_at=old, last_used_at=old))
        s.exec(update(Person).where(Person.id == people[0]).values(last_sign_in_at=utcnow()))
    return lic, ids


def _rows(res) -> list[dict[str, str]]:
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(res.text)))


def test_exports_need_the_reports_permission(database):
    client = TestClient(build())
    viewer = _token("Viewer")
    for path in ("/api/v1/utilization.csv", "/api/v1/savings.csv", "/api/v1/spend.csv"):
        assert client.get(path).status_code == 401
        assert client.get(path, headers={"Authorization": f"Bearer {viewer}"}).status_code == 403


def test_utilization_savings_and_spend_csv(database):
    lic, ids = _fleet()
    client = TestClient(build())
    client.cookies.set("lh_session", _token("Finance"))
    res = client.get("/api/v1/utilization.csv")
    assert 'filename="utilization-' in res.headers["content-disposition"]
    rows = _rows(res)
    assert [(r["Rank"], r["Software"], r["Dormant seats"]) for r in rows] == [("1", "Figma", "3"), ("", "Zoom", "0")]
    assert rows[0]["License"] == "'=cmd()"  # a formula is defused
    assert _rows(client.get("/api/v1/utilization.csv?window=180"))[0]["Dormant seats"] == "3"
    # Any window of 1 to 3,650 days is honoured: seats last used 200 days ago are not dormant over a year.
    assert _rows(client.get("/api/v1/utilization.csv?window=365"))[0]["Dormant seats"] == "0"
    assert _rows(client.get("/api/v1/utilization.csv?window=5000"))[0]["Dormant seats"] == "3"  # bad: the workspace's

    savings = _rows(client.get("/api/v1/savings.csv"))
    assert [(r["Software"], r["Dormant seats"], r["Potential savings"]) for r in savings] == [("Figma", "3", "360.00")]

    with write_session() as s:
        reclaim.reclaim_dormant(s, ACTOR, ids[:2])
    realized = _rows(client.get("/api/v1/savings.csv?kind=realized"))
    assert [(r["Software"], r["Source"], r["Seats"]) for r in realized] == [("Figma", "reclaim", "2")]
    assert _rows(client.get("/api/v1/savings.csv"))[0]["Dormant seats"] == "1"

    spend = _rows(client.get("/api/v1/spend.csv"))
    assert sorted((r["Software"], r["Currency"], r["Annual cost"]) for r in spend) == [
        ("Figma", "EUR", "480.00"),
        ("Zoom", "USD", "500.00"),
    ]

    with read_session() as s:
        exported = s.exec(select(AuditEvent.object_type).where(AuditEvent.action == "export")).all()
    assert sorted(exported) == [
        "potential_savings",
        "potential_savings",
        "realized_savings",
        "spend",
        "utilization",
        "utilization",
        "utilization",
        "utilization",
    ]
