"""The audit log's filters and the vendor-audit export with the chain head."""

from __future__ import annotations

import csv
import io
import json

from license_hub.db import read_session, write_session
from license_hub.services.audit import audit_query
from license_hub.services.licenses import lifecycle as licenses
from tests.factories import ACTOR, make_license


def test_filters_and_activity(database):
    lid = make_license(version="1")
    with write_session() as s:
        licenses.update(s, "other@example.com", lid, {"version": "2"})
    with read_session() as s:
        rows, total = audit_query.list_events(s, audit_query.EventFilter(actor="other@example.com"))
        assert total == 1 and rows[0].action == "update"
        tab = audit_query.activity(s, "license", lid)
        assert [r.action for r in tab] == ["update", "create"]
        assert "create" in audit_query.actions(s)


def test_exports_carry_the_head_hash(database):
    make_license()
    with read_session() as s:
        text = "".join(audit_query.export_csv(s))
        data = json.loads("".join(audit_query.export_json(s)))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "# chain_head_hash" and rows[0][1] == data["chain_head_hash"] and len(rows[0][1]) == 64
    assert rows[1] == audit_query.EXPORT_COLUMNS and len(rows) == 4
    assert data["verified"] is True and [e["seq"] for e in data["events"]] == [1, 2]
    assert data["events"][-1]["hash"] == data["chain_head_hash"]
    assert ACTOR in text
