"""The contract fields asked of an OpenAI-compatible endpoint (a local fake here):
its answer is used when sensible, the rules fill what it leaves out and answer
whenever it fails or talks nonsense."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from license_hub import settings
from license_hub.services.documents.llm_terms import find_terms_with_ai

PAGES = ("Acme Software Inc.\nProduct: Acme Design Pro\nSeats: 250\nStart date: 03/04/2026\nUnit price: EUR 12.50\n",)


class _FakeLLM(BaseHTTPRequestHandler):
    reply: str = ""
    status: int = 200
    seen: list = []

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeLLM.seen.append(body)
        payload = json.dumps({"choices": [{"message": {"content": _FakeLLM.reply}}]}).encode()
        self.send_response(_FakeLLM.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_llm(monkeypatch):
    server = HTTPServer(("127.0.0.1", 0), _FakeLLM)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("LICENSE_HUB_LLM_URL", f"http://127.0.0.1:{server.server_port}/v1")
    monkeypatch.setenv("LICENSE_HUB_LLM_MODEL", "local-test-model")
    settings.reload()
    _FakeLLM.status, _FakeLLM.seen = 200, []
    yield _FakeLLM
    server.shutdown()
    server.server_close()
    monkeypatch.undo()
    settings.reload()


def test_ai_answer_is_used_and_rules_fill_the_gaps(fake_llm):
    fake_llm.reply = json.dumps(
        {
            "fields": {
                "vendor": {"value": "Acme Software", "page": 1, "snippet": "Acme Software Inc."},
                "seats": {"value": "250", "page": 1, "snippet": "Seats: 250"},
                "end_date": {"value": "2027-04-02", "page": 9, "snippet": "runs one year"},
                "total": {"value": "not a number"},
            }
        }
    )
    fields, source = find_terms_with_ai(PAGES)
    by_name = {f.name: f for f in fields}
    assert source == "ai"
    assert fake_llm.seen[-1]["model"] == "local-test-model"
    assert "Seats: 250" in fake_llm.seen[-1]["messages"][0]["content"]
    assert by_name["vendor"].value == "Acme Software" and by_name["vendor"].confidence == 0.8
    assert by_name["end_date"].value == "2027-04-02" and by_name["end_date"].page == 1
    assert by_name["product"].value == "Acme Design Pro", "the rules fill what the model left out"
    assert "total" not in by_name, "nonsense from the model is dropped"
    assert any("Ambiguous" in flag for flag in by_name["start_date"].flags)


@pytest.mark.parametrize("reply,status", [("I think the contract is fine", 200), ("{}", 500)])
def test_rules_answer_when_the_endpoint_fails(fake_llm, reply, status):
    fake_llm.reply, fake_llm.status = reply, status
    fields, source = find_terms_with_ai(PAGES)
    assert source == "rules"
    assert {f.name: f.value for f in fields}["seats"] == "250"


def test_rules_only_without_an_endpoint(monkeypatch):
    monkeypatch.delenv("LICENSE_HUB_LLM_URL", raising=False)
    settings.reload()
    fields, source = find_terms_with_ai(PAGES)
    assert source == "rules" and {f.name for f in fields} >= {"vendor", "product", "seats", "start_date"}
