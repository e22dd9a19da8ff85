"""scim2-tester's RFC 7643/7644 checks against /scim/v2: no check may fail."""

from __future__ import annotations

from collections import Counter
from typing import Any

from scim2_client import BaseSyncSCIMClient
from scim2_tester import Status, check_server
from starlette.testclient import TestClient

from license_hub import settings
from license_hub.api.routes import build
from tests.api.helpers import bearer, make_token

FAILING = {Status.ERROR, Status.CRITICAL}


class InProcessClient(BaseSyncSCIMClient):
    """scim2-client over the ASGI test client: the app runs in this process."""

    def __init__(self, client: TestClient, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.client = client

    def _stays_under_base_url(self, endpoint: str) -> bool:
        url = self.client.build_request("GET", endpoint).url
        base = self.client.base_url
        return url.host == base.host and url.raw_path.startswith(base.raw_path)

    def _parse_json(self, response: Any) -> Any:
        return response.json()

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        return self.client.request(method, url, **kwargs)


def test_scim2_tester_reports_no_failure(database, monkeypatch):
    monkeypatch.setenv("LICENSE_HUB_API_RATE_LIMIT", "100000")  # the checks send over 600 requests a minute
    settings.reload()
    http = TestClient(build(), base_url="http://testserver/scim/v2/")
    http.headers.update(bearer(make_token(scopes=["scim"], name="scim2-tester")))
    results = check_server(InProcessClient(http))
    counts = Counter(r.status.name for r in results)
    failures = [f"{r.title}: {r.reason}" for r in results if r.status in FAILING]
    print(f"scim2-tester: {len(results)} checks, {dict(sorted(counts.items()))}")
    assert results and counts["SUCCESS"] > 0
    assert failures == []
