"""GET /api/v1/licenses/{id}/seats.csv: signed-in viewers get the filtered seat list
with masked keys; clear keys only for key.reveal AND reveal=1, and every export and
reveal lands in the audit trail."""

from __future__ import annotations

import csv
import io

from sqlmodel import select
from starlette.testclient import TestClient

from license_hub.api.routes import build
from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent
from license_hub.services.access import accounts as access
from license_hub.services.seats import assignments as seats
from tests.factories import ACTOR, make_license, make_people

PW = "correct horse battery"
KEY = "SEAT-AAAA-BBBB-9876"


def _token(role: str) -> str:
    email = f"{role.replace(' ', '').lower()}@example.com"
    with write_session() as s:
        access.create_user(s, "admin", email=email, password=PW, role=role)
    return access.sign_in(email, PW)


def _rows(res) -> list[list[str]]:
    return list(csv.reader(io.StringIO(res.text)))


def _world() -> int:
    lic = make_license(seats_total=10, name="Figma Org")
    people = make_people(3, prefix="member")
    with write_session() as s:
        for n, pid in enumerate(people):
            seats.assign(s, ACTOR, lic, person_id=pid, seat_key=KEY if n == 0 else "")
    return lic


def test_seat_export_filters_masks_and_reveals(database):
    lic = _world()
    client = TestClient(build())
    url = f"/api/v1/licenses/{lic}/seats.csv"
    assert client.get(url).status_code == 401

    viewer = {"Authorization": f"Bearer {_token('Viewer')}"}
    res = client.get(url + "?reveal=1&sort=holder&dir=desc", headers=viewer)
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    assert 'filename="figma-org-seats-' in res.headers["content-disposition"]
    rows = _rows(res)
    assert rows[0][:3] == ["Seat ID", "Holder", "Email"] and len(rows) == 4
    assert [r[1] for r in rows[1:]] == ["member 2", "member 1", "member 0"]
    assert KEY not in res.text and "••••-••••-9876" in res.text  # a Viewer may not reveal

    rows = _rows(client.get(url + "?q=member1%40", headers=viewer))
    assert [r[2] for r in rows[1:]] == ["member1@example.com"]

    admin = {"Authorization": f"Bearer {_token('Admin')}"}
    assert KEY not in client.get(url, headers=admin).text  # masked unless asked
    assert KEY in client.get(url + "?reveal=1", headers=admin).text
    with read_session() as s:
        reveals = s.exec(select(AuditEvent).where(AuditEvent.action == "reveal_keys")).all()
        exports = s.exec(
            select(AuditEvent).where(AuditEvent.action == "export", AuditEvent.object_type == "license_seats")
        ).all()
    assert [e.actor for e in reveals] == ["admin@example.com"]
    assert len(exports) == 4

    assert client.get(f"/api/v1/licenses/{lic + 99}/seats.csv", headers=admin).status_code == 404
    assert client.get("/api/v1/licenses/abc/seats.csv", headers=admin).status_code == 404
    assert client.get(url + "?view=everything", headers=admin).status_code == 400
