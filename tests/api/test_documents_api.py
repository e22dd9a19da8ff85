"""Document routes: upload refused above 20 MB before the body is read whole,
type from content, duplicates, download for license.view only (recorded)."""

from __future__ import annotations

from sqlmodel import select
from starlette.testclient import TestClient

from license_hub.api.routes import build
from license_hub.db import read_session, write_session
from license_hub.models import AuditEvent, Document
from license_hub.services.access import accounts as access
from license_hub.services.documents import storage
from tests.factories import make_license
from tests.services.documents.corpus import CORPUS

PW = "correct horse battery"
JSON = {"Accept": "application/json"}


def _client(role: str) -> TestClient:
    email = f"{role.replace(' ', '').lower()}@example.com"
    with write_session() as s:
        access.create_user(s, "admin", email=email, password=PW, role=role)
    client = TestClient(build())
    client.cookies.set("lh_session", access.sign_in(email, PW))
    return client


def _file(name: str) -> dict:
    return {"file": (name, (CORPUS / name).read_bytes(), "application/octet-stream")}


def test_upload_download_and_permissions(database):
    lic = make_license()
    anonymous = TestClient(build())
    assert anonymous.post(f"/api/v1/licenses/{lic}/documents", files=_file("07_renewal_quote.txt")).status_code == 401
    viewer = _client("Viewer")
    assert (
        viewer.post(f"/api/v1/licenses/{lic}/documents", files=_file("07_renewal_quote.txt"), headers=JSON).status_code
        == 403
    )
    admin = _client("Admin")
    res = admin.post(f"/api/v1/licenses/{lic}/documents", files=_file("07_renewal_quote.txt"), headers=JSON)
    assert res.status_code == 201, res.text
    doc_id = res.json()["id"]
    again = admin.post(f"/api/v1/licenses/{lic}/documents", files=_file("07_renewal_quote.txt"), headers=JSON)
    assert again.status_code == 400 and "already attached" in again.json()["error"]
    page = admin.post(
        f"/api/v1/licenses/{lic}/documents", files=_file("10_ambiguous_dates.txt"), follow_redirects=False
    )
    assert page.status_code == 303 and page.headers["location"].startswith(f"/licenses/{lic}?document=")
    got = viewer.get(f"/api/v1/documents/{doc_id}/download")
    assert got.status_code == 200 and got.content == (CORPUS / "07_renewal_quote.txt").read_bytes()
    assert "attachment" in got.headers["content-disposition"] and got.headers["content-type"].startswith("text/plain")
    assert anonymous.get(f"/api/v1/documents/{doc_id}/download").status_code == 401
    assert viewer.get("/api/v1/documents/999999/download").status_code == 404
    with read_session() as s:
        actions = [e.action for e in s.exec(select(AuditEvent).where(AuditEvent.object_type == "document"))]
    assert actions.count("upload") == 2 and actions.count("download") == 1


def test_wrong_type_and_missing_license(database):
    lic = make_license()
    admin = _client("Admin")
    res = admin.post(
        f"/api/v1/licenses/{lic}/documents",
        headers=JSON,
        files={"file": ("contract.pdf", b"\x7fELF\x02\x01\x01\x00" * 100, "application/pdf")},
    )
    assert res.status_code == 400 and res.json()["error"] == "Attach a PDF, DOCX or plain-text file"
    res = admin.post("/api/v1/licenses/424242/documents", headers=JSON, files=_file("07_renewal_quote.txt"))
    assert res.status_code == 404
    res = admin.post(f"/api/v1/licenses/{lic}/documents", headers=JSON, data={"nofile": "1"})
    assert res.status_code == 400


def test_oversize_refused_by_content_length_before_reading(database):
    lic = make_license()
    admin = _client("Admin")
    res = admin.post(
        f"/api/v1/licenses/{lic}/documents",
        headers={
            **JSON,
            "Content-Type": "multipart/form-data; boundary=xyz",
            "Content-Length": str(storage.MAX_BYTES + 10 * 1024 * 1024),
        },
        content=b"--xyz--",
    )
    assert res.status_code == 413 and res.json()["error"] == "This file is larger than 20 MB"


def test_oversize_refused_while_streaming(database, monkeypatch):
    """No Content-Length (chunked): counted while streaming, stopped past the limit —
    driven at the ASGI level so we see how much of the body the route asked for."""
    import asyncio

    monkeypatch.setattr(storage, "MAX_BYTES", 256 * 1024)
    lic = make_license()
    with write_session() as s:
        access.create_user(s, "admin", email="big@example.com", password=PW, role="Admin")
    token = access.sign_in("big@example.com", PW)
    head = b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
    chunks = [head] + [b"a" * 65536] * 200 + [b"\r\n--xyz--\r\n"]
    asked, sent = [], []

    async def receive():
        asked.append(1)
        body = chunks[len(asked) - 1]
        return {"type": "http.request", "body": body, "more_body": len(asked) < len(chunks)}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": f"/api/v1/licenses/{lic}/documents",
        "query_string": b"",
        "headers": [
            (b"content-type", b"multipart/form-data; boundary=xyz"),
            (b"accept", b"application/json"),
            (b"cookie", f"lh_session={token}".encode()),
        ],
        "root_path": "",
        "scheme": "http",
        "server": ("127.0.0.1", 80),
        "client": ("127.0.0.1", 1),
        "http_version": "1.1",
    }
    asyncio.run(build()(scope, receive, send))
    assert sent[0]["status"] == 413
    assert len(asked) < 10, f"read {len(asked)} of {len(chunks)} chunks"
    with read_session() as s:
        assert s.exec(select(Document)).all() == []
    assert not list(storage.folder().iterdir())


def test_contract_upload_needs_catalog_permission(database):
    seat_assigner = _client("Seat assigner")
    assert seat_assigner.post("/api/v1/documents", files=_file("07_renewal_quote.txt"), headers=JSON).status_code == 403
    admin = _client("Admin")
    res = admin.post("/api/v1/documents", files=_file("07_renewal_quote.txt"), follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"].startswith("/licenses/from-contract?document=")
