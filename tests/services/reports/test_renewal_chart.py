"""The renewals timeline figure and the renewals CSV route: one lane per kind on a
date axis over the chosen window; the export is refused without "reports",
honours the page's filters, is recorded, and carries no key."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from sqlmodel import select
from starlette.testclient import TestClient

from license_hub.api.routes import build
from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent
from license_hub.services.access import accounts as access
from license_hub.services.directory import people
from license_hub.services.reports import renewal_chart
from tests.factories import ACTOR, make_license, make_product

PW = "correct horse battery"


def _in(days: int) -> str:
    return (date.today() + timedelta(days=days)).isoformat()


def _known() -> tuple[int, int]:
    with write_session() as s:
        owner = people.create_person(s, ACTOR, name="Olivia Owner", email="olivia@example.com").id
    figma, slack = make_product("Figma"), make_product("Slack", publisher="Slack Technologies")
    make_license(
        figma,
        name="Design",
        expiry_date=_in(20),
        maintenance_expiry_date=_in(10),
        business_owner_id=owner,
        product_key="SECRET-KEY-0000-1111",
        cost_per_seat="10.00",
    )
    make_license(slack, expiry_date=_in(200), auto_renew=True, cancellation_notice_days=60, total_cost="1200")
    return figma, owner


def test_timeline_has_a_lane_per_kind_over_the_window(database):
    _known()
    today = date.today()
    with read_session() as s:
        rows, total = renewal_chart.collect(s, today=today, window_days=365)
    assert total == 4 and len(rows) == 4
    fig = renewal_chart.timeline(rows, today=today, window_days=365, total=total)
    lanes = {t.name: list(t.x) for t in fig.data}
    assert lanes == {"Expires": [_in(20), _in(200)], "Maintenance expires": [_in(10)], "Cancel by": [_in(140)]}
    assert tuple(fig.layout.xaxis.range) == (today.isoformat(), _in(365))
    assert "Design" in fig.data[0].text[0] and "SECRET" not in fig.to_json()


def test_events_on_one_day_share_a_marker(database):
    entry = make_product("Zoom")
    for n in range(9):
        make_license(entry, name=f"Room <{n}>", expiry_date=_in(3))
    make_license(entry, name="Later", expiry_date=_in(9))
    today = date.today()
    with read_session() as s:
        rows, total = renewal_chart.collect(s, today=today, window_days=30)
    (trace,) = renewal_chart.timeline(rows, today=today, window_days=30, total=total).data
    assert list(trace.x) == [_in(3), _in(9)] and list(trace.customdata) == [9, 1]
    assert trace.marker.size[0] > trace.marker.size[1]
    assert trace.text[0].startswith("<b>9 events</b>") and "and 3 more" in trace.text[0]
    assert "&lt;0&gt;" in trace.text[0] and "<0>" not in trace.text[0]  # names are escaped


def test_collect_caps_the_chart_and_says_so(database):
    entry = make_product("Zoom")
    for n in range(5):
        make_license(entry, name=f"Team {n}", expiry_date=_in(n + 1))
    today = date.today()
    with read_session() as s:
        rows, total = renewal_chart.collect(s, cap=3, today=today, window_days=30)
    assert total == 5 and [r.license_name for r in rows] == ["Team 0", "Team 1", "Team 2"]
    fig = renewal_chart.timeline(rows, today=today, window_days=30, total=total)
    assert any("first 3 of 5" in (a.text or "") for a in fig.layout.annotations)
    empty = renewal_chart.timeline([], today=today, window_days=30, total=0)
    assert not empty.data and any("Nothing falls due" in (a.text or "") for a in empty.layout.annotations)


def _token(role: str) -> str:
    email = f"{role.replace(' ', '').lower()}@example.com"
    with write_session() as s:
        access.create_user(s, "admin", email=email, password=PW, role=role)
    return access.sign_in(email, PW)


def test_renewals_csv_needs_reports_and_follows_the_filters(database):
    _, owner = _known()
    client = TestClient(build())
    assert client.get("/api/v1/renewals.csv").status_code == 401
    viewer = _token("Viewer")
    assert client.get("/api/v1/renewals.csv", headers={"Authorization": f"Bearer {viewer}"}).status_code == 403
    client.cookies.set("lh_session", _token("Admin"))

    res = client.get("/api/v1/renewals.csv")  # default window: 90 days
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    assert "attachment" in res.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(res.text)))
    assert [(r["Date"], r["Event"], r["License"]) for r in rows] == [
        (_in(10), "Maintenance expires", "Design"),
        (_in(20), "Expires", "Design"),
    ]
    assert "SECRET" not in res.text and "1111" not in res.text

    res = client.get("/api/v1/renewals.csv?window=365&kind=cancellation_deadline")
    assert [(r["Date"], r["Software"], r["Auto-renew"]) for r in csv.DictReader(io.StringIO(res.text))] == [
        (_in(140), "Slack", "yes")
    ]
    res = client.get(f"/api/v1/renewals.csv?window=365&owner={owner}")
    assert {r["Business owner"] for r in csv.DictReader(io.StringIO(res.text))} == {"Olivia Owner"}
    res = client.get("/api/v1/renewals.csv?window=7&kind=nonsense&owner=x")  # unknown values fall back
    assert len(list(csv.DictReader(io.StringIO(res.text)))) == 2
    with read_session() as s:
        exports = s.exec(
            select(AuditEvent).where(AuditEvent.action == "export", AuditEvent.object_type == "renewals")
        ).all()
    assert len(exports) == 4
