"""The security grade: the rubric's letters and reasons, and the fallback when
the configured AI endpoint fails (a real local HTTP server stands in for it)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from license_hub import settings
from license_hub.db import read_session, write_session
from license_hub.models import CatalogEntry
from license_hub.services.catalog import security_grade
from license_hub.services.core.errors import ValidationError
from tests.factories import ACTOR, make_product

ALL_YES = {k: True for k in security_grade.QUESTIONS} | {"breach_history": "none"}


def test_all_yes_is_a_low_risk():
    r = security_grade.rubric(ALL_YES)
    assert (r.grade, r.risk, r.score) == ("A", "Low", 100)


def test_each_gap_costs_points_with_a_reason():
    r = security_grade.rubric(ALL_YES | {"mfa": False, "iso27001": False})
    assert r.score == 80 and r.grade == "B"
    assert "No enforced multi-factor authentication (−15)" in r.reasons
    assert "SOC 2 only (−5)" in r.reasons


def test_unencrypted_traffic_caps_at_d():
    r = security_grade.rubric(ALL_YES | {"encryption_in_transit": False})
    assert r.score == 75 and r.grade == "D" and r.risk == "High"


def test_nothing_is_f_critical():
    r = security_grade.rubric({"breach_history": "several"})
    assert (r.grade, r.risk) == ("F", "Critical")


def test_bad_breach_answer_is_refused():
    with pytest.raises(ValidationError):
        security_grade.rubric({"breach_history": "lots"})


class _FakeLLM(BaseHTTPRequestHandler):
    reply: str = ""
    seen: list = []

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeLLM.seen.append(body)
        payload = json.dumps({"choices": [{"message": {"content": _FakeLLM.reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_llm(monkeypatch):
    server = HTTPServer(("127.0.0.1", 0), _FakeLLM)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("LICENSE_HUB_LLM_URL", f"http://127.0.0.1:{server.server_port}/v1")
    monkeypatch.setenv("LICENSE_HUB_LLM_MODEL", "local-test-model")
    settings.reload()
    yield _FakeLLM
    server.shutdown()
    monkeypatch.delenv("LICENSE_HUB_LLM_URL")
    settings.reload()


def test_ai_answer_is_used_when_sensible(fake_llm):
    fake_llm.reply = json.dumps({"grade": "b", "risk": "low", "reasons": ["Solid posture, no ISO 27001"]})
    r = security_grade.evaluate("Slack", ALL_YES)
    assert (r.grade, r.risk, r.source) == ("B", "Low", "ai")
    assert fake_llm.seen[-1]["model"] == "local-test-model"


def test_nonsense_from_ai_falls_back_to_rubric(fake_llm):
    fake_llm.reply = "I think it is pretty good!"
    r = security_grade.evaluate("Slack", ALL_YES | {"sso": False})
    assert r.source == "rubric" and r.grade == "A" and r.score == 90
    assert any("AI evaluation unavailable" in reason for reason in r.reasons)


def test_unreachable_ai_falls_back_to_rubric(monkeypatch):
    monkeypatch.setenv("LICENSE_HUB_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("LICENSE_HUB_LLM_MODEL", "m")
    settings.reload()
    try:
        r = security_grade.evaluate("Zoom", ALL_YES, timeout=2)
    finally:
        monkeypatch.delenv("LICENSE_HUB_LLM_URL")
        settings.reload()
    assert r.source == "rubric" and r.grade == "A"


def test_apply_stores_grade_on_product(database):
    pid = make_product("Dropbox")
    with write_session() as s:
        security_grade.apply(s, ACTOR, pid, ALL_YES | {"gdpr_dpa": False, "mfa": False})
    with read_session() as s:
        entry = s.get(CatalogEntry, pid)
    assert (entry.security_grade, entry.security_risk, entry.security_source) == ("C", "Medium", "rubric")
    assert "No GDPR data processing agreement (−10)" in entry.security_rationale


def test_record_saves_a_grade_evaluated_outside_the_transaction(database):
    pid = make_product("Notion")
    result = security_grade.evaluate("Notion", ALL_YES | {"encryption_in_transit": False})
    with write_session() as s:
        security_grade.record(s, ACTOR, pid, ALL_YES | {"encryption_in_transit": False}, result)
    with read_session() as s:
        entry = s.get(CatalogEntry, pid)
    assert (entry.security_grade, entry.security_risk) == ("D", "High")
    assert json.loads(entry.security_answers)["encryption_in_transit"] is False
